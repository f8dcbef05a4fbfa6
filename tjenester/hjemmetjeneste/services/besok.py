"""Writes of home care: visits generated from plans, the day list (assignment, order,
route), check-in/out, tasks, notes, vitals and deviations from a visit, missed-visit alerts.

Every write checks a right (journal.access) and is audited in its own transaction.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log, audit_log_many
from core.context import context_get
from core.exceptions import ApplicationError, NotFound
from core.models import Action, Ansatt, Enhet, EnhetType
from journal.access import (
    access_basis,
    access_scoped,
    actor_can,
    actor_require,
    restrict_scoped,
)
from journal.models import Journalnotat, Pasient
from journal.selectors.tiltaksplan import tiltak_forekomster
from journal.services import journalnotat_create, journalnotat_sign
from journal.services.notat import notattyper_for_enhet
from tjenester.hjemmetjeneste import rute
from tjenester.hjemmetjeneste.models import (
    Adressepunkt,
    Avvik,
    AvvikKategori,
    Besok,
    Besoksoppgave,
    BesokStatus,
    Vakt,
)
from tjenester.hjemmetjeneste.selectors import (
    STANDARD_PUNKT,
    ansatte_for_tildeling,
    besok_stopp,
)

# Occurrences of one patient's plan tiltak this close to the first of a group make one visit.
GRUPPE_MIN = 60
VINDU_FOR_MIN = 30  # the visit window opens this long before the first task's time
VINDU_ETTER_MIN = 30  # and closes this long after the last one
DAG_VINDU = (dt.time(9, 0), dt.time(15, 0))  # tasks due "some time that day"
DAG_NOKKEL = "dag"
MAX_GRUNN = 300
MAX_NOTAT = 2000
NOTATTYPE = "sykepleienotat"
NOTAT_OVERSKRIFT = "Observasjon"


class Forekomst(Protocol):
    """One occurrence of a scheduled plan tiltak (journal.selectors.TiltakForekomst)."""

    @property
    def pasient_id(self) -> uuid.UUID: ...
    @property
    def tiltak_id(self) -> uuid.UUID: ...
    @property
    def dato(self) -> dt.date: ...
    @property
    def tidspunkt(self) -> dt.time | None: ...
    @property
    def varighet_min(self) -> int: ...
    @property
    def tekst(self) -> str: ...
    @property
    def enhet_id(self) -> uuid.UUID: ...


ForekomstKilde = Callable[[Ansatt | None, list[uuid.UUID], dt.date, dt.date], Sequence[Forekomst]]


def plan_forekomster(
    actor: Ansatt | None, enhet_ids: list[uuid.UUID], fra: dt.date, til: dt.date
) -> Sequence[Forekomst]:
    """The occurrences of the units' scheduled plan tiltak (journal's task-list interface),
    of the patients the actor (None: the system) may see."""
    return tiltak_forekomster(actor=actor, enhet_ids=enhet_ids, fra=fra, til=til)


# --- helpers ---------------------------------------------------------------------------------


def _acting_enhet_id() -> uuid.UUID:
    ctx = context_get()
    if ctx is None or ctx.enhet_id is None:
        raise NotFound
    return ctx.enhet_id


def _minutes(tid: dt.time) -> int:
    return tid.hour * 60 + tid.minute


def _time(minutes: int) -> dt.time:
    minutes = max(0, min(minutes, 24 * 60 - 1))
    return dt.time(minutes // 60, minutes % 60)


def besok_qs() -> QuerySet[Besok]:
    return Besok.objects.select_related("pasient", "ansatt", "enhet")


def besok_lock(actor: Ansatt | None, besok_id: uuid.UUID | str, action: Action) -> Besok:
    """The visit, locked, when the actor may use it: a visit of the acting district or on the
    actor's own list, of a patient the actor may see. NotFound for missing and not allowed."""
    actor_require(actor, action)
    scope = Q(enhet_id=_acting_enhet_id())
    if actor is not None:
        scope |= Q(ansatt_id=actor.pk)
    qs = Besok.objects.select_for_update(of=("self",)).select_related("pasient").filter(scope)
    return access_scoped(actor, qs, besok_id, action=action)


