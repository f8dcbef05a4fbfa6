"""Reads about one child: enrolment history, parents, the programme and vaccines with
their states, and the invitation text."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.exceptions import NotFound
from core.klokke import idag
from core.models import Action, Ansatt, Enhet, EnhetType
from journal.access import actor_require, pasient_access, restrict_pasienter
from journal.models import Pasient
from tjenester.helsestasjon.lib.program import (
    DoseStatus,
    PunktStatus,
    programme_status,
    vaccine_status,
)
from tjenester.helsestasjon.models import (
    Foresatt,
    Innskrivning,
    Konsultasjon,
    Programpunkt,
    Vaksinasjon,
    VaksinasjonStatus,
    Vaksinedose,
)
from tjenester.helsestasjon.selectors.program import (
    dose_specs,
    programpunkter_gjeldende,
    punkt_spec,
    vaksinedoser_gjeldende,
)


@dataclass(frozen=True)
class PunktRad:
    punkt: Programpunkt
    status: PunktStatus
    konsultasjon: Konsultasjon | None


@dataclass(frozen=True)
class DoseRad:
    dose: Vaksinedose
    status: DoseStatus
    vaksinasjon: Vaksinasjon | None


@dataclass(frozen=True)
class Barnebilde:
    """Everything the child's page and the API show."""

    pasient: Pasient
    innskrivning: Innskrivning | None
    historikk: list[Innskrivning]
    foresatte: list[Foresatt]
    punkter: list[PunktRad]
    doser: list[DoseRad]
    vaksinasjoner: list[Vaksinasjon]


def barn_status(
    pasient: Pasient, day: dt.date
) -> tuple[list[PunktRad], list[DoseRad], list[Vaksinasjon]]:
    """The programme and vaccine rows of one child on `day` (no access check: callers)."""
    punkter = programpunkter_gjeldende(day)
    konsultasjoner = list(
        Konsultasjon.objects.filter(pasient=pasient)
        .select_related("programpunkt", "utfoert_av")
        .order_by("dato", "created_at")
    )
    per_kode: dict[str, Konsultasjon] = {}
    for k in konsultasjoner:  # a held one wins over a missed one
        if k.programpunkt.kode not in per_kode or k.status == "utfort":
            per_kode[k.programpunkt.kode] = k
    statuser = programme_status(
        pasient.fodselsdato,
        [punkt_spec(p) for p in punkter],
        {kode: k.status for kode, k in per_kode.items()},
        day,
    )
    punkt_rader = [
        PunktRad(p, s, per_kode.get(p.kode)) for p, s in zip(punkter, statuser, strict=True)
    ]
    vaksinasjoner = list(
        Vaksinasjon.objects.filter(pasient=pasient)
        .select_related("registrert_av", "vaksinedose")
        .order_by("tidspunkt", "created_at")
    )
    gitt = {
        (v.vaksine, v.dose_nr): timezone.localtime(v.tidspunkt).date()
        for v in vaksinasjoner
        if v.status == VaksinasjonStatus.GITT
    }
    reservert = {
        v.vaksinedose.kode
        for v in vaksinasjoner
        if v.status == VaksinasjonStatus.RESERVERT and v.vaksinedose is not None
    }
    specs = dose_specs(vaksinedoser_gjeldende(day), pasient.kjonn)
    dose_statuser = vaccine_status(pasient.fodselsdato, [s for _, s in specs], gitt, reservert, day)
    per_dose: dict[tuple[str, int], Vaksinasjon] = {}
    for v in vaksinasjoner:
        if v.status != VaksinasjonStatus.FEILREGISTRERT:
            per_dose[(v.vaksine, v.dose_nr)] = v
    dose_rader = [
        DoseRad(d, s, per_dose.get((d.vaksine, d.dose_nr)))
        for (d, _spec), s in zip(specs, dose_statuser, strict=True)
    ]
    return punkt_rader, dose_rader, vaksinasjoner


