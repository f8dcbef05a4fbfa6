"""Production settings: everything from the environment, secure cookies, no synthetic data."""

from __future__ import annotations

from config.env import env_bool, env_int
from config.settings.base import *  # noqa: F403

DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
DATABASE_NEKT_SUPERBRUKER = True  # the runtime role only (core/dbroller.py)
KLOKKE_JUSTERBAR = False  # the clock of deadlines is never moved in production
