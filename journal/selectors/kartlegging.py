"""Reads of assessments (kartlegging): the patient's history, one assessment with its
answers labelled, the latest completed one of a form, and IPLOS change over time.

All reads go through journal.access (Action.VIEW; the same NotFound for missing and not
allowed) and are audited. Someone else's draft is never shown.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet

from core.api.pagination import Side, side_fetch
from core.audit import AuditEvent, audit_log
from core.exceptions import NotFound
from core.klokke import idag
from core.models import Action, Ansatt
from journal.access import (
    Tilgangsgrunnlag,
    access_basis,
    access_scoped,
    actor_can,
    actor_require,
    pasient_access,
)
from journal.lib.skjema import Definisjon, Element, Verdi, definisjon_parse
from journal.models import Kartlegging, Kartleggingsskjema, KartleggingStatus, Pasient
from journal.selectors.pasient import Pasientvisning, pasient_get

# Assessments side by side on the change-over-time table (newest N, shown oldest first).
UTVIKLING_KOLONNER = 6
MAX_UTSKRIFT = 200


def _visible(actor: Ansatt) -> Q:
    """Completed and entered-in-error assessments, and the actor's own drafts."""
    return ~Q(status=KartleggingStatus.UTKAST) | Q(utfort_av_id=actor.pk)


def _rows(pasient: Pasient, actor: Ansatt) -> QuerySet[Kartlegging]:
    return (
        Kartlegging.objects.filter(pasient=pasient)
        .filter(_visible(actor))
        .select_related("skjema", "utfort_av", "enhet", "feilregistrert_av")
    )


def _patient(actor: Ansatt, pasient_id: uuid.UUID | str) -> tuple[Pasient, Tilgangsgrunnlag]:
    pasient = pasient_access(actor, pasient_id, action=Action.VIEW)
    return pasient, access_basis(actor, pasient.pk)


def _audit_list(actor: Ansatt, pasient: Pasient, basis: Tilgangsgrunnlag, **extra: object) -> None:
    audit_log(
        actor=actor,
        event=AuditEvent.KARTLEGGING_LISTED,
        target=pasient,
        pasient_id=pasient.pk,
        grunnlag=basis.kode,
        begrunnelse=basis.begrunnelse,
        extra=extra,
    )


@dataclass(frozen=True)
class Svarrad:
    """One item of an assessment with the answer given (None: not answered, in a draft)."""

    element: Element
    verdi: Verdi | None


@dataclass(frozen=True)
class Kartleggingsvisning:
    """One assessment as a person may see it now."""

    kartlegging: Kartlegging
    definisjon: Definisjon
    kan_endre: bool  # the author's draft
    kan_feilregistrere: bool

    @property
    def rader(self) -> list[Svarrad]:
        svar = self.kartlegging.svar
        return [Svarrad(e, e.verdi_get(svar.get(e.kode))) for e in self.definisjon.elementer]

    @property
    def besvart(self) -> int:
        return sum(1 for rad in self.rader if rad.verdi is not None)


@dataclass(frozen=True)
class Kartleggingsoversikt:
    """The patient's assessments, newest first, one page."""

    pasient: Pasient
    tilgang: Tilgangsgrunnlag
    side: Side[Kartlegging]
    kan_kartlegge: bool


def kartlegginger_for_pasient(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    skjema_kode: str | None = None,
    side: int = 1,
    storrelse: int = 25,
) -> Kartleggingsoversikt:
    """The patient's assessments (optionally of one form), newest first: completed ones,
    entered-in-error ones (to be shown struck through) and the actor's own drafts.
    NotFound for missing and not allowed alike; audited as KARTLEGGING_LISTED."""
    with transaction.atomic():
        pasient, basis = _patient(actor, pasient_id)
        rows = _rows(pasient, actor)
        if skjema_kode:
            rows = rows.filter(skjema__kode=skjema_kode)
        page = side_fetch(
            rows.order_by("-dato", "-created_at", "-id"), nummer=side, storrelse=storrelse
        )
        _audit_list(actor, pasient, basis, skjema=skjema_kode, side=side, antall=len(page.items))
    return Kartleggingsoversikt(
        pasient=pasient,
        tilgang=basis,
        side=page,
        kan_kartlegge=actor_can(actor, Action.ASSESS),
    )