@transaction.atomic
def barn_get(*, actor: Ansatt, pasient_id: uuid.UUID | str) -> Barnebilde:
    """The child's health-station picture, or NotFound (missing and not yours alike).
    Audited (HELSESTASJON_BARN_READ)."""
    actor_require(actor, Action.VIEW)
    pasient = pasient_access(actor, pasient_id, action=Action.VIEW)
    historikk = list(
        Innskrivning.objects.filter(pasient=pasient)
        .select_related("enhet", "ansvarlig", "overfoert_til")
        .order_by("-fra_dato", "-created_at")
    )
    aktiv = next((i for i in historikk if i.til_dato is None), None)
    if not historikk:
        raise NotFound
    punkter, doser, vaksinasjoner = barn_status(pasient, idag())
    audit_log(
        actor=actor,
        event=AuditEvent.HELSESTASJON_BARN_READ,
        target=pasient,
        pasient_id=pasient.pk,
    )
    return Barnebilde(
        pasient=pasient,
        innskrivning=aktiv,
        historikk=historikk,
        foresatte=list(Foresatt.objects.filter(pasient=pasient, aktiv=True)),
        punkter=punkter,
        doser=doser,
        vaksinasjoner=vaksinasjoner,
    )


@dataclass(frozen=True)
class Innkalling:
    brev: str
    sms: str
    mottakere: list[Foresatt]


@transaction.atomic
def innkalling_get(
    *, actor: Ansatt, pasient_id: uuid.UUID | str, programpunkt_id: uuid.UUID | str
) -> Innkalling:
    """The invitation letter and SMS text for a programme consultation, to the parents
    with parental responsibility. Audited (INNKALLING_READ)."""
    actor_require(actor, Action.VIEW)
    pasient = pasient_access(actor, pasient_id, action=Action.VIEW)
    innskrivning = (
        Innskrivning.objects.filter(pasient=pasient, til_dato__isnull=True)
        .select_related("enhet")
        .first()
    )
    try:
        punkt = Programpunkt.objects.get(pk=uuid.UUID(str(programpunkt_id)))
    except (Programpunkt.DoesNotExist, ValueError) as exc:
        raise NotFound from exc
    if innskrivning is None:
        raise NotFound
    mottakere = list(
        Foresatt.objects.filter(pasient=pasient, aktiv=True).exclude(foreldreansvar="ingen")
    )
    hvem = _(" og ").join(str(a) for a in punkt.ansvarlige)
    stasjon = innskrivning.enhet.navn
    sms = _(
        "%(barn)s er invitert til %(navn)s-konsultasjonen på %(stasjon)s. Du møter %(hvem)s. "
        "Ring oss for å avtale tid, eller svar på denne meldingen."
    ) % {"barn": pasient.fornavn, "navn": punkt.navn, "stasjon": stasjon, "hvem": hvem}
    temaer = "\n".join(f"– {t}" for t in punkt.temaer)
    brev = _(
        "Til foreldrene til %(barn)s\n\n"
        "Vi inviterer til konsultasjonen %(navn)s på %(stasjon)s. Dere møter %(hvem)s.\n\n"
        "Dette snakker vi om:\n%(temaer)s\n\n"
        "Ta med barnets helsekort. Gi beskjed om dere ikke kan komme.\n\n"
        "Med vennlig hilsen\n%(stasjon)s"
    ) % {
        "barn": pasient.fullt_navn,
        "navn": punkt.navn,
        "stasjon": stasjon,
        "hvem": hvem,
        "temaer": temaer,
    }
    audit_log(
        actor=actor,
        event=AuditEvent.INNKALLING_READ,
        target=pasient,
        pasient_id=pasient.pk,
        extra={"programpunkt": punkt.kode},
    )
    return Innkalling(brev=brev, sms=sms, mottakere=mottakere)


def pasient_for_innskrivning(*, actor: Ansatt, identifikator: str) -> Pasient:
    """The patient with this fødselsnummer that the actor may see, or NotFound (a person
    the unit has no access to is not revealed)."""
    actor_require(actor, Action.VIEW)
    ident = "".join(identifikator.split())
    pasient = (
        restrict_pasienter(Pasient.objects.filter(identifikator=ident), actor, action=Action.VIEW)
        .only("pk")
        .first()
    )
    if pasient is None:
        raise NotFound
    return pasient


def helsestasjoner_andre(enhet_id: uuid.UUID) -> list[tuple[str, str]]:
    """The other active health stations (for a transfer), as form choices."""
    return [
        (str(pk), navn)
        for pk, navn in Enhet.objects.filter(type=EnhetType.HELSESTASJON, aktiv=True)
        .exclude(pk=enhet_id)
        .order_by("navn")
        .values_list("pk", "navn")
    ]
