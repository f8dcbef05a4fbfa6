"""Reads of care plans (tiltaksplan) and THE TASK-LIST INTERFACE.

`tiltak_forekomster` is what the home-care day lists and the nursing-home ward task lists
read: the occurrences of the scheduled tiltak of some responsible units over a date range,
for the patients the actor may see. It costs two queries whatever the range (one SELECT,
one INSERT of audit rows); the schedules are expanded in Python (journal.lib.timeplan).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from core.api.pagination import Side, side_fetch
from core.audit import AuditEvent, audit_log, audit_log_many
from core.exceptions import ApplicationError
from core.klokke import idag
from core.models import Action, Ansatt
from journal.access import (
    Tilgangsgrunnlag,
    access_basis,
    access_scoped,
    actor_can,
    pasient_access,
    restrict_scoped,
)
from journal.lib.timeplan import timeplan_dates, timeplan_words
from journal.models import (
    Behov,
    BehovStatus,
    Evaluering,
    Frekvens,
    Maal,
    Pasient,
    PlanStatus,
    Tiltak,
    Tiltaksplan,
)
from journal.selectors.pasient import Pasientvisning, pasient_get
from journal.services.tiltaksplan import tiltak_timeplan

# The longest range one call may expand (a quarter); task lists ask for a day or a week.
MAX_DAGER = 92
# Ended and replaced tiltak versions shown under a plan (newest first).
MAX_TIDLIGERE = 100
EVALUERINGER_PER_SIDE = 20


# --- the task-list interface -----------------------------------------------------------------


@dataclass(frozen=True)
class TiltakForekomst:
    """One occurrence of a scheduled tiltak: what to do for whom, on which day and when.

    `tidspunkt` is None for a tiltak due that day at no set time; `enhet_id` is the
    responsible unit; `varighet_min` the expected duration in minutes.
    """

    pasient_id: uuid.UUID
    pasient_navn: str
    tiltak_id: uuid.UUID
    dato: dt.date
    tidspunkt: dt.time | None
    varighet_min: int
    tekst: str
    enhet_id: uuid.UUID


def _expand(tiltak: Tiltak, fra: dt.date, til: dt.date) -> Iterable[TiltakForekomst]:
    plan = tiltak_timeplan(tiltak)
    navn = tiltak.pasient.fullt_navn
    times: tuple[dt.time | None, ...] = tuple(plan.tidspunkter) or (None,)
    dates = timeplan_dates(plan, start=tiltak.start_dato, slutt=tiltak.slutt_dato, fra=fra, til=til)
    for dato in dates:
        for tid in times:
            yield TiltakForekomst(
                pasient_id=tiltak.pasient_id,
                pasient_navn=navn,
                tiltak_id=tiltak.pk,
                dato=dato,
                tidspunkt=tid,
                varighet_min=tiltak.varighet_min,
                tekst=tiltak.tekst,
                enhet_id=tiltak.ansvarlig_enhet_id,
            )


def _order(f: TiltakForekomst) -> tuple[dt.date, dt.time, str, str, str]:
    return (f.dato, f.tidspunkt or dt.time.min, f.pasient_navn, f.tekst, str(f.tiltak_id))


def tiltak_forekomster_qs(
    *, actor: Ansatt | None, enhet_ids: Iterable[uuid.UUID], fra: dt.date, til: dt.date
) -> QuerySet[Tiltak]:
    """The tiltak versions of the units valid some day in [fra, til] that the actor may
    see (journal.access), with what expansion needs. No audit: see tiltak_forekomster."""
    return (
        restrict_scoped(
            Tiltak.objects.filter(ansvarlig_enhet_id__in=list(enhet_ids), start_dato__lte=til)
            .filter(Q(slutt_dato__isnull=True) | Q(slutt_dato__gte=fra))
            .exclude(frekvens=Frekvens.VED_BEHOV),
            actor,
            action=Action.VIEW,
        )
        .select_related("pasient")
        .only(
            "id",
            "pasient_id",
            "ansvarlig_enhet_id",
            "tekst",
            "frekvens",
            "intervall",
            "ukedager",
            "tidspunkter",
            "varighet_min",
            "start_dato",
            "slutt_dato",
            "pasient__fornavn",
            "pasient__mellomnavn",
            "pasient__etternavn",
            "pasient__sok_etternavn",
        )
    )


def tiltak_forekomster(
    *, actor: Ansatt | None, enhet_ids: Iterable[uuid.UUID], fra: dt.date, til: dt.date
) -> list[TiltakForekomst]:
    """Every occurrence in [fra, til] (both included) of the tiltak the units in
    `enhet_ids` are responsible for, sorted by day and time.

    Only patients the actor may see now (journal.access, acting unit); each tiltak
    version counts only inside its own start and end dates, so a tiltak changed inside
    the range gives the old schedule before the change and the new one from it. Tiltak
    "ved behov" have no occurrences. Audited: one TILTAK_FOREKOMSTER_LISTED row per
    patient listed. Two queries whatever the length of the range (at most MAX_DAGER).
    """
    if fra > til:
        raise ApplicationError(_("Fra-datoen må være før til-datoen."))
    if (til - fra).days >= MAX_DAGER:
        raise ApplicationError(_("Velg en periode på høyst %(n)s dager.") % {"n": MAX_DAGER})
    with transaction.atomic():
        tiltak = list(tiltak_forekomster_qs(actor=actor, enhet_ids=enhet_ids, fra=fra, til=til))
        forekomster = sorted((f for t in tiltak for f in _expand(t, fra, til)), key=_order)
        pasienter = {t.pasient_id: t.pasient for t in tiltak}
        listed = {f.pasient_id for f in forekomster}
        audit_log_many(
            actor=actor,
            event=AuditEvent.TILTAK_FOREKOMSTER_LISTED,
            targets=[pasienter[p] for p in sorted(listed)],
            extra={"fra": fra.isoformat(), "til": til.isoformat()},
        )
    return forekomster


# --- one plan --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tiltakvisning:
    """A tiltak with its schedule in words and whether it is due on `dag`."""

    tiltak: Tiltak
    dag: dt.date

    @property
    def timeplan_tekst(self) -> str:
        return timeplan_words(tiltak_timeplan(self.tiltak))

    @property
    def i_dag(self) -> bool:
        return any(
            timeplan_dates(
                tiltak_timeplan(self.tiltak),
                start=self.tiltak.start_dato,
                slutt=self.tiltak.slutt_dato,
                fra=self.dag,
                til=self.dag,
            )
        )

    @property
    def tidspunkter_tekst(self) -> str:
        return ", ".join(f"{t:%H:%M}" for t in sorted(self.tiltak.tidspunkter))


@dataclass(frozen=True)
class Behovvisning:
    behov: Behov
    maal: list[Maal]
    tiltak: list[Tiltakvisning]


@dataclass(frozen=True)
class Planvisning:
    """A plan with its problems → goals → current tiltak (valid today or later).

    `uten_behov` holds tiltak not tied to a problem; `tidligere` ended and replaced
    versions (newest first, at most MAX_TIDLIGERE; empty unless asked for).
    """

    plan: Tiltaksplan
    behov: list[Behovvisning]
    uten_behov: list[Tiltakvisning]
    tidligere: list[Tiltak] = field(default_factory=list)

    @property
    def aktive_behov(self) -> list[Behovvisning]:
        return [b for b in self.behov if b.behov.status == BehovStatus.AKTIV]

    @property
    def loeste_behov(self) -> list[Behovvisning]:
        return [b for b in self.behov if b.behov.status != BehovStatus.AKTIV]

    @property
    def alle_tiltak(self) -> list[Tiltakvisning]:
        return [t for b in self.behov for t in b.tiltak] + self.uten_behov

    @property
    def i_dag(self) -> list[Tiltakvisning]:
        """Tiltak due today, by first time of day."""
        due = [t for t in self.alle_tiltak if t.i_dag]
        return sorted(due, key=lambda t: min(t.tiltak.tidspunkter, default=dt.time.min))

    @property
    def alle_maal(self) -> list[Maal]:
        return [m for b in self.behov for m in b.maal]


def _current_tiltak(dag: dt.date) -> QuerySet[Tiltak]:
    return (
        Tiltak.objects.filter(Q(slutt_dato__isnull=True) | Q(slutt_dato__gte=dag))
        .select_related("ansvarlig_enhet")
        .order_by("start_dato", "created_at", "id")
    )


def plan_qs(dag: dt.date) -> QuerySet[Tiltaksplan]:
    """Plans with everything the plan view shows prefetched (four queries in all)."""
    return Tiltaksplan.objects.select_related(
        "koordinator", "opprettet_av", "enhet"
    ).prefetch_related(
        Prefetch(
            "behov", queryset=Behov.objects.select_related("kode").order_by("created_at", "id")
        ),
        Prefetch("maal", queryset=Maal.objects.order_by("created_at", "id")),
        Prefetch("tiltak", queryset=_current_tiltak(dag), to_attr="gjeldende_tiltak"),
    )


def planvisning_build(
    plan: Tiltaksplan, dag: dt.date, tidligere: list[Tiltak] | None = None
) -> Planvisning:
    """Group a plan loaded with plan_qs() for display (no queries)."""
    return planvisning_group(
        plan,
        list(plan.behov.all()),
        list(plan.maal.all()),
        plan.gjeldende_tiltak,  # type: ignore[attr-defined]
        dag,
        tidligere,
    )


def planvisning_group(
    plan: Tiltaksplan,
    behov_rows: Sequence[Behov],
    maal_rows: Sequence[Maal],
    tiltak_rows: Sequence[Tiltak],
    dag: dt.date,
    tidligere: list[Tiltak] | None = None,
) -> Planvisning:
    """A plan's problems, goals and current tiltak (in plan_qs() order) grouped for display."""
    maal_by_behov: dict[uuid.UUID, list[Maal]] = {}
    for m in maal_rows:
        maal_by_behov.setdefault(m.behov_id, []).append(m)
    tiltak_by_behov: dict[uuid.UUID | None, list[Tiltakvisning]] = {}
    for t in tiltak_rows:
        tiltak_by_behov.setdefault(t.behov_id, []).append(Tiltakvisning(t, dag))
    behov = [
        Behovvisning(b, maal_by_behov.get(b.pk, []), tiltak_by_behov.get(b.pk, []))
        for b in behov_rows
    ]
    return Planvisning(
        plan=plan, behov=behov, uten_behov=tiltak_by_behov.get(None, []), tidligere=tidligere or []
    )


