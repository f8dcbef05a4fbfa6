"""Writes of care plans (tiltaksplan): the plan, its problems, goals, scheduled tiltak and
evaluations. Every write needs Action.PLAN in the acting unit and access to the patient
(the same 404 for missing and not allowed), and writes one audit row with old and new
values where something changes. Nothing is deleted: a changed tiltak is ended and a new
version starts from a date, so past days keep the plan they had."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.context import acting_enhet_id
from core.exceptions import ApplicationError, NotFound
from core.klokke import idag, naa
from core.models import Action, Ansatt, Enhet
from journal.access import access_basis, access_scoped, actor_require, pasient_access
from journal.lib.timeplan import Timeplan, timeplan_validate
from journal.models import (
    Behov,
    BehovStatus,
    Evaluering,
    Kode,
    Maal,
    MaalStatus,
    Pasient,
    PlanStatus,
    Tiltak,
    Tiltaksplan,
    TiltakStatus,
)

M = TypeVar("M", bound=Model)
MAX_TEKST = 500
MAX_EVALUERING = 4000


# --- helpers ---------------------------------------------------------------------------------


def _pasient(actor: Ansatt, pasient_id: uuid.UUID | str) -> Pasient:
    actor_require(actor, Action.PLAN)
    return pasient_access(actor, pasient_id, action=Action.PLAN, fields=("id",))


def _locked(actor: Ansatt, queryset: QuerySet[M], obj_id: uuid.UUID | str, pasient: Pasient) -> M:
    """One row of the patient's plan, locked for the change (NotFound if not theirs)."""
    return access_scoped(
        actor,
        queryset.select_for_update(of=("self",)).filter(pasient_id=pasient.pk),
        obj_id,
        action=Action.PLAN,
    )


def _audit(
    actor: Ansatt,
    event: AuditEvent,
    target: Model,
    pasient_id: uuid.UUID,
    extra: dict[str, Any] | None = None,
) -> None:
    basis = access_basis(actor, pasient_id)
    audit_log(
        actor=actor,
        event=event,
        target=target,
        pasient_id=pasient_id,
        grunnlag=basis.kode,
        begrunnelse=basis.begrunnelse,
        extra=extra,
    )


def _text(value: str, field: str, message: str, limit: int = MAX_TEKST) -> str:
    cleaned = value.strip()
    if not cleaned:
        raise ValidationError({field: [message]})
    if len(cleaned) > limit:
        raise ValidationError({field: [_("Teksten kan være høyst %(n)s tegn.") % {"n": limit}]})
    return cleaned


def _active_plan(plan: Tiltaksplan) -> None:
    if plan.status != PlanStatus.AKTIV:
        raise ApplicationError(_("Tiltaksplanen er avsluttet og kan ikke endres."))


def _koordinator(koordinator_id: uuid.UUID | str | None) -> Ansatt:
    try:
        key = uuid.UUID(str(koordinator_id)) if koordinator_id else None
    except ValueError:
        key = None
    found = Ansatt.objects.filter(pk=key, is_active=True).first() if key else None
    if found is None:
        raise ValidationError(
            {"koordinator": [_("Velg en koordinator (påkrevd for individuell plan).")]}
        )
    return found


def _enhet(enhet_id: uuid.UUID | str | None) -> Enhet:
    try:
        key = uuid.UUID(str(enhet_id)) if enhet_id else None
    except ValueError:
        key = None
    found = Enhet.objects.filter(pk=key, aktiv=True).first() if key else None
    if found is None:
        raise ValidationError({"ansvarlig_enhet": [_("Velg ansvarlig enhet.")]})
    return found


def _today() -> dt.date:
    return idag()


def _plan_values(plan: Tiltaksplan) -> dict[str, Any]:
    return {
        "individuell_plan": plan.individuell_plan,
        "koordinator": str(plan.koordinator_id) if plan.koordinator_id else None,
    }


def _tiltak_values(tiltak: Tiltak) -> dict[str, Any]:
    return {
        "tekst": tiltak.tekst,
        "ansvarlig_enhet": str(tiltak.ansvarlig_enhet_id),
        "frekvens": tiltak.frekvens,
        "intervall": tiltak.intervall,
        "ukedager": list(tiltak.ukedager),
        "tidspunkter": [f"{t:%H:%M}" for t in tiltak.tidspunkter],
        "varighet_min": tiltak.varighet_min,
        "start_dato": tiltak.start_dato.isoformat(),
        "slutt_dato": tiltak.slutt_dato.isoformat() if tiltak.slutt_dato else None,
    }


