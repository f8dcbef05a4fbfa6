"""Inbound messages: what parsing and XSD validation cost per message, and how many messages
per second `melding_receive` takes end to end (parse, validate envelope + payload, dedupe,
route, match, record, build + validate + store the AppRec and its outbox row, audit).

Runs in-process against an already migrated database (by default the pytest database of
DATABASE_URL, `test_<name>`), inside one transaction that is rolled back at the end, so it
leaves nothing behind and queues nothing (on-commit never fires):

    .venv/bin/python benchmarks/bench_meldinger.py [--antall 400] [--database test_kj_x]

The messages are the official PLO 1.6 and Dialogmelding examples, each with a fresh MsgId,
spread over 50 patients with a care relationship to the receiving unit.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import pstats
import re
import statistics
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[1]


class Rollback(Exception):
    pass


def _setup(database: str) -> None:
    url = urlparse(os.environ["DATABASE_URL"])
    os.environ["DATABASE_URL"] = urlunparse(url._replace(path=f"/{database}"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _med_msgid(xml: bytes) -> bytes:
    ny = str(uuid.uuid4()).encode()
    return re.sub(rb"<MsgId>[^<]*</MsgId>", b"<MsgId>" + ny + b"</MsgId>", xml, count=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--antall", type=int, default=400)
    parser.add_argument("--database", default="")
    parser.add_argument("--bare", default="", help="only the examples whose file name has this")
    parser.add_argument(
        "--profil", action="store_true", help="cProfile the receiving loop (top 25 by own time)"
    )
    args = parser.parse_args()
    navn = urlparse(os.environ["DATABASE_URL"]).path.lstrip("/")
    _setup(args.database or f"test_{navn}")

    from django.db import connection, transaction

    from core.context import system_context
    from core.models import Ansatt, EnhetType, Rolle, Tilknytning
    from core.roller import roller_seed
    from integrasjoner.kith.lib.xsd import EKSEMPEL_DIR
    from integrasjoner.meldinger.lib.msghead import msghead_read
    from integrasjoner.meldinger.models import EnhetHerId
    from integrasjoner.meldinger.selectors import herid_batch
    from integrasjoner.meldinger.services import melding_receive
    from journal.models import Behandlingsrelasjon, Pasient, RelasjonGrunnlag
    from tests.factories import EnhetFactory
    from tildeling.seeds import tjenestetyper_seed

    eksempler = [p.read_bytes() for p in sorted(EKSEMPEL_DIR.rglob("*.xml")) if args.bare in p.name]
    fnr_re = re.compile(rb"<Patient>.*?<Id>(\d{11})</Id>", re.S)

    # 1. parse + XSD validation (envelope and payload), warm schemas
    for xml in eksempler:
        msghead_read(xml)
    validering: list[float] = []
    for _ in range(20):
        for xml in eksempler:
            t = time.perf_counter()
            msghead_read(xml)
            validering.append((time.perf_counter() - t) * 1000)

    # 2. end to end, in a transaction rolled back at the end
    resultat: dict[str, float] = {}
    per_type: dict[str, list[float]] = {}
    sporringer_per_type: dict[str, list[int]] = {}
    try:
        with transaction.atomic():
            tjenestetyper_seed()
            enhet = EnhetFactory(navn="Bench sone", type=EnhetType.HJEMMETJENESTE_SONE)
            roller_seed()
            bruker = Ansatt.objects.create(username=f"bench-{uuid.uuid4().hex[:8]}")
            Tilknytning.objects.create(
                ansatt=bruker, enhet=enhet, rolle=Rolle.objects.get(kode="sykepleier")
            )
            for herid in ("5078", "91100", "91101", "90998", "91090"):
                EnhetHerId.objects.update_or_create(
                    herid=herid, defaults={"enhet": enhet, "systembruker": bruker}
                )
            # the examples' people, plus spread over more patients by rewriting the fnr
            kjente = sorted({m.group(1).decode() for x in eksempler if (m := fnr_re.search(x))})
            for fnr in kjente:
                pasient, _ = Pasient.objects.get_or_create(
                    identifikator=fnr,
                    defaults={
                        "identifikator_type": "FNR",
                        "fornavn": "Bench",
                        "etternavn": "Pasient",
                        "fodselsdato": dt.date(1900 + int(fnr[4:6]), int(fnr[2:4]), int(fnr[:2])),
                    },
                )
                Behandlingsrelasjon.objects.get_or_create(
                    pasient=pasient, enhet=enhet, grunnlag=RelasjonGrunnlag.VEDTAK
                )
            meldinger = [_med_msgid(eksempler[i % len(eksempler)]) for i in range(args.antall)]
            status: dict[str, int] = {}
            sporringer = [0]

            def _tell(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
                sporringer[0] += 1
                return execute(sql, params, many, context)

            profil = cProfile.Profile() if args.profil else None
            t0 = time.perf_counter()
            cpu0 = time.process_time()
            with system_context(), herid_batch(), connection.execute_wrapper(_tell):
                if profil:
                    profil.enable()
                for xml in meldinger:
                    t = time.perf_counter()
                    for_ = sporringer[0]
                    mottak = melding_receive(xml=xml)
                    ms = (time.perf_counter() - t) * 1000
                    type_ = mottak.melding.meldingstype
                    per_type.setdefault(type_, []).append(ms)
                    sporringer_per_type.setdefault(type_, []).append(sporringer[0] - for_)
                    status[mottak.kvittering.status] = status.get(mottak.kvittering.status, 0) + 1
                if profil:
                    profil.disable()
            sekunder = time.perf_counter() - t0
            cpu = time.process_time() - cpu0
            resultat["sporringer"] = sporringer[0]
            if profil:
                pstats.Stats(profil).sort_stats("tottime").print_stats(25)
            resultat |= {
                "sekunder": sekunder,
                "cpu": cpu,
                **{f"status_{k}": v for k, v in status.items()},
            }
            raise Rollback
    except Rollback:
        pass

    med = statistics.median(validering)
    p95 = sorted(validering)[int(len(validering) * 0.95)]
    print(f"Parse + XSD (MsgHead + fagdokument), {len(eksempler)} eksempler x 20:")
    print(f"  median {med:.2f} ms, p95 {p95:.2f} ms, maks {max(validering):.2f} ms per melding")
    sek = resultat.get("sekunder", 0.0)
    print(
        f"Mottak ende til ende: {args.antall} meldinger på {sek:.2f} s = "
        f"{args.antall / sek:.0f} meldinger/s"
        if sek
        else "ikke målt"
    )
    print(
        "  kvitteringsstatus: "
        + ", ".join(
            f"{k.removeprefix('status_')}: {int(v)}"
            for k, v in resultat.items()
            if k.startswith("status_")
        )
    )

    if sek:
        cpu = resultat["cpu"]
        print(
            f"  denne prosessens CPU: {cpu:.2f} s = {cpu / args.antall * 1000:.1f} ms per melding "
            f"(resten er venting på PostgreSQL); belastning {os.getloadavg()[0]:.1f}"
        )
        print(f"  spørringer: {resultat['sporringer'] / args.antall:.1f} per melding")
    for type_, tider in sorted(per_type.items()):
        print(
            f"    {type_:<28} median {statistics.median(tider):6.1f} ms  "
            f"{max(sporringer_per_type[type_]):3d} spørringer  (n={len(tider)})"
        )


if __name__ == "__main__":
    main()
