"""Load the GNU Health peer's patient CSV into Kommunejournal, for the side-by-side benchmark.

The CSV (`puid,given_name,family_name,gender,dob`) is the one the peer harness in
`../shared/peers/gnuhealth/` writes with `gen_patients.py` and loads into GNU Health, so both
systems hold the same people. This is our own, maintained way to load it (the harness's
`load_kj.py` used names that have since moved). Run from the checkout, after
`manage.py migrate` and `manage.py demo_journal` (roles and the demo municipalities):

    .venv/bin/python benchmarks/load_gnuhealth_csv.py --csv patients-100000.csv \\
        --password-file /tmp/kj-perf/pw --setup-out /tmp/kj-perf/kj-setup.json \\
        --keys-out /tmp/kj-perf/kj-keys.csv

It writes, idempotently (a second run adds only what is missing):

1. the patients, through the bulk generator's COPY path (`journal.demo.pasienter`):
   identifiers parsed with `core.identifikatorer.identifikator_parse`, search columns folded
   with `journal.lib.soek.name_normalize`, one PASIENT_CREATED audit row per batch;
2. two units in municipality 3401's virksomhet with one nurse each: "Ytelsestest alle
   pasienter" (`kjbench_alle`, a care relationship to every CSV patient, like the peer's
   admin who sees all) and "Ytelsestest distrikt" (`kjbench_distrikt`, `--district`
   relationships, living patients aged 67+ first in a fixed pseudo-random order);
3. `--setup-out` (JSON: units, users, password file, counts) and `--keys-out`
   (CSV `identifikator,id,district`), the files the harness's `bench_kj.py` reads.

See benchmarks/README.md ("GNU Health side by side").
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import secrets
import sys
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

UNITS = {
    "alle": ("Ytelsestest alle pasienter", "kjbench_alle", "Alle", "9300001"),
    "distrikt": ("Ytelsestest distrikt", "kjbench_distrikt", "Distrikt", "9300002"),
}

_ACTIVE = "gyldig_fra <= now() AND (gyldig_til IS NULL OR gyldig_til > now())"

_RELATIONS = """
INSERT INTO journal_behandlingsrelasjon
    (id, created_at, updated_at, grunnlag, begrunnelse, gyldig_fra, gyldig_til,
     ansvarlig_id, avsluttet_av_id, enhet_id, opprettet_av_id, pasient_id)
SELECT gen_random_uuid(), now(), now(), 'vedtak', '',
       now() - make_interval(days => 1 + (abs(hashtext(p.id::text)::bigint) %% 1500)::int),
       NULL, NULL, NULL, %(unit)s, NULL, p.id
FROM journal_pasient p JOIN csv_ids c ON c.identifikator = p.identifikator
WHERE NOT EXISTS (SELECT 1 FROM journal_behandlingsrelasjon r
                  WHERE r.pasient_id = p.id AND r.enhet_id = %(unit)s
                    AND r.gyldig_fra <= now() AND (r.gyldig_til IS NULL OR r.gyldig_til > now()))