def _timeplan_apply(tiltak: Tiltak, plan: Timeplan) -> None:
    tiltak.frekvens = plan.frekvens
    tiltak.intervall = plan.intervall
    tiltak.ukedager = sorted(set(plan.ukedager))
    tiltak.tidspunkter = sorted(set(plan.tidspunkter))
    tiltak.varighet_min = plan.varighet_min


def tiltak_timeplan(tiltak: Tiltak) -> Timeplan:
    """The schedule of a stored tiltak."""
    return Timeplan(
        frekvens=tiltak.frekvens,
        intervall=tiltak.intervall,
        ukedager=tuple(tiltak.ukedager),
        tidspunkter=tuple(tiltak.tidspunkter),
        varighet_min=tiltak.varighet_min,
    )


def _end_current_tiltak(
    actor: Ansatt, tiltak: QuerySet[Tiltak], slutt: dt.date, grunn: str
) -> list[str]:
    """End every tiltak of `tiltak` still running after `slutt`; returns their ids."""
    running = list(
        tiltak.select_for_update(of=("self",)).filter(
            Q(slutt_dato__isnull=True) | Q(slutt_dato__gt=slutt), status=TiltakStatus.AKTIV
        )
    )
    for t in running:
        t.slutt_dato = slutt
        t.status = TiltakStatus.AVSLUTTET
        t.avsluttet_av = actor
        t.avsluttet_grunn = grunn
        t.save(
            update_fields=["slutt_dato", "status", "avsluttet_av", "avsluttet_grunn", "updated_at"]
        )
    return [str(t.pk) for t in running]


# --- the plan --------------------------------------------------------------------------------


@transaction.atomic
def tiltaksplan_create(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    gyldig_fra: dt.date | None = None,
    individuell_plan: bool = False,
    koordinator_id: uuid.UUID | str | None = None,
) -> Tiltaksplan:
    """Start the patient's care plan. Refused (400) while another plan is active; an
    individual plan needs a coordinator. Audited as TILTAKSPLAN_CREATED."""
    pasient = _pasient(actor, pasient_id)
    koordinator = _koordinator(koordinator_id) if individuell_plan else None
    if Tiltaksplan.objects.filter(pasient=pasient, status=PlanStatus.AKTIV).exists():
        raise ApplicationError(_("Pasienten har allerede en aktiv tiltaksplan."))
    plan = Tiltaksplan(
        pasient=pasient,
        enhet_id=acting_enhet_id(),
        gyldig_fra=gyldig_fra or _today(),
        individuell_plan=individuell_plan,
        koordinator=koordinator,
        opprettet_av=actor,
    )
    plan.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as exc:  # another plan was started at the same moment
        raise ApplicationError(_("Pasienten har allerede en aktiv tiltaksplan.")) from exc
    _audit(actor, AuditEvent.TILTAKSPLAN_CREATED, plan, pasient.pk, _plan_values(plan))
    return plan


@transaction.atomic
def tiltaksplan_close(
    *, actor: Ansatt, pasient_id: uuid.UUID | str, plan_id: uuid.UUID | str, grunn: str = ""
) -> Tiltaksplan:
    """Close the plan today. Its running tiltak end today too (today's occurrences stay,
    none after). Audited as TILTAKSPLAN_CLOSED with the ended tiltak."""
    pasient = _pasient(actor, pasient_id)
    plan = _locked(actor, Tiltaksplan.objects.all(), plan_id, pasient)
    _active_plan(plan)
    grunn = grunn.strip()[:MAX_TEKST]
    today = _today()
    ended = _end_current_tiltak(actor, Tiltak.objects.filter(plan=plan), today, grunn)
    plan.status = PlanStatus.AVSLUTTET
    plan.gyldig_til = max(today, plan.gyldig_fra)
    plan.avsluttet_av = actor
    plan.avsluttet_at = naa()
    plan.avsluttet_grunn = grunn
    plan.save(
        update_fields=[
            "status",
            "gyldig_til",
            "avsluttet_av",
            "avsluttet_at",
            "avsluttet_grunn",
            "updated_at",
        ]
    )
    _audit(
        actor,
        AuditEvent.TILTAKSPLAN_CLOSED,
        plan,
        pasient.pk,
        {"grunn": grunn, "avsluttede_tiltak": ended},
    )
    return plan


