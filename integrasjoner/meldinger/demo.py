"""Demo data for messages (manage.py demo_meldinger): HER-ids for the demo kommune's home-care
zone and allocation office, and a few of the official example messages, re-addressed to
them and to demo patients, received through the same code path as the poller. One is for
a person we do not know, so the matching queue has an entry. Idempotent: the MsgIds are
derived from the example names, so a second run receives repeats (processed once).

Outgoing (meldinger_ut, `demo_load_ut`): the address book of the demo municipalities (each
home-care district as sykepleietjeneste, each allocation office as saksbehandling, a
hospital's wards, every demo GP), and two outgoing messages from "sykepleier" — one rejected
by the hospital so the outbox shows an alert. Built through the services; idempotent."""

from __future__ import annotations

import datetime as dt
import random
import re
import uuid

from django.core.management.base import CommandError, OutputWrapper
from django.db.models import Count

from core.acting import acting_as
from core.context import system_context
from core.models import Ansatt, Enhet, EnhetType, Tilknytning
from integrasjoner.kith.lib.xsd import EKSEMPEL_DIR
from integrasjoner.meldinger.models import EnhetHerId, Kilde, Tjenestetype, UtgaaendeMelding
from integrasjoner.meldinger.services import (
    apprec_register,
    dialog_send,
    enhet_herid_save,
    innleggelsesrapport_send,
    kommunikasjonspart_save,
    melding_receive,
)
from journal.demo.pasienter import synthetic_fnr
from journal.models import Behandlingsrelasjon, Pasient

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
    demo_load_ut(stdout=stdout)


SYKEHUS = [("8200010", "Medisinsk sengepost"), ("8200020", "Kirurgisk sengepost")]
SYKEHUS_FORELDER = ("8200000", "Sykehuset Innlandet HF (test)")
TJENESTE_FOR_TYPE = {
    EnhetType.HJEMMETJENESTE_SONE: Tjenestetype.SYKEPLEIETJENESTE,
    EnhetType.HJEMMETJENESTE: Tjenestetype.SYKEPLEIETJENESTE,
    EnhetType.TILDELINGSKONTOR: Tjenestetype.SAKSBEHANDLING,
}


def _adressebok() -> int:
    antall = 0
    for enhet in Enhet.objects.filter(
        type__in=TJENESTE_FOR_TYPE, her_id__isnull=False
    ).select_related("virksomhet"):
        virksomhet = enhet.virksomhet
        tjeneste = TJENESTE_FOR_TYPE[EnhetType(enhet.type)]
        # the HER-id the inbound side receives on for this unit and service, when it has one
        kobling = EnhetHerId.objects.filter(enhet=enhet, tjenestetype=tjeneste).first()
        kommunikasjonspart_save(
            actor=None,
            herid=kobling.herid if kobling else str(enhet.her_id),
            navn=enhet.navn,
            forelder_herid=str(virksomhet.her_id or enhet.her_id),
            forelder_navn=virksomhet.navn,
            organisasjonsnummer=virksomhet.organisasjonsnummer or "",
            tjenestetype=tjeneste,
            enhet_id=enhet.pk,
            kilde=Kilde.MANUELL,
        )
        antall += 1
    for herid, navn in SYKEHUS:
        kommunikasjonspart_save(
            actor=None,
            herid=herid,
            navn=navn,
            forelder_herid=SYKEHUS_FORELDER[0],
            forelder_navn=SYKEHUS_FORELDER[1],
            kilde=Kilde.MANUELL,
        )
        antall += 1
    leger = (
        Ansatt.objects.filter(fastlegepasienter__isnull=False, hpr_nummer__isnull=False)
        .annotate(n=Count("fastlegepasienter"))
        .order_by("hpr_nummer")
    )
    for i, lege in enumerate(leger):
        kommunikasjonspart_save(
            actor=None,
            herid=str(8_300_001 + i),
            navn=lege.get_full_name() or lege.username,
            forelder_herid="8300000",
            forelder_navn="Fastlegekontorene (test)",
            hpr_nummer=lege.hpr_nummer or "",
            kilde=Kilde.MANUELL,
        )
        antall += 1
    return antall


def _meldinger(stdout: OutputWrapper) -> None:
    if UtgaaendeMelding.objects.filter(opprettet_av__username="sykepleier").exists():
        stdout.write("Meldinger: demomeldingene finnes.")
        return
    sykepleier = Ansatt.objects.filter(username="sykepleier").first()
    tilknytning = Tilknytning.objects.filter(ansatt=sykepleier).select_related("enhet").first()
    if sykepleier is None or tilknytning is None:
        raise CommandError("Fant ikke demo-sykepleieren; kjør manage.py demo_journal først.")
    enhet = tilknytning.enhet
    pasienter = list(
        Pasient.objects.filter(
            pk__in=Behandlingsrelasjon.objects.filter(enhet=enhet).values("pasient_id"),
            fastlege__isnull=False,
            dodsdato__isnull=True,
        ).order_by("identifikator")[:2]
    )
    if len(pasienter) < 2:
        stdout.write("Meldinger: fant ingen pasienter med fastlege i sone nord; hopper over.")
        return
    with acting_as(sykepleier, enhet):
        avvist = innleggelsesrapport_send(
            actor=sykepleier,
            pasient_id=pasienter[0].pk,
            enhet_id=enhet.pk,
            mottaker_herid=SYKEHUS[0][0],
            aarsak=(
                "Falt i stua i morges, smerter i venstre hofte. Vanligvis oppegående med rullator."
            ),
            viktige_opplysninger="Nøkkel i nøkkelboks ved inngangsdøra.",
        )
        dialog_send(
            actor=sykepleier,
            pasient_id=pasienter[1].pk,
            enhet_id=enhet.pk,
            type="DIALOG_FORESPORSEL",
            tema="Resept",
            tekst="Pasienten går snart tom for blodtrykksmedisinen. Ber om fornyelse av resept.",
        )
    with system_context():
        apprec_register(
            msg_id=avvist.msg_id,
            status="2",
            feil=[{"kode": "E21", "tekst": "Mottaker finnes ikke"}],
        )
    stdout.write("Meldinger: to utgående meldinger, én avvist av sykehuset (varsel i utboksen).")


def demo_load_ut(*, stdout: OutputWrapper) -> None:
    """The address book and the outgoing messages (meldinger_ut)."""
    with system_context():
        antall = _adressebok()
    stdout.write(f"Meldinger: {antall} kommunikasjonsparter i adresseboken.")
    _meldinger(stdout)
