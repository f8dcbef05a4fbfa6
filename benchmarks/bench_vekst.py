"""Growth charts: the time to place a child's measurements on the WHO reference and draw
one growth chart (SVG), in-process, no database (the selector's queries are three
indexed reads of one child's rows).

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python benchmarks/bench_vekst.py

Prints, for one chart (weight, 0–2 years, 12 points) and for the child's three charts:
the first call in a fresh process (loads the WHO tables and builds the curves) and p50/p95
of 200 further calls (curves cached per process, points scored each time). Target: one
chart ≤ 100 ms.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from tjenester.helsestasjon.lib.vekst import (  # noqa: E402
    Kjonn,
    Maaletype,
    Punkt,
    alder_calculate,
    sds_calculate,
    verdi_for_sds,
)
from tjenester.helsestasjon.lib.vekstkurve import vekstkurve_svg  # noqa: E402

FODT = dt.date(2025, 1, 15)
BESOK = (0, 7, 42, 91, 152, 183, 304, 365, 456, 548, 640, 700)


def _points(maaletype: Maaletype) -> list[Punkt]:
    punkter = []
    for dag in BESOK:
        alder = alder_calculate(fodselsdato=FODT, dato=FODT + dt.timedelta(days=dag))
        verdi = verdi_for_sds(maaletype=maaletype, kjonn=Kjonn.JENTE, dager=dag, sds=-0.4)
        sds = sds_calculate(maaletype=maaletype, kjonn=Kjonn.JENTE, dager=dag, verdi=verdi)
        punkter.append(Punkt(FODT + dt.timedelta(days=dag), alder, verdi, sds))
    return punkter


def one_chart() -> str:
    return vekstkurve_svg(
        maaletype=Maaletype.VEKT, kjonn=Kjonn.JENTE, punkter=_points(Maaletype.VEKT)
    )


def three_charts() -> list[str]:
    return [vekstkurve_svg(maaletype=m, kjonn=Kjonn.JENTE, punkter=_points(m)) for m in Maaletype]


def _time(call: object, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        call()  # type: ignore[operator]
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    for name, call in (("one chart", one_chart), ("three charts", three_charts)):
        first = _time(call, 1)[0]
        runs = sorted(_time(call, 200))
        p95 = runs[int(len(runs) * 0.95) - 1]
        print(
            f"{name}: first {first:.1f} ms, p50 {statistics.median(runs):.2f} ms, "
            f"p95 {p95:.2f} ms (200 runs)"
        )


if __name__ == "__main__":
    main()