@transaction.atomic
def tiltaksplan_ip_set(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    plan_id: uuid.UUID | str,
    individuell_plan: bool,
    koordinator_id: uuid.UUID | str | None = None,
) -> Tiltaksplan:
    """Set or unset the individual plan (IP) flag and its coordinator (required when set;
    cleared when unset). Audited as TILTAKSPLAN_IP_CHANGED with old and new values."""
    pasient = _pasient(actor, pasient_id)
    plan = _locked(actor, Tiltaksplan.objects.all(), plan_id, pasient)
    _active_plan(plan)
    old = _plan_values(plan)
    plan.individuell_plan = individuell_plan
    plan.koordinator = _koordinator(koordinator_id) if individuell_plan else None
    new = _plan_values(plan)
    if new == old:
        raise ApplicationError(_("Ingen endringer å lagre."))
    plan.save(update_fields=["individuell_plan", "koordinator", "updated_at"])
    _audit(actor, AuditEvent.TILTAKSPLAN_IP_CHANGED, plan, pasient.pk, {"for": old, "etter": new})
    return plan


# --- problems and goals ----------------------------------------------------------------------


@transaction.atomic
def behov_add(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    plan_id: uuid.UUID | str,
    tekst: str,
    kode_id: uuid.UUID | str | None = None,
    kode_fri: str = "",
) -> Behov:
    """Add a nursing problem/need, optionally coded (a code list code or a free code).
    Audited as BEHOV_ADDED."""
    pasient = _pasient(actor, pasient_id)
    plan = _locked(actor, Tiltaksplan.objects.all(), plan_id, pasient)
    _active_plan(plan)
    kode = None
    if kode_id:
        kode = Kode.objects.filter(pk=kode_id, aktiv=True).first()
        if kode is None:
            raise ValidationError({"kode": [_("Fant ikke koden.")]})
    behov = Behov(
        pasient=pasient,
        enhet_id=acting_enhet_id(),
        plan=plan,
        tekst=_text(tekst, "tekst", _("Beskriv problemet eller behovet.")),
        kode=kode,
        kode_fri=kode_fri.strip()[:50],
        opprettet_av=actor,
    )
    behov.full_clean()
    behov.save()
    _audit(actor, AuditEvent.BEHOV_ADDED, behov, pasient.pk, {"plan": str(plan.pk)})
    return behov


@transaction.atomic
def behov_resolve(
    *, actor: Ansatt, pasient_id: uuid.UUID | str, behov_id: uuid.UUID | str
) -> Behov:
    """Mark a problem as resolved; its running tiltak end today. Audited as BEHOV_RESOLVED."""
    pasient = _pasient(actor, pasient_id)
    behov = _locked(actor, Behov.objects.select_related("plan"), behov_id, pasient)
    _active_plan(behov.plan)
    if behov.status == BehovStatus.LOEST:
        raise ApplicationError(_("Problemet er allerede løst."))
    behov.status = BehovStatus.LOEST
    behov.loest_av = actor
    behov.loest_at = naa()
    behov.save(update_fields=["status", "loest_av", "loest_at", "updated_at"])
    ended = _end_current_tiltak(
        actor, Tiltak.objects.filter(behov=behov), _today(), _("Problemet er løst")
    )
    _audit(
        actor,
        AuditEvent.BEHOV_RESOLVED,
        behov,
        pasient.pk,
        {"for": BehovStatus.AKTIV, "etter": BehovStatus.LOEST, "avsluttede_tiltak": ended},
    )
    return behov


@transaction.atomic
def maal_add(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    behov_id: uuid.UUID | str,
    tekst: str,
    maldato: dt.date | None = None,
) -> Maal:
    """Add a goal to an active problem. Audited as MAAL_ADDED."""
    pasient = _pasient(actor, pasient_id)
    behov = _locked(actor, Behov.objects.select_related("plan"), behov_id, pasient)
    _active_plan(behov.plan)
    if behov.status != BehovStatus.AKTIV:
        raise ApplicationError(_("Problemet er løst; mål kan ikke legges til."))
    if maldato is not None and maldato < _today():
        raise ValidationError({"maldato": [_("Måldatoen kan ikke være passert.")]})
    maal = Maal(
        pasient=pasient,
        enhet_id=acting_enhet_id(),
        plan=behov.plan,
        behov=behov,
        tekst=_text(tekst, "tekst", _("Beskriv målet.")),
        maldato=maldato,
        opprettet_av=actor,
    )
    maal.full_clean()
    maal.save()
    _audit(actor, AuditEvent.MAAL_ADDED, maal, pasient.pk, {"behov": str(behov.pk)})
    return maal


