"""What the audit hash-chain trigger costs per row (issue 12; migration 0015).

Against a migrated database with audit rows (BENCH_DB, or --db), as a role that may insert
into core_auditlogg directly (the owner or a superuser), nothing kept (every transaction
rolls back):

- pgbench, with -c 1 and -c 4 clients: `BEGIN; SELECT 1; COMMIT` (the floor of a
  transaction), one audit INSERT + ROLLBACK, and one 300-row INSERT … SELECT + ROLLBACK
  (the size of a home-care day list, core.audit.audit_log_many);
- EXPLAIN ANALYZE of the same two INSERTs, several times in one session: the trigger's own
  time per row as PostgreSQL reports it (the first run, which compiles the function, is
  left out).

Run it against a copy of the same data before and after the migration to compare
(`createdb -T`), and report the load average printed with the figures.

    python benchmarks/bench_kjede.py --db kj_kjede --transactions 2000
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import tempfile
from pathlib import Path

import psycopg

COLUMNS = (
    "tidspunkt, hendelse, aktor_navn, aktor_hpr, aktor_yrke, rolle, objekt_type, objekt_id,"
    " grunnlag, begrunnelse, request_id, kanal, ekstra, klient_request_id"
)
ONE = (
    f"INSERT INTO core_auditlogg ({COLUMNS}) VALUES "  # noqa: S608
    "(now(), 102, 'x', '', '', '', '', '', '', '', '', 'api', '{}', '')"
)
MANY = (
    f"INSERT INTO core_auditlogg ({COLUMNS}) SELECT "  # noqa: S608
    "now(), 102, 'x', '', '', '', 'journal.Pasient', g::text, '', '', '', 'api', '{}', ''"
    " FROM generate_series(1, 300) g"
)
SCRIPTS = {
    "floor (BEGIN; SELECT 1; COMMIT)": "BEGIN;\nSELECT 1;\nCOMMIT;\n",
    "1 audit row + ROLLBACK": f"BEGIN;\n{ONE};\nROLLBACK;\n",
    "300 audit rows + ROLLBACK": f"BEGIN;\n{MANY};\nROLLBACK;\n",
}
TRIGGER_TIME = re.compile(r"Trigger core_auditlogg_kjede on \S+: time=([\d.]+) calls=(\d+)")


def pgbench(args: argparse.Namespace, script: str, clients: int, transactions: int) -> float:
    """Average latency in ms of one transaction of `script`."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "script.sql"
        path.write_text(script)
        command = ["pgbench", "-h", args.host, "-p", str(args.port), "-U", args.user, "-n"]
        command += ["-f", str(path), "-t", str(transactions), "-c", str(clients), args.db]
        out = subprocess.run(
            command,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    match = re.search(r"latency average = ([\d.]+) ms", out)
    if match is None:
        raise RuntimeError(out)
    return float(match.group(1))


def trigger_ms_per_row(args: argparse.Namespace, statement: str, runs: int) -> list[float]:
    url = f"postgresql://{args.user}@{args.host}:{args.port}/{args.db}"
    per_row: list[float] = []
    with psycopg.connect(url, autocommit=True) as conn:
        for _ in range(runs + 1):
            with conn.transaction(force_rollback=True):
                plan = conn.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {statement}").fetchall()
            text = "\n".join(line for (line,) in plan)
            match = TRIGGER_TIME.search(text)
            if match is None:
                raise RuntimeError(text)
            per_row.append(float(match.group(1)) / int(match.group(2)))
    return per_row[1:]  # the first run compiles the trigger function


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default=os.environ.get("BENCH_DB", "kommunejournal_bench"))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5432)
    parser.add_argument("--user", default="postgres")
    parser.add_argument("--transactions", type=int, default=2000, help="per client, 1 row")
    parser.add_argument("--explain-runs", type=int, default=10)
    args = parser.parse_args()

    print(f"database {args.db}; load average before: {os.getloadavg()}")
    for name, script in SCRIPTS.items():
        for clients in (1, 4):
            transactions = args.transactions // clients
            if name.startswith("300"):
                transactions = max(transactions // 40, 10)
            ms = pgbench(args, script, clients, transactions)
            print(f"pgbench -c {clients} -t {transactions:>5}  {name:<32} {ms:8.3f} ms")
    for label, statement in (("1 row", ONE), ("300 rows", MANY)):
        per_row = trigger_ms_per_row(args, statement, args.explain_runs)
        print(
            f"EXPLAIN ANALYZE trigger time per row, {label:<8}: median"
            f" {statistics.median(per_row):.4f} ms (min {min(per_row):.4f}, max"
            f" {max(per_row):.4f}, {len(per_row)} runs)"
        )
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
