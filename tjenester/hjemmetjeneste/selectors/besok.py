"""Reads of home care: the district's day list, the nurse's own visits, one visit (with the
patient's critical information first), the patient's missed visits, the leader's page and
performed time (utført tid) for payroll and invoicing.

Every list of patient data is restricted by journal.access and audited per patient.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.api.pagination import Side, side_fetch
from core.audit import AuditEvent, audit_log, audit_log_many
from core.context import context_get
from core.exceptions import ApplicationError, NotFound
from core.models import Action, Ansatt, Enhet
from journal.access import (
    access_basis,
    access_scoped,
    actor_can,
    actor_require,
    restrict_scoped,
)
from journal.models import Pasient, Tjeneste, TjenesteStatus
from journal.selectors.pasient import Pasientvisning, pasient_get
from journal.units import enhet_subtree_ids
from tjenester.hjemmetjeneste import rute
from tjenester.hjemmetjeneste.models import (
    Adressepunkt,
    Avvik,
    Besok,
    Besoksoppgave,
    BesokStatus,
    Vakt,
)

MAX_DAGER_UTFORT = 93
# Where a visit without a known address point is placed for routing (Kongsvinger centre).
STANDARD_PUNKT = rute.Punkt(60.1905, 11.9977)


def _minutes(tid: dt.time) -> int:
    return tid.hour * 60 + tid.minute


def ansatte_for_tildeling(enhet_id: uuid.UUID, dato: dt.date) -> QuerySet[Ansatt]:
    """Staff who may be given visits in the district that day: an active unit assignment
    with a role that grants REGISTER_VISIT."""
    return (
        Ansatt.objects.filter(
            is_active=True,
            tilknytninger__enhet_id=enhet_id,
            tilknytninger__gyldig_fra__lte=dato,
            tilknytninger__rolle__rettigheter__action=Action.REGISTER_VISIT,
        )
        .filter(Q(tilknytninger__gyldig_til__isnull=True) | Q(tilknytninger__gyldig_til__gte=dato))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def besok_stopp(besok: Sequence[Besok], punkter: dict[uuid.UUID, rute.Punkt]) -> list[rute.Stopp]:
    return [
        rute.Stopp(
            id=str(b.pk),
            punkt=punkter.get(b.pasient_id, STANDARD_PUNKT),
            fra=_minutes(b.fra_tid),
            til=_minutes(b.til_tid),
            varighet=b.varighet_min,
        )
        for b in besok
    ]


def _acting_enhet_id() -> uuid.UUID:
    ctx = context_get()
    if ctx is None or ctx.enhet_id is None:
        raise NotFound
    return ctx.enhet_id


def _listed(actor: Ansatt | None, besok: list[Besok], **extra: object) -> None:
    """One BESOK_LISTED audit row per patient shown."""
    first: dict[uuid.UUID, Besok] = {}
    for b in besok:
        first.setdefault(b.pasient_id, b)
    if first:
        audit_log_many(
            actor=actor, event=AuditEvent.BESOK_LISTED, targets=list(first.values()), extra=extra
        )


def _list_qs(actor: Ansatt) -> QuerySet[Besok]:
    return restrict_scoped(
        Besok.objects.select_related("pasient", "ansatt").annotate(
            antall_oppgaver=Count("oppgaver"),
            antall_gjort=Count("oppgaver", filter=Q(oppgaver__utfort__isnull=False)),
        ),
        actor,
        action=Action.VIEW,
    )


# --- the day list ----------------------------------------------------------------------------


@dataclass
class Dagslisterad:
    """One visit on the day list with its computed start in the staff member's route."""

    besok: Besok
    adresse: str
    beregnet_start: float | None = None  # minutes after midnight
    konflikt: bool = False  # cannot be reached inside its window after the one before
    forste: bool = False
    siste: bool = False

    @property
    def ufordelt(self) -> bool:
        return self.besok.ansatt_id is None

    @property
    def beregnet_start_tekst(self) -> str:
        if self.beregnet_start is None:
            return ""
        m = round(self.beregnet_start)
        return f"{m // 60:02d}:{m % 60:02d}"


