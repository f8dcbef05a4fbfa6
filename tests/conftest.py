"""Shared fixtures: named actors (docs/arkitektur.md §8) and API/browser clients.

- lege_med_relasjon: a doctor acting in the patient's unit (allowed)
- kollega_samme_enhet: a health worker in the same unit (allowed by role rights)
- ansatt_annen_enhet: staff of another unit in another kommune (denied once access issue lands)
- anonym: not logged in (denied)
- admin_uten_pasienttilgang: an administrator whose role grants no patient rights (denied)
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.state import StateApps
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from core.klokke import klokke_set
from core.models import Ansatt, Enhet, EnhetType, Rolle
from core.roller import roller_seed
from journal.models import Pasient
from journal.seeds import skjema_load_all, tilgangsgrunner_seed
from legemidler.seeds import ukentlige_seed
from tests.factories import (
    PASSWORD,
    AnsattFactory,
    EnhetFactory,
    PasientFactory,
    TilknytningFactory,
)
from tjenester.helsestasjon.seeds import program_load, vaksineprogram_load

SYSTEM_TESTS = Path(__file__).resolve().parent / "system"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that start real server or worker processes carry the `system` mark
    (`-m "not system"` leaves them out; the browser tests mark themselves)."""
    for item in items:
        if item.path.is_relative_to(SYSTEM_TESTS):
            item.add_marker(pytest.mark.system)


def actor(enhet: Enhet, rolle: str, **fields: Any) -> Ansatt:
    roller_seed()  # transactional tests (live server) flush the migrations' data
    tilgangsgrunner_seed()
    ansatt: Ansatt = AnsattFactory(**fields)
    TilknytningFactory(enhet=enhet, rolle=Rolle.objects.get(kode=rolle), ansatt=ansatt)
    return ansatt


# KJ_TEST_KLOKKE=2027-02-28T23:50 runs every test as if it were that moment in Oslo (through
# the controllable clock), to find code and tests that read the real date or time of day.
_TEST_KLOKKE = os.environ.get("KJ_TEST_KLOKKE", "")


def klokke_for_test_apply() -> None:
    """Move the clock to KJ_TEST_KLOKKE, when it is set (each test, and shared fixtures)."""
    if _TEST_KLOKKE:
        moment = dt.datetime.fromisoformat(_TEST_KLOKKE).replace(tzinfo=ZoneInfo("Europe/Oslo"))
        klokke_set(moment - timezone.now())


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    klokke_for_test_apply()
    yield
    cache.clear()


_RUNTIME_LOGIN: dict[str, Any] = {}


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None, django_db_blocker: Any
) -> None:
    """The test database is created and migrated by the owner role; the tests then run as
    the runtime role (core/dbroller.py), like `make run` and production.

    With DATABASE_OWNER_URL set (CI, `make test`) its login is the owner's. With a superuser
    DATABASE_URL (a developer's shell) the two roles are made here, and a test database left
    by the superuser is dropped so that the owner creates it anew.
    """
    from django.conf import settings

    from core.dbroller import EIER_ROLLE, RUNTIME_ROLLE, roles_create

    db = settings.DATABASES["default"]
    if settings.DATABASE_EIER is None:
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            row = cursor.fetchone()
            if not (row and row[0]):
                return  # neither an owner login nor a superuser: one role for everything
            roles_create(cursor)
            test_settings: dict[str, Any] = db.get("TEST") or {}  # type: ignore[assignment]
            test_name = test_settings.get("NAME") or f"test_{db['NAME']}"
            cursor.execute(
                "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", [test_name]
            )
            owner = cursor.fetchone()
            if owner is not None and owner[0] != EIER_ROLLE:
                cursor.execute(f'DROP DATABASE "{test_name}" WITH (FORCE)')
        connection.close()
        settings.DATABASE_EIER = {"USER": EIER_ROLLE, "PASSWORD": ""}
        settings.DATABASE_RUNTIME_ROLLE = RUNTIME_ROLLE
        _RUNTIME_LOGIN.update({"USER": RUNTIME_ROLLE, "PASSWORD": ""})
    else:
        _RUNTIME_LOGIN.update({k: db[k] for k in settings.DATABASE_EIER})
    connection.close()
    db.update(settings.DATABASE_EIER)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None) -> Iterator[None]:
    """After the owner has created and migrated the test database: connect as the runtime
    role; back to the owner for pytest-django's teardown (dropping the database)."""
    from django.conf import settings

    if not _RUNTIME_LOGIN:
        yield
        return
    connection.close()
    settings.DATABASES["default"].update(_RUNTIME_LOGIN)
    yield
    connection.close()
    settings.DATABASES["default"].update(settings.DATABASE_EIER or {})


