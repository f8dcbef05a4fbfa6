"""The nurse's weekly worklist: children enrolled at the acting station with a
consultation or a vaccine due this week or overdue.

A fixed number of queries whatever the number of children (the enrolments the actor may
see, as plain values; the programme and the vaccine schedule; the held consultations and
the vaccinations aggregated to one row per child; the page's enrolments; the audit rows),
then lib.program.worklist_items finds what is due per child in O(1) per point."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.aggregates import StringAgg
from django.db import transaction
from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat, TruncDate
from django.utils import timezone

from core.api.pagination import MAX_PAGE_SIZE, Side
from core.audit import AuditEvent, audit_log_many
from core.context import acting_enhet_id
from core.klokke import idag
from core.models import Action, Ansatt
from journal.access import actor_require, restrict_scoped
from tjenester.helsestasjon.lib.program import (
    FORFALLER,
    FORFALT,
    UTFOERT,
    DoseStatus,
    PunktStatus,
    week_of,
    worklist_items,
)
from tjenester.helsestasjon.models import (
    Innskrivning,
    Konsultasjon,
    Programpunkt,
    Vaksinasjon,
    VaksinasjonStatus,
    Vaksinedose,
)
from tjenester.helsestasjon.selectors.program import (
    dose_specs,
    programpunkter_gjeldende,
    punkt_spec,
    vaksinedoser_gjeldende,
)

AKTUELL = {FORFALLER, FORFALT}


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


Barn = tuple[uuid.UUID, uuid.UUID, dt.date, str, str]  # enrolment, patient, born, sex, name


def _rows(
    barn: list[Barn], kilde: QuerySet[Innskrivning], day: dt.date
) -> list[tuple[uuid.UUID, _Treff]]:
    """(enrolment id, row) for the children with something due this week or overdue; the
    rows' `innskrivning` is filled in for the page shown only. `kilde` (the enrolments
    before the access rule) selects the records by subquery; only the rows of `barn` (the
    children the actor may see) are used."""
    pasienter = kilde.order_by().values("pasient_id")
    punkter = programpunkter_gjeldende(day)
    specs = [punkt_spec(p) for p in punkter]
    doser = vaksinedoser_gjeldende(day)
    # Only held consultations change what is due.
    # Aggregated to one text per child in SQL (split in Python: cheaper than arrays).
    registrert: dict[uuid.UUID, dict[str, str]] = {
        pid: dict.fromkeys(koder.split(","), UTFOERT)
        for pid, koder in Konsultasjon.objects.filter(pasient_id__in=pasienter, status=UTFOERT)
        .order_by()
        .values("pasient_id")
        .annotate(koder=StringAgg("programpunkt__kode", delimiter=","))
        .values_list("pasient_id", "koder")
    }
    gitt: dict[uuid.UUID, dict[tuple[str, int], dt.date]] = {}
    reservert: dict[uuid.UUID, set[str]] = {}
    tz = timezone.get_current_timezone()
    linje = Concat(
        "vaksine",
        Value("\t"),
        Cast("dose_nr", CharField()),
        Value("\t"),
        Cast(TruncDate("tidspunkt", tzinfo=tz), CharField()),
        output_field=CharField(),
    )
    for pid, gitte, reserverte in (
        Vaksinasjon.objects.filter(
            pasient_id__in=pasienter,
            status__in=[VaksinasjonStatus.GITT, VaksinasjonStatus.RESERVERT],
        )
        .order_by()
        .values("pasient_id")
        .annotate(
            gitte=StringAgg(linje, delimiter="\n", filter=Q(status=VaksinasjonStatus.GITT)),
            reserverte=StringAgg(
                "vaksinedose__kode",
                delimiter=",",
                filter=Q(status=VaksinasjonStatus.RESERVERT, vaksinedose__isnull=False),
            ),
        )
        .values_list("pasient_id", "gitte", "reserverte")
    ):
        g: dict[tuple[str, int], dt.date] = {}
        for post in gitte.split("\n") if gitte else ():
            vaksine, nr, dato = post.split("\t")
            g[(vaksine, int(nr))] = dt.date.fromisoformat(dato)
        gitt[pid] = g
        reservert[pid] = set(reserverte.split(",")) if reserverte else set()
    specs_by_sex: dict[str, list[Any]] = {}
    tom_gitt: dict[tuple[str, int], dt.date] = {}
    tom_reservert: set[str] = set()
    rows: list[tuple[uuid.UUID, str, _Treff]] = []
    tom_registrert: dict[str, str] = {}
    dose_lister: dict[str, list[Any]] = {}
    for inn_id, pid, foedt, kjonn, navn in barn:
        if kjonn not in specs_by_sex:
            specs_by_sex[kjonn] = dose_specs(doser, kjonn)
            dose_lister[kjonn] = [s for _, s in specs_by_sex[kjonn]]
        ds = specs_by_sex[kjonn]
        p_due, d_due = worklist_items(
            foedt,
            specs,
            registrert.get(pid, tom_registrert),
            dose_lister[kjonn],
            gitt.get(pid, tom_gitt),
            reservert.get(pid, tom_reservert),
            day,
        )
        if p_due or d_due:
            rad = _Treff(
                [(punkter[i], s) for i, s in p_due],
                [(ds[i][0], s) for i, s in d_due],
            )
            rows.append((inn_id, navn, rad))
    rows.sort(key=lambda r: (not r[2].forfalt, r[2].tidligste, r[1]))
    return [(inn_id, rad) for inn_id, _navn, rad in rows]


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
    barn: list[Barn] = list(
        restrict_scoped(qs, actor, action=Action.VIEW)
        .order_by()
        .values_list(
            "id", "pasient_id", "pasient__fodselsdato", "pasient__kjonn", "pasient__sok_etternavn"
        )
    )
    rows = _rows(barn, qs, dag)
    storrelse = max(1, min(storrelse, MAX_PAGE_SIZE))
    start = (side - 1) * storrelse
    page_rows = rows[start : start + storrelse]
    objekter = Innskrivning.objects.select_related("pasient", "ansvarlig").in_bulk(
        [inn_id for inn_id, _ in page_rows]
    )
    page = [
        ArbeidslisteRad(punkter=rad.punkter, doser=rad.doser, innskrivning=objekter[inn_id])
        for inn_id, rad in page_rows
    ]
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