def _audit(actor: Ansatt | None, event: AuditEvent, besok: Besok, **extra: object) -> None:
    basis = access_basis(actor, besok.pasient_id)
    audit_log(
        actor=actor,
        event=event,
        target=besok,
        pasient_id=besok.pasient_id,
        grunnlag=basis.kode,
        begrunnelse=basis.begrunnelse,
        extra=dict(extra) or None,
    )


# --- generation from plans -------------------------------------------------------------------


@dataclass
class _Gruppe:
    pasient_id: uuid.UUID
    dato: dt.date
    nokkel: str
    fra_min: int
    til_min: int
    varighet: int
    oppgaver: list[Forekomst]

    def fra_tid(self) -> dt.time:
        return _time(self.fra_min)

    def til_tid(self) -> dt.time:
        return _time(max(self.til_min, self.fra_min + 1))


def besok_grupper(forekomster: Iterable[Forekomst]) -> list[_Gruppe]:
    """Group one district's occurrences into visits: per patient and day, occurrences within
    GRUPPE_MIN of the first of a group go together; tasks due some time that day join the
    patient's first visit that day (or get a daytime visit of their own)."""
    per_dag: dict[tuple[uuid.UUID, dt.date], list[Forekomst]] = defaultdict(list)
    for f in forekomster:
        per_dag[(f.pasient_id, f.dato)].append(f)
    grupper: list[_Gruppe] = []
    for (pasient_id, dato), items in sorted(per_dag.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        timed = sorted(
            (f for f in items if f.tidspunkt is not None),
            key=lambda f: (_minutes(f.tidspunkt), f.tekst),  # type: ignore[arg-type]
        )
        untimed = [f for f in items if f.tidspunkt is None]
        day: list[_Gruppe] = []
        for f in timed:
            at = _minutes(f.tidspunkt)  # type: ignore[arg-type]
            if day and at - day[-1].fra_min - VINDU_FOR_MIN <= GRUPPE_MIN:
                gruppe = day[-1]
                gruppe.til_min = max(gruppe.til_min, at + VINDU_ETTER_MIN)
                gruppe.varighet += f.varighet_min
                gruppe.oppgaver.append(f)
            else:
                day.append(
                    _Gruppe(
                        pasient_id,
                        dato,
                        f"{f.tidspunkt:%H%M}",
                        at - VINDU_FOR_MIN,
                        at + VINDU_ETTER_MIN,
                        f.varighet_min,
                        [f],
                    )
                )
        if untimed:
            if not day:
                day.append(
                    _Gruppe(
                        pasient_id,
                        dato,
                        DAG_NOKKEL,
                        _minutes(DAG_VINDU[0]),
                        _minutes(DAG_VINDU[1]),
                        0,
                        [],
                    )
                )
            for f in untimed:
                day[0].varighet += f.varighet_min
                day[0].oppgaver.append(f)
        grupper.extend(day)
    for g in grupper:
        g.fra_min = max(0, g.fra_min)
        g.varighet = max(5, g.varighet)
    return grupper


@dataclass(frozen=True)
class Genereringsresultat:
    opprettet: int
    endret: int
    fjernet: int
    uendret: int


def _modifiable(besok: Besok, naa: dt.datetime) -> bool:
    """Only future visits that nobody has started may follow a changed plan."""
    return (
        besok.status == BesokStatus.PLANLAGT
        and besok.innsjekk_at is None
        and besok.start_at() > naa
    )


def _sync_oppgaver(besok: Besok, gruppe: _Gruppe) -> bool:
    existing = {o.tiltak_id: o for o in besok.oppgaver.all() if o.tiltak_id is not None}
    wanted = {f.tiltak_id: f for f in gruppe.oppgaver}
    changed = False
    gone = [o.pk for t, o in existing.items() if t not in wanted]
    if gone:
        Besoksoppgave.objects.filter(pk__in=gone).delete()
        changed = True
    for tiltak_id, f in wanted.items():
        oppgave = existing.get(tiltak_id)
        if oppgave is None:
            Besoksoppgave.objects.create(
                besok=besok, tiltak_id=tiltak_id, tekst=f.tekst[:500], tidspunkt=f.tidspunkt
            )
            changed = True
        elif (oppgave.tekst, oppgave.tidspunkt) != (f.tekst[:500], f.tidspunkt):
            oppgave.tekst, oppgave.tidspunkt = f.tekst[:500], f.tidspunkt
            oppgave.save(update_fields=["tekst", "tidspunkt", "updated_at"])
            changed = True
    return changed


@transaction.atomic
def besok_generer(
    *,
    enhet_id: uuid.UUID,
    fra: dt.date,
    til: dt.date,
    actor: Ansatt | None = None,
    naa: dt.datetime | None = None,
    kilde: ForekomstKilde | None = None,
) -> Genereringsresultat:
    """Make the district's visits for [fra, til] match the plans (idempotent).

    Re-running never duplicates a visit (one per patient, day and slot, also enforced by a
    unique constraint). A changed plan updates, adds or removes only *future* visits that
    are still planned and not checked in (start of window after `naa`, default now); visits
    in the past, started or done are never touched. Runs as the system (actor=None) from the
    nightly task, or as a person with the PLAN right in the district. Runs for one district
    at a time (transaction-level advisory lock). Audited: BESOK_PLANNED for each visit made
    or changed, BESOK_REMOVED for each removed.
    """
    actor_require(actor, Action.PLAN)
    if fra > til:
        raise ApplicationError(_("Fra-datoen må være før til-datoen."))
    naa = naa or timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"besok:{enhet_id}"])
    forekomster = (kilde or plan_forekomster)(actor, [enhet_id], fra, til)
    grupper = {(g.pasient_id, g.dato, g.nokkel): g for g in besok_grupper(forekomster)}
    existing = {
        (b.pasient_id, b.dato, b.kilde_nokkel): b
        for b in Besok.objects.filter(enhet_id=enhet_id, dato__gte=fra, dato__lte=til)
        .exclude(kilde_nokkel="")
        .prefetch_related("oppgaver")
        .select_for_update(of=("self",))
    }
    planned: list[Besok] = []
    removed: list[Besok] = []
    uendret = 0
    new: list[tuple[Besok, _Gruppe]] = []
    for key, gruppe in grupper.items():
        besok = existing.get(key)
        if besok is None:
            besok = Besok(
                pasient_id=gruppe.pasient_id,
                enhet_id=enhet_id,
                dato=gruppe.dato,
                fra_tid=gruppe.fra_tid(),
                til_tid=gruppe.til_tid(),
                varighet_min=gruppe.varighet,
                kilde_nokkel=gruppe.nokkel,
                rekkefolge=gruppe.fra_min,
            )
            if not _modifiable(besok, naa):
                continue  # the slot is already past: a plan never makes visits backwards
            # foreign keys and constraints are checked by PostgreSQL at the bulk insert below
            besok.clean_fields(exclude=["pasient", "enhet"])
            new.append((besok, gruppe))
            continue
        if not _modifiable(besok, naa):
            uendret += 1
            continue
        fields = {
            "fra_tid": gruppe.fra_tid(),
            "til_tid": gruppe.til_tid(),
            "varighet_min": gruppe.varighet,
        }
        changed = [name for name, value in fields.items() if getattr(besok, name) != value]
        for name in changed:
            setattr(besok, name, fields[name])
        if changed:
            besok.full_clean()
            besok.save(update_fields=[*changed, "updated_at"])
        if _sync_oppgaver(besok, gruppe) or changed:
            planned.append(besok)
        else:
            uendret += 1
    Besok.objects.bulk_create([b for b, _g in new])
    Besoksoppgave.objects.bulk_create(
        [
            Besoksoppgave(
                besok=b, tiltak_id=f.tiltak_id, tekst=f.tekst[:500], tidspunkt=f.tidspunkt
            )
            for b, g in new
            for f in {f.tiltak_id: f for f in g.oppgaver}.values()
        ]
    )
    planned.extend(b for b, _g in new)
    opprettet = len(new)
    for key, besok in existing.items():
        if key not in grupper:
            if _modifiable(besok, naa):
                removed.append(besok)
            else:
                uendret += 1
    if removed:
        audit_log_many(actor=actor, event=AuditEvent.BESOK_REMOVED, targets=removed)
        Besok.objects.filter(pk__in=[b.pk for b in removed]).delete()
    if planned:
        audit_log_many(actor=actor, event=AuditEvent.BESOK_PLANNED, targets=planned)
    return Genereringsresultat(
        opprettet=opprettet,
        endret=len(planned) - opprettet,
        fjernet=len(removed),
        uendret=uendret,
    )


