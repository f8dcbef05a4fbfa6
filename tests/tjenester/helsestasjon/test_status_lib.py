"""The stored status (hs): the days each open item is on the worklist, without a database.
On every day, the windows stored once answer what the worklist computed from the records
answers on that day."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.tjenester.helsestasjon.test_program_lib import DOSER, FOEDT, PROGRAM
from tjenester.helsestasjon.lib.program import (
    FORFALT,
    IKKE_MOETT,
    UTFOERT,
    Vindu,
    status_of,
    worklist_from_windows,
    worklist_items,
    worklist_windows,
)


@given(
    foedt=st.dates(dt.date(2008, 1, 1), dt.date(2027, 3, 1)),
    fra=st.dates(dt.date(2025, 6, 1), dt.date(2027, 3, 1)),
    done=st.sets(st.sampled_from([p.kode for p in PROGRAM])),
    missed=st.sets(st.sampled_from([p.kode for p in PROGRAM])),
    given_doses=st.dictionaries(st.sampled_from(range(len(DOSER))), st.integers(0, 6000)),
    refused=st.sets(st.sampled_from([d.kode for d in DOSER])),
    program=st.permutations(PROGRAM),
    ordered=st.booleans(),
)
@settings(max_examples=300, deadline=None)
def test_the_windows_agree_with_the_worklist_on_every_day(
    foedt: dt.date,
    fra: dt.date,
    done: set[str],
    missed: set[str],
    given_doses: dict[int, int],
    refused: set[str],
    program: list,  # type: ignore[type-arg]
    ordered: bool,
) -> None:
    punkter = PROGRAM if ordered else program  # also a programme out of age order
    registrert = dict.fromkeys(missed, IKKE_MOETT) | dict.fromkeys(done, UTFOERT)
    gitt = {
        (DOSER[i].vaksine, DOSER[i].dose_nr): foedt + dt.timedelta(days=d)
        for i, d in given_doses.items()
    }
    vinduer = worklist_windows(foedt, punkter, registrert, DOSER, gitt, refused)
    for offset in range(0, 120, 3):
        day = fra + dt.timedelta(days=offset)
        want_p, want_d = worklist_items(foedt, punkter, registrert, DOSER, gitt, refused, day)
        got_p, got_d = worklist_from_windows(vinduer, day)
        assert got_p == [s for _, s in want_p]
        assert got_d == [s for _, s in want_d]


def test_the_next_due_items_and_the_first_day_on_the_worklist() -> None:
    # born 31 Jan 2026, home visit held; on 1 Mar the 6-week consultation (14 Mar) is next
    vinduer = worklist_windows(FOEDT, PROGRAM, {"hjemmebesok": UTFOERT}, DOSER, {}, set())
    status = status_of(vinduer, dt.date(2026, 3, 1))
    assert status.neste_konsultasjon is not None
    assert status.neste_konsultasjon.kode == "4-uker"  # not held: still the current one
    assert status.neste_konsultasjon.forfall == dt.date(2026, 2, 28)
    assert status.neste_vaksinedose is not None
    assert status.neste_vaksinedose.kode == "rota-1"
    # the 4-week consultation has been on the worklist since the Monday of its week
    assert status.aktuell_fra == dt.date(2026, 2, 23)
    # two weeks later, without any new record: the 6-week one is overdue
    p, _ = worklist_from_windows(vinduer, dt.date(2026, 3, 24))
    assert [(s.kode, s.status) for s in p] == [("6-uker", FORFALT)]


def test_windows_survive_json() -> None:
    vinduer = worklist_windows(FOEDT, PROGRAM, {}, DOSER, {}, set())
    assert [Vindu.from_json(v.to_json()) for v in vinduer] == vinduer
