"""Demo data for messages (manage.py demo_meldinger): HER-ids for the demo kommune's home-care
zone and allocation office, and a few of the official example messages, re-addressed to
them and to demo patients, received through the same code path as the poller. One is for
a person we do not know, so the matching queue has an entry. Idempotent: the MsgIds are
derived from the example names, so a second run receives repeats (processed once)."""

from __future__ import annotations

import datetime as dt
import random
import re
import uuid

from django.core.management.base import CommandError, OutputWrapper

from core.context import system_context
from core.models import Ansatt, Enhet
from integrasjoner.kith.lib.xsd import EKSEMPEL_DIR
from integrasjoner.meldinger.services import enhet_herid_save, melding_receive
from journal.demo.pasienter import synthetic_fnr
from journal.models import Pasient

# Synthetic HER-ids for the demo units (Adresseregisteret's are 6–8 digits).
SONE_HERID = "8090001"
KONTOR_HERID = "8090002"
NAVNEROM = uuid.UUID("5d7f3c2e-5c1b-4f55-9d1c-6a0b7e0d2c11")

# (example file name start, to the office?, patient index or None for an unknown person)
MELDINGER = [
    ("Helseopplysninger_Varsel", True, 0),
    ("Pasientlogistikk_Innlagt", False, 1),
    ("Pasientlogistikk_Utskrivningsklar", False, 1),
    ("Utskrivningsrapport", False, 2),
    ("Helsefaglig", False, 0),
    ("Pasientlogistikk_Melding_om_utskrevet", False, None),
]


def _readdress(xml: bytes, *, herid: str, fnr: str, fornavn: str, etternavn: str) -> bytes:
    """The example to our unit's HER-id and a demo patient (the receiver's innermost HER-id
    and the patient's identifier and name in MsgHead)."""
    tekst = xml.decode("utf-8")
    mottaker = re.search(r"<Receiver>.*?</Receiver>", tekst, re.S)
    pasient = re.search(r"<Patient>.*?</Patient>", tekst, re.S)
    if mottaker is None or pasient is None:
        raise CommandError("Eksempelet mangler Receiver eller Patient.")
    ids = re.findall(r"<Id>(\d+)</Id>", mottaker.group(0))
    ny_mottaker = mottaker.group(0).replace(f"<Id>{ids[-1]}</Id>", f"<Id>{herid}</Id>")
    gammel_fnr = re.findall(r"<Id>(\d{11})</Id>", pasient.group(0))[0]
    ny_pasient = re.sub(r"<GivenName>[^<]*", f"<GivenName>{fornavn}", pasient.group(0))
    ny_pasient = re.sub(r"<FamilyName>[^<]*", f"<FamilyName>{etternavn}", ny_pasient)
    tekst = tekst.replace(mottaker.group(0), ny_mottaker).replace(pasient.group(0), ny_pasient)
    return tekst.replace(gammel_fnr, fnr).encode("utf-8")


def _msg_id(xml: bytes, navn: str) -> bytes:
    ny = str(uuid.uuid5(NAVNEROM, navn)).encode()
    return re.sub(rb"<MsgId>[^<]*</MsgId>", b"<MsgId>" + ny + b"</MsgId>", xml, count=1)


def demo_load(*, stdout: OutputWrapper) -> None:
    sone = Enhet.objects.filter(navn__icontains="sone nord").order_by("navn").first()
    kontor = Enhet.objects.filter(navn__istartswith="Tildelingskontoret").order_by("navn").first()
    sykepleier = Ansatt.objects.filter(username="sykepleier").first()
    if sone is None or kontor is None or sykepleier is None:
        raise CommandError("Fant ikke demo-enhetene; kjør manage.py demo_journal først.")
    adresser = ((SONE_HERID, sone, "KP02"), (KONTOR_HERID, kontor, "KD0501"))
    with system_context():
        for herid, enhet, tjeneste in adresser:
            enhet_herid_save(
                actor=None,
                enhet_id=enhet.pk,
                herid=herid,
                tjenestetype=tjeneste,
                systembruker_id=sykepleier.pk,
            )
    pasienter = list(
        Pasient.objects.filter(relasjoner__enhet=sone, relasjoner__gyldig_til__isnull=True)
        .distinct()
        .order_by("identifikator")[:3]
    )
    if len(pasienter) < 3:
        raise CommandError("For få demo-pasienter i sone nord; kjør manage.py demo_journal først.")
    rng = random.Random(17)  # noqa: S311 - demo data, not security
    ukjent_fnr = synthetic_fnr(rng, dt.date(1941, 3, 3))
    if ukjent_fnr is None:
        raise CommandError("Fant ikke et ledig syntetisk fødselsnummer.")
    for navn, til_kontor, indeks in MELDINGER:
        sti = next(p for p in sorted(EKSEMPEL_DIR.rglob("*.xml")) if p.name.startswith(navn))
        pasient = pasienter[indeks] if indeks is not None else None
        xml = _readdress(
            sti.read_bytes(),
            herid=KONTOR_HERID if til_kontor else SONE_HERID,
            fnr=(pasient.identifikator if pasient else "") or ukjent_fnr,
            fornavn=pasient.fornavn if pasient else "Ukjent",
            etternavn=pasient.etternavn if pasient else "Person",
        )
        with system_context():
            mottak = melding_receive(xml=_msg_id(xml, navn))
        kv = mottak.kvittering
        stdout.write(
            f"  {mottak.melding.meldingstype}: {mottak.melding.get_status_display()}, "
            f"AppRec {kv.get_status_display()}{' (gjentatt)' if mottak.duplikat else ''}"
        )
    stdout.write(
        f"Meldinger: logg inn som sykepleier (passord demo) → Meldinger ({sone.navn}, "
        f"HER-id {SONE_HERID}); søknaden fra sykehuset ligger hos saksbehandler ({kontor.navn})."
    )