def tiltaksplan_active_for(pasient_id: uuid.UUID, dag: dt.date | None = None) -> Planvisning | None:
    """The patient's active plan, grouped (four queries; one when there is none).

    Call only after access to the patient has been checked; the caller audits the read.
    """
    dag = dag or idag()
    plan = plan_qs(dag).filter(pasient_id=pasient_id, status=PlanStatus.AKTIV).first()
    return planvisning_build(plan, dag) if plan is not None else None


def _tidligere(plan: Tiltaksplan, dag: dt.date) -> list[Tiltak]:
    rows = (
        Tiltak.objects.filter(plan=plan)
        .exclude(pk__in=[t.pk for t in plan.gjeldende_tiltak])  # type: ignore[attr-defined]
        .select_related("ansvarlig_enhet", "behov")
        .order_by("-start_dato", "-created_at", "-id")
    )
    return list(rows[:MAX_TIDLIGERE])


@dataclass(frozen=True)
class Tiltaksplanside:
    """The plan page: the banner, one plan (the active one unless asked for), the plan's
    evaluations (one page) and what the person may do."""

    visning: Pasientvisning
    plan: Planvisning | None
    evalueringer: Side[Evaluering] | None
    kan_planlegge: bool

    @property
    def tilgang(self) -> Tilgangsgrunnlag:
        return self.visning.tilgang