@transaction.atomic
def maal_achieve(*, actor: Ansatt, pasient_id: uuid.UUID | str, maal_id: uuid.UUID | str) -> Maal:
    """Mark a goal as achieved. Audited as MAAL_ACHIEVED."""
    pasient = _pasient(actor, pasient_id)
    maal = _locked(actor, Maal.objects.select_related("plan"), maal_id, pasient)
    _active_plan(maal.plan)
    if maal.status == MaalStatus.NAADD:
        raise ApplicationError(_("Målet er allerede nådd."))
    maal.status = MaalStatus.NAADD
    maal.naadd_av = actor
    maal.naadd_at = naa()
    maal.save(update_fields=["status", "naadd_av", "naadd_at", "updated_at"])
    _audit(
        actor,
        AuditEvent.MAAL_ACHIEVED,
        maal,
        pasient.pk,
        {"for": MaalStatus.AKTIV, "etter": MaalStatus.NAADD},
    )
    return maal


# --- tiltak ----------------------------------------------------------------------------------


def _behov_of_plan(plan: Tiltaksplan, behov_id: uuid.UUID | str | None) -> Behov | None:
    if not behov_id:
        return None
    try:
        key = uuid.UUID(str(behov_id))
    except ValueError:
        key = uuid.UUID(int=0)
    behov = Behov.objects.filter(pk=key, plan=plan, status=BehovStatus.AKTIV).first()
    if behov is None:
        raise ValidationError({"behov": [_("Velg et aktivt problem i planen.")]})
    return behov


def _period(start: dt.date, slutt: dt.date | None) -> None:
    if slutt is not None and slutt < start:
        raise ValidationError({"slutt_dato": [_("Til-datoen må være etter fra-datoen.")]})


@transaction.atomic
def tiltak_add(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    plan_id: uuid.UUID | str,
    tekst: str,
    ansvarlig_enhet_id: uuid.UUID | str,
    timeplan: Timeplan,
    start_dato: dt.date | None = None,
    slutt_dato: dt.date | None = None,
    behov_id: uuid.UUID | str | None = None,
) -> Tiltak:
    """Add a scheduled tiltak for a responsible unit (optionally under a problem).
    Audited as TILTAK_ADDED with its schedule."""
    pasient = _pasient(actor, pasient_id)
    plan = _locked(actor, Tiltaksplan.objects.all(), plan_id, pasient)
    _active_plan(plan)
    timeplan_validate(timeplan)
    start = start_dato or _today()
    _period(start, slutt_dato)
    tiltak = Tiltak(
        pasient=pasient,
        enhet_id=acting_enhet_id(),
        plan=plan,
        behov=_behov_of_plan(plan, behov_id),
        tekst=_text(tekst, "tekst", _("Beskriv tiltaket.")),
        ansvarlig_enhet=_enhet(ansvarlig_enhet_id),
        start_dato=start,
        slutt_dato=slutt_dato,
        opprettet_av=actor,
    )
    _timeplan_apply(tiltak, timeplan)
    tiltak.full_clean()
    tiltak.save()
    _audit(actor, AuditEvent.TILTAK_ADDED, tiltak, pasient.pk, _tiltak_values(tiltak))
    return tiltak


@transaction.atomic
def tiltak_change(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    tiltak_id: uuid.UUID | str,
    fra: dt.date,
    tekst: str,
    ansvarlig_enhet_id: uuid.UUID | str,
    timeplan: Timeplan,
    slutt_dato: dt.date | None = None,
) -> Tiltak:
    """Change a running tiltak from `fra` (today or later): the old version ends the day
    before (status endret) and a new version starts on `fra`, so days before keep the
    old plan. Audited as TILTAK_CHANGED with old and new values."""
    pasient = _pasient(actor, pasient_id)
    old = _locked(actor, Tiltak.objects.select_related("plan"), tiltak_id, pasient)
    _active_plan(old.plan)
    if old.status != TiltakStatus.AKTIV:
        raise ApplicationError(_("Bare aktive tiltak kan endres."))
    if fra < _today():
        raise ValidationError({"fra": [_("En endring kan ikke gjelde fra en dag som er passert.")]})
    if old.slutt_dato is not None and fra > old.slutt_dato:
        raise ValidationError({"fra": [_("Tiltaket er avsluttet før denne datoen.")]})
    timeplan_validate(timeplan)
    _period(fra, slutt_dato)
    new = Tiltak(
        pasient_id=old.pasient_id,
        enhet_id=acting_enhet_id(),
        plan=old.plan,
        behov_id=old.behov_id,
        tekst=_text(tekst, "tekst", _("Beskriv tiltaket.")),
        ansvarlig_enhet=_enhet(ansvarlig_enhet_id),
        start_dato=fra,
        slutt_dato=slutt_dato,
        forrige=old,
        opprettet_av=actor,
    )
    _timeplan_apply(new, timeplan)
    before, after = _tiltak_values(old), _tiltak_values(new)
    changed = {k for k in before if before[k] != after[k]} - {"start_dato"}
    if not changed:
        raise ApplicationError(_("Ingen endringer å lagre."))
    old.slutt_dato = fra - dt.timedelta(days=1)
    old.status = TiltakStatus.ENDRET
    old.avsluttet_av = actor
    old.save(update_fields=["slutt_dato", "status", "avsluttet_av", "updated_at"])
    new.full_clean()
    new.save()
    _audit(
        actor,
        AuditEvent.TILTAK_CHANGED,
        new,
        pasient.pk,
        {"forrige": str(old.pk), "fra": fra.isoformat(), "for": before, "etter": after},
    )
    return new


