"""Settings shared by every environment. Values come from the environment (config.env)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import django_stubs_ext
from django.utils.translation import gettext_lazy as _

from config.env import database_from_url, env_bool, env_int, env_list, env_str

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)


def _dev_secret_key() -> str:
    """A random key kept in .data/ for local development.

    Every web worker process must use the same key, or a login made in one worker is
    rejected by the next (the session's auth hash is signed with it).
    """
    path = BASE_DIR / ".data" / "secret_key"
    if not path.exists():
        path.parent.mkdir(exist_ok=True)
        temp = path.with_name(f"secret_key.{os.getpid()}")
        temp.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        try:
            os.link(temp, path)  # atomic: the first process to get here wins
        except FileExistsError:
            pass
        finally:
            temp.unlink()
    return path.read_text(encoding="utf-8").strip()


# A generated key is only acceptable for local development; production must set one.
if DEBUG:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", default="") or _dev_secret_key()
else:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "core",
    "journal",
    "tildeling",
    "legemidler",
    "tjenester.hjemmetjeneste",
    "tjenester.sykehjem",
    "tjenester.legekontor",
    "tjenester.helsestasjon",
    "integrasjoner",
    "integrasjoner.velferdsteknologi",
    "integrasjoner.lonn",
    "integrasjoner.faktura",
    "integrasjoner.multidose",
    "integrasjoner.helfo",  # helfo: claims to HELFO (KUHR)
    "integrasjoner.sysvak",  # SYSVAK (vekst branch)
    "integrasjoner.kpr",  # kpr: KPR/IPLOS report
    # meldinger_inn: PLO/dialog messages over the EDI 2.0 message service
    "integrasjoner.meldinger",
    "integrasjoner.fhir",  # fhir: the FHIR R4 API under /fhir/
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.RequestContextMiddleware",
    "core.middleware.QueryLengthMiddleware",
    "core.middleware.InputGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.ActingUnitMiddleware",
    "core.middleware.ApplicationErrorMiddleware",
]

# Content-Security-Policy (django-csp): scripts and styles only from our own static files,
# no inline script, no eval; nothing may frame us; forms post only to us.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.acting_unit",
            ],
        },
    },
]

DATABASES = {
    "default": {
        **database_from_url(env_str("DATABASE_URL")),
        "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60),
        # No "SELECT 1" before each request's first query (a round trip per request): a
        # connection broken by a database restart fails one request, is then closed by
        # Django and replaced. Turn on to trade that request for the round trip.
        "CONN_HEALTH_CHECKS": env_bool("DATABASE_CONN_HEALTH_CHECKS", default=False),
        "ATOMIC_REQUESTS": False,
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Two database roles (core/dbroller.py): DATABASE_URL is the runtime role of web and workers
# (no DDL, no TRUNCATE, INSERT+SELECT only on the audit log and write-once clinical rows);
# DATABASE_OWNER_URL is the owner that runs `migrate`. Without it, migrate uses DATABASE_URL.
_DATABASE_OWNER_URL = env_str("DATABASE_OWNER_URL", default="")
DATABASE_EIER = (
    {
        k: v
        for k, v in database_from_url(_DATABASE_OWNER_URL).items()
        if k in ("USER", "PASSWORD", "HOST", "PORT")
    }
    if _DATABASE_OWNER_URL
    else None
)
DATABASE_RUNTIME_ROLLE = env_str(
    "DATABASE_RUNTIME_ROLE",
    default=str(DATABASES["default"]["USER"]) if _DATABASE_OWNER_URL else "kj_app",
)
# Production refuses to connect as a PostgreSQL superuser (core/apps.py).
DATABASE_NEKT_SUPERBRUKER = env_bool("DATABASE_NEKT_SUPERBRUKER", default=False)

REDIS_URL = env_str("REDIS_URL")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "kj",
    }
}

AUTH_USER_MODEL = "core.Ansatt"
# Only the model backend: access to patients is decided in journal.access, not by object
# permissions (django-guardian's backend was configured but never used).
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
# django-guardian: no shared "AnonymousUser" staff row; anonymous requests have no rights.
# The app stays installed (its tables exist in every database), its backend does not, and
# its warning about the missing backend is therefore expected.
ANONYMOUS_USER_NAME = None
SILENCED_SYSTEM_CHECKS = ["guardian.W001"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # ASVS 2.1.1: at least 12 characters (admin and createsuperuser; demo data is exempt)
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:hjem"
LOGOUT_REDIRECT_URL = "core:login"

# Lockout after repeated failed logins, per user name and source address (core.services).
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "core.views.csrf_failure"

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norsk bokmål"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Synthetic identities (Tenor month+80, SyntPop month+65) are only for demo and test.
ALLOW_SYNTHETIC_IDENTITIES = env_bool("ALLOW_SYNTHETIC_IDENTITIES", default=DEBUG)
# Loading demo data (and its well-known passwords) is refused unless this is on.
DEMO_DATA_ALLOWED = env_bool("DEMO_DATA_ALLOWED", default=DEBUG)
# Django's technical 404 (English, lists every URL pattern) only when a developer asks for it;
# otherwise our Norwegian 404 also under DEBUG (core.middleware.ApplicationErrorMiddleware).
KJ_TEKNISK_404 = env_bool("KJ_TEKNISK_404", default=False)
# Every app's demo command, in the order they build on each other (`manage.py demo_alle`,
# `make run`, and the tests that build the whole demo).
DEMO_KOMMANDOER = [
    "demo_journal",
    "demo_tildeling",
    "demo_velferdsteknologi",
    "demo_sykehjem",
    "demo_hjemmetjeneste",
    "demo_legekontor",  # GP lists before medication: home-care patients' GPs order their drugs
    "demo_legemidler",
    "demo_lonn",
    "demo_faktura",
    "demo_helfo",  # helfo: after demo_legekontor (claims its signed consultations)
    "demo_helsestasjon",  # helsestasjon (after demo_journal: enrols its children)
    "demo_sysvak",  # vekst branch: SYSVAK receipts (counts only)
    "demo_kpr",  # kpr: one past KPR report (after demo_tildeling, demo_sykehjem)
    "demo_meldinger",  # meldinger_inn
]
# The controllable clock (core/klokke.py) may be moved only in test and demo.
KLOKKE_JUSTERBAR = env_bool("KLOKKE_JUSTERBAR", default=DEBUG)

# Tildeling: the default case deadline (a service type may set its own), how many days
# before a deadline the worklist warns, and the windows of the nightly alerts.
TILDELING_FRIST_DAGER = env_int("TILDELING_FRIST_DAGER", 28)
TILDELING_FRIST_VARSEL_DAGER = env_int("TILDELING_FRIST_VARSEL_DAGER", 5)
TILDELING_VARSEL_UTLOP_DAGER = env_int("TILDELING_VARSEL_UTLOP_DAGER", 30)
TILDELING_VARSEL_REVURDERING_DAGER = env_int("TILDELING_VARSEL_REVURDERING_DAGER", 14)

# Legemidler: hours a doctor has to confirm a nurse's telephone order before it is listed
# as overdue.
LEGEMIDLER_TELEFONORDINASJON_FRIST_TIMER = env_int("LEGEMIDLER_TELEFONORDINASJON_FRIST_TIMER", 24)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.api.noekkel.ApiNoekkelAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kommunejournal API",
    "DESCRIPTION": "Felles kommunal journal (EPJ/PAS). Alle kall krever innlogging og logges.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a field name ("type", "status" …) get names of their own.
    "ENUM_NAME_OVERRIDES": {
        "KritiskTypeEnum": "journal.models.kritisk.KritiskType",
        "KritiskAlvorlighetEnum": "journal.models.kritisk.Alvorlighet",
        "KartleggingStatusEnum": "journal.models.kartlegging.KartleggingStatus",
        "BesokStatusEnum": "tjenester.hjemmetjeneste.models.BesoekStatus",
        "OppholdstypeEnum": "tjenester.sykehjem.models.Oppholdstype",
        "OppholdStatusEnum": "tjenester.sykehjem.models.OppholdStatus",
        "FravarstypeEnum": "tjenester.sykehjem.models.Fravaerstype",
        "AvdelingsoppgaveStatusEnum": "tjenester.sykehjem.models.OppgaveStatus",
        "AlarmAlvorlighetEnum": "integrasjoner.velferdsteknologi.models.Alvorlighet",
        "AlarmUtfallEnum": "integrasjoner.velferdsteknologi.models.AlarmUtfall",
        "ForordningStatusEnum": "legemidler.models.forordning.ForordningStatus",
        "SamstemmingStatusEnum": "legemidler.models.samstemming.SamstemmingStatus",
        "AdministrasjonStatusEnum": "legemidler.models.utdeling.AdministrasjonStatus",
        # legekontor
        "TimeavtaleStatusEnum": "tjenester.legekontor.models.TimeStatus",
        "LegekontorKonsultasjonStatusEnum": "tjenester.legekontor.models.KonsultasjonStatus",
        "KravStatusEnum": "tjenester.legekontor.models.KravStatus",
        "TidstypeEnum": "tjenester.legekontor.models.Tidstype",
        # helsestasjon (its "grunn" would collide with the dose's; that keeps its old name)
        "GrunnEnum": "legemidler.models.utdeling.IkkeGittGrunn",
        "InnskrivningGrunnEnum": "tjenester.helsestasjon.models.InnskrivningGrunn",
        "KonsultasjonStatusEnum": "tjenester.helsestasjon.models.KonsultasjonStatus",
        "VaksinasjonStatusEnum": "tjenester.helsestasjon.models.VaksinasjonStatus",
    },
}

CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# Access outside care relationships (journal.access).
UTVIDET_TILGANG_TIMER = env_int("UTVIDET_TILGANG_TIMER", 4)
# Lifetime of an API key (core.ApiNoekkel), from the login that issued it.
API_NOEKKEL_TIMER = env_int("API_NOEKKEL_TIMER", 8)
# Log review flags: working hours (local time) and "many patients in a short time".
ARBEIDSTID_START = env_int("ARBEIDSTID_START", 7)
ARBEIDSTID_SLUTT = env_int("ARBEIDSTID_SLUTT", 17)
LOGGKONTROLL_VINDU_MINUTTER = env_int("LOGGKONTROLL_VINDU_MINUTTER", 30)
LOGGKONTROLL_MANGE_PASIENTER = env_int("LOGGKONTROLL_MANGE_PASIENTER", 20)

# Transactional outbox (core/outbox.py): retries with exponential backoff, then dead letter.
UTBOKS_MAX_FORSOK = env_int("UTBOKS_MAX_FORSOK", 8)
UTBOKS_BACKOFF_SEKUNDER = env_int("UTBOKS_BACKOFF_SEKUNDER", 10)
UTBOKS_BACKOFF_MAKS_SEKUNDER = env_int("UTBOKS_BACKOFF_MAKS_SEKUNDER", 3600)
# A delivery in "sender" longer than this is taken to be lost with its worker and is resent.
UTBOKS_SENDER_TIMEOUT_SEKUNDER = env_int("UTBOKS_SENDER_TIMEOUT_SEKUNDER", 300)
# A due delivery queued longer ago than this without being taken is queued again.
UTBOKS_REKO_SEKUNDER = env_int("UTBOKS_REKO_SEKUNDER", 120)
UTBOKS_SVEIP_BATCH = env_int("UTBOKS_SVEIP_BATCH", 500)

# Integrations (one module per system, gated by USE_<SYSTEM>).
from config.settings.velferdsteknologi import load as _velferdsteknologi_load  # noqa: E402

_vft = _velferdsteknologi_load(DEBUG)
USE_VELFERDSTEKNOLOGI = _vft.use
VELFERDSTEKNOLOGI_URL = _vft.url
VELFERDSTEKNOLOGI_TIMEOUT = _vft.timeout
VELFERDSTEKNOLOGI_SIGNATUR_TOLERANSE = _vft.signatur_toleranse

# Payroll (integrasjoner/lonn)
from config.settings.lonn import load as _lonn_load  # noqa: E402

_lonn = _lonn_load(DEBUG)
USE_LONN = _lonn.use
LONN_URL = _lonn.url
LONN_TIMEOUT = _lonn.timeout

# Multidose pharmacy (integrasjoner/multidose)
from config.settings.multidose import load as _multidose_load  # noqa: E402

_multidose = _multidose_load(DEBUG)
USE_MULTIDOSE = _multidose.use
MULTIDOSE_URL = _multidose.url
MULTIDOSE_TIMEOUT = _multidose.timeout

# SYSVAK, the national immunisation register (integrasjoner/sysvak)
from config.settings.sysvak import load as _sysvak_load  # noqa: E402

_sysvak = _sysvak_load(DEBUG)
USE_SYSVAK = _sysvak.use
SYSVAK_URL = _sysvak.url
SYSVAK_TIMEOUT = _sysvak.timeout

# Invoicing (integrasjoner/faktura)
from config.settings.faktura import load as _faktura_load  # noqa: E402

_faktura = _faktura_load(DEBUG)
USE_FAKTURA = _faktura.use
FAKTURA_URL = _faktura.url
FAKTURA_TIMEOUT = _faktura.timeout
FAKTURA_BATCH = _faktura.batch
FAKTURA_KORREKSJON_MANEDER = _faktura.korreksjon_maneder

# --- helfo: claims to HELFO (integrasjoner/helfo)
from config.settings.helfo import load as _helfo_load  # noqa: E402

_helfo = _helfo_load(DEBUG)
USE_HELFO = _helfo.use
HELFO_URL = _helfo.url
HELFO_TIMEOUT = _helfo.timeout
HELFO_HER_ID = _helfo.her_id
# --- end helfo
# KPR/IPLOS report (integrasjoner/kpr)
from config.settings.kpr import load as _kpr_load  # noqa: E402

_kpr = _kpr_load(DEBUG)
USE_KPR = _kpr.use
KPR_URL = _kpr.url
KPR_TIMEOUT = _kpr.timeout
# Messages with hospitals and GPs (integrasjoner/meldinger; meldinger_inn)
from config.settings.meldinger import load as _meldinger_load  # noqa: E402

_meldinger = _meldinger_load(DEBUG)
USE_MELDINGER = _meldinger.use
MELDINGER_URL = _meldinger.url
MELDINGER_TIMEOUT = _meldinger.timeout
MELDINGER_MAKS_BYTE = _meldinger.maks_byte
# Outgoing messages (meldinger_ut): the address register looked up for the address book,
# and how long a sent message may wait for its AppRec before the unit is alerted.
from config.settings.meldinger_ut import load as _meldinger_ut_load  # noqa: E402

_meldinger_ut = _meldinger_ut_load(DEBUG)
ADRESSEREGISTER_URL = _meldinger_ut.adresseregister_url
MELDINGER_KVITTERING_FRIST_MINUTTER = _meldinger_ut.kvittering_frist_minutter
# --- kjerne (issue 12, the core request path): one Redis client per connection pool
# (core/cache.py) instead of a new one per cache call.
CACHES["default"]["BACKEND"] = "core.cache.RedisCache"
# --- end kjerne
# --- kjerne (issue 12): requests with an API key skip the session, CSRF, session-user,
# messages, CSP and session-unit middleware (core.middleware.token_api_request says why);
# the same classes, in the same places, for every other request.
_KJERNE_MIDDLEWARE = {
    "csp.middleware.CSPMiddleware": "core.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware": "core.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware": "core.middleware.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware": (
        "core.middleware.AuthenticationMiddleware"
    ),
    "django.contrib.messages.middleware.MessageMiddleware": "core.middleware.MessageMiddleware",
}
MIDDLEWARE = [_KJERNE_MIDDLEWARE.get(m, m) for m in MIDDLEWARE]
# --- end kjerne
