"""Demo messaging (meldinger_ut): the address book of the demo municipalities (each home-care
district as sykepleietjeneste, each allocation office as saksbehandling, a hospital's wards,
every demo GP), and a few outgoing messages from "sykepleier" — one rejected by the
hospital so the outbox shows an alert. Built through the services; idempotent."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import CommandError, OutputWrapper
from django.db.models import Count

from core.acting import acting_as
from core.context import system_context
from core.models import Ansatt, EnhetType, Tilknytning
from integrasjoner.meldinger.models import Kilde, Tjenestetype, UtgaaendeMelding
from integrasjoner.meldinger.services import (
    apprec_register,
    dialog_send,
    innleggelsesrapport_send,
    kommunikasjonspart_save,
)
from journal.models import Behandlingsrelasjon, Pasient

SYKEHUS = [("8200010", "Medisinsk sengepost"), ("8200020", "Kirurgisk sengepost")]
SYKEHUS_FORELDER = ("8200000", "Sykehuset Innlandet HF (test)")
TJENESTE_FOR_TYPE = {
    EnhetType.HJEMMETJENESTE_SONE: Tjenestetype.SYKEPLEIETJENESTE,
    EnhetType.HJEMMETJENESTE: Tjenestetype.SYKEPLEIETJENESTE,
    EnhetType.TILDELINGSKONTOR: Tjenestetype.SAKSBEHANDLING,
}


def _adressebok() -> int:
    antall = 0
    from core.models import Enhet

    for enhet in Enhet.objects.filter(
        type__in=TJENESTE_FOR_TYPE, her_id__isnull=False
    ).select_related("virksomhet"):
        virksomhet = enhet.virksomhet
        kommunikasjonspart_save(
            actor=None,
            herid=str(enhet.her_id),
            navn=enhet.navn,
            forelder_herid=str(virksomhet.her_id or enhet.her_id),
            forelder_navn=virksomhet.navn,
            organisasjonsnummer=virksomhet.organisasjonsnummer or "",
            tjenestetype=TJENESTE_FOR_TYPE[EnhetType(enhet.type)],
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


def demo_load(*, stdout: OutputWrapper) -> None:
    if not settings.DEMO_DATA_ALLOWED:
        raise CommandError("Demodata er ikke tillatt her (DEMO_DATA_ALLOWED=False).")
    with system_context():
        antall = _adressebok()
    stdout.write(f"Meldinger: {antall} kommunikasjonsparter i adresseboken.")
    _meldinger(stdout)
