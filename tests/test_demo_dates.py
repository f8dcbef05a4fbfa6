"""The demo is the same on any day: built through the controllable clock on dates that have
broken date code before (today's, the end of February, a leap day, New Year's Eve, late in
the evening and just after midnight), it has the same people and the same counts, and what
depends on today (visits, pay period, invoice month) follows the clock.

The moments are built two by two in two tests (two xdist groups, so the two workers share
the work); each test compares its two builds, and each writes what it saw to the session's
shared temporary directory and compares it with what the other test has written there, so
in a whole run every moment is compared with every other one."""

from __future__ import annotations

import datetime as dt
import json
import os
from io import StringIO
from pathlib import Path
from typing import cast
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from core.klokke import idag, klokke_set
from core.models import Ansatt, Enhet, Kommune, Vakt
from integrasjoner.faktura.models import Fakturakjoering
from integrasjoner.lonn.models import Loennsperiode
from journal.models import Kartlegging, Pasient, Tiltaksplan
from tildeling.models import Sak, Vedtak
from tjenester.helsestasjon.demo.barn import NYE_BARN_PER_STASJON
from tjenester.hjemmetjeneste.models import Besoek
from tjenester.sykehjem.models import Opphold

pytestmark = [pytest.mark.django_db]

OSLO = ZoneInfo("Europe/Oslo")
MOMENTS = [
    dt.datetime(2026, 12, 5, 8, 0, tzinfo=OSLO),
    dt.datetime(2027, 2, 28, 23, 50, tzinfo=OSLO),
    dt.datetime(2028, 2, 29, 0, 10, tzinfo=OSLO),
    dt.datetime(2031, 12, 31, 23, 30, tzinfo=OSLO),
]


def _clock_to(moment: dt.datetime) -> None:
    klokke_set(moment - timezone.now())  # the offset is from the real time


def _demo_on(moment: dt.datetime) -> dict[str, object]:
    """Build the whole demo as if it were `moment`, note what it made, and roll it back."""
    _clock_to(moment)
    assert idag() == moment.date()
    with transaction.atomic():
        call_command("demo_alle", stdout=StringIO())
        sykepleier = Ansatt.objects.get(username="sykepleier")
        sone_nord = Enhet.objects.get(navn="Hjemmetjenesten Kongsvinger sone nord")
        seen: dict[str, object] = {
            "personer": frozenset(
                Pasient.objects.values_list("identifikator", "fornavn", "etternavn", "fodselsdato")
            ),
            "antall": (
                Kommune.objects.count(),
                Enhet.objects.count(),
                Ansatt.objects.count(),
                Pasient.objects.count(),
                Sak.objects.count(),
                Vedtak.objects.count(),
                Opphold.objects.filter(status="aktiv").count(),
                Tiltaksplan.objects.count(),
                Kartlegging.objects.count(),
            ),
            "besok_i_dag": Besoek.objects.filter(
                enhet=sone_nord, ansatt=sykepleier, dato=moment.date()
            ).exists(),
            "vakter_i_dag": Vakt.objects.filter(dato=moment.date()).exists(),
            "lonnsperiode": list(Loennsperiode.objects.values_list("fra_dato", flat=True)),
            "fakturamaned": list(Fakturakjoering.objects.values_list("maned", flat=True)),
        }
        transaction.set_rollback(True)
    return seen


Personer = frozenset[tuple[str, str, str, dt.date]]


def _ages(personer: Personer, moment: dt.datetime) -> list[tuple[str, str, int]]:
    """Who they are by name and age in days on `moment` (for people born relative to today)."""
    dag = moment.date()
    return sorted(
        (fornavn, etternavn, (dag - foedt).days) for _, fornavn, etternavn, foedt in personer
    )


def _same_people_and_counts(
    first_moment: dt.datetime,
    first: dict[str, object],
    moment: dt.datetime,
    seen: dict[str, object],
) -> None:
    assert seen["antall"] == first["antall"], moment
    # everyone is the same person; only the health station's newborns and small
    # children are born relative to today, so they have the same names and ages
    foerste, disse = cast(Personer, first["personer"]), cast(Personer, seen["personer"])
    faste = foerste & disse
    var = _ages(foerste - faste, first_moment)
    er = _ages(disse - faste, moment)
    assert er == var, (first_moment, moment)
    assert len(var) <= 2 * NYE_BARN_PER_STASJON, moment


def _shared_dir(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The session's temporary directory every xdist worker sees (its own without xdist)."""
    root = tmp_path_factory.getbasetemp()
    folder = (root if worker_id == "master" else root.parent) / "demo_dates"
    folder.mkdir(exist_ok=True)
    return folder


def _write(folder: Path, moment: dt.datetime, seen: dict[str, object]) -> None:
    data = {
        "moment": moment.isoformat(),
        "antall": list(cast(tuple[int, ...], seen["antall"])),
        "personer": sorted(
            [i, f, e, d.isoformat()] for i, f, e, d in cast(Personer, seen["personer"])
        ),
    }
    path = folder / f"{moment:%Y%m%dT%H%M}.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data))
    os.replace(tmp, path)  # atomic: the other worker reads all of it or nothing


def _read(path: Path) -> tuple[dt.datetime, dict[str, object]]:
    data = json.loads(path.read_text())
    return dt.datetime.fromisoformat(data["moment"]), {
        "antall": tuple(data["antall"]),
        "personer": frozenset(
            (i, f, e, dt.date.fromisoformat(d)) for i, f, e, d in data["personer"]
        ),
    }


@pytest.mark.parametrize(
    "moments",
    [
        pytest.param(MOMENTS[:2], marks=pytest.mark.xdist_group("demo_dates_1"), id="1"),
        pytest.param(MOMENTS[2:], marks=pytest.mark.xdist_group("demo_dates_2"), id="2"),
    ],
)
def test_the_demo_is_the_same_people_and_counts_on_any_date(
    moments: list[dt.datetime], tmp_path_factory: pytest.TempPathFactory, worker_id: str
) -> None:
    # when
    built = {moment: _demo_on(moment) for moment in moments}

    # then: the same people and the same counts every day
    first_moment = moments[0]
    first = built[first_moment]
    assert 500 <= first["antall"][3] <= 500 + 2 * NYE_BARN_PER_STASJON  # type: ignore[index]
    for moment, seen in built.items():
        _same_people_and_counts(first_moment, first, moment, seen)

    # and the same as on the other test's moments (whichever test finishes last compares)
    folder = _shared_dir(tmp_path_factory, worker_id)
    for moment, seen in built.items():
        _write(folder, moment, seen)
    for path in sorted(folder.glob("*.json")):
        other_moment, other = _read(path)
        if other_moment not in built:
            _same_people_and_counts(other_moment, other, first_moment, first)

    # and what depends on today follows the clock
    for moment, seen in built.items():
        today = moment.date()
        last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        assert seen["besok_i_dag"], moment
        assert seen["vakter_i_dag"], moment
        assert seen["lonnsperiode"] == [today.replace(day=1)], moment
        assert seen["fakturamaned"] == [last_month], moment
