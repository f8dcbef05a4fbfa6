"""The nurse's weekly worklist: children enrolled at the acting station with a
consultation or a vaccine due this week or overdue.

Reads the status stored on the enrolments (services/status.py keeps it): the open items
with the days each is on the worklist, so what is due on a day is found without reading
the children's records. One query finds the children the actor may see whose status puts
them on the worklist (the index by station, nurse and `aktuell_fra`) with the earliest
due date of the windows open today, picked out in the database; they are sorted (overdue
first, then by that date and the surname) and the page's enrolments read with their open
windows. With the programme (two small queries) and the audit rows, a fixed number of
queries whatever the number of children."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import DateField, JSONField, Q
from django.db.models.expressions import RawSQL

from core.api.pagination import MAX_PAGE_SIZE, Side
from core.audit import AuditEvent, audit_log_many
from core.context import acting_enhet_id
from core.klokke import idag
from core.models import Action, Ansatt
from journal.access import actor_require, restrict_scoped
from tjenester.helsestasjon.lib.program import (
    FORFALLER,
    FORFALT,
    KONSULTASJON,
    VAKSINE,
    DoseStatus,
    PunktStatus,
    Vindu,
    week_of,
)
from tjenester.helsestasjon.models import Innskrivning, Programpunkt, Vaksinedose
from tjenester.helsestasjon.selectors.program import (
    programpunkter_gjeldende,
    vaksinedoser_gjeldende,
)


@dataclass(frozen=True)
class _Treff:
    """What is due for one child (before the page's enrolments are read)."""

    punkter: list[tuple[Programpunkt, PunktStatus]]
    doser: list[tuple[Vaksinedose, DoseStatus]]

    @property
    def forfalt(self) -> bool:
        return any(s.status == FORFALT for _, s in self.punkter) or any(
            s.status == FORFALT for _, s in self.doser
        )

    @property
    def tidligste(self) -> dt.date:
        datoer = [s.forfall for _, s in self.punkter] + [s.forfall for _, s in self.doser]
        return min(datoer)


@dataclass(frozen=True)
class ArbeidslisteRad(_Treff):
    innskrivning: Innskrivning


@dataclass(frozen=True)
class Arbeidsliste:
    uke_fra: dt.date
    uke_til: dt.date
    side: Side[Any]


# The windows of the stored status (`Innskrivning.forfall`: [type, code, due, from, until])
# open on the day, of items of the programme in force; evaluated in the database, so only
# the page's rows come back (the index finds the station's children on the worklist).
_AKTIV = (
    "FROM jsonb_array_elements({tabell}.forfall) WITH ORDINALITY AS w(e, n) "
    "WHERE (e->>3)::date <= %s AND (e->>4 IS NULL OR %s < (e->>4)::date) "
    "AND (e->>0) || ':' || (e->>1) = ANY(%s)"
)


def _treff(
    aktive: list[list[str | None]],
    day: dt.date,
    punkter: dict[str, Programpunkt],
    doser: dict[str, Vaksinedose],
) -> _Treff:
    monday = week_of(day)[0]
    p_due: list[tuple[Programpunkt, PunktStatus]] = []
    d_due: list[tuple[Vaksinedose, DoseStatus]] = []
    for rad in aktive:
        v = Vindu.from_json(rad)
        status = FORFALT if v.forfall < monday else FORFALLER
        if v.type == KONSULTASJON:
            p_due.append((punkter[v.kode], PunktStatus(v.kode, v.forfall, status)))
        else:
            d_due.append((doser[v.kode], DoseStatus(v.kode, v.forfall, status)))
    return _Treff(p_due, d_due)


@transaction.atomic
def arbeidsliste_list(
    *,
    actor: Ansatt,
    bare_mine: bool = True,
    side: int = 1,
    storrelse: int = 50,
    day: dt.date | None = None,
) -> Arbeidsliste:
    """This week's worklist at the acting station: the actor's own children (or all the
    station's), overdue first. Audited per child shown (ARBEIDSLISTE_LISTED)."""
    actor_require(actor, Action.VIEW)
    dag = day or idag()
    qs = Innskrivning.objects.filter(enhet_id=acting_enhet_id(), til_dato__isnull=True)
    if bare_mine:
        qs = qs.filter(ansvarlig=actor)
    punkter = {p.kode: p for p in programpunkter_gjeldende(dag)}
    doser = {d.kode: d for d in vaksinedoser_gjeldende(dag)}
    koder = [f"{KONSULTASJON}:{k}" for k in punkter] + [f"{VAKSINE}:{k}" for k in doser]
    aktiv = _AKTIV.format(tabell=Innskrivning._meta.db_table)
    storrelse = max(1, min(storrelse, MAX_PAGE_SIZE))
    start = (side - 1) * storrelse
    # On the worklist on `dag` by the stored status (a status computed on a later day, the
    # clock moved back, still answers by its windows, so those rows are read too), with
    # the earliest due date of what is open today; sorted here (a sort key computed in
    # the database would evaluate the windows once more per child).
    kandidater: list[tuple[Any, dt.date | None, str]] = list(
        restrict_scoped(qs, actor, action=Action.VIEW)
        .filter(Q(aktuell_fra__lte=dag) | Q(status_beregnet__gt=dag))
        .annotate(
            tidligste=RawSQL(  # noqa: S611 - constant SQL, values as parameters
                f"SELECT min((e->>2)::date) {aktiv}", (dag, dag, koder), DateField()
            )
        )
        .order_by()
        .values_list("id", "tidligste", "pasient__sok_etternavn")
    )
    monday = week_of(dag)[0]
    rows = sorted(
        ((t >= monday, t, navn, inn_id) for inn_id, t, navn in kandidater if t is not None),
    )
    page_ids = [r[3] for r in rows[start : start + storrelse]]
    objekter = (
        Innskrivning.objects.filter(pk__in=page_ids)
        .select_related("pasient", "ansvarlig")
        .defer("forfall")
        .annotate(
            aktive=RawSQL(  # noqa: S611 - constant SQL, values as parameters
                f"SELECT jsonb_agg(e ORDER BY n) {aktiv}", (dag, dag, koder), JSONField()
            )
        )
        .in_bulk()
    )
    page = []
    for inn_id in page_ids:
        inn = objekter[inn_id]
        rad = _treff(inn.aktive, dag, punkter, doser)
        page.append(ArbeidslisteRad(punkter=rad.punkter, doser=rad.doser, innskrivning=inn))
    audit_log_many(
        actor=actor,
        event=AuditEvent.ARBEIDSLISTE_LISTED,
        targets=[r.innskrivning for r in page],
    )
    uke_fra, uke_til = week_of(dag)
    return Arbeidsliste(
        uke_fra=uke_fra,
        uke_til=uke_til,
        side=Side(
            items=page, nummer=side, storrelse=storrelse, har_neste=len(rows) > start + storrelse
        ),
    )