@dataclass
class Ansattliste:
    ansatt: Ansatt | None
    rader: list[Dagslisterad] = field(default_factory=list)
    vakt: Vakt | None = None

    @property
    def minutter(self) -> int:
        return sum(r.besok.varighet_min for r in self.rader)


@dataclass(frozen=True)
class Dagsliste:
    enhet: Enhet
    dato: dt.date
    lister: list[Ansattliste]
    ansatte: list[Ansatt]
    kan_planlegge: bool

    @property
    def antall(self) -> int:
        return sum(len(liste.rader) for liste in self.lister)

    @property
    def ufordelte(self) -> int:
        return sum(len(liste.rader) for liste in self.lister if liste.ansatt is None)

    @property
    def konflikter(self) -> int:
        return sum(r.konflikt for liste in self.lister for r in liste.rader)


def _mark_route(liste: Ansattliste, punkter: dict[uuid.UUID, rute.Punkt]) -> None:
    aktive = [
        r for r in liste.rader if r.besok.status in (BesokStatus.PLANLAGT, BesokStatus.PAAGAAR)
    ]
    if liste.ansatt is not None and aktive:
        start = liste.vakt.fra_tid.hour * 60 + liste.vakt.fra_tid.minute if liste.vakt else 0
        skift = rute.Ansattskift(id="", start=start)
        plan = rute.route_evaluate(besok_stopp([r.besok for r in aktive], punkter), skift).plan
        for rad, planlagt in zip(aktive, plan, strict=True):
            rad.beregnet_start = planlagt.start
            rad.konflikt = planlagt.forsinkelse > 0
    if liste.rader:
        liste.rader[0].forste = True
        liste.rader[-1].siste = True


def dagsliste_get(*, actor: Ansatt, dato: dt.date, enhet_id: uuid.UUID | None = None) -> Dagsliste:
    """The acting district's visits on `dato`, one list per member of staff in route order
    and one of unassigned visits, with the computed start of each visit and the visits
    that cannot be reached inside their window (konflikt). A fixed number of queries
    whatever the number of visits. `enhet_id`, if given, must be the acting unit (else
    NotFound). Audited: BESOK_LISTED per patient."""
    actor_require(actor, Action.VIEW)
    acting = _acting_enhet_id()
    if enhet_id is not None and enhet_id != acting:
        raise NotFound
    enhet = Enhet.objects.get(pk=acting)
    with transaction.atomic():
        besok = list(
            _list_qs(actor)
            .filter(enhet_id=acting, dato=dato)
            .exclude(status=BesokStatus.AVLYST)
            .order_by("rekkefolge", "fra_tid", "id")
        )
        _listed(actor, besok, dato=dato.isoformat())
    punkter_rows = Adressepunkt.objects.filter(
        enhet_id=acting, pasient_id__in={b.pasient_id for b in besok}
    ).values_list("pasient_id", "lat", "lon", "adresse")
    punkter = {p: rute.Punkt(lat, lon) for p, lat, lon, _a in punkter_rows}
    adresser = {p: a for p, _lat, _lon, a in punkter_rows}
    vakter = {
        v.ansatt_id: v
        for v in Vakt.objects.filter(enhet_id=acting, dato=dato).select_related("ansatt")
    }
    ansatte = list(ansatte_for_tildeling(acting, dato))
    per: dict[uuid.UUID | None, Ansattliste] = {}
    for v in vakter.values():
        per[v.ansatt_id] = Ansattliste(ansatt=v.ansatt, vakt=v)
    for b in besok:
        liste = per.get(b.ansatt_id)
        if liste is None:
            liste = per[b.ansatt_id] = Ansattliste(
                ansatt=b.ansatt, vakt=vakter.get(b.ansatt_id) if b.ansatt_id else None
            )
        liste.rader.append(
            Dagslisterad(besok=b, adresse=adresser.get(b.pasient_id) or b.pasient.adresse)
        )
    for liste in per.values():
        _mark_route(liste, punkter)
    lister = sorted(
        per.values(),
        key=lambda x: (x.ansatt is not None, x.ansatt.get_full_name() if x.ansatt else ""),
    )
    return Dagsliste(
        enhet=enhet,
        dato=dato,
        lister=lister,
        ansatte=ansatte,
        kan_planlegge=actor_can(actor, Action.PLAN),
    )