def hjemmetjeneste_enheter() -> list[uuid.UUID]:
    """The home-care districts that have visits planned: the active district units."""
    return list(
        Enhet.objects.filter(aktiv=True, type=EnhetType.HJEMMETJENESTE_SONE).values_list(
            "pk", flat=True
        )
    )


# --- the day list ----------------------------------------------------------------------------


def _same_list(enhet_id: uuid.UUID, dato: dt.date, ansatt_id: uuid.UUID | None) -> Q:
    """The visits of one person's list that day (or of the unassigned list)."""
    if ansatt_id is None:
        return Q(enhet_id=enhet_id, dato=dato, ansatt__isnull=True)
    return Q(enhet_id=enhet_id, dato=dato, ansatt_id=ansatt_id)


@transaction.atomic
def besok_tildel(*, actor: Ansatt, besok_id: uuid.UUID | str, ansatt_id: uuid.UUID | None) -> Besok:
    """Give a planned visit to a member of staff of the district (None: unassign). The visit
    goes to the end of that person's list. Audited (BESOK_ASSIGNED, from and to)."""
    besok = besok_lock(actor, besok_id, Action.PLAN)
    if besok.status not in (BesokStatus.PLANLAGT, BesokStatus.PAAGAAR):
        raise ApplicationError(_("Bare planlagte besøk kan tildeles på nytt."))
    if ansatt_id is not None and not (
        ansatte_for_tildeling(besok.enhet_id, besok.dato).filter(pk=ansatt_id).exists()
    ):
        raise ValidationError({"ansatt": [_("Velg en ansatt i distriktet som kan utføre besøk.")]})
    old = besok.ansatt_id
    last = (
        Besok.objects.filter(_same_list(besok.enhet_id, besok.dato, ansatt_id))
        .exclude(pk=besok.pk)
        .order_by("-rekkefolge")
        .values_list("rekkefolge", flat=True)
        .first()
    )
    besok.ansatt_id = ansatt_id
    besok.rekkefolge = (last or 0) + 1
    besok.save(update_fields=["ansatt", "rekkefolge", "updated_at"])
    _audit(
        actor,
        AuditEvent.BESOK_ASSIGNED,
        besok,
        fra=str(old) if old else None,
        til=str(ansatt_id) if ansatt_id else None,
    )
    return besok


