"""A kommune with an allocation office, a home-care district and a nursing-home ward, a
case officer, persons with decisions, IPLOS assessments, diagnoses and stays recorded in a
past period (the clock moved back while recording), and a running KPR stand-in."""

from __future__ import annotations

import datetime as dt
import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from lxml import etree

from core.context import system_context
from core.klokke import idag, klokke_offset, klokke_set
from core.models import Ansatt, Enhet, EnhetType
from integrasjoner.kpr.models import Kprrapport
from integrasjoner.kpr.services import rapport_build, rapport_start
from integrasjoner.standin.server import Standin
from journal.models import Diagnose, Kartleggingsskjema, Kode, Pasient, Tiltaksplan
from journal.services.kartlegging import KartleggingData, kartlegging_create
from legemidler.models import Legemiddelgjennomgang
from tests.acting import acting_as
from tests.conftest import actor
from tests.factories import EnhetFactory, PasientFactory
from tests.tildeling.conftest import fattet, innvilget, sak_new
from tildeling.models import Tjenestetype, Vedtak
from tildeling.seeds import tjenestetyper_seed
from tjenester.sykehjem.models import Opphold, OppholdStatus, Oppholdstype, Rom, Seng, Sengetype

TILBAKE = 100  # days the clock is moved back while the period's facts are recorded


@dataclass
class Periode:
    fra: dt.date
    til: dt.date


@pytest.fixture
def periode(db: None) -> Periode:
    """A finished period around the recorded facts: 120 to 31 days ago."""
    return Periode(fra=idag() - dt.timedelta(days=120), til=idag() - dt.timedelta(days=31))


@pytest.fixture
def kontor(enhet: Enhet) -> Enhet:
    """The allocation office, in the same organisation as the home-care district `enhet`."""
    office: Enhet = EnhetFactory(
        navn="Tildelingskontoret", type=EnhetType.TILDELINGSKONTOR, virksomhet=enhet.virksomhet
    )
    return office


@pytest.fixture
def saksbehandler(kontor: Enhet) -> Ansatt:
    return actor(kontor, "saksbehandler", username="sara", first_name="Sara", last_name="Sak")


@pytest.fixture
def katalog(db: None) -> dict[str, Tjenestetype]:
    tjenestetyper_seed()
    return {t.kode: t for t in Tjenestetype.objects.all()}


@pytest.fixture
def avdeling(enhet: Enhet) -> Enhet:
    return EnhetFactory(
        navn="Solsiden avdeling 1", type=EnhetType.SYKEHJEMSAVDELING, virksomhet=enhet.virksomhet
    )


@pytest.fixture
def standin(settings: Any) -> Iterator[Standin]:
    server = Standin().start()
    settings.KPR_URL = f"{server.url}/kpr"
    try:
        yield server
    finally:
        server.close()


def iplos_svar(verdi: int = 3) -> dict[str, int]:
    skjema = Kartleggingsskjema.objects.filter(kode="iplos").order_by("-versjon").first()
    assert skjema is not None
    return {str(e["kode"]): verdi for e in skjema.definisjon["elementer"]}


def bruker(enhet: Enhet, fornavn: str) -> Pasient:
    pasient: Pasient = PasientFactory(
        fornavn=fornavn, etternavn="Bruker", kommune=enhet.virksomhet.kommune
    )
    return pasient


@dataclass
class Grunnlag:
    kari: Pasient
    vedtak: Vedtak
    opphold: Opphold
    diagnose: Diagnose


def grunnlag_make(
    officer: Ansatt,
    office: Enhet,
    district: Enhet,
    ward: Enhet,
    typer: dict[str, Tjenestetype],
    *,
    med_kartlegging: bool = True,
    fornavn: str = "Kari",
) -> Grunnlag:
    """One person's decision, assessment, diagnosis, care plan, medication review and stay,
    recorded 100 days ago (the clock moved back)."""
    kari = bruker(district, fornavn)
    before = klokke_offset()
    klokke_set(before - dt.timedelta(days=TILBAKE))
    try:
        dag = idag()
        with acting_as(officer, office):
            sak = sak_new(officer, kari, typer["1"], mottatt=dag - dt.timedelta(days=5))
            vedtak = fattet(officer, sak, innvilget(typer["1"], district, fra=dag, omfang="3.5"))
            if med_kartlegging:
                kartlegging_create(
                    actor=officer,
                    pasient_id=kari.pk,
                    skjema_kode="iplos",
                    data=KartleggingData(dato=dag, svar=iplos_svar()),
                    fullfor=True,
                )
        kode, _created = Kode.objects.get_or_create(
            kodeverk="ICPC-2", kode="K86", defaults={"tekst": "Hypertensjon ukomplisert"}
        )
        diagnose = Diagnose.objects.create(
            pasient=kari,
            enhet=district,
            kode=kode,
            debut=dag - dt.timedelta(days=400),
            satt_av=officer,
        )
        Tiltaksplan.objects.create(
            pasient=kari,
            enhet=district,
            gyldig_fra=dag,
            individuell_plan=True,
            koordinator=officer,
            opprettet_av=officer,
        )
        Legemiddelgjennomgang.objects.create(
            pasient=kari,
            enhet=district,
            dato=dag,
            deltakere="Lege, sykepleier",
            funn="Ingen",
            registrert_av=officer,
        )
        rom, _created = Rom.objects.get_or_create(enhet=ward, navn="R1")
        seng = Seng.objects.create(rom=rom, enhet=ward, navn=f"S-{fornavn}", type=Sengetype.LANGTID)
        opphold = Opphold.objects.create(
            pasient=kari,
            enhet=ward,
            type=Oppholdstype.LANGTID,
            fra=dag + dt.timedelta(days=10),
            seng=seng,
            status=OppholdStatus.AKTIV,
        )
    finally:
        klokke_set(before)
    return Grunnlag(kari=kari, vedtak=vedtak, opphold=opphold, diagnose=diagnose)


def build(officer: Ansatt, office: Enhet, periode: Periode, capture: Any) -> Kprrapport:
    """Order the period's report as the case officer, then build it as the task would."""
    with capture(execute=False), acting_as(officer, office):
        rapport = rapport_start(actor=officer, fra=periode.fra, til=periode.til)
    with system_context():
        rapport_build(rapport_id=rapport.pk)
    rapport.refresh_from_db()
    return rapport


def ipl(rapport: Kprrapport) -> bytes:
    assert rapport.ipl_gz is not None
    return gzip.decompress(bytes(rapport.ipl_gz))


def ide(rapport: Kprrapport) -> bytes:
    assert rapport.ide_gz is not None
    return gzip.decompress(bytes(rapport.ide_gz))


IPL = "{http://www.npr.no/xmlstds/iplos/2018}"
IDE = "{http://www.npr.no/xmlstds/53_1_2_ide}"


def parse(data: bytes) -> etree._Element:
    return etree.fromstring(data)