def mine_besok(*, actor: Ansatt, dato: dt.date | None = None) -> list[Besok]:
    """The actor's own visits of the day (acting district) in route order. Audited."""
    actor_require(actor, Action.VIEW)
    dato = dato or timezone.localdate()
    with transaction.atomic():
        besok = list(
            _list_qs(actor)
            .filter(enhet_id=_acting_enhet_id(), dato=dato, ansatt_id=actor.pk)
            .exclude(status=BesokStatus.AVLYST)
            .order_by("rekkefolge", "fra_tid", "id")
        )
        _listed(actor, besok, dato=dato.isoformat(), liste="mine")
    return besok


# --- one visit -------------------------------------------------------------------------------


def besok_get(*, actor: Ansatt, besok_id: uuid.UUID | str) -> Besok:
    """A visit of the acting district or on the actor's own list, of a patient the actor
    may see; NotFound for missing and not allowed alike. Audited (BESOK_READ)."""
    actor_require(actor, Action.VIEW)
    scope = Q(enhet_id=_acting_enhet_id()) | Q(ansatt_id=actor.pk)
    with transaction.atomic():
        besok = access_scoped(
            actor,
            Besok.objects.select_related("pasient", "ansatt", "enhet", "utfort_av").filter(scope),
            besok_id,
            action=Action.VIEW,
        )
        basis = access_basis(actor, besok.pasient_id)
        audit_log(
            actor=actor,
            event=AuditEvent.BESOK_READ,
            target=besok,
            pasient_id=besok.pasient_id,
            grunnlag=basis.kode,
            begrunnelse=basis.begrunnelse,
        )
    return besok


@dataclass(frozen=True)
class Besoksside:
    """The phone page of a visit: the patient banner (critical info and allergies), the
    address and (for staff of the district) key information, and the tasks."""

    besok: Besok
    visning: Pasientvisning
    oppgaver: list[Besoksoppgave]
    adresse: str
    punkt: rute.Punkt | None
    nokkelinfo: str
    kan_registrere: bool

    @property
    def kartlenke(self) -> str:
        if self.punkt is None:
            return ""
        return (
            "https://www.openstreetmap.org/?mlat={lat:.5f}&mlon={lon:.5f}#map=17/{lat:.5f}/{lon:.5f}"
        ).format(lat=self.punkt.lat, lon=self.punkt.lon)

    @property
    def geolenke(self) -> str:
        return f"geo:{self.punkt.lat:.5f},{self.punkt.lon:.5f}" if self.punkt else ""

    @property
    def alle_registrert(self) -> bool:
        return all(o.utfort is not None for o in self.oppgaver)


def besokside_get(*, actor: Ansatt, besok_id: uuid.UUID | str) -> Besoksside:
    besok = besok_get(actor=actor, besok_id=besok_id)
    visning = pasient_get(actor=actor, pasient_id=besok.pasient_id)
    punkt = Adressepunkt.objects.filter(
        pasient_id=besok.pasient_id, enhet_id=besok.enhet_id
    ).first()
    # key-safe information only for staff acting in the district that keeps it
    nokkelinfo = punkt.nokkelinfo if punkt and punkt.enhet_id == _acting_enhet_id() else ""
    return Besoksside(
        besok=besok,
        visning=visning,
        oppgaver=list(besok.oppgaver.all()),
        adresse=(punkt.adresse if punkt else "")
        or " ".join(
            p
            for p in (besok.pasient.adresse, besok.pasient.postnummer, besok.pasient.poststed)
            if p
        ),
        punkt=rute.Punkt(punkt.lat, punkt.lon) if punkt else None,
        nokkelinfo=nokkelinfo,
        kan_registrere=actor_can(actor, Action.REGISTER_VISIT),
    )


