"""Reads of home care for the leader: performed time (utført tid) for payroll and
invoicing, and the district leader's page."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log, audit_log_many
from core.context import acting_enhet_id
from core.exceptions import ApplicationError, NotFound
from core.klokke import idag
from core.models import Action, Ansatt, Enhet
from core.selectors import enhet_subtree_ids
from journal.access import (
    actor_can,
    actor_require,
    restrict_scoped,
)
from journal.models import Pasient, Tjeneste, TjenesteStatus
from tjenester.hjemmetjeneste.models import (
    Avvik,
    Besoek,
    BesoekStatus,
)
from tjenester.hjemmetjeneste.selectors.besoek import besoek_list_audit

MAX_DAGER_UTFORT = 93


# --- performed time (utført tid) ---------------------------------------------------------------


@dataclass(frozen=True)
class UtfoertTidRad:
    """One performed visit: who, for whom, when, and the minutes between check-in and out."""

    besok_id: uuid.UUID
    dato: dt.date
    enhet_id: uuid.UUID
    ansatt_id: uuid.UUID
    ansatt_navn: str
    ansatt_hpr: str
    pasient_id: uuid.UUID
    innsjekk_at: dt.datetime
    utsjekk_at: dt.datetime
    minutter: int
    planlagt_min: int


def utfoert_tid(
    *,
    fra: dt.date,
    til: dt.date,
    enhet_ids: list[uuid.UUID],
    actor: Ansatt | None = None,
) -> list[UtfoertTidRad]:
    """Performed time for payroll and invoicing: every visit checked out in [fra, til]
    (both included) in the given districts, one row per visit and staff member, ordered by
    day, staff and check-in. This is the interface the integrations read.

    As the system (actor=None, in a system context) every district may be read; a person
    needs the leader right (REVIEW_LOG) and reads only districts at or below the acting
    unit (others: NotFound). At most MAX_DAGER_UTFORT days. Audited (UTFORT_TID_READ, one
    row for the read; the rows carry no clinical content).
    """
    if fra > til:
        raise ApplicationError(_("Fra-datoen må være før til-datoen."))
    if (til - fra).days >= MAX_DAGER_UTFORT:
        raise ApplicationError(_("Velg en periode på høyst %(n)s dager.") % {"n": MAX_DAGER_UTFORT})
    if actor is None:
        if not actor_can(None, Action.VIEW):
            raise NotFound
    else:
        actor_require(actor, Action.REVIEW_LOG)
        if not set(enhet_ids) <= enhet_subtree_ids(acting_enhet_id()):
            raise NotFound
    rows = (
        Besoek.objects.filter(
            enhet_id__in=enhet_ids,
            dato__gte=fra,
            dato__lte=til,
            status=BesoekStatus.UTFORT,
            utsjekk_at__isnull=False,
            innsjekk_at__isnull=False,
            utfort_av__isnull=False,
        )
        .select_related("utfort_av")
        .order_by("dato", "utfort_av__last_name", "utfort_av__first_name", "innsjekk_at", "id")
    )
    result = [
        UtfoertTidRad(
            besok_id=b.pk,
            dato=b.dato,
            enhet_id=b.enhet_id,
            ansatt_id=b.utfort_av.pk,  # type: ignore[union-attr]
            ansatt_navn=str(b.utfort_av),
            ansatt_hpr=b.utfort_av.hpr_nummer or "",  # type: ignore[union-attr]
            pasient_id=b.pasient_id,
            innsjekk_at=b.innsjekk_at,  # type: ignore[arg-type]
            utsjekk_at=b.utsjekk_at,  # type: ignore[arg-type]
            minutter=b.faktisk_min or 0,
            planlagt_min=b.varighet_min,
        )
        for b in rows
    ]
    with transaction.atomic():
        audit_log(
            actor=actor,
            event=AuditEvent.UTFORT_TID_READ,
            extra={
                "fra": fra.isoformat(),
                "til": til.isoformat(),
                "enheter": sorted(str(e) for e in enhet_ids),
                "rader": len(result),
            },
        )
    return result


@dataclass(frozen=True)
class UtfoertPerAnsatt:
    ansatt_navn: str
    besok: int
    minutter: int
    planlagt_min: int

    @property
    def timer_tekst(self) -> str:
        return f"{self.minutter // 60} t {self.minutter % 60:02d} min"


def _per_ansatt(rows: list[UtfoertTidRad]) -> list[UtfoertPerAnsatt]:
    acc: dict[uuid.UUID, list[UtfoertTidRad]] = defaultdict(list)
    for r in rows:
        acc[r.ansatt_id].append(r)
    return sorted(
        (
            UtfoertPerAnsatt(
                ansatt_navn=items[0].ansatt_navn,
                besok=len(items),
                minutter=sum(r.minutter for r in items),
                planlagt_min=sum(r.planlagt_min for r in items),
            )
            for items in acc.values()
        ),
        key=lambda x: x.ansatt_navn,
    )


# --- the leader's page -----------------------------------------------------------------------


@dataclass(frozen=True)
class Distriktstall:
    enhet: Enhet
    planlagt: int
    utfort: int
    uteblitt: int
    ufordelt: int


@dataclass(frozen=True)
class Avviksrad:
    """A deviation of the unit or a unit below it. The patient and the description are
    shown only where journal.access lets the leader see the patient (`synlig`); otherwise
    the category, unit, time and reporter (a leader of a parent unit sees that there is a
    deviation in the district, and opens it acting in the district)."""

    avvik: Avvik
    synlig: bool


@dataclass(frozen=True)
class Lederside:
    dato: dt.date
    uke_fra: dt.date
    distrikter: list[Distriktstall]
    uteblitte: list[Besoek]  # alerts, patients the leader may see
    utfort_dag: list[UtfoertPerAnsatt]
    utfort_uke: list[UtfoertPerAnsatt]
    avvik: list[Avviksrad]
    uten_besoksplan: list[Pasient] = field(default_factory=list)


def lederside_get(*, actor: Ansatt, dato: dt.date | None = None) -> Lederside:
    """The district leader's page: per district today's planned, done, missed and
    unassigned visits (counts), the missed visits as alerts (patients the leader may see),
    performed time per staff member for the day and the week, and recent deviations.
    Needs the leader right (REVIEW_LOG); covers the acting unit and the units below it.
    Audited per patient listed (BESOK_LISTED, AVVIK_LISTED) and for the performed time."""
    actor_require(actor, Action.REVIEW_LOG)
    dato = dato or idag()
    scope = enhet_subtree_ids(acting_enhet_id())
    enheter = {e.pk: e for e in Enhet.objects.filter(pk__in=scope)}
    counts = (
        Besoek.objects.filter(enhet_id__in=scope, dato=dato)
        .values("enhet_id")
        .annotate(
            planlagt=Count("id", filter=~Q(status=BesoekStatus.AVLYST)),
            utfort=Count("id", filter=Q(status=BesoekStatus.UTFORT)),
            uteblitt=Count("id", filter=Q(varslet_at__isnull=False, innsjekk_at__isnull=True)),
            ufordelt=Count("id", filter=Q(ansatt__isnull=True, status=BesoekStatus.PLANLAGT)),
        )
    )
    distrikter = sorted(
        (
            Distriktstall(
                enhet=enheter[c["enhet_id"]],
                planlagt=c["planlagt"],
                utfort=c["utfort"],
                uteblitt=c["uteblitt"],
                ufordelt=c["ufordelt"],
            )
            for c in counts
        ),
        key=lambda d: d.enhet.navn,
    )
    with transaction.atomic():
        uteblitte = list(
            restrict_scoped(
                Besoek.objects.filter(
                    enhet_id__in=scope,
                    dato__gte=dato - dt.timedelta(days=1),
                    dato__lte=dato,
                    varslet_at__isnull=False,
                    innsjekk_at__isnull=True,
                )
                .exclude(status__in=[BesoekStatus.AVLYST, BesoekStatus.IKKE_UTFORT])
                .select_related("pasient", "ansatt", "enhet"),
                actor,
                action=Action.VIEW,
            ).order_by("-dato", "til_tid", "id")[:100]
        )
        besoek_list_audit(actor, uteblitte, liste="uteblitte")
        alle_avvik = list(
            Avvik.objects.filter(enhet_id__in=scope)
            .select_related("pasient", "meldt_av", "besok", "enhet")
            .order_by("-created_at")[:20]
        )
        synlige = set(
            restrict_scoped(
                Avvik.objects.filter(pk__in=[a.pk for a in alle_avvik]), actor, action=Action.VIEW
            ).values_list("pk", flat=True)
        )
        avvik = [Avviksrad(a, a.pk in synlige) for a in alle_avvik]
        if synlige:
            audit_log_many(
                actor=actor,
                event=AuditEvent.AVVIK_LISTED,
                targets=[a for a in alle_avvik if a.pk in synlige],
            )
        uten_plan = _uten_besoeksplan(actor, scope, dato)
    uke_fra = dato - dt.timedelta(days=dato.weekday())
    uke = utfoert_tid(
        fra=uke_fra, til=uke_fra + dt.timedelta(days=6), enhet_ids=list(scope), actor=actor
    )
    return Lederside(
        dato=dato,
        uke_fra=uke_fra,
        distrikter=distrikter,
        uteblitte=uteblitte,
        utfort_dag=_per_ansatt([r for r in uke if r.dato == dato]),
        utfort_uke=_per_ansatt(uke),
        avvik=avvik,
        uten_besoksplan=uten_plan,
    )


# How far ahead a granted service must have visits planned not to be flagged.
BESOKSPLAN_DAGER = 7


def _uten_besoeksplan(actor: Ansatt, scope: Iterable[uuid.UUID], dato: dt.date) -> list[Pasient]:
    """Patients with an active service (from a decision) given by a district in scope but
    no visit planned there from `dato` for BESOKSPLAN_DAGER days: a decision nobody has
    turned into visits yet. Audited per patient listed."""
    scope_ids = list(scope)
    planned = Besoek.objects.filter(
        pasient_id=OuterRef("pasient_id"),
        enhet_id__in=scope_ids,
        dato__gte=dato,
        dato__lt=dato + dt.timedelta(days=BESOKSPLAN_DAGER),
    ).exclude(status=BesoekStatus.AVLYST)
    tjenester = (
        restrict_scoped(
            Tjeneste.objects.filter(
                enhet_id__in=scope_ids, status=TjenesteStatus.AKTIV, fra_dato__lte=dato
            ).filter(Q(til_dato__isnull=True) | Q(til_dato__gte=dato)),
            actor,
            action=Action.VIEW,
        )
        .filter(~Exists(planned))
        .select_related("pasient")
        .order_by("pasient__etternavn", "pasient__fornavn", "pasient_id")
    )
    per_pasient: dict[uuid.UUID, Tjeneste] = {}
    for tjeneste in tjenester[:100]:
        per_pasient.setdefault(tjeneste.pasient_id, tjeneste)
    if per_pasient:
        audit_log_many(
            actor=actor,
            event=AuditEvent.PASIENT_LISTED,
            targets=per_pasient.values(),
            extra={"liste": "uten_besoksplan"},
        )
    return [t.pasient for t in per_pasient.values()]
