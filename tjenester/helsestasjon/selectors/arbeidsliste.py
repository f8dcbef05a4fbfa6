"""The nurse's weekly worklist: children enrolled at the acting station with a
consultation or a vaccine due this week or overdue.

Four queries whatever the number of children (enrolments with their patients, the
consultations held or missed, the vaccinations, the programme), then the schedule is
computed in Python (tjenester/helsestasjon/lib/program.py)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import transaction
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
    programme_status,
    vaccine_status,
    week_of,
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
class ArbeidslisteRad:
    innskrivning: Innskrivning
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
class Arbeidsliste:
    uke_fra: dt.date
    uke_til: dt.date
    side: Side[Any]


def _rows(innskrivninger: list[Innskrivning], day: dt.date) -> list[ArbeidslisteRad]:
    pasient_ids = [i.pasient_id for i in innskrivninger]
    punkter = programpunkter_gjeldende(day)
    specs = [punkt_spec(p) for p in punkter]
    doser = vaksinedoser_gjeldende(day)
    registrert: dict[uuid.UUID, dict[str, str]] = defaultdict(dict)
    for pid, kode, status in Konsultasjon.objects.filter(pasient_id__in=pasient_ids).values_list(
        "pasient_id", "programpunkt__kode", "status"
    ):
        if registrert[pid].get(kode) != UTFOERT:
            registrert[pid][kode] = status
    gitt: dict[uuid.UUID, dict[tuple[str, int], dt.date]] = defaultdict(dict)
    reservert: dict[uuid.UUID, set[str]] = defaultdict(set)
    for pid, vaksine, nr, status, tid, kode in Vaksinasjon.objects.filter(
        pasient_id__in=pasient_ids
    ).values_list("pasient_id", "vaksine", "dose_nr", "status", "tidspunkt", "vaksinedose__kode"):
        if status == VaksinasjonStatus.GITT:
            gitt[pid][(vaksine, nr)] = timezone.localtime(tid).date()
        elif status == VaksinasjonStatus.RESERVERT and kode:
            reservert[pid].add(kode)
    specs_by_sex: dict[str, list[Any]] = {}
    rows: list[ArbeidslisteRad] = []
    for inn in innskrivninger:
        foedt = inn.pasient.fodselsdato
        kjonn = inn.pasient.kjonn
        if kjonn not in specs_by_sex:
            specs_by_sex[kjonn] = dose_specs(doser, kjonn)
        ds = specs_by_sex[kjonn]
        p_status = programme_status(foedt, specs, registrert.get(inn.pasient_id, {}), day)
        d_status = vaccine_status(
            foedt,
            [s for _, s in ds],
            gitt.get(inn.pasient_id, {}),
            reservert.get(inn.pasient_id, set()),
            day,
        )
        p_due = [(p, s) for p, s in zip(punkter, p_status, strict=True) if s.status in AKTUELL]
        d_due = [(d, s) for (d, _), s in zip(ds, d_status, strict=True) if s.status in AKTUELL]
        if p_due or d_due:
            rows.append(ArbeidslisteRad(inn, p_due, d_due))
    rows.sort(key=lambda r: (not r.forfalt, r.tidligste, r.innskrivning.pasient.sok_etternavn))
    return rows


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
    innskrivninger = list(
        restrict_scoped(qs, actor, action=Action.VIEW).select_related("pasient", "ansvarlig")
    )
    rows = _rows(innskrivninger, dag)
    storrelse = max(1, min(storrelse, MAX_PAGE_SIZE))
    start = (side - 1) * storrelse
    page = rows[start : start + storrelse]
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
