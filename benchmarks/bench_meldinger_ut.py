"""The cost of building and validating one outgoing message (meldinger_ut): an
Innleggelsesrapport and a Dialogmelding built with lxml, wrapped in MsgHead 1.2, and
validated against the envelope and payload XSDs (`melding_errors`), in this process, no
database. The first call compiles the schemas (reported apart); then N messages each.

    .venv/bin/python benchmarks/bench_meldinger_ut.py [N]
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from integrasjoner.meldinger.lib.bygg_dialog import DIALOG_TYPER, Dialog, dialog_build
from integrasjoner.meldinger.lib.bygg_msghead import (
    Konvolutt,
    Part,
    PasientInfo,
    Person,
    melding_errors,
    msghead_wrap,
)
from integrasjoner.meldinger.lib.bygg_plo import (
    SKJEMA,
    Innleggelse,
    Notat,
    Rapport,
    innleggelsesrapport_build,
)

SYKEPLEIER = Person(
    "Omsorg", "Gunn", hpr_nummer="9876543", kategori="SP", kategori_navn="Sykepleier"
)


def konvolutt(type_kode: str) -> Konvolutt:
    return Konvolutt(
        type_kode=type_kode,
        type_navn=type_kode,
        msg_id=str(uuid.uuid4()),
        tidspunkt=dt.datetime(2026, 12, 5, 10, 30, tzinfo=dt.UTC),
        avsender=Part("Testkommune", "8100000", "Sykepleietjeneste PLO", "8100001"),
        mottaker=Part("Testsykehuset HF", "8200000", "Medisinsk sengepost", "8200010"),
        pasient=PasientInfo("Østby", "Kari", dt.date(1944, 3, 1), "kvinne", "01834412345", "FNR"),
    )


def innleggelse() -> tuple[bytes, str]:
    dokument = innleggelsesrapport_build(
        Innleggelse(
            rapport=Rapport(SYKEPLEIER, dt.date(2026, 12, 5)),
            aarsak=Notat(str(uuid.uuid4()), "Falt i stua. " * 20, "AAI", "Årsak til innleggelse"),
        )
    )
    return msghead_wrap(konvolutt("INNLEGGELSESRAPPORT"), dokument), SKJEMA["INNLEGGELSESRAPPORT"]


def dialog() -> tuple[bytes, str]:
    dokument = dialog_build(Dialog("DIALOG_FORESPORSEL", "Kan du fornye resepten?", SYKEPLEIER))
    return msghead_wrap(konvolutt("DIALOG_FORESPORSEL"), dokument), DIALOG_TYPER[
        "DIALOG_FORESPORSEL"
    ][1]


def main(n: int) -> None:
    for navn, lag in (("Innleggelsesrapport", innleggelse), ("Dialogmelding", dialog)):
        start = time.perf_counter()
        xml, skjema = lag()
        if melding_errors(xml, skjema):
            raise SystemExit(f"{navn} is not valid")
        forste = time.perf_counter() - start
        bygg, valider = [], []
        for _ in range(n):
            t0 = time.perf_counter()
            xml, skjema = lag()
            t1 = time.perf_counter()
            if melding_errors(xml, skjema):
                raise SystemExit(f"{navn} is not valid")
            t2 = time.perf_counter()
            bygg.append(t1 - t0)
            valider.append(t2 - t1)
        print(
            f"{navn}: first (schema compile) {forste * 1000:.0f} ms; then per message "
            f"build {statistics.median(bygg) * 1000:.2f} ms, validate (envelope + payload) "
            f"median {statistics.median(valider) * 1000:.1f} ms, "
            f"p95 {sorted(valider)[int(n * 0.95) - 1] * 1000:.1f} ms ({len(xml)} bytes)"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
