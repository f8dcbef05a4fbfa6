"""Claims to HELFO: build and validate a Behandlerkravmelding (LOM) of 5,000 consultation
lines (integrasjoner/helfo/lib/krav.py), against the shipped Behandlerkrav and MsgHead
XSDs. Target (issue 19): ≤ 30 s and ≤ 300 MB peak memory.

Pure: no database is touched (the claim's data are plain dataclasses, as krav_create
hands them over). Each size runs in a fresh process, so the peak (ru_maxrss) is that of
the build alone.

    .venv/bin/python benchmarks/bench_helfo.py --lines 5000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _fnr(n: int) -> str:
    from core.identifikatorer import control_digits

    while True:
        ni = f"{1 + n % 28:02d}{81 + n % 12:02d}{50 + n % 40:02d}{n % 1000:03d}"
        kontroll = control_digits(ni)
        if kontroll is not None:
            return ni + kontroll
        n += 1


def measure(lines: int) -> dict[str, float | int]:
    from integrasjoner.helfo.lib.krav import Kravhode, Regning, Takst, krav_xml

    base_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    t0 = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)
    regninger = tuple(
        Regning(
            guid=uuid.uuid4(),
            regning_nr=str(i + 1),
            fnr=_fnr(i),
            tidspunkt=t0 + dt.timedelta(minutes=15 * i),
            diagnoser=("T90", "K86") if i % 3 else ("R74",),
            takster=(Takst("2ad", Decimal("199.00")),)
            + ((Takst("2cd", Decimal("150.00")),) if i % 4 == 0 else ()),
            egenandel=Decimal("0") if i % 10 == 0 else Decimal("100.00"),
            kode_egenandel="A" if i % 10 == 0 else "",
        )
        for i in range(lines)
    )
    hode = Kravhode(
        krav_id=uuid.uuid4(),
        generert=t0,
        fra=t0.date(),
        til=t0.date() + dt.timedelta(days=30),
        behandler_hpr="9144889",
        behandler_etternavn="Lege",
        behandler_fornavn="Lise",
        kontor_navn="Nordbyen legekontor",
        kontor_orgnr="974760673",
        kontor_her_id=8140001,
        regninger=regninger,
    )
    xml = krav_xml(hode)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "lines": lines,
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(peak_mb, 1),
        "base_rss_mb": round(base_mb, 1),
        "xml_mb": round(len(xml) / 1e6, 2),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=5000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.lines)))
        return 0
    out = subprocess.run(
        [sys.executable, __file__, "--child", "--lines", str(args.lines)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    figures = json.loads(out.stdout)
    ok = figures["seconds"] <= 30 and figures["peak_rss_mb"] <= 300
    print(json.dumps(figures | {"target": "≤ 30 s, ≤ 300 MB", "ok": ok}, ensure_ascii=False))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
