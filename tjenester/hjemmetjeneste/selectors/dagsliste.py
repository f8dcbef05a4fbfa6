"""Reads of home care: the district's day list with each staff member's route."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q, QuerySet

from core.context import acting_enhet_id
from core.exceptions import NotFound
from core.models import Action, Ansatt, Enhet, Vakt
from core.selectors import enhet_subtree_ids
from journal.access import (
    actor_can,
    actor_require,
)
from tjenester.hjemmetjeneste.lib import rute
from tjenester.hjemmetjeneste.lib.tid import minutes_of
from tjenester.hjemmetjeneste.models import (
    Adressepunkt,
    Besoek,
    BesoekStatus,
)
from tjenester.hjemmetjeneste.selectors.besoek import besoek_list_audit, besoek_list_qs

# Where a visit without a known address point is placed for routing (Kongsvinger centre).
STANDARD_PUNKT = rute.Punkt(60.1905, 11.9977)


def ansatte_for_tildeling(enhet_id: uuid.UUID, dato: dt.date) -> QuerySet[Ansatt]:
    """Staff who may be given visits in the district that day: an active unit assignment
    with a role that grants REGISTER_VISIT (all conditions on the same assignment: one
    filter() call, so an assignment that ended here and one elsewhere do not add up)."""
    return (
        Ansatt.objects.filter(
            Q(tilknytninger__gyldig_til__isnull=True) | Q(tilknytninger__gyldig_til__gte=dato),
            is_active=True,
            tilknytninger__enhet_id=enhet_id,
            tilknytninger__gyldig_fra__lte=dato,
            tilknytninger__rolle__rettigheter__action=Action.REGISTER_VISIT,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def besoek_stopp(besok: Sequence[Besoek], punkter: dict[uuid.UUID, rute.Punkt]) -> list[rute.Stopp]:
    return [
        rute.Stopp(
            id=str(b.pk),
            punkt=punkter.get(b.pasient_id, STANDARD_PUNKT),
            fra=minutes_of(b.fra_tid),
            til=minutes_of(b.til_tid),
            varighet=b.varighet_min,
        )
        for b in besok
    ]


# --- the day list ----------------------------------------------------------------------------


@dataclass
class Dagslisterad:
    """One visit on the day list with its computed start in the staff member's route."""

    besok: Besoek
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
class Underenhetstall:
    """Counts (no patient data) of a unit below the acting one, for a parent unit's list."""

    enhet: Enhet
    antall: int
    ufordelte: int


@dataclass(frozen=True)
class Dagsliste:
    enhet: Enhet
    dato: dt.date
    lister: list[Ansattliste]
    ansatte: list[Ansatt]
    kan_planlegge: bool
    # the districts below a parent unit (home care as a whole): their visits are planned in
    # the district; the parent's list shows their counts and the sum
    underenheter: list[Underenhetstall] = field(default_factory=list)

    @property
    def antall_under(self) -> int:
        return sum(u.antall for u in self.underenheter)

    @property
    def ufordelte_under(self) -> int:
        return sum(u.ufordelte for u in self.underenheter)

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
        r for r in liste.rader if r.besok.status in (BesoekStatus.PLANLAGT, BesoekStatus.PAAGAAR)
    ]
    if liste.ansatt is not None and aktive:
        start = liste.vakt.fra_tid.hour * 60 + liste.vakt.fra_tid.minute if liste.vakt else 0
        skift = rute.Ansattskift(id="", start=start)
        plan = rute.route_evaluate(besoek_stopp([r.besok for r in aktive], punkter), skift).plan
        for rad, planlagt in zip(aktive, plan, strict=True):
            rad.beregnet_start = planlagt.start
            rad.konflikt = planlagt.forsinkelse > 0
    if liste.rader:
        liste.rader[0].forste = True
        liste.rader[-1].siste = True


# The columns the day list (page and API) shows: every column of the visit, and of the
# patient and the staff member only the name and address (not the whole rows, x 300).
_DAGSLISTE_FELT = (
    *(f.name for f in Besoek._meta.concrete_fields),
    "pasient__fornavn",
    "pasient__mellomnavn",
    "pasient__etternavn",
    "pasient__adresse",
    "ansatt__username",
    "ansatt__first_name",
    "ansatt__last_name",
)


def dagsliste_get(*, actor: Ansatt, dato: dt.date, enhet_id: uuid.UUID | None = None) -> Dagsliste:
    """The acting district's visits on `dato`, one list per member of staff in route order
    and one of unassigned visits, with the computed start of each visit and the visits
    that cannot be reached inside their window (konflikt). A fixed number of queries
    whatever the number of visits. `enhet_id`, if given, must be the acting unit (else
    NotFound). Audited: BESOK_LISTED per patient."""
    actor_require(actor, Action.VIEW)
    acting = acting_enhet_id()
    if enhet_id is not None and enhet_id != acting:
        raise NotFound
    enhet = Enhet.objects.get(pk=acting)
    with transaction.atomic():
        besok = list(
            besoek_list_qs(actor)
            .filter(enhet_id=acting, dato=dato)
            .exclude(status=BesoekStatus.AVLYST)
            .only(*_DAGSLISTE_FELT)
            .order_by("rekkefolge", "fra_tid", "id")
        )
        besoek_list_audit(actor, besok, dato=dato.isoformat())
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
        underenheter=_underenheter(acting, dato),
    )


def _underenheter(acting: uuid.UUID, dato: dt.date) -> list[Underenhetstall]:
    """Visits on `dato` per unit below the acting one (not cancelled; counted as on the
    leader's page). Two queries; none when the unit has nothing below it."""
    under = enhet_subtree_ids(acting) - {acting}
    if not under:
        return []
    enheter = {e.pk: e for e in Enhet.objects.filter(pk__in=under)}
    counts: dict[uuid.UUID, tuple[int, int]] = {
        enhet_id: (antall, ufordelte)
        for enhet_id, antall, ufordelte in Besoek.objects.filter(enhet_id__in=under, dato=dato)
        .exclude(status=BesoekStatus.AVLYST)
        .values("enhet_id")
        .annotate(
            antall=Count("id"),
            ufordelte=Count("id", filter=Q(ansatt__isnull=True, status=BesoekStatus.PLANLAGT)),
        )
        .values_list("enhet_id", "antall", "ufordelte")
    }
    return sorted(
        (
            Underenhetstall(
                enhet=e, antall=counts.get(pk, (0, 0))[0], ufordelte=counts.get(pk, (0, 0))[1]
            )
            for pk, e in enheter.items()
        ),
        key=lambda u: u.enhet.navn,
    )