@transaction.atomic
def besok_flytt(*, actor: Ansatt, besok_id: uuid.UUID | str, retning: str) -> Besok:
    """Move a visit one place up or down in its staff member's list (or the unassigned
    list) for the day. Audited (BESOK_REORDERED)."""
    if retning not in ("opp", "ned"):
        raise ApplicationError(_("Ukjent retning."))
    besok = besok_lock(actor, besok_id, Action.PLAN)
    liste = list(
        Besok.objects.select_for_update()
        .filter(_same_list(besok.enhet_id, besok.dato, besok.ansatt_id))
        .exclude(status=BesokStatus.AVLYST)
        .order_by("rekkefolge", "fra_tid", "id")
    )
    i = next(k for k, b in enumerate(liste) if b.pk == besok.pk)
    j = i - 1 if retning == "opp" else i + 1
    if 0 <= j < len(liste):
        liste[i], liste[j] = liste[j], liste[i]
    for number, b in enumerate(liste, start=1):
        b.rekkefolge = number
    Besok.objects.bulk_update(liste, ["rekkefolge"])
    _audit(actor, AuditEvent.BESOK_REORDERED, besok, retning=retning)
    besok.rekkefolge = next(b.rekkefolge for b in liste if b.pk == besok.pk)
    return besok


def _punkter(besok: Sequence[Besok]) -> dict[uuid.UUID, rute.Punkt]:
    rows = Adressepunkt.objects.filter(
        pasient_id__in={b.pasient_id for b in besok}, enhet_id__in={b.enhet_id for b in besok}
    ).values_list("pasient_id", "lat", "lon")
    return {p: rute.Punkt(lat, lon) for p, lat, lon in rows}