@dataclass(frozen=True)
class Kartleggingsside:
    """The history page: the banner (as on every patient page) and the assessments."""

    visning: Pasientvisning
    oversikt: Kartleggingsoversikt
    skjemaer: list[Kartleggingsskjema]


def kartleggingsside_get(
    *, actor: Ansatt, pasient_id: uuid.UUID | str, side: int = 1
) -> Kartleggingsside:
    visning = pasient_get(actor=actor, pasient_id=pasient_id)
    oversikt = kartlegginger_for_pasient(actor=actor, pasient_id=visning.pasient.pk, side=side)
    return Kartleggingsside(visning=visning, oversikt=oversikt, skjemaer=kartleggingsskjema_list())


def kartlegging_get(
    *, actor: Ansatt, pasient_id: uuid.UUID | str, kartlegging_id: uuid.UUID | str
) -> Kartleggingsvisning:
    """One assessment with its answers labelled by the form version it was made with.
    Someone else's draft is NotFound like a missing one. Audited as KARTLEGGING_READ."""
    with transaction.atomic():
        pasient, basis = _patient(actor, pasient_id)
        kartlegging = access_scoped(
            actor, _rows(pasient, actor), kartlegging_id, action=Action.VIEW
        )
        audit_log(
            actor=actor,
            event=AuditEvent.KARTLEGGING_READ,
            target=kartlegging,
            pasient_id=pasient.pk,
            grunnlag=basis.kode,
            begrunnelse=basis.begrunnelse,
        )
    kan_kartlegge = actor_can(actor, Action.ASSESS)
    return Kartleggingsvisning(
        kartlegging=kartlegging,
        definisjon=definisjon_parse(kartlegging.skjema.definisjon),
        kan_endre=kan_kartlegge and kartlegging.status == KartleggingStatus.UTKAST,
        kan_feilregistrere=kan_kartlegge and kartlegging.status != KartleggingStatus.FEILREGISTRERT,
    )


def kartlegging_siste(
    *, actor: Ansatt, pasient_id: uuid.UUID | str, skjema_kode: str
) -> Kartlegging | None:
    """The patient's latest completed assessment with form `skjema_kode` (any version), or
    None. "Latest" is by assessment date, then completion time; drafts and assessments
    entered in error never count. For other areas (tildeling links a case to the latest
    IPLOS assessment): NotFound for a patient the actor may not see; audited as
    KARTLEGGING_READ when one is found."""
    with transaction.atomic():
        pasient, basis = _patient(actor, pasient_id)
        kartlegging = (
            Kartlegging.objects.filter(
                pasient=pasient, skjema__kode=skjema_kode, status=KartleggingStatus.FULLFORT
            )
            .select_related("skjema", "utfort_av", "enhet")
            .order_by("-dato", "-fullfort_at", "-id")
            .first()
        )
        if kartlegging is not None:
            audit_log(
                actor=actor,
                event=AuditEvent.KARTLEGGING_READ,
                target=kartlegging,
                pasient_id=pasient.pk,
                grunnlag=basis.kode,
                begrunnelse=basis.begrunnelse,
                extra={"siste": skjema_kode},
            )
    return kartlegging


@dataclass(frozen=True)
class Celle:
    """One answer in the change table, with how it moved since the column before."""

    verdi: Verdi | None
    endring: str = ""  # "opp" (higher score), "ned", "endret" (to or from no score), ""


@dataclass(frozen=True)
class Utviklingsrad:
    element: Element
    verdier: list[Verdi | None]  # one per column, oldest first

    @property
    def celler(self) -> list[Celle]:
        celler = []
        forrige: Verdi | None = None
        for index, verdi in enumerate(self.verdier):
            endring = ""
            if index and verdi is not None and forrige is not None and verdi != forrige:
                if verdi.poeng is not None and forrige.poeng is not None:
                    endring = "opp" if verdi.poeng > forrige.poeng else "ned"
                else:
                    endring = "endret"
            celler.append(Celle(verdi, endring))
            forrige = verdi
        return celler

    @property
    def endret(self) -> bool:
        return any(c.endring for c in self.celler)


@dataclass(frozen=True)
class Utvikling:
    """Completed assessments of one form side by side: date columns, item rows."""

    visning: Pasientvisning
    skjema_navn: str
    kolonner: list[Kartlegging]  # oldest first
    rader: list[Utviklingsrad]
    flere: bool  # older assessments exist that are not shown