def _audit_read(actor: Ansatt, visning: Pasientvisning, plan: Tiltaksplan | None) -> None:
    audit_log(
        actor=actor,
        event=AuditEvent.TILTAKSPLAN_READ,
        target=plan or visning.pasient,
        pasient_id=visning.pasient.pk,
        grunnlag=visning.tilgang.kode,
        begrunnelse=visning.tilgang.begrunnelse,
    )


def tiltaksplanside_get(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    plan_id: uuid.UUID | str | None = None,
    evaluering_side: int = 1,
) -> Tiltaksplanside:
    """The active plan (or the plan `plan_id` of this patient) with its history of tiltak
    versions and a page of evaluations. NotFound for a missing or not allowed patient or
    plan alike. Audited: the patient read (banner) and TILTAKSPLAN_READ."""
    visning = pasient_get(actor=actor, pasient_id=pasient_id)
    pk = visning.pasient.pk
    dag = idag()
    with transaction.atomic():
        queryset = plan_qs(dag).filter(pasient_id=pk)
        if plan_id is None:
            plan = queryset.filter(status=PlanStatus.AKTIV).first()
        else:
            plan = access_scoped(actor, queryset, plan_id, action=Action.VIEW)
        evalueringer = None
        planvisning = None
        if plan is not None:
            planvisning = planvisning_build(plan, dag, _tidligere(plan, dag))
            evalueringer = side_fetch(
                Evaluering.objects.filter(plan=plan).select_related("forfatter", "maal", "tiltak"),
                nummer=evaluering_side,
                storrelse=EVALUERINGER_PER_SIDE,
            )
        _audit_read(actor, visning, plan)
    return Tiltaksplanside(
        visning=visning,
        plan=planvisning,
        evalueringer=evalueringer,
        kan_planlegge=actor_can(actor, Action.PLAN),
    )


