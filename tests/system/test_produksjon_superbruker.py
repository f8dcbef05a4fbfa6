"""Production settings refuse to run as a PostgreSQL superuser (issue 13 §3), in a real
process with config.settings.production."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.db import connection

from tests.system.procs import ROOT

pytestmark = pytest.mark.django_db
CONNECT = (
    "import django; django.setup(); from django.db import connection; "
    "connection.ensure_connection(); print('tilkoblet')"
)


def _connect_as(user: str) -> subprocess.CompletedProcess[str]:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "produksjonstest-" + "x" * 40,
        "DJANGO_DEBUG": "False",
        "DATABASE_URL": (
            f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
    }
    env.pop("DATABASE_OWNER_URL", None)
    return subprocess.run(
        [sys.executable, "-c", CONNECT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_a_superuser_and_accepts_the_runtime_role() -> None:
    # when
    superuser = _connect_as("postgres")
    runtime = _connect_as(str(connection.settings_dict["USER"]))
    # then
    assert superuser.returncode != 0
    assert "superbruker" in superuser.stderr
    assert runtime.returncode == 0, runtime.stderr
    assert "tilkoblet" in runtime.stdout
