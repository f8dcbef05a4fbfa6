"""Test settings: real PostgreSQL and Redis (from DATABASE_URL / REDIS_URL), fast hashing."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("ALLOW_SYNTHETIC_IDENTITIES", "True")
os.environ.setdefault("DEMO_DATA_ALLOWED", "True")
# The alarm-central receiver is registered in tests; each test points it at its stand-in.
os.environ.setdefault("USE_VELFERDSTEKNOLOGI", "True")
os.environ.setdefault("VELFERDSTEKNOLOGI_URL", "http://127.0.0.1:9/velferdsteknologi")
# The payroll receiver likewise (integrasjoner/lonn); tests point it at their stand-in.
os.environ.setdefault("USE_LONN", "True")
os.environ.setdefault("LONN_URL", "http://127.0.0.1:9/lonn")
# The economy-system receiver (invoice runs); tests point it at their stand-in.
os.environ.setdefault("USE_FAKTURA", "True")
os.environ.setdefault("FAKTURA_URL", "http://127.0.0.1:9/faktura")
# The multidose pharmacy receiver (changes of multidose orders); tests point it at theirs.
os.environ.setdefault("USE_MULTIDOSE", "True")
os.environ.setdefault("MULTIDOSE_URL", "http://127.0.0.1:9/multidose")
# helfo: claims to HELFO; tests point it at their stand-in.
os.environ.setdefault("USE_HELFO", "True")
os.environ.setdefault("HELFO_URL", "http://127.0.0.1:9/helfo")
# SYSVAK (integrasjoner/sysvak): reports of vaccinations; tests point it at their stand-in.
os.environ.setdefault("USE_SYSVAK", "True")
os.environ.setdefault("SYSVAK_URL", "http://127.0.0.1:9/sysvak")
# KPR (integrasjoner/kpr): the report receiver; tests point it at their stand-in.
os.environ.setdefault("USE_KPR", "True")
os.environ.setdefault("KPR_URL", "http://127.0.0.1:9/kpr")
# The EDI 2.0 message service (integrasjoner/meldinger); tests point it at their stand-in.
os.environ.setdefault("USE_MELDINGER", "True")
os.environ.setdefault("MELDINGER_URL", "http://127.0.0.1:9/edi")
os.environ.setdefault("USE_ADRESSEREGISTER", "True")
os.environ.setdefault("ADRESSEREGISTER_URL", "http://127.0.0.1:9/adresseregister")

from urllib.parse import urlparse, urlunparse

from config.settings.base import *  # noqa: F403

# Tests use their own Redis database (15 unless KJ_TEST_REDIS_DB says otherwise, so that
# parallel test runs on one machine keep apart) so a running `make run` worker is never seen
# by the tests, and test workers never take the dev system's tasks.
# Under pytest-xdist each worker (gw0, gw1, …) counts down from there, as each gets its own
# test database from pytest-django; processes the tests start inherit the worker's name.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
_TEST_REDIS_DB = int(os.environ.get("KJ_TEST_REDIS_DB", "15")) - int(_XDIST_WORKER or 0)
REDIS_URL = urlunparse(urlparse(REDIS_URL)._replace(path=f"/{_TEST_REDIS_DB}"))  # noqa: F405
CELERY_BROKER_URL = REDIS_URL

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "kj-test",
    }
}
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
KLOKKE_JUSTERBAR = True
# --- kjerne (issue 12): the same cache backend as production (core/cache.py)
CACHES["default"]["BACKEND"] = "core.cache.RedisCache"
# --- end kjerne
# --- CI time: a test database need not survive a crash, so commits do not wait for the WAL
# flush (about 0.6 ms per commit on this disk; live-server, system and transactional tests
# commit often). Production keeps synchronous_commit on: an audit row must survive a crash.
_db_options = DATABASES["default"]["OPTIONS"]  # noqa: F405
if isinstance(_db_options, dict):  # always, from config.env.database_from_url
    _db_options["options"] = "-c synchronous_commit=off"
