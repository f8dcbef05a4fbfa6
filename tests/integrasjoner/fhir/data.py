"""A patient record with something of every FHIR resource type, written straight to the
tables (the services are tested in their own apps)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from core.klokke import idag, naa
from core.models import Ansatt, Enhet, Kommune
from journal.models import (
    Diagnose,
    Kode,
    KritiskInformasjon,
    Maaling,
    Paaroerende,
    Pasient,
    Tiltak,
    Tiltaksplan,
)
from legemidler.models import Administrasjon, Forordning
from tests.factories import PasientFactory
from tests.legemidler.factories import ForordningFactory
from tjenester.helsestasjon.models import Vaksinasjon
from tjenester.hjemmetjeneste.models import Besoek
from tjenester.legekontor.models import Konsultasjon
from tjenester.sykehjem.models import Opphold, OppholdStatus, Rom, Seng, Sengetype


@dataclass
class Journal:
    pasient: Pasient
    diagnose: Diagnose
    allergi: KritiskInformasjon
    maaling: Maaling
    plan: Tiltaksplan
    forordning: Forordning
    administrasjon: Administrasjon
    besoek: Besoek
    opphold: Opphold
    vaksinasjon: Vaksinasjon
    konsultasjon: Konsultasjon


def maaling_make(pasient: Pasient, enhet: Enhet, ansatt: Ansatt, **fields: Any) -> Maaling:
    values: dict[str, Any] = {
        "systolisk": 128,
        "diastolisk": 82,
        "puls": 74,
        "respirasjon": 16,
        "spo2": 97,
        "temperatur": Decimal("37.1"),
        "vekt": Decimal("71.5"),
        "blodsukker": Decimal("6.2"),
        "bevissthet": "A",
        "news2": 1,
        "news2_niva": "lav",
        "tidspunkt": naa() - dt.timedelta(hours=2),
    }
    values.update(fields)
    return Maaling.objects.create(pasient=pasient, enhet=enhet, registrert_av=ansatt, **values)


def journal_make(enhet: Enhet, ansatt: Ansatt, **pasient_fields: Any) -> Journal:
    kommune = Kommune.objects.filter(nummer="4601").first() or Kommune.objects.create(
        nummer="4601", navn="Bergen"
    )
    fields: dict[str, Any] = {
        "fornavn": "Ingrid",
        "etternavn": "Fjellheim",
        "adresse": "Storgata 1",
        "postnummer": "5003",
        "poststed": "Bergen",
        "kommune": kommune,
        "telefon": "+4799999999",
        "fastlege": ansatt,
        "relasjon_til": enhet,
    }
    fields.update(pasient_fields)
    pasient = PasientFactory(**fields)
    Paaroerende.objects.create(
        pasient=pasient,
        navn="Ola Fjellheim",
        relasjon="Sønn",
        telefon="+4798888888",
        er_naermeste=True,
    )
    diagnose = Diagnose.objects.create(
        pasient=pasient,
        enhet=enhet,
        # get_or_create: a transactional test's flush removes the seeded code lists
        kode=Kode.objects.get_or_create(
            kodeverk="ICPC-2", kode="K86", defaults={"tekst": "Hypertensjon ukomplisert"}
        )[0],
        debut=idag() - dt.timedelta(days=400),
        satt_av=ansatt,
    )
    allergi = KritiskInformasjon.objects.create(
        pasient=pasient,
        enhet=enhet,
        type="allergi",
        tittel="Penicillin",
        substans_atc="J01C",
        reaksjon="Utslett",
        alvorlighet="alvorlig",
        sikkerhet="bekreftet",
        dato=idag() - dt.timedelta(days=3000),
        registrert_av=ansatt,
    )
    maaling = maaling_make(pasient, enhet, ansatt)
    plan = Tiltaksplan.objects.create(pasient=pasient, enhet=enhet, opprettet_av=ansatt)
    Tiltak.objects.create(
        pasient=pasient,
        enhet=enhet,
        plan=plan,
        tekst="Hjelp til morgenstell",
        ansvarlig_enhet=enhet,
        start_dato=idag() - dt.timedelta(days=30),
        tidspunkter=[dt.time(8, 0)],
        opprettet_av=ansatt,
    )
    forordning = ForordningFactory(pasient=pasient, enhet=enhet)
    administrasjon = Administrasjon.objects.create(
        pasient=pasient,
        enhet=enhet,
        forordning=forordning,
        forfall_at=naa() - dt.timedelta(hours=1),
        status="gitt",
        dose=Decimal(1),
        dose_enhet="tablett",
        gitt_at=naa() - dt.timedelta(hours=1),
        signert_av=ansatt,
        signert_at=naa() - dt.timedelta(hours=1),
    )
    besoek = Besoek.objects.create(
        pasient=pasient,
        enhet=enhet,
        dato=idag(),
        fra_tid=dt.time(8, 0),
        til_tid=dt.time(8, 30),
        varighet_min=30,
        ansatt=ansatt,
    )
    rom, _created = Rom.objects.get_or_create(enhet=enhet, navn="R1")
    seng = Seng.objects.create(rom=rom, enhet=enhet, navn=f"S-{pasient.pk}", type=Sengetype.LANGTID)
    opphold = Opphold.objects.create(
        pasient=pasient,
        enhet=enhet,
        type="korttid",
        fra=idag() - dt.timedelta(days=100),
        til=idag() - dt.timedelta(days=80),
        seng=seng,
        status=OppholdStatus.AVSLUTTET,
    )
    vaksinasjon = Vaksinasjon.objects.create(
        pasient=pasient,
        enhet=enhet,
        vaksine="DTP-IPV-Hib-HepB",
        dose_nr=1,
        status="gitt",
        tidspunkt=naa() - dt.timedelta(days=10),
        preparat="Infanrix hexa",
        batch="A21CB123",
        sted="laar_v",
        registrert_av=ansatt,
    )
    konsultasjon = Konsultasjon.objects.create(
        pasient=pasient,
        enhet=enhet,
        lege=ansatt,
        start=naa() - dt.timedelta(days=5),
        kontaktaarsak="Kontroll av blodtrykk",
        tidsbruk_min=20,
        status="signert",
    )
    konsultasjon.diagnoser.add(diagnose)
    return Journal(
        pasient,
        diagnose,
        allergi,
        maaling,
        plan,
        forordning,
        administrasjon,
        besoek,
        opphold,
        vaksinasjon,
        konsultasjon,
    )