def _depot(punkter: Iterable[rute.Punkt]) -> rute.Punkt:
    points = list(punkter)
    if not points:
        return STANDARD_PUNKT
    return rute.Punkt(
        sum(p.lat for p in points) / len(points), sum(p.lon for p in points) / len(points)
    )


def vakter_for(enhet_id: uuid.UUID, dato: dt.date) -> list[Vakt]:
    return list(
        Vakt.objects.filter(enhet_id=enhet_id, dato=dato)
        .select_related("ansatt")
        .order_by("fra_tid", "ansatt__first_name", "id")
    )


@dataclass(frozen=True)
class Optimalisering:
    besok: int
    ansatte: int
    forsinkelse_min: float
    reisetid_min: float
    reisetid_for_min: float


@transaction.atomic
def dagsliste_optimaliser(*, actor: Ansatt, dato: dt.date, fordel: bool = True) -> Optimalisering:
    """Plan the acting district's routes for the day (rute.optimise).

    Only planned visits not checked in are moved. With `fordel`, they are split among the
    staff on shift that day (Vakt; without shifts, the staff who already have visits, else
    every member of staff who may do visits); without, each person's own list is re-ordered
    and unassigned visits stay unassigned. Audited (BESOK_ROUTE_OPTIMISED per visit).
    """
    actor_require(actor, Action.PLAN)
    enhet_id = _acting_enhet_id()
    besok = list(
        access_qs_for_update(actor, enhet_id, dato).filter(
            status=BesokStatus.PLANLAGT, innsjekk_at__isnull=True
        )
    )
    if not besok:
        return Optimalisering(0, 0, 0.0, 0.0, 0.0)
    punkter = _punkter(besok)
    depot = _depot(punkter.values())
    by_id = {str(b.pk): b for b in besok}
    vakter = vakter_for(enhet_id, dato)
    skift: list[rute.Ansattskift]
    if fordel:
        if vakter:
            skift = [
                rute.Ansattskift(str(v.ansatt_id), _minutes(v.fra_tid), _minutes(v.til_tid), depot)
                for v in vakter
            ]
        else:
            ids = sorted({b.ansatt_id for b in besok if b.ansatt_id}, key=str) or list(
                ansatte_for_tildeling(enhet_id, dato).values_list("pk", flat=True)
            )
            skift = [rute.Ansattskift(str(i), 0, 24 * 60, depot) for i in ids]
        groups = [besok]
    else:
        per: dict[uuid.UUID | None, list[Besok]] = defaultdict(list)
        for b in besok:
            per[b.ansatt_id].append(b)
        groups = list(per.values())
        skift = []
    before = 0.0
    late = travel = 0.0
    staff_used: set[str] = set()
    for group in groups:
        stopp = besok_stopp(sorted(group, key=lambda b: (b.rekkefolge, b.fra_tid)), punkter)
        if fordel:
            shifts = skift or [rute.Ansattskift("", 0, 24 * 60, depot)]
        else:
            owner = group[0].ansatt_id
            shifts = [rute.Ansattskift(str(owner) if owner else "", 0, 24 * 60, depot)]
        before += rute.evaluate(shifts[0], stopp, rute.Reisetider()).reisetid
        for r in rute.optimise(stopp, shifts):
            evaluering = rute.evaluate(r.skift, r.stopp, rute.Reisetider())
            late += evaluering.forsinkelse
            travel += evaluering.reisetid
            if r.stopp:
                staff_used.add(r.skift.id)
            for number, s in enumerate(r.stopp, start=1):
                b = by_id[s.id]
                b.rekkefolge = number
                if fordel and r.skift.id:
                    b.ansatt_id = uuid.UUID(r.skift.id)
    Besok.objects.bulk_update(besok, ["rekkefolge", "ansatt"])
    audit_log_many(
        actor=actor,
        event=AuditEvent.BESOK_ROUTE_OPTIMISED,
        targets=besok,
        extra={"dato": dato.isoformat(), "fordel": fordel},
    )
    return Optimalisering(len(besok), len(staff_used - {""}), late, travel, before)


