"""The nurse's weekly worklist: children enrolled at the acting station with a
consultation or a vaccine due this week or overdue.

Reads the status stored on the enrolments (services/status.py keeps it): the open items
with the days each is on the worklist, so what is due on a day is found without reading
the children's records. A fixed number of queries whatever the number of children (the
enrolments the actor may see that are on the worklist today, as plain values, through
the index by station, nurse and `aktuell_fra`; the programme and the vaccine schedule;
the page's enrolments; the audit rows)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q

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


Kandidat = tuple[uuid.UUID, str, list[list[str | None]]]  # enrolment, surname, windows


Aktiv = list[list[str | None]]  # the windows of a child that are open on the day


def _rows(
    kandidater: list[Kandidat], day: dt.date, punkter: set[str], doser: set[str]
) -> list[tuple[uuid.UUID, Aktiv]]:
    """(enrolment id, open windows) for the children with something due this week or
    overdue on `day`, overdue first, then by the earliest due date and the surname."""
    monday = week_of(day)[0].isoformat()
    iso_day = day.isoformat()
    rows: list[tuple[bool, str, str, uuid.UUID, Aktiv]] = []
    for inn_id, navn, vinduer in kandidater:
        # ISO dates compare as text: the windows are decoded for the page shown only
        aktive = [
            v
            for v in vinduer
            if str(v[3]) <= iso_day
            and (v[4] is None or iso_day < str(v[4]))
            and v[1] in (punkter if v[0] == KONSULTASJON else doser)
        ]
        if aktive:
            tidligste = min(str(v[2]) for v in aktive)
            rows.append((tidligste >= monday, tidligste, navn, inn_id, aktive))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    return [(r[3], r[4]) for r in rows]


def _treff(
    aktive: Aktiv,
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
    # On the worklist today by the stored status (status computed on a later day, the
    # clock moved back: the stored windows still answer, so those rows are read too).
    kandidater: list[Kandidat] = list(
        restrict_scoped(qs, actor, action=Action.VIEW)
        .filter(Q(aktuell_fra__lte=dag) | Q(status_beregnet__gt=dag))
        .order_by()
        .values_list("id", "pasient__sok_etternavn", "forfall")
    )
    punkter = {p.kode: p for p in programpunkter_gjeldende(dag)}
    doser = {d.kode: d for d in vaksinedoser_gjeldende(dag)}
    rows = _rows(kandidater, dag, set(punkter), set(doser))
    storrelse = max(1, min(storrelse, MAX_PAGE_SIZE))
    start = (side - 1) * storrelse
    page_rows = rows[start : start + storrelse]
    objekter = Innskrivning.objects.select_related("pasient", "ansvarlig").in_bulk(
        [inn_id for inn_id, _ in page_rows]
    )
    page = []
    for inn_id, aktive in page_rows:
        rad = _treff(aktive, dag, punkter, doser)
        page.append(
            ArbeidslisteRad(punkter=rad.punkter, doser=rad.doser, innskrivning=objekter[inn_id])
        )
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
