"""Name-prefix search before/after journal.access.navnesok.pasienter_soek (issue 12), in process.

Against the benchmark database (`run.py` fills it; `KJ_BENCH_DB` names another copy), as
the district nurse `sykepleier` (about 2,000 relationships) and as a nurse of a unit
related to every patient (created here once: `kjbench_alle_navn`, one INSERT ... SELECT);
`--only lege` as the demo doctor (Kongsvinger legesenter, about 15,000 relationships, a
"large" unit too). For each search the patient SELECT is timed as it was (the list form
of the access rule: the unit's related set as an IN, hashed) and as it is now (the gated
statement of `journal.access.navnesok.pasienter_soek`), interleaved, on the same
connection; both must return the same page. Median and p95 of the database round trip,
and the plan of the new statement with `--plans`.

    KJ_BENCH_DB=kommunejournal_bench_navn .venv/bin/python benchmarks/bench_navn.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_db import BENCH_DB, DEMO_USER, database_url
from bench_explain import django_setup

ALLE_USER = "kjbench_alle_navn"
SEARCHES = ["kri", "han", "ol", "nor", "sil", "øst", "åse", "bjø", "xqz", "hansen kari", "be"]


def _alle_ensure() -> None:
    """A unit related to every patient, with one nurse (only what is missing is added)."""
    import datetime as dt

    from django.db import connection, transaction

    from core.context import system_context
    from core.models import Ansatt, Enhet, EnhetType, Rolle, Tilknytning

    sykepleier = Ansatt.objects.get(username=DEMO_USER)
    virksomhet = sykepleier.tilknytninger.select_related("enhet").get().enhet.virksomhet
    with system_context(), transaction.atomic():
        enhet, _ = Enhet.objects.get_or_create(
            virksomhet=virksomhet,
            navn="Ytelsestest alle pasienter (navn)",
            defaults={"type": EnhetType.HJEMMETJENESTE_SONE},
        )
        ansatt, created = Ansatt.objects.get_or_create(
            username=ALLE_USER, defaults={"first_name": "Ytelsestest", "last_name": "Alle"}
        )
        if created:
            ansatt.set_unusable_password()
            ansatt.save()
        Tilknytning.objects.get_or_create(
            ansatt=ansatt,
            enhet=enhet,
            rolle=Rolle.objects.get(kode="sykepleier"),
            defaults={"gyldig_fra": dt.date(2024, 1, 1)},
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO journal_behandlingsrelasjon (id, created_at, updated_at, pasient_id,"
                " enhet_id, grunnlag, begrunnelse, gyldig_fra, gyldig_til)"
                " SELECT gen_random_uuid(), now(), now(), p.id, %s, 'vedtak', '',"
                " now() - interval '100 days', NULL FROM journal_pasient p WHERE NOT EXISTS ("
                "SELECT 1 FROM journal_behandlingsrelasjon r WHERE r.pasient_id = p.id"
                " AND r.enhet_id = %s)",
                [enhet.pk, enhet.pk],
            )
            added = cursor.rowcount
    print(f"unit related to all patients: +{added:,} relationships", flush=True)
    if added:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) journal_behandlingsrelasjon")


def _queries(actor: Any, sok: str) -> tuple[tuple[str, Any], tuple[str, Any]]:
    """(before, after): the page SELECT of a name search, as SQL and parameters."""
    from core.models import Action
    from journal.access import restrict_pasienter
    from journal.access.navnesok import _soek_sql
    from journal.models import Pasient
    from journal.selectors.pasient import _name_conditions, _search_filter

    sokemate, condition = _search_filter(sok)
    if sokemate != "navn" or condition is None:
        raise SystemExit(f"not a name search: {sok!r}")
    fields = ("id", "identifikator", "fornavn", "mellomnavn", "etternavn", "fodselsdato")
    before = (
        restrict_pasienter(Pasient.objects.all(), actor, action=Action.SEARCH_PATIENT)
        .filter(condition)
        .only(*fields)[:21]
    )
    vilkaar = _name_conditions(sok)
    ids, params, _telling = _soek_sql(
        actor, kandidater=vilkaar.kandidater, i_navnerekkefolge=vilkaar.i_navnerekkefolge, vindu=21
    )
    # the page around the ids as journal.access.navnesok.pasienter_soek reads it
    after = (
        f"SELECT p.id FROM journal_pasient p WHERE p.id IN ({ids})"  # noqa: S608
        " ORDER BY p.sok_etternavn, p.sok_fornavn, p.id LIMIT 21",
        params,
    )
    return before.query.sql_with_params(), after


def _run(sql: str, params: Any) -> tuple[float, list[Any]]:
    from django.db import connection

    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        return (time.perf_counter() - started) * 1000, [r[0] for r in rows]


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--repeats", type=int, default=15)
    p.add_argument(
        "--before-repeats", type=int, default=3, help="runs of the old statement (slow: 1M)"
    )
    p.add_argument("--plans", action="store_true", help="print the new statement's plans")
    p.add_argument("--searches", default=",".join(SEARCHES), help="comma-separated searches")
    p.add_argument("--only", choices=["distrikt", "alle", "lege"], default=None)
    args = p.parse_args(argv)
    base = os.environ.get("DATABASE_URL")
    if not base:
        print("DATABASE_URL must be set", file=sys.stderr)
        return 2
    django_setup(database_url(base, BENCH_DB))
    from django.db import connection

    from core.acting import acting_unit_resolve
    from core.context import RequestContext, new_request_id, request_context
    from core.middleware import acting_apply
    from core.models import Ansatt

    _alle_ensure()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM journal_pasient")
        patients = cursor.fetchone()[0]
    print(f"database {BENCH_DB}: {patients:,} patients; load {os.getloadavg()[0]:.1f}")
    actors = {"distrikt": DEMO_USER, "alle": ALLE_USER, "lege": "lege"}
    failed = 0
    for kind, username in actors.items():
        if (args.only and kind != args.only) or (not args.only and kind == "lege"):
            continue
        actor = Ansatt.objects.get(username=username)
        with request_context(RequestContext(request_id=new_request_id(), kanal="api")):
            enhet_id = None
            if kind == "lege":  # two units: act in the GP office
                enhet_id = actor.tilknytninger.get(enhet__navn__endswith="legesenter").enhet_id
            acting_apply(acting_unit_resolve(ansatt=actor, enhet_id=enhet_id))
            print(f"\n{kind} ({username})")
            print(f"{'search':<14}{'before p50/p95 ms':>20}{'after p50/p95 ms':>20}  hits")
            for sok in args.searches.split(","):
                before_q, after_q = _queries(actor, sok)
                times: dict[str, list[float]] = {"before": [], "after": []}
                ids: dict[str, list[Any]] = {}
                _run(*after_q)
                for i in range(max(args.repeats, args.before_repeats)):
                    for name, q in (("before", before_q), ("after", after_q)):
                        if i < (args.before_repeats if name == "before" else args.repeats):
                            ms, ids[name] = _run(*q)
                            times[name].append(ms)
                same = ids.get("before", ids["after"]) == ids["after"]
                failed += not same
                cells = [
                    f"{statistics.median(times[n]):8.1f} /{_p95(times[n]):8.1f}"
                    if times[n]
                    else "-"
                    for n in ("before", "after")
                ]
                mark = "" if same else "  DIFFERENT RESULT"
                print(
                    f"{sok:<14}{cells[0]:>20}{cells[1]:>20}  {len(ids['after'])}{mark}", flush=True
                )
                if args.plans:
                    with connection.cursor() as cursor:
                        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + after_q[0], after_q[1])
                        print("\n".join("    " + r[0] for r in cursor.fetchall()))
    print(f"\nload {os.getloadavg()[0]:.1f}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