def access_qs_for_update(actor: Ansatt, enhet_id: uuid.UUID, dato: dt.date) -> QuerySet[Besok]:
    return restrict_scoped(
        Besok.objects.select_for_update(of=("self",)).filter(enhet_id=enhet_id, dato=dato),
        actor,
        action=Action.PLAN,
    )


# --- on the visit ----------------------------------------------------------------------------


@transaction.atomic
def besok_sjekk_inn(*, actor: Ansatt, besok_id: uuid.UUID | str) -> Besok:
    """Record arrival: the visit is under way, done by the actor (given to them if it was
    nobody's). Audited (BESOK_CHECKED_IN)."""
    besok = besok_lock(actor, besok_id, Action.REGISTER_VISIT)
    if besok.status != BesokStatus.PLANLAGT or besok.innsjekk_at is not None:
        raise ApplicationError(_("Besøket er allerede startet eller avsluttet."))
    besok.innsjekk_at = timezone.now()
    besok.status = BesokStatus.PAAGAAR
    besok.utfort_av = actor
    if besok.ansatt_id is None:
        besok.ansatt = actor
    besok.save(update_fields=["innsjekk_at", "status", "utfort_av", "ansatt", "updated_at"])
    _audit(actor, AuditEvent.BESOK_CHECKED_IN, besok, forsinket=besok.varslet_at is not None)
    return besok


@transaction.atomic
def besok_sjekk_ut(*, actor: Ansatt, besok_id: uuid.UUID | str) -> Besok:
    """Record departure: the visit is done and its actual minutes (at least 1) are kept
    for payroll and invoicing. Audited (BESOK_CHECKED_OUT with the minutes)."""
    besok = besok_lock(actor, besok_id, Action.REGISTER_VISIT)
    if besok.status != BesokStatus.PAAGAAR or besok.innsjekk_at is None:
        raise ApplicationError(_("Sjekk inn på besøket før du sjekker ut."))
    now = timezone.now()
    besok.utsjekk_at = now
    besok.faktisk_min = max(1, round((now - besok.innsjekk_at).total_seconds() / 60))
    besok.status = BesokStatus.UTFORT
    besok.save(update_fields=["utsjekk_at", "faktisk_min", "status", "updated_at"])
    _audit(actor, AuditEvent.BESOK_CHECKED_OUT, besok, minutter=besok.faktisk_min)
    return besok


@transaction.atomic
def besok_ikke_utfort(*, actor: Ansatt, besok_id: uuid.UUID | str, grunn: str) -> Besok:
    """Record that a planned visit could not be done (nobody home, admitted …); a reason
    is required. Audited (BESOK_CHECKED_OUT with the reason)."""
    besok = besok_lock(actor, besok_id, Action.REGISTER_VISIT)
    grunn = _reason(grunn, _("Skriv hvorfor besøket ikke ble utført."))
    if besok.status not in (BesokStatus.PLANLAGT, BesokStatus.PAAGAAR):
        raise ApplicationError(_("Besøket er allerede avsluttet."))
    besok.status = BesokStatus.IKKE_UTFORT
    besok.ikke_utfort_grunn = grunn
    besok.utfort_av = actor
    besok.save(update_fields=["status", "ikke_utfort_grunn", "utfort_av", "updated_at"])
    _audit(actor, AuditEvent.BESOK_CHECKED_OUT, besok, ikke_utfort=grunn)
    return besok


def _reason(grunn: str, missing: str) -> str:
    grunn = grunn.strip()
    if not grunn:
        raise ValidationError({"grunn": [missing]})
    if len(grunn) > MAX_GRUNN:
        raise ValidationError(
            {"grunn": [_("Grunnen kan være høyst %(n)s tegn.") % {"n": MAX_GRUNN}]}
        )
    return grunn


