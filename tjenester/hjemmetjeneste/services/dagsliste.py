"""Writes of home care: the district's day list (assignment, order, route
optimisation) and the shifts it is planned from."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log, audit_log_many
from core.context import acting_enhet_id
from core.exceptions import ApplicationError
from core.models import Action, Ansatt, Vakt
from journal.access import (
    actor_require,
    restrict_scoped,
)
from tjenester.hjemmetjeneste.lib import rute
from tjenester.hjemmetjeneste.lib.tid import minutes_of
from tjenester.hjemmetjeneste.models import (
    Adressepunkt,
    Besoek,
    BesoekStatus,
)
from tjenester.hjemmetjeneste.selectors import (
    STANDARD_PUNKT,
    ansatte_for_tildeling,
    besoek_stopp,
)
from tjenester.hjemmetjeneste.services.besoek import besoek_audit, besoek_lock

# --- the day list ----------------------------------------------------------------------------


def _same_list(enhet_id: uuid.UUID, dato: dt.date, ansatt_id: uuid.UUID | None) -> Q:
    """The visits of one person's list that day (or of the unassigned list)."""
    if ansatt_id is None:
        return Q(enhet_id=enhet_id, dato=dato, ansatt__isnull=True)
    return Q(enhet_id=enhet_id, dato=dato, ansatt_id=ansatt_id)


@transaction.atomic
def besoek_assign(
    *, actor: Ansatt, besok_id: uuid.UUID | str, ansatt_id: uuid.UUID | None
) -> Besoek:
    """Give a planned visit to a member of staff of the district (None: unassign). The visit
    goes to the end of that person's list. Audited (BESOK_ASSIGNED, from and to)."""
    besok = besoek_lock(actor, besok_id, Action.PLAN)
    if besok.status not in (BesoekStatus.PLANLAGT, BesoekStatus.PAAGAAR):
        raise ApplicationError(_("Bare planlagte besøk kan tildeles på nytt."))
    if ansatt_id is not None and not (
        ansatte_for_tildeling(besok.enhet_id, besok.dato).filter(pk=ansatt_id).exists()
    ):
        raise ValidationError({"ansatt": [_("Velg en ansatt i distriktet som kan utføre besøk.")]})
    old = besok.ansatt_id
    last = (
        Besoek.objects.filter(_same_list(besok.enhet_id, besok.dato, ansatt_id))
        .exclude(pk=besok.pk)
        .order_by("-rekkefolge")
        .values_list("rekkefolge", flat=True)
        .first()
    )
    besok.ansatt_id = ansatt_id
    besok.rekkefolge = (last or 0) + 1
    besok.save(update_fields=["ansatt", "rekkefolge", "updated_at"])
    besoek_audit(
        actor,
        AuditEvent.BESOK_ASSIGNED,
        besok,
        fra=str(old) if old else None,
        til=str(ansatt_id) if ansatt_id else None,
    )
    return besok


@transaction.atomic
def besoek_move(*, actor: Ansatt, besok_id: uuid.UUID | str, retning: str) -> Besoek:
    """Move a visit one place up or down in its staff member's list (or the unassigned
    list) for the day. Audited (BESOK_REORDERED)."""
    if retning not in ("opp", "ned"):
        raise ApplicationError(_("Ukjent retning."))
    besok = besoek_lock(actor, besok_id, Action.PLAN)
    liste = list(
        Besoek.objects.select_for_update()
        .filter(_same_list(besok.enhet_id, besok.dato, besok.ansatt_id))
        .exclude(status=BesoekStatus.AVLYST)
        .order_by("rekkefolge", "fra_tid", "id")
    )
    i = next(k for k, b in enumerate(liste) if b.pk == besok.pk)
    j = i - 1 if retning == "opp" else i + 1
    if 0 <= j < len(liste):
        liste[i], liste[j] = liste[j], liste[i]
    for number, b in enumerate(liste, start=1):
        b.rekkefolge = number
    Besoek.objects.bulk_update(liste, ["rekkefolge"])
    besoek_audit(actor, AuditEvent.BESOK_REORDERED, besok, retning=retning)
    besok.rekkefolge = next(b.rekkefolge for b in liste if b.pk == besok.pk)
    return besok


def _punkter(besok: Sequence[Besoek]) -> dict[uuid.UUID, rute.Punkt]:
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
def dagsliste_optimise(*, actor: Ansatt, dato: dt.date, fordel: bool = True) -> Optimalisering:
    """Plan the acting district's routes for the day (rute.optimise).

    Only planned visits not checked in are moved. With `fordel`, they are split among the
    staff on shift that day (Vakt; without shifts, the staff who already have visits, else
    every member of staff who may do visits); without, each person's own list is re-ordered
    and unassigned visits stay unassigned. Audited (BESOK_ROUTE_OPTIMISED per visit).
    """
    actor_require(actor, Action.PLAN)
    enhet_id = acting_enhet_id()
    besok = list(
        access_qs_for_update(actor, enhet_id, dato).filter(
            status=BesoekStatus.PLANLAGT, innsjekk_at__isnull=True
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
                rute.Ansattskift(
                    str(v.ansatt_id), minutes_of(v.fra_tid), minutes_of(v.til_tid), depot
                )
                for v in vakter
            ]
        else:
            ids = sorted({b.ansatt_id for b in besok if b.ansatt_id}, key=str) or list(
                ansatte_for_tildeling(enhet_id, dato).values_list("pk", flat=True)
            )
            skift = [rute.Ansattskift(str(i), 0, 24 * 60, depot) for i in ids]
        groups = [besok]
    else:
        per: dict[uuid.UUID | None, list[Besoek]] = defaultdict(list)
        for b in besok:
            per[b.ansatt_id].append(b)
        groups = list(per.values())
        skift = []
    before = 0.0
    late = travel = 0.0
    staff_used: set[str] = set()
    for group in groups:
        stopp = besoek_stopp(sorted(group, key=lambda b: (b.rekkefolge, b.fra_tid)), punkter)
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
    Besoek.objects.bulk_update(besok, ["rekkefolge", "ansatt"])
    audit_log_many(
        actor=actor,
        event=AuditEvent.BESOK_ROUTE_OPTIMISED,
        targets=besok,
        extra={"dato": dato.isoformat(), "fordel": fordel},
    )
    return Optimalisering(len(besok), len(staff_used - {""}), late, travel, before)


def access_qs_for_update(actor: Ansatt, enhet_id: uuid.UUID, dato: dt.date) -> QuerySet[Besoek]:
    return restrict_scoped(
        Besoek.objects.select_for_update(of=("self",)).filter(enhet_id=enhet_id, dato=dato),
        actor,
        action=Action.PLAN,
    )


@transaction.atomic
def vakt_save(
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
    enhet_id = acting_enhet_id()
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
