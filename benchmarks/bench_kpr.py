"""The KPR/IPLOS report (integrasjoner/kpr) for a kommune of N persons: the time of one build
and the PEAK MEMORY of the process doing it (target: 20,000 persons ≤ 120 s and ≤ 400 MB).

A kommune is generated with bulk inserts (ORM bulk_create, in its own process): N persons
(synthetic fødselsnumre), each with an application, a case and a granted decision in the
period (praktisk bistand, hours per week), a completed IPLOS assessment (17 variables), a
diagnosis, every other person a medication review, every fifth a nursing-home stay, and
every twentieth without an assessment (listed as missing). The build runs in a fresh
process (ru_maxrss is per process) exactly as the Celery task does.

Standalone:
    .venv/bin/python benchmarks/bench_kpr.py --persons 20000
Runs against its own database `kommunejournal_bench_kpr` (built with the migrations).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import bench_db  # noqa: E402
from bench_db import BenchError, database_url, django_env, manage  # noqa: E402

BENCH_DB = os.environ.get("BENCH_KPR_DB", "kommunejournal_bench_kpr")
KOMMUNENR = "7301"
FRA, TIL = "2025-01-01", "2025-12-31"
BATCH = 2000


def log(message: str) -> None:
    print(f"[bench kpr] {message}", flush=True)


def generate(persons: int) -> dict[str, Any]:
    """In this process: the kommune and its N persons (only when missing)."""
    import datetime as dt
    import random
    from decimal import Decimal

    from bench_explain import django_setup

    django_setup(os.environ["DATABASE_URL"])
    from django.utils import timezone

    from core.models import Ansatt, Enhet, EnhetType, Kommune, Virksomhet
    from journal.demo.pasienter import synthetic_fnr
    from journal.models import (
        Diagnose,
        Kartlegging,
        Kartleggingsskjema,
        KartleggingStatus,
        Kode,
        Pasient,
    )
    from journal.seeds import skjema_load_all
    from legemidler.models import Legemiddelgjennomgang
    from tildeling.models import Sak, SakStatus, Soeknad, Tjenestetype, Vedtak, VedtakStatus
    from tildeling.seeds import tjenestetyper_seed
    from tjenester.sykehjem.models import Opphold, OppholdStatus, Oppholdstype, Rom, Seng

    if Kommune.objects.filter(nummer=KOMMUNENR).exists():
        return {"generated": 0}
    started = time.perf_counter()
    tjenestetyper_seed()
    skjema_load_all()
    kommune = Kommune.objects.create(nummer=KOMMUNENR, navn="Benchvik")
    virksomhet = Virksomhet.objects.create(
        kommune=kommune, navn="Benchvik kommune", organisasjonsnummer="974760673"
    )
    kontor = Enhet.objects.create(
        virksomhet=virksomhet, navn="Tildelingskontoret", type=EnhetType.TILDELINGSKONTOR
    )
    sone = Enhet.objects.create(
        virksomhet=virksomhet, navn="Hjemmetjenesten", type=EnhetType.HJEMMETJENESTE_SONE
    )
    avdeling = Enhet.objects.create(
        virksomhet=virksomhet, navn="Sykehjemmet", type=EnhetType.SYKEHJEMSAVDELING
    )
    ansatt = Ansatt.objects.create(username="bench_kpr", first_name="Bench", last_name="Kpr")
    seng = Seng.objects.create(
        rom=Rom.objects.create(enhet=avdeling, navn="R1"), enhet=avdeling, navn="S1"
    )
    praktisk = Tjenestetype.objects.get(kode="1")
    skjema = Kartleggingsskjema.objects.filter(kode="iplos").order_by("-versjon").first()
    assert skjema is not None  # noqa: S101 - loaded above
    koder = [str(e["kode"]) for e in skjema.definisjon["elementer"]]
    kode, _created = Kode.objects.get_or_create(
        kodeverk="ICPC-2", kode="K86", defaults={"tekst": "Hypertensjon ukomplisert"}
    )
    rng = random.Random(7301)
    used: set[str] = set()
    now = timezone.now()
    for start in range(0, persons, BATCH):
        n = min(BATCH, persons - start)
        pasienter = []
        for i in range(n):
            born = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randint(0, 25000))
            fnr = synthetic_fnr(rng, born, used)
            while fnr is None:
                born += dt.timedelta(days=1)
                fnr = synthetic_fnr(rng, born, used)
            pasienter.append(
                Pasient(
                    identifikator=fnr,
                    identifikator_type="FNR",
                    fornavn="Bruker",
                    etternavn=f"Bench{start + i}",
                    sok_fornavn="bruker",
                    sok_etternavn=f"bench{start + i}",
                    fodselsdato=born,
                    kjonn="kvinne" if i % 2 else "mann",
                    kommune=kommune,
                )
            )
        Pasient.objects.bulk_create(pasienter)
        soknader = Soeknad.objects.bulk_create(
            [
                Soeknad(
                    pasient=p,
                    enhet=kontor,
                    mottatt_dato=dt.date(2025, 1, 10),
                    kanal="papir",
                    soker="pasient",
                )
                for p in pasienter
            ]
        )
        saker = Sak.objects.bulk_create(
            [
                Sak(
                    pasient=s.pasient,
                    enhet=kontor,
                    soknad=s,
                    mottatt_dato=s.mottatt_dato,
                    frist=dt.date(2025, 2, 10),
                    status=SakStatus.VEDTATT,
                    vedtatt_dato=dt.date(2025, 2, 1),
                )
                for s in soknader
            ]
        )
        Vedtak.objects.bulk_create(
            [
                Vedtak(
                    pasient=s.pasient,
                    enhet=kontor,
                    sak=s,
                    tjenestetype=praktisk,
                    utfall="innvilget",
                    omfang=Decimal(1 + (j % 10)) / 2,
                    omfang_enhet="timer_uke",
                    fra_dato=dt.date(2025, 2, 1),
                    begrunnelse="Bench",
                    lovgrunnlag="Hotl. § 3-2",
                    utforende_enhet=sone,
                    opprettet_av=ansatt,
                    status=VedtakStatus.FATTET,
                    vedtaksdato=dt.date(2025, 2, 1),
                    fattet_av=ansatt,
                    fattet_at=now,
                )
                for j, s in enumerate(saker)
            ]
        )
        Kartlegging.objects.bulk_create(
            [
                Kartlegging(
                    pasient=p,
                    enhet=kontor,
                    skjema=skjema,
                    dato=dt.date(2025, 1, 20),
                    utfort_av=ansatt,
                    status=KartleggingStatus.FULLFORT,
                    svar={k: 1 + (j + h) % 5 for h, k in enumerate(koder)},
                    fullfort_at=now,
                )
                for j, p in enumerate(pasienter)
                if (start + j) % 20 != 0
            ]
        )
        Diagnose.objects.bulk_create(
            [
                Diagnose(
                    pasient=p, enhet=sone, kode=kode, debut=dt.date(2020, 5, 1), satt_av=ansatt
                )
                for p in pasienter
            ]
        )
        Legemiddelgjennomgang.objects.bulk_create(
            [
                Legemiddelgjennomgang(
                    pasient=p,
                    enhet=sone,
                    dato=dt.date(2025, 3, 1),
                    deltakere="Lege",
                    funn="Bench",
                    registrert_av=ansatt,
                )
                for j, p in enumerate(pasienter)
                if j % 2 == 0
            ]
        )
        Opphold.objects.bulk_create(
            [
                Opphold(
                    pasient=p,
                    enhet=avdeling,
                    type=Oppholdstype.LANGTID,
                    status=OppholdStatus.AKTIV,
                    fra=dt.date(2025, 6, 1),
                    seng=seng,
                )
                for j, p in enumerate(pasienter)
                if j % 5 == 0
            ]
        )
    return {"generated": persons, "seconds": time.perf_counter() - started}


def measure() -> dict[str, Any]:
    """In this (fresh) process: build the report for the period and report the figures."""
    import datetime as dt
    import gzip

    from bench_explain import django_setup

    django_setup(os.environ["DATABASE_URL"])
    from core.context import system_context
    from core.models import Kommune
    from integrasjoner.kpr.models import Kprrapport, RapportStatus
    from integrasjoner.kpr.services import rapport_build

    kommune = Kommune.objects.get(nummer=KOMMUNENR)
    rapport = Kprrapport.objects.create(
        kommune=kommune,
        fra_dato=dt.date.fromisoformat(FRA),
        til_dato=dt.date.fromisoformat(TIL),
        loepenummer=f"{KOMMUNENR}-bench",
    )
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with system_context():
        status = rapport_build(rapport_id=rapport.pk)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rapport.refresh_from_db()
    if status != RapportStatus.KLAR:
        raise BenchError(f"the build ended as {status}: {rapport.feil}")
    ipl = gzip.decompress(bytes(rapport.ipl_gz or b""))
    return {
        "persons": rapport.antall_totalt,
        "reported": rapport.antall_rapportert,
        "missing": rapport.antall_mangler,
        "seconds": seconds,
        "peak_rss_mb": peak / 1024,
        "base_rss_mb": base / 1024,
        "ipl_mb": len(ipl) / 1_000_000,
        "ipl_gz_mb": len(bytes(rapport.ipl_gz or b"")) / 1_000_000,
    }


def _subprocess(url: str, *args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(Path(__file__)), *args],
        env=django_env(url),
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    if done.returncode != 0:
        raise BenchError(f"{args[0]} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run(base_url: str, *, persons: int) -> dict[str, Any]:
    url = database_url(base_url, BENCH_DB)
    created = bench_db.database_create(url)
    log(f"database {BENCH_DB} {'created' if created else 'exists'}; migrating")
    manage(url, "migrate", "--noinput", timeout=1800)
    log(f"generating {persons:,} persons (only when missing)")
    generated = _subprocess(url, "--generate", str(persons))
    log(f"generated: {generated}")
    log("building the report")
    return _subprocess(url, "--measure")


def summary(r: dict[str, Any]) -> list[str]:
    ok = r["seconds"] <= 120 and r["peak_rss_mb"] <= 400
    return [
        "KPR/IPLOS report (kpr), one year, in its own process:",
        f"  {r['persons']:,} persons ({r['reported']:,} reported, {r['missing']:,} listed as "
        f"missing) in {r['seconds']:.1f} s; peak RSS {r['peak_rss_mb']:.0f} MB (after setup "
        f"{r['base_rss_mb']:.0f} MB); KPR_IPL {r['ipl_mb']:.1f} MB ({r['ipl_gz_mb']:.1f} MB gzip)",
        f"  target ≤ 120 s and ≤ 400 MB: {'met' if ok else 'NOT met'}",
    ]


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--persons", type=int, default=20_000)
    p.add_argument("--generate", type=int, help=argparse.SUPPRESS)
    p.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.generate is not None:
        print(json.dumps(generate(args.generate)))
        return 0
    if args.measure:
        print(json.dumps(measure()))
        return 0
    base = os.environ.get("DATABASE_URL")
    if not base:
        print("DATABASE_URL must be set.", file=sys.stderr)
        return 2
    try:
        result = run(base, persons=args.persons)
    except BenchError as exc:
        print(f"Benchmark failed: {exc}", file=sys.stderr)
        return 1
    print("\n".join(summary(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