@functools.cache
def _faktura_0001_apps() -> StateApps:
    """The models as migration 0001 knew them (its seed uses the names of that time)."""
    return (
        MigrationLoader(None, ignore_no_migrations=True)
        .project_state(("faktura", "0001_faktura"))
        .apps
    )


def seed_faktura() -> None:
    module = importlib.import_module("integrasjoner.faktura.migrations.0001_faktura")
    module.seed(_faktura_0001_apps(), None)


def seed_journal() -> None:
    """The note types and the code lists' starter set (ICPC-2, ...) of journal's data
    migrations, when a flush took them (GP consultations sign a «Legenotat» with ICPC-2)."""
    from django.apps import apps as django_apps

    from journal.models import Kode, Notattype
    from journal.seeds import kodeverk_startsett_load

    if not Notattype.objects.filter(kode="legenotat").exists():
        module = importlib.import_module("journal.migrations.0006_notat_uforanderlig_og_notattyper")
        module.seed(django_apps, None)
    if not Kode.objects.exists():
        kodeverk_startsett_load()


def seeds_restore() -> None:
    """Everything the migrations seed and a flush removes (every seeder is idempotent):
    roles, access reasons, assessment forms, weekly drugs, fee rates, note types and code
    lists, the health station's programme and vaccine schedule."""
    roller_seed()
    tilgangsgrunner_seed()
    skjema_load_all()
    ukentlige_seed()
    seed_faktura()
    seed_journal()
    program_load()
    vaksineprogram_load()


@pytest.fixture(scope="session", autouse=True)
def _seed_at_start(django_db_setup: None, django_db_blocker: Any) -> None:
    """A reused test database may have been flushed by an earlier run's transactional
    tests: make sure the migrations' seed data is there before the first test."""
    if not connection.settings_dict["NAME"].startswith("test_"):
        return  # no collected test uses the database, so pytest-django set none up
    with django_db_blocker.unblock():
        seeds_restore()


@pytest.fixture(autouse=True)
def _reseed_after_flush(request: pytest.FixtureRequest, django_db_blocker: Any) -> Iterator[None]:
    """Transactional tests end with a flush that also removes the migrations' seed data
    (roles, reasons, assessment forms, fee rates); put it back so later tests on a reused database
    see it."""
    yield
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction"))
    if transactional or {"transactional_db", "live_server"} & set(request.fixturenames):
        with django_db_blocker.unblock():
            seeds_restore()


@pytest.fixture
def enhet(db: None) -> Enhet:
    return EnhetFactory(navn="Hjemmetjenesten sone nord", type=EnhetType.HJEMMETJENESTE_SONE)


@pytest.fixture
def annen_enhet(db: None) -> Enhet:
    return EnhetFactory(navn="Sykehjemmet avdeling 2", type=EnhetType.SYKEHJEMSAVDELING)


@pytest.fixture
def lege_med_relasjon(enhet: Enhet) -> Ansatt:
    return actor(
        enhet,
        "lege",
        username="lege1",
        helsepersonellkategori="LE",
        first_name="Lise",
        last_name="Lege",
    )


@pytest.fixture
def kollega_samme_enhet(enhet: Enhet) -> Ansatt:
    return actor(enhet, "helsefagarbeider", username="hfa1", helsepersonellkategori="HE")


@pytest.fixture
def ansatt_annen_enhet(annen_enhet: Enhet) -> Ansatt:
    return actor(annen_enhet, "sykepleier", username="spl2")


@pytest.fixture
def admin_uten_pasienttilgang(enhet: Enhet) -> Ansatt:
    return actor(enhet, "admin", username="admin1", helsepersonellkategori="", hpr_nummer=None)


@pytest.fixture
def pasient(enhet: Enhet) -> Pasient:
    """A patient with an active care relationship to `enhet`."""
    return PasientFactory(fornavn="Kari", etternavn="Østby", relasjon_til=enhet)


def logged_in(ansatt: Ansatt) -> Client:
    client = Client()
    client.force_login(ansatt)
    return client


def api_client(ansatt: Ansatt | None) -> APIClient:
    client = APIClient()
    if ansatt is not None:
        client.force_authenticate(user=ansatt)
    return client


@pytest.fixture
def password() -> str:
    return PASSWORD


# --- ci (cut CI time): the longest tests first under xdist (tests/rekkefoelge.py) ---------------
pytest_plugins = ["tests.rekkefoelge"]