# --- the patient's missed visits -------------------------------------------------------------


@dataclass(frozen=True)
class Pasientbesok:
    pasient: Pasient
    visning: Pasientvisning
    side: Side[Besok]


def pasient_besok(*, actor: Ansatt, pasient_id: uuid.UUID | str, side: int = 1) -> Pasientbesok:
    """The patient's missed and not performed visits (any district), newest first, paged.
    NotFound for missing and not allowed alike; audited as a read of the patient."""
    visning = pasient_get(actor=actor, pasient_id=pasient_id)
    with transaction.atomic():
        pasient = access_scoped(
            actor, Pasient.objects.all(), visning.pasient.pk, action=Action.VIEW, pasient_field="pk"
        )
        qs = (
            Besok.objects.filter(pasient=pasient)
            .filter(
                Q(varslet_at__isnull=False, innsjekk_at__isnull=True)
                | Q(status=BesokStatus.IKKE_UTFORT)
            )
            .select_related("enhet", "ansatt")
            .order_by("-dato", "-fra_tid", "id")
        )
        page = side_fetch(qs, nummer=side, storrelse=25)
        audit_log(
            actor=actor,
            event=AuditEvent.BESOK_LISTED,
            target=pasient,
            pasient_id=pasient.pk,
            extra={"liste": "uteblitte", "antall": len(page.items)},
        )
    return Pasientbesok(pasient=pasient, visning=visning, side=page)


# --- performed time (utført tid) ---------------------------------------------------------------


@dataclass(frozen=True)
class UtfortTidRad:
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