ORDER BY ({first}) DESC, md5(p.id::text || %(unit)s::text)
LIMIT %(missing)s
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--csv", required=True)
    ap.add_argument("--password-file", required=True, help="created with a random password")
    ap.add_argument("--setup-out", required=True)
    ap.add_argument("--keys-out", required=True)
    ap.add_argument("--district", type=int, default=2000)
    ap.add_argument("--batch", type=int, default=50_000)
    ap.add_argument("--seed", type=int, default=42, help="seed of the patients' uuids")
    a = ap.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, transaction

    from core.audit import AuditEvent, audit_log
    from core.context import system_context
    from core.identifikatorer import IdentifikatorError, identifikator_parse
    from core.klokke import naa
    from core.models import (
        Ansatt,
        Enhet,
        EnhetType,
        Helsepersonellkategori,
        Kommune,
        Rolle,
        Tilknytning,
        Virksomhet,
    )
    from journal.demo.pasienter import _BULK_COLUMNS
    from journal.lib.soek import name_normalize
    from journal.models import Kjoenn, Maalform, Pasient

    started = time.perf_counter()
    with open(a.csv, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    parsed, refused = [], 0
    for r in rows:
        try:
            ident = identifikator_parse(
                r["puid"], allow_synthetic=settings.ALLOW_SYNTHETIC_IDENTITIES
            )
        except IdentifikatorError:
            refused += 1
            continue
        parsed.append(
            (
                ident,
                r["given_name"].strip(),
                r["family_name"].strip(),
                r["gender"],
                dt.date.fromisoformat(r["dob"]),
            )
        )
    print(f"CSV: {len(rows)} rows, {refused} refused", flush=True)

    kommune = Kommune.objects.filter(nummer="3401").first()
    virksomhet = Virksomhet.objects.filter(kommune=kommune).first() if kommune else None
    if kommune is None or virksomhet is None:
        sys.exit("Run `manage.py demo_journal` first (municipality 3401 and its virksomhet).")

    # 1. Patients, the bulk generator's COPY path.
    existing = set(Pasient.objects.values_list("identifikator", flat=True).iterator(50_000))
    todo = [p for p in parsed if p[0].verdi not in existing]
    rng = random.Random(a.seed)
    columns = ", ".join(_BULK_COLUMNS)
    kjonn = {"m": Kjoenn.MANN, "f": Kjoenn.KVINNE}
    inserted = 0
    with system_context():
        for start in range(0, len(todo), a.batch):
            now = naa()
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "CREATE TEMP TABLE pasient_import (LIKE journal_pasient INCLUDING DEFAULTS) "
                    "ON COMMIT DROP"
                )
                with cursor.cursor.copy(f"COPY pasient_import ({columns}) FROM STDIN") as copy:
                    for ident, given, family, gender, born in todo[start : start + a.batch]:
                        copy.write_row((
                            uuid.UUID(int=rng.getrandbits(128), version=4), now, now,
                            ident.verdi, ident.type.value, "", given, "", family,
                            name_normalize(given), "", name_normalize(family), born,
                            kjonn.get(gender, Kjoenn.UKJENT), "", "", "", kommune.pk, "", "",
                            False, Maalform.BOKMAL, None, None,
                        ))  # fmt: skip
                cursor.execute(
                    f"INSERT INTO journal_pasient ({columns}) SELECT {columns} "  # noqa: S608
                    "FROM pasient_import ON CONFLICT DO NOTHING"
                )
                added = cursor.rowcount
                audit_log(
                    actor=None,
                    event=AuditEvent.PASIENT_CREATED,
                    extra={"masseimport": True, "antall": added, "kilde": "gnuhealth-csv"},
                )
            inserted += added
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) journal_pasient")
    print(f"Patients: {inserted} inserted", flush=True)

    # 2. Units, nurses, care relationships.
    pw_path = Path(a.password_file)
    if not pw_path.exists():
        pw_path.parent.mkdir(parents=True, exist_ok=True)
        pw_path.write_text(secrets.token_urlsafe(18), encoding="utf-8")
        pw_path.chmod(0o600)
    password = pw_path.read_text(encoding="utf-8").strip()
    rolle = Rolle.objects.get(kode="sykepleier")
    units: dict[str, dict[str, Any]] = {}
    with system_context(), transaction.atomic():
        for key, (navn, username, last, hpr) in UNITS.items():
            enhet, _ = Enhet.objects.get_or_create(
                virksomhet=virksomhet, navn=navn, defaults={"type": EnhetType.HJEMMETJENESTE_SONE}
            )
            ansatt = Ansatt.objects.filter(username=username).first()
            if ansatt is None:
                ansatt = Ansatt(
                    username=username,
                    first_name="Ytelsestest",
                    last_name=last,
                    helsepersonellkategori=Helsepersonellkategori.SP,
                    hpr_nummer=hpr,
                )
            ansatt.set_password(password)
            ansatt.save()
            Tilknytning.objects.get_or_create(
                ansatt=ansatt,
                enhet=enhet,
                rolle=rolle,
                defaults={"gyldig_fra": dt.date(2024, 1, 1)},
            )
            units[key] = {"enhet_id": str(enhet.pk), "enhet": navn, "username": username,
                          "rolle": rolle.kode}  # fmt: skip
    wanted = {"alle": len(parsed), "distrikt": a.district}
    elderly = "p.dodsdato IS NULL AND p.fodselsdato <= current_date - interval '67 years'"
    with system_context(), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE csv_ids (identifikator varchar(11) PRIMARY KEY) ON COMMIT DROP"
        )
        with cursor.cursor.copy("COPY csv_ids (identifikator) FROM STDIN") as copy:
            for p in parsed:
                copy.write_row((p[0].verdi,))
        cursor.execute("ANALYZE csv_ids")
        for key, info in units.items():
            cursor.execute(
                "SELECT count(*) FROM journal_behandlingsrelasjon "  # noqa: S608
                f"WHERE enhet_id = %s AND {_ACTIVE}",
                [info["enhet_id"]],
            )
            missing = wanted[key] - cursor.fetchone()[0]
            added = 0
            if missing > 0:
                first = elderly if key == "distrikt" else "p.id IS NOT NULL"
                cursor.execute(
                    _RELATIONS.format(first=first),
                    {"unit": info["enhet_id"], "missing": missing},
                )
                added = cursor.rowcount
                audit_log(
                    actor=None,
                    event=AuditEvent.RELASJON_OPENED,
                    extra={"masseimport": True, "antall": added, "enhet_id": info["enhet_id"]},
                )
            info["relations_added"] = added
            print(f"{info['enhet']}: +{added} care relationships", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) journal_behandlingsrelasjon")
        cursor.execute(
            "SELECT p.identifikator, p.id::text, EXISTS ("
            "SELECT 1 FROM journal_behandlingsrelasjon r WHERE r.pasient_id = p.id "
            "AND r.enhet_id = %s AND r.gyldig_til IS NULL) "
            "FROM journal_pasient p ORDER BY p.identifikator",
            [units["distrikt"]["enhet_id"]],
        )
        csv_ids = {p[0].verdi for p in parsed}
        keys = [r for r in cursor.fetchall() if r[0] in csv_ids]
    with open(a.keys_out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["identifikator", "id", "district"])
        w.writerows((r[0], r[1], int(r[2])) for r in keys)
    report = {
        "database": connection.settings_dict["NAME"],
        "csv": {"rows": len(rows), "refused": refused},
        "patients": {"inserted": inserted, "table_total": Pasient.objects.count()},
        "units": units,
        "password_file": str(pw_path),
        "keys": {"file": a.keys_out, "rows": len(keys), "district": sum(1 for r in keys if r[2])},
        "total_s": round(time.perf_counter() - started, 1),
    }
    Path(a.setup_out).write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    print(json.dumps(report, indent=1, default=str))


if __name__ == "__main__":
    main()
