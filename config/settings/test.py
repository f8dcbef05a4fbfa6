"""Test settings: real PostgreSQL and Redis (from DATABASE_URL / REDIS_URL), fast hashing."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("ALLOW_SYNTHETIC_IDENTITIES", "True")
os.environ.setdefault("DEMO_DATA_ALLOWED", "True")

from config.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,  # noqa: F405
        "KEY_PREFIX": "kj-test",
    }
}
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