@transaction.atomic
def oppgave_registrer(
    *,
    actor: Ansatt,
    besok_id: uuid.UUID | str,
    oppgave_id: uuid.UUID | str,
    utfort: bool,
    grunn: str = "",
) -> Besoksoppgave:
    """Tick a task of the visit as done, or not done with a reason (may be changed until
    the visit is closed). Audited (BESOK_OPPGAVE_TICKED)."""
    besok = besok_lock(actor, besok_id, Action.REGISTER_VISIT)
    if besok.status in (BesokStatus.AVLYST, BesokStatus.IKKE_UTFORT):
        raise ApplicationError(_("Besøket er avlyst eller ikke utført."))
    try:
        oppgave = Besoksoppgave.objects.select_for_update().get(
            pk=uuid.UUID(str(oppgave_id)), besok=besok
        )
    except (Besoksoppgave.DoesNotExist, ValueError) as exc:
        raise NotFound from exc
    oppgave.utfort = utfort
    oppgave.grunn = "" if utfort else _reason(grunn, _("Skriv hvorfor oppgaven ikke ble gjort."))
    oppgave.registrert_av = actor
    oppgave.registrert_at = timezone.now()
    oppgave.save(update_fields=["utfort", "grunn", "registrert_av", "registrert_at", "updated_at"])
    _audit(
        actor,
        AuditEvent.BESOK_OPPGAVE_TICKED,
        besok,
        oppgave=str(oppgave.pk),
        utfort=utfort,
        grunn=oppgave.grunn,
    )
    return oppgave


@transaction.atomic
def besok_notat_create(*, actor: Ansatt, besok_id: uuid.UUID | str, tekst: str) -> Journalnotat:
    """A short nursing note from the visit, written and signed in one step through the
    journal's note services (which check rights and audit)."""
    besok = besok_lock(actor, besok_id, Action.REGISTER_VISIT)
    tekst = tekst.strip()
    if not tekst:
        raise ValidationError({"tekst": [_("Skriv notatet før du lagrer.")]})
    if len(tekst) > MAX_NOTAT:
        raise ValidationError(
            {"tekst": [_("Notatet kan være høyst %(n)s tegn.") % {"n": MAX_NOTAT}]}
        )
    notattype = notattyper_for_enhet(_acting_enhet_id()).filter(kode=NOTATTYPE).first()
    if notattype is None:
        raise ApplicationError(_("Enheten kan ikke skrive sykepleienotat."))
    notat = journalnotat_create(
        actor=actor,
        pasient_id=besok.pasient_id,
        type_id=notattype.pk,
        tittel=_("Hjemmebesøk %(dato)s") % {"dato": f"{besok.dato:%d.%m.%Y}"},
        innhold={NOTAT_OVERSKRIFT: tekst},
    )
    return journalnotat_sign(actor=actor, notat_id=notat.pk, lasversjon=notat.lasversjon)


@transaction.atomic
def avvik_create(*, actor: Ansatt, besok_id: uuid.UUID | str, kategori: str, tekst: str) -> Avvik:
    """Report a deviation from a visit to the district leader. Audited (AVVIK_CREATED)."""
    besok = besok_lock(actor, besok_id, Action.REGISTER_VISIT)
    tekst = tekst.strip()
    errors: dict[str, list[str]] = {}
    if kategori not in AvvikKategori.values:
        errors["kategori"] = [_("Velg en kategori.")]
    if not tekst:
        errors["tekst"] = [_("Beskriv hva som skjedde.")]
    if errors:
        raise ValidationError(errors)
    avvik = Avvik(
        pasient_id=besok.pasient_id,
        enhet_id=besok.enhet_id,
        besok=besok,
        kategori=kategori,
        tekst=tekst,
        meldt_av=actor,
    )
    avvik.full_clean()
    avvik.save()
    basis = access_basis(actor, besok.pasient_id)
    audit_log(
        actor=actor,
        event=AuditEvent.AVVIK_CREATED,
        target=avvik,
        pasient_id=besok.pasient_id,
        grunnlag=basis.kode,
        extra={"besok": str(besok.pk), "kategori": kategori},
    )
    return avvik


# --- master data: address points and shifts ---------------------------------------------------