def utfort_tid(
    *,
    fra: dt.date,
    til: dt.date,
    enhet_ids: list[uuid.UUID],
    actor: Ansatt | None = None,
) -> list[UtfortTidRad]:
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
        if not set(enhet_ids) <= enhet_subtree_ids(_acting_enhet_id()):
            raise NotFound
    rows = (
        Besok.objects.filter(
            enhet_id__in=enhet_ids,
            dato__gte=fra,
            dato__lte=til,
            status=BesokStatus.UTFORT,
            utsjekk_at__isnull=False,
            innsjekk_at__isnull=False,
            utfort_av__isnull=False,
        )
        .select_related("utfort_av")
        .order_by("dato", "utfort_av__last_name", "utfort_av__first_name", "innsjekk_at", "id")
    )
    result = [
        UtfortTidRad(
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
class VaktTidRad:
    """One shift in a district: who, which day, from–to and its length in minutes."""

    vakt_id: uuid.UUID
    dato: dt.date
    enhet_id: uuid.UUID
    ansatt_id: uuid.UUID
    fra_tid: dt.time
    til_tid: dt.time
    minutter: int


def vakt_tid(
    *,
    fra: dt.date,
    til: dt.date,
    enhet_ids: list[uuid.UUID],
    actor: Ansatt | None = None,
) -> list[VaktTidRad]:
    """Shifts in [fra, til] (both included) in the given districts, for payroll: ordered by
    day, staff and start. The same access as utfort_tid (the system, or a leader for the
    districts at or below the acting unit); shifts hold no patient data, so no audit row.
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
        if not set(enhet_ids) <= enhet_subtree_ids(_acting_enhet_id()):
            raise NotFound
    rows = Vakt.objects.filter(enhet_id__in=enhet_ids, dato__gte=fra, dato__lte=til).order_by(
        "dato", "ansatt_id", "fra_tid", "id"
    )
    return [
        VaktTidRad(
            vakt_id=v.pk,
            dato=v.dato,
            enhet_id=v.enhet_id,
            ansatt_id=v.ansatt_id,
            fra_tid=v.fra_tid,
            til_tid=v.til_tid,
            minutter=_minutes(v.til_tid) - _minutes(v.fra_tid),
        )
        for v in rows
    ]


@dataclass(frozen=True)
class UtfortPerAnsatt:
    ansatt_navn: str
    besok: int
    minutter: int
    planlagt_min: int

    @property
    def timer_tekst(self) -> str:
        return f"{self.minutter // 60} t {self.minutter % 60:02d} min"


def _per_ansatt(rows: list[UtfortTidRad]) -> list[UtfortPerAnsatt]:
    acc: dict[uuid.UUID, list[UtfortTidRad]] = defaultdict(list)
    for r in rows:
        acc[r.ansatt_id].append(r)
    return sorted(
        (
            UtfortPerAnsatt(
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
class Lederside:
    dato: dt.date
    uke_fra: dt.date
    distrikter: list[Distriktstall]
    uteblitte: list[Besok]  # alerts, patients the leader may see
    utfort_dag: list[UtfortPerAnsatt]
    utfort_uke: list[UtfortPerAnsatt]
    avvik: list[Avvik]
    uten_besoksplan: list[Pasient] = field(default_factory=list)


def lederside_get(*, actor: Ansatt, dato: dt.date | None = None) -> Lederside:
    """The district leader's page: per district today's planned, done, missed and
    unassigned visits (counts), the missed visits as alerts (patients the leader may see),
    performed time per staff member for the day and the week, and recent deviations.
    Needs the leader right (REVIEW_LOG); covers the acting unit and the units below it.
    Audited per patient listed (BESOK_LISTED, AVVIK_LISTED) and for the performed time."""
    actor_require(actor, Action.REVIEW_LOG)
    dato = dato or timezone.localdate()
    scope = enhet_subtree_ids(_acting_enhet_id())
    enheter = {e.pk: e for e in Enhet.objects.filter(pk__in=scope)}
    counts = (
        Besok.objects.filter(enhet_id__in=scope, dato=dato)
        .values("enhet_id")
        .annotate(
            planlagt=Count("id", filter=~Q(status=BesokStatus.AVLYST)),
            utfort=Count("id", filter=Q(status=BesokStatus.UTFORT)),
            uteblitt=Count("id", filter=Q(varslet_at__isnull=False, innsjekk_at__isnull=True)),
            ufordelt=Count("id", filter=Q(ansatt__isnull=True, status=BesokStatus.PLANLAGT)),
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
                Besok.objects.filter(
                    enhet_id__in=scope,
                    dato__gte=dato - dt.timedelta(days=1),
                    dato__lte=dato,
                    varslet_at__isnull=False,
                    innsjekk_at__isnull=True,
                )
                .exclude(status__in=[BesokStatus.AVLYST, BesokStatus.IKKE_UTFORT])
                .select_related("pasient", "ansatt", "enhet"),
                actor,
                action=Action.VIEW,
            ).order_by("-dato", "til_tid", "id")[:100]
        )
        _listed(actor, uteblitte, liste="uteblitte")
        avvik = list(
            restrict_scoped(
                Avvik.objects.filter(enhet_id__in=scope).select_related(
                    "pasient", "meldt_av", "besok"
                ),
                actor,
                action=Action.VIEW,
            ).order_by("-created_at")[:20]
        )
        if avvik:
            audit_log_many(actor=actor, event=AuditEvent.AVVIK_LISTED, targets=avvik)
        uten_plan = _uten_besoksplan(actor, scope, dato)
    uke_fra = dato - dt.timedelta(days=dato.weekday())
    uke = utfort_tid(
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


def _uten_besoksplan(actor: Ansatt, scope: Iterable[uuid.UUID], dato: dt.date) -> list[Pasient]:
    """Patients with an active service (from a decision) given by a district in scope but
    no visit planned there from `dato` for BESOKSPLAN_DAGER days: a decision nobody has
    turned into visits yet. Audited per patient listed."""
    scope_ids = list(scope)
    planned = Besok.objects.filter(
        pasient_id=OuterRef("pasient_id"),
        enhet_id__in=scope_ids,
        dato__gte=dato,
        dato__lt=dato + dt.timedelta(days=BESOKSPLAN_DAGER),
    ).exclude(status=BesokStatus.AVLYST)
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