def kartlegging_utvikling(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    skjema_kode: str = "iplos",
    antall: int = UTVIKLING_KOLONNER,
) -> Utvikling:
    """The last `antall` completed assessments of a form, oldest first, with one row per
    item of the newest form version (items of older versions matched by code). Audited as
    KARTLEGGING_LISTED."""
    visning = pasient_get(actor=actor, pasient_id=pasient_id)
    pasient = visning.pasient
    with transaction.atomic():
        basis = access_basis(actor, pasient.pk)
        rows = list(
            Kartlegging.objects.filter(
                pasient=pasient, skjema__kode=skjema_kode, status=KartleggingStatus.FULLFORT
            )
            .select_related("skjema", "utfort_av")
            .order_by("-dato", "-fullfort_at", "-id")[: antall + 1]
        )
        _audit_list(actor, pasient, basis, skjema=skjema_kode, utvikling=True, antall=len(rows))
    flere = len(rows) > antall
    kolonner = list(reversed(rows[:antall]))
    skjema = _newest_skjema(skjema_kode, kolonner)
    definisjoner = {k.skjema_id: definisjon_parse(k.skjema.definisjon) for k in kolonner}
    rader = []
    for element in definisjon_parse(skjema.definisjon).elementer:
        verdier: list[Verdi | None] = []
        for kolonne in kolonner:
            own = definisjoner[kolonne.skjema_id].element_get(element.kode)
            verdier.append(own.verdi_get(kolonne.svar.get(element.kode)) if own else None)
        rader.append(Utviklingsrad(element, verdier))
    return Utvikling(visning, skjema.navn, kolonner, rader, flere)


def _newest_skjema(skjema_kode: str, kolonner: list[Kartlegging]) -> Kartleggingsskjema:
    if kolonner:
        return max((k.skjema for k in kolonner), key=lambda s: s.versjon)
    skjema = Kartleggingsskjema.objects.filter(kode=skjema_kode).order_by("-versjon").first()
    if skjema is None:
        raise NotFound
    return skjema


def kartleggingsskjema_get(*, skjema_kode: str) -> Kartleggingsskjema:
    """The newest active version of a form, valid today; NotFound if there is none."""
    skjema = (
        Kartleggingsskjema.objects.filter(kode=skjema_kode, aktiv=True, gyldig_fra__lte=idag())
        .order_by("-versjon")
        .first()
    )
    if skjema is None:
        raise NotFound
    return skjema


def kartlegging_pasient_get(*, actor: Ansatt, pasient_id: uuid.UUID | str) -> Pasientvisning:
    """The patient for a new assessment: the right to assess first (403), then the patient
    as for reading (404 for missing and not allowed; audited as a patient read)."""
    actor_require(actor, Action.ASSESS)
    return pasient_get(actor=actor, pasient_id=pasient_id)


def kartleggingsskjema_list() -> list[Kartleggingsskjema]:
    """The forms in use: the newest active version of each, valid today (no patient data)."""
    today = idag()
    newest: dict[str, Kartleggingsskjema] = {}
    for skjema in Kartleggingsskjema.objects.filter(aktiv=True, gyldig_fra__lte=today).order_by(
        "kode", "-versjon"
    ):
        newest.setdefault(skjema.kode, skjema)
    return sorted(newest.values(), key=lambda s: s.navn)


def kartlegginger_for_utskrift(
    *, actor: Ansatt, pasient_id: uuid.UUID | str, fra: dt.date, til: dt.date
) -> list[Kartleggingsvisning]:
    """Completed (and entered-in-error) assessments dated in [fra, til], oldest first,
    for the journal print. Audited as KARTLEGGING_LISTED (utskrift)."""
    with transaction.atomic():
        pasient, basis = _patient(actor, pasient_id)
        rows = list(
            _rows(pasient, actor)
            .exclude(status=KartleggingStatus.UTKAST)
            .filter(dato__gte=fra, dato__lte=til)
            .order_by("dato", "created_at", "id")[:MAX_UTSKRIFT]
        )
        _audit_list(actor, pasient, basis, utskrift=True, antall=len(rows))
    return [
        Kartleggingsvisning(k, definisjon_parse(k.skjema.definisjon), False, False) for k in rows
    ]