@transaction.atomic
def adressepunkt_lagre(
    *,
    actor: Ansatt | None,
    pasient_id: uuid.UUID | str,
    adresse: str,
    lat: float,
    lon: float,
    nokkelinfo: str = "",
) -> Adressepunkt:
    """Save where the patient lives (coordinates) and the key-safe information for the
    acting district. Audited (ADRESSEPUNKT_SAVED, without the key information itself)."""
    actor_require(actor, Action.REGISTER_VISIT)
    enhet_id = _acting_enhet_id()
    pasient = access_scoped(
        actor, Pasient.objects.all(), pasient_id, action=Action.REGISTER_VISIT, pasient_field="pk"
    )
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValidationError({"lat": [_("Koordinatene er ikke gyldige.")]})
    punkt = (
        Adressepunkt.objects.select_for_update().filter(pasient=pasient, enhet_id=enhet_id).first()
    )
    if punkt is None:
        punkt = Adressepunkt(pasient=pasient, enhet_id=enhet_id)
    punkt.adresse, punkt.lat, punkt.lon = adresse.strip()[:200], lat, lon
    punkt.nokkelinfo = nokkelinfo.strip()[:300]
    punkt.full_clean()
    punkt.save()
    audit_log(
        actor=actor,
        event=AuditEvent.ADRESSEPUNKT_SAVED,
        target=punkt,
        pasient_id=pasient.pk,
        extra={"har_nokkelinfo": bool(punkt.nokkelinfo)},
    )
    return punkt


@transaction.atomic
def vakt_lagre(
    *,
    actor: Ansatt | None,
    ansatt_id: uuid.UUID,
    dato: dt.date,
    fra_tid: dt.time,
    til_tid: dt.time,
) -> Vakt:
    """Put a member of staff on shift in the acting district for a day (replaces that
    day's shift). Audited (VAKT_SAVED)."""
    actor_require(actor, Action.PLAN)
    enhet_id = _acting_enhet_id()
    if not ansatte_for_tildeling(enhet_id, dato).filter(pk=ansatt_id).exists():
        raise ValidationError({"ansatt": [_("Velg en ansatt i distriktet som kan utføre besøk.")]})
    vakt = Vakt.objects.filter(ansatt_id=ansatt_id, enhet_id=enhet_id, dato=dato).first() or Vakt(
        ansatt_id=ansatt_id, enhet_id=enhet_id, dato=dato
    )
    vakt.fra_tid, vakt.til_tid = fra_tid, til_tid
    if til_tid <= fra_tid:
        raise ValidationError({"til_tid": [_("Vakten må slutte etter at den begynner.")]})
    vakt.full_clean()
    vakt.save()
    audit_log(
        actor=actor, event=AuditEvent.VAKT_SAVED, target=vakt, extra={"dato": dato.isoformat()}
    )
    return vakt


# --- late and missed visits ------------------------------------------------------------------


@transaction.atomic
def besok_varsle_forsinkede(*, naa: dt.datetime | None = None, dager: int = 2) -> int:
    """Flag visits whose window has ended without a check-in (system task, every few
    minutes). Each visit is flagged once (compare-and-set on varslet_at). Looks back
    `dager` days. Audited (BESOK_MISSED per visit). Returns how many were flagged."""
    if not actor_can(None, Action.REGISTER_VISIT):
        raise NotFound
    naa = timezone.localtime(naa or timezone.now())
    today = naa.date()
    due = (
        Besok.objects.filter(
            status=BesokStatus.PLANLAGT,
            innsjekk_at__isnull=True,
            varslet_at__isnull=True,
            dato__gte=today - dt.timedelta(days=dager),
        )
        .filter(Q(dato__lt=today) | Q(dato=today, til_tid__lt=naa.time()))
        .select_for_update(skip_locked=True)
    )
    besok = list(due)
    if not besok:
        return 0
    Besok.objects.filter(pk__in=[b.pk for b in besok], varslet_at__isnull=True).update(
        varslet_at=naa
    )
    audit_log_many(actor=None, event=AuditEvent.BESOK_MISSED, targets=besok)
    return len(besok)


def generer_alle(*, dager: int, naa: dt.datetime | None = None) -> dict[str, int]:
    """Generate every district's visits from today and `dager` days ahead (nightly)."""
    today = timezone.localdate(naa) if naa else timezone.localdate()
    total = {"opprettet": 0, "endret": 0, "fjernet": 0}
    for enhet_id in hjemmetjeneste_enheter():
        result = besok_generer(
            enhet_id=enhet_id, fra=today, til=today + dt.timedelta(days=dager), naa=naa
        )
        total["opprettet"] += result.opprettet
        total["endret"] += result.endret
        total["fjernet"] += result.fjernet
    return total
