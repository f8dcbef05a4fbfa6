"""Login timing: a wrong password for a real user against an unknown user name.

Issue 13 §4: the two must not be told apart by time. Runs in-process (Django test client,
no server) with the production password hasher (config.settings.base), on the database in
DATABASE_URL; each attempt comes from its own source address, so the lockout (per user
name and source) never answers instead of the password check.

    DATABASE_URL=… REDIS_URL=… .venv/bin/python benchmarks/bench_innlogging.py [--n 40]

Prints the median time of each case for POST /api/v1/auth/token/ and POST /logg-inn/ and
how far apart they are (the issue's bound: within 20 %).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("DJANGO_DEBUG", "True")  # the generated dev secret key

import django

django.setup()

from django.test import Client  # noqa: E402

from core.models import Ansatt  # noqa: E402

USER = "bench_innlogging"


def _attempt_ms(path: str, username: str, source: int) -> float:
    client = Client(HTTP_HOST="localhost", REMOTE_ADDR=f"10.98.{source // 250}.{source % 250 + 1}")
    body = {"username": username, "password": "feil-passord"}
    started = time.perf_counter()
    if path.startswith("/api/"):
        client.post(path, body, content_type="application/json")
    else:
        client.post(path, body)
    return (time.perf_counter() - started) * 1000


def _medians(path: str, n: int, offset: int) -> tuple[float, float]:
    """Known and unknown attempts interleaved, so load on the machine hits both alike."""
    known, unknown = [], []
    for i in range(n):
        known.append(_attempt_ms(path, USER, offset + 2 * i))
        unknown.append(_attempt_ms(path, "finnes-ikke-bruker", offset + 2 * i + 1))
    return statistics.median(known), statistics.median(unknown)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=40, help="attempts per case")
    args = parser.parse_args()
    ansatt, _created = Ansatt.objects.get_or_create(username=USER)
    ansatt.set_password("riktig-passord-for-maaling")
    ansatt.is_active = True
    ansatt.save()
    print(f"Passordhasher: {ansatt.password.split('$')[0]}, {args.n} forsøk per tilfelle")
    for k, path in enumerate(("/api/v1/auth/token/", "/logg-inn/")):
        _medians(path, 2, 60000 + 100 * k)  # warm up
        known, unknown = _medians(path, args.n, 20000 * k)
        diff = abs(known - unknown) / max(known, unknown) * 100
        print(
            f"{path:24} kjent bruker, feil passord {known:7.1f} ms | ukjent bruker "
            f"{unknown:7.1f} ms | forskjell {diff:4.1f} %"
        )
    ansatt.is_active = False
    ansatt.save()


if __name__ == "__main__":
    main()