@transaction.atomic
def tiltak_end(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    tiltak_id: uuid.UUID | str,
    slutt_dato: dt.date | None = None,
    grunn: str = "",
) -> Tiltak:
    """End a running tiltak after `slutt_dato` (the last day it is done; default today,
    yesterday at the earliest). Audited as TILTAK_ENDED with the old and new end date."""
    pasient = _pasient(actor, pasient_id)
    tiltak = _locked(actor, Tiltak.objects.select_related("plan"), tiltak_id, pasient)
    _active_plan(tiltak.plan)
    if tiltak.status != TiltakStatus.AKTIV:
        raise ApplicationError(_("Tiltaket er allerede avsluttet eller endret."))
    slutt = slutt_dato or _today()
    if slutt < _today() - dt.timedelta(days=1):
        raise ValidationError(
            {"slutt_dato": [_("Siste dag kan tidligst være i går (passerte dager endres ikke).")]}
        )
    old_slutt = tiltak.slutt_dato
    tiltak.slutt_dato = slutt if old_slutt is None else min(old_slutt, slutt)
    tiltak.status = TiltakStatus.AVSLUTTET
    tiltak.avsluttet_av = actor
    tiltak.avsluttet_grunn = grunn.strip()[:MAX_TEKST]
    tiltak.save(
        update_fields=["slutt_dato", "status", "avsluttet_av", "avsluttet_grunn", "updated_at"]
    )
    _audit(
        actor,
        AuditEvent.TILTAK_ENDED,
        tiltak,
        pasient.pk,
        {
            "for": {"slutt_dato": old_slutt.isoformat() if old_slutt else None},
            "etter": {"slutt_dato": tiltak.slutt_dato.isoformat()},
            "grunn": tiltak.avsluttet_grunn,
        },
    )
    return tiltak


# --- evaluations -----------------------------------------------------------------------------


@transaction.atomic
def evaluering_add(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    tekst: str,
    maal_id: uuid.UUID | str | None = None,
    tiltak_id: uuid.UUID | str | None = None,
    dato: dt.date | None = None,
    plan_id: uuid.UUID | str | None = None,
) -> Evaluering:
    """Write an evaluation of one goal or one tiltak (exactly one). The date cannot be in
    the future. Audited as EVALUERING_ADDED."""
    pasient = _pasient(actor, pasient_id)
    if bool(maal_id) == bool(tiltak_id):
        raise ValidationError({"hva": [_("Velg ett mål eller ett tiltak å evaluere.")]})
    maal = tiltak = None
    if maal_id:
        maal = access_scoped(
            actor,
            Maal.objects.select_related("plan").filter(pasient_id=pasient.pk),
            maal_id,
            action=Action.PLAN,
        )
        plan = maal.plan
    else:
        tiltak = access_scoped(
            actor,
            Tiltak.objects.select_related("plan").filter(pasient_id=pasient.pk),
            tiltak_id or "",
            action=Action.PLAN,
        )
        plan = tiltak.plan
    if plan_id is not None and str(plan.pk) != str(plan_id):
        raise NotFound  # the goal or tiltak belongs to another plan of the patient
    dag = dato or _today()
    if dag > _today():
        raise ValidationError({"dato": [_("Datoen kan ikke være fram i tid.")]})
    evaluering = Evaluering(
        pasient=pasient,
        enhet_id=acting_enhet_id(),
        plan=plan,
        maal=maal,
        tiltak=tiltak,
        dato=dag,
        tekst=_text(tekst, "tekst", _("Skriv evalueringen."), limit=MAX_EVALUERING),
        forfatter=actor,
    )
    evaluering.full_clean()
    evaluering.save()
    _audit(
        actor,
        AuditEvent.EVALUERING_ADDED,
        evaluering,
        pasient.pk,
        {"maal": str(maal.pk) if maal else None, "tiltak": str(tiltak.pk) if tiltak else None},
    )
    return evaluering