def tiltaksplan_get(
    *, actor: Ansatt, pasient_id: uuid.UUID | str, plan_id: uuid.UUID | str | None = None
) -> Planvisning | None:
    """One plan of the patient for the API (the active one when `plan_id` is None; None
    if there is none). NotFound for missing and not allowed alike; audited."""
    with transaction.atomic():
        pasient = pasient_access(actor, pasient_id, action=Action.VIEW, fields=("id",))
        dag = idag()
        queryset = plan_qs(dag).filter(pasient_id=pasient.pk)
        if plan_id is None:
            plan = queryset.filter(status=PlanStatus.AKTIV).first()
        else:
            plan = access_scoped(actor, queryset, plan_id, action=Action.VIEW)
        basis = access_basis(actor, pasient.pk)
        audit_log(
            actor=actor,
            event=AuditEvent.TILTAKSPLAN_READ,
            target=plan or pasient,
            pasient_id=pasient.pk,
            grunnlag=basis.kode,
            begrunnelse=basis.begrunnelse,
        )
    return planvisning_build(plan, dag, _tidligere(plan, dag)) if plan is not None else None


def tiltaksplaner_for_pasient(
    *, actor: Ansatt, pasient_id: uuid.UUID | str, side: int = 1, storrelse: int = 20
) -> tuple[Pasient, Side[Tiltaksplan]]:
    """The patient's plans, newest first (the plan history), one page. Audited."""
    with transaction.atomic():
        pasient = pasient_access(actor, pasient_id, action=Action.VIEW)
        page = side_fetch(
            Tiltaksplan.objects.filter(pasient=pasient).select_related(
                "koordinator", "opprettet_av", "avsluttet_av", "enhet"
            ),
            nummer=side,
            storrelse=storrelse,
        )
        basis = access_basis(actor, pasient.pk)
        audit_log(
            actor=actor,
            event=AuditEvent.TILTAKSPLAN_READ,
            target=pasient,
            pasient_id=pasient.pk,
            grunnlag=basis.kode,
            begrunnelse=basis.begrunnelse,
            extra={"historikk": True, "side": side},
        )
    return pasient, page


def evalueringer_for_plan(
    *, actor: Ansatt, pasient_id: uuid.UUID | str, plan_id: uuid.UUID | str, side: int = 1
) -> Side[Evaluering]:
    """One page of a plan's evaluations, newest first. NotFound alike; audited."""
    with transaction.atomic():
        plan = access_scoped(
            actor,
            Tiltaksplan.objects.filter(pasient_id=_uuid(pasient_id)),
            plan_id,
            action=Action.VIEW,
        )
        page = side_fetch(
            Evaluering.objects.filter(plan=plan).select_related("forfatter"),
            nummer=side,
            storrelse=EVALUERINGER_PER_SIDE,
        )
        audit_log(
            actor=actor,
            event=AuditEvent.TILTAKSPLAN_READ,
            target=plan,
            pasient_id=plan.pasient_id,
            extra={"evalueringer": True, "side": side},
        )
    return page


def _uuid(value: uuid.UUID | str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return uuid.UUID(int=0)  # matches no row: the same NotFound


def planvalg_get(*, actor: Ansatt, pasient_id: uuid.UUID | str) -> Pasientvisning:
    """The patient for a plan form page (404 alike; audited as a patient read)."""
    return pasient_get(actor=actor, pasient_id=pasient_id)


def tiltak_for_change(
    *, actor: Ansatt, pasient_id: uuid.UUID | str, tiltak_id: uuid.UUID | str
) -> tuple[Pasientvisning, Tiltak]:
    """A running tiltak for the change form (NotFound alike; audited as a plan read)."""
    visning = pasient_get(actor=actor, pasient_id=pasient_id)
    with transaction.atomic():
        tiltak = access_scoped(
            actor,
            Tiltak.objects.filter(pasient_id=visning.pasient.pk).select_related(
                "ansvarlig_enhet", "plan", "behov"
            ),
            tiltak_id,
            action=Action.VIEW,
        )
        _audit_read(actor, visning, tiltak.plan)
    return visning, tiltak
