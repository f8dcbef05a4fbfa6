"""Grouping a district's plan occurrences into visits (pure: no database)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from tjenester.hjemmetjeneste.lib.tid import minutes_of, time_of

# Occurrences of one patient's plan tiltak this close to the first of a group make one visit.
GRUPPE_MIN = 60
VINDU_FOR_MIN = 30  # the visit window opens this long before the first task's time
VINDU_ETTER_MIN = 30  # and closes this long after the last one
DAG_VINDU = (dt.time(9, 0), dt.time(15, 0))  # tasks due "some time that day"
DAG_NOKKEL = "dag"


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


# --- generation from plans -------------------------------------------------------------------


@dataclass
class Gruppe:
    pasient_id: uuid.UUID
    dato: dt.date
    nokkel: str
    fra_min: int
    til_min: int
    varighet: int
    oppgaver: list[Forekomst]

    def fra_tid(self) -> dt.time:
        return time_of(self.fra_min)

    def til_tid(self) -> dt.time:
        return time_of(max(self.til_min, self.fra_min + 1))


def besoek_grupper(forekomster: Iterable[Forekomst]) -> list[Gruppe]:
    """Group one district's occurrences into visits: per patient and day, occurrences within
    GRUPPE_MIN of the first of a group go together; tasks due some time that day join the
    patient's first visit that day (or get a daytime visit of their own)."""
    per_dag: dict[tuple[uuid.UUID, dt.date], list[Forekomst]] = defaultdict(list)
    for f in forekomster:
        per_dag[(f.pasient_id, f.dato)].append(f)
    grupper: list[Gruppe] = []
    for (pasient_id, dato), items in sorted(per_dag.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        timed = sorted(
            (f for f in items if f.tidspunkt is not None),
            key=lambda f: (minutes_of(f.tidspunkt), f.tekst),  # type: ignore[arg-type]
        )
        untimed = [f for f in items if f.tidspunkt is None]
        day: list[Gruppe] = []
        for f in timed:
            at = minutes_of(f.tidspunkt)  # type: ignore[arg-type]
            if day and at - day[-1].fra_min - VINDU_FOR_MIN <= GRUPPE_MIN:
                gruppe = day[-1]
                gruppe.til_min = max(gruppe.til_min, at + VINDU_ETTER_MIN)
                gruppe.varighet += f.varighet_min
                gruppe.oppgaver.append(f)
            else:
                day.append(
                    Gruppe(
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
                    Gruppe(
                        pasient_id,
                        dato,
                        DAG_NOKKEL,
                        minutes_of(DAG_VINDU[0]),
                        minutes_of(DAG_VINDU[1]),
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
