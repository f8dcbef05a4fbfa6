"""Writes of medication reconciliation (legemiddelsamstemming) and medication review
(legemiddelgjennomgang).

A nurse or a doctor starts a reconciliation (the current active orders become its first
lines) and types the incoming list line by line. A doctor decides each line with a reason
and signs; signing stops the orders decided `seponer` (a change or a new drug is ordered as
usual, with the checks). A review is recorded by a doctor.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.context import acting_enhet_id
from core.exceptions import ApplicationError, NotFound
from core.klokke import idag, naa
from core.models import Action, Ansatt
from journal.access import access_scoped, actor_can, actor_require, pasient_access
from legemidler.models import (
    Beslutning,
    ForordningStatus,
    Legemiddel,
    Legemiddelgjennomgang,
    Legemiddelsamstemming,
    SamstemmingAnledning,
    SamstemmingLinje,
    SamstemmingStatus,
)
from legemidler.selectors.forordning import forordninger_active_qs
from legemidler.services.forordning import forordning_stop

MAX_TEKST = 500


def _text(value: str, felt: str, *, required: bool, maks: int = MAX_TEKST) -> str:
    value = " ".join((value or "").split())
    if required and not value:
        raise ValidationError({felt: [_("Dette feltet må fylles ut.")]})
    if len(value) > maks:
        raise ValidationError({felt: [_("Høyst %(n)d tegn.") % {"n": maks}]})
    return value


def _may_prepare(actor: Ansatt) -> Action:
    """Nurses (who give medication) and doctors prepare a reconciliation."""
    if actor_can(actor, Action.ORDER_MEDICATION):
        return Action.ORDER_MEDICATION
    actor_require(actor, Action.ADMINISTER_MEDICATION)
    return Action.ADMINISTER_MEDICATION


def _samstemming_for_update(
    actor: Ansatt,
    samstemming_id: uuid.UUID | str,
    pasient_id: uuid.UUID | str | None,
    action: Action,
) -> Legemiddelsamstemming:
    queryset = Legemiddelsamstemming.objects.select_for_update(of=("self",))
    if pasient_id is not None:
        try:
            queryset = queryset.filter(pasient_id=uuid.UUID(str(pasient_id)))
        except ValueError as exc:
            raise NotFound from exc
    samstemming = access_scoped(actor, queryset, samstemming_id, action=action)
    if samstemming.status != SamstemmingStatus.PAAGAAR:
        raise ApplicationError(_("Samstemmingen er signert og kan ikke endres."))
    return samstemming


@transaction.atomic
def samstemming_start(
    *, actor: Ansatt, pasient_id: uuid.UUID | str, anledning: str, kilde: str
) -> Legemiddelsamstemming:
    """Start a reconciliation; the patient's active orders become its first lines.
    One at a time per patient. Audited as SAMSTEMMING_CREATED."""
    action = _may_prepare(actor)
    pasient = pasient_access(actor, pasient_id, action=action, fields=("id",))
    if anledning not in SamstemmingAnledning.values:
        raise ValidationError({"anledning": [_("Velg anledning.")]})
    kilde = _text(kilde, "kilde", required=True, maks=300)
    samstemming = Legemiddelsamstemming(
        pasient=pasient,
        enhet_id=acting_enhet_id(),
        anledning=anledning,
        kilde=kilde,
        startet_av=actor,
    )
    samstemming.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            samstemming.save()
    except IntegrityError as exc:
        raise ApplicationError(
            _("Pasienten har allerede en legemiddelsamstemming som pågår. Fullfør den først.")
        ) from exc
    SamstemmingLinje.objects.bulk_create(
        SamstemmingLinje(samstemming=samstemming, forordning=f)
        for f in forordninger_active_qs(pasient.pk).order_by("legemiddel_navn")
    )
    audit_log(
        actor=actor,
        event=AuditEvent.SAMSTEMMING_CREATED,
        target=samstemming,
        pasient_id=pasient.pk,
        extra={"anledning": anledning},
    )
    return samstemming


@transaction.atomic
def samstemming_line_add(
    *,
    actor: Ansatt,
    samstemming_id: uuid.UUID | str,
    innkommende: str,
    legemiddel_id: uuid.UUID | str | None = None,
    pasient_id: uuid.UUID | str | None = None,
) -> SamstemmingLinje:
    """Add a drug from the incoming list, as written there ("Paracet 500 mg 1 x 3"),
    optionally matched to a catalogue product."""
    action = _may_prepare(actor)
    samstemming = _samstemming_for_update(actor, samstemming_id, pasient_id, action)
    innkommende = _text(innkommende, "innkommende", required=True, maks=300)
    legemiddel = None
    if legemiddel_id:
        try:
            legemiddel = Legemiddel.objects.filter(pk=uuid.UUID(str(legemiddel_id))).first()
        except ValueError:
            legemiddel = None
        if legemiddel is None:
            raise ValidationError({"legemiddel": [_("Velg et legemiddel fra katalogen.")]})
    linje = SamstemmingLinje(
        samstemming=samstemming, innkommende=innkommende, legemiddel=legemiddel
    )
    linje.full_clean()
    linje.save()
    audit_log(
        actor=actor,
        event=AuditEvent.SAMSTEMMING_LINE_DECIDED,
        target=samstemming,
        pasient_id=samstemming.pasient_id,
        extra={"linje": str(linje.pk), "lagt_til": True},
    )
    return linje


@transaction.atomic
def samstemming_lines_add(
    *,
    actor: Ansatt,
    samstemming_id: uuid.UUID | str,
    innkommende: list[str],
    pasient_id: uuid.UUID | str | None = None,
) -> list[SamstemmingLinje]:
    """Add a whole incoming list at once (a received medication list), each drug as
    written there: the checks of `samstemming_line_add`, one access check, one insert and
    one audit row (SAMSTEMMING_LINE_DECIDED, `linjer` listing the new lines)."""
    action = _may_prepare(actor)
    samstemming = _samstemming_for_update(actor, samstemming_id, pasient_id, action)
    linjer = [
        SamstemmingLinje(
            samstemming=samstemming,
            innkommende=_text(tekst, "innkommende", required=True, maks=300),
        )
        for tekst in innkommende
    ]
    for linje in linjer:  # the reconciliation is locked above: no look-up per line
        linje.full_clean(
            exclude=["samstemming", "forordning", "legemiddel", "besluttet_av"],
            validate_unique=False,  # fresh UUIDs; the line has no unique fields
        )
    if not linjer:
        return []
    SamstemmingLinje.objects.bulk_create(linjer)
    audit_log(
        actor=actor,
        event=AuditEvent.SAMSTEMMING_LINE_DECIDED,
        target=samstemming,
        pasient_id=samstemming.pasient_id,
        extra={"linjer": [str(linje.pk) for linje in linjer], "lagt_til": True},
    )
    return linjer


@transaction.atomic
def samstemming_line_decide(
    *,
    actor: Ansatt,
    linje_id: uuid.UUID | str,
    beslutning: str,
    begrunnelse: str,
    pasient_id: uuid.UUID | str | None = None,
) -> SamstemmingLinje:
    """A doctor decides one line (fortsett, endre, seponer, ny) with a reason. A line with
    no current order cannot be continued or stopped; a current order cannot be "new"."""
    actor_require(actor, Action.ORDER_MEDICATION)
    try:
        key = uuid.UUID(str(linje_id))
    except ValueError as exc:
        raise NotFound from exc
    linje = (
        SamstemmingLinje.objects.select_for_update(of=("self",))
        .select_related("samstemming")
        .filter(pk=key)
        .first()
    )
    if linje is None:
        raise NotFound
    _samstemming_for_update(actor, linje.samstemming_id, pasient_id, Action.ORDER_MEDICATION)
    if beslutning not in Beslutning.values:
        raise ValidationError({"beslutning": [_("Velg fortsett, endre, seponer eller ny.")]})
    if linje.forordning_id is None and beslutning in (Beslutning.FORTSETT, Beslutning.SEPONER):
        raise ValidationError(
            {
                "beslutning": [
                    _("Legemiddelet står ikke på pasientens liste nå: velg ny eller endre.")
                ]
            }
        )
    if linje.forordning_id is not None and beslutning == Beslutning.NY:
        raise ValidationError(
            {
                "beslutning": [
                    _("Legemiddelet står allerede på listen: velg fortsett, endre eller seponer.")
                ]
            }
        )
    linje.beslutning = beslutning
    linje.begrunnelse = _text(begrunnelse, "begrunnelse", required=True)
    linje.besluttet_av = actor
    linje.besluttet_at = naa()
    linje.full_clean()
    linje.save(
        update_fields=["beslutning", "begrunnelse", "besluttet_av", "besluttet_at", "updated_at"]
    )
    audit_log(
        actor=actor,
        event=AuditEvent.SAMSTEMMING_LINE_DECIDED,
        target=linje.samstemming,
        pasient_id=linje.samstemming.pasient_id,
        begrunnelse=linje.begrunnelse,
        extra={"linje": str(linje.pk), "beslutning": beslutning},
    )
    return linje


@transaction.atomic
def samstemming_sign(
    *,
    actor: Ansatt,
    samstemming_id: uuid.UUID | str,
    pasient_id: uuid.UUID | str | None = None,
) -> Legemiddelsamstemming:
    """A doctor signs when every line is decided; the orders decided `seponer` are stopped
    with the line's reason. Audited as SAMSTEMMING_SIGNED."""
    actor_require(actor, Action.ORDER_MEDICATION)
    if not actor.hpr_nummer:
        raise ApplicationError(_("Du må ha HPR-nummer for å signere legemiddelsamstemming."))
    samstemming = _samstemming_for_update(
        actor, samstemming_id, pasient_id, Action.ORDER_MEDICATION
    )
    linjer = list(samstemming.linjer.select_related("forordning"))
    if not linjer:
        raise ApplicationError(
            _("Samstemmingen har ingen linjer. Legg inn den innkommende listen.")
        )
    ubesluttet = [linje for linje in linjer if not linje.beslutning]
    if ubesluttet:
        raise ApplicationError(
            _("%(n)d linje(r) mangler beslutning: %(navn)s.")
            % {"n": len(ubesluttet), "navn": ", ".join(str(linje) for linje in ubesluttet[:5])}
        )
    for linje in linjer:
        if (
            linje.beslutning == Beslutning.SEPONER
            and linje.forordning is not None
            and linje.forordning.status == ForordningStatus.AKTIV
        ):
            forordning_stop(
                actor=actor,
                forordning_id=linje.forordning.pk,
                grunn=_("Legemiddelsamstemming: %(g)s") % {"g": linje.begrunnelse},
            )
    samstemming.status = SamstemmingStatus.SIGNERT
    samstemming.signert_av = actor
    samstemming.signert_av_hpr = actor.hpr_nummer
    samstemming.signert_at = naa()
    samstemming.full_clean(validate_constraints=False)
    samstemming.save(
        update_fields=["status", "signert_av", "signert_av_hpr", "signert_at", "updated_at"]
    )
    audit_log(
        actor=actor,
        event=AuditEvent.SAMSTEMMING_SIGNED,
        target=samstemming,
        pasient_id=samstemming.pasient_id,
        extra={b: sum(1 for linje in linjer if linje.beslutning == b) for b in Beslutning.values},
    )
    return samstemming


@transaction.atomic
def gjennomgang_create(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    dato: dt.date,
    deltakere: str,
    funn: str,
    endringer: str = "",
) -> Legemiddelgjennomgang:
    """Record a medication review (a doctor). The date cannot be in the future.
    Audited as GJENNOMGANG_CREATED."""
    actor_require(actor, Action.ORDER_MEDICATION)
    pasient = pasient_access(actor, pasient_id, action=Action.ORDER_MEDICATION, fields=("id",))
    if dato > idag():
        raise ValidationError({"dato": [_("Datoen kan ikke være fram i tid.")]})
    gjennomgang = Legemiddelgjennomgang(
        pasient=pasient,
        enhet_id=acting_enhet_id(),
        dato=dato,
        deltakere=_text(deltakere, "deltakere", required=True),
        funn=_text(funn, "funn", required=True, maks=4000),
        endringer=_text(endringer, "endringer", required=False, maks=4000),
        registrert_av=actor,
    )
    gjennomgang.full_clean()
    gjennomgang.save()
    audit_log(
        actor=actor,
        event=AuditEvent.GJENNOMGANG_CREATED,
        target=gjennomgang,
        pasient_id=pasient.pk,
    )
    return gjennomgang
