"""Strict environment parsing: every setting comes from the environment and fails closed."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

_MISSING = object()


def env_str(name: str, default: str | object = _MISSING) -> str:
    """Read `name`, or `name_FILE` (a path whose content is the value, for secrets)."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    value = os.environ.get(name)
    if value is not None:
        return value
    if default is _MISSING:
        raise ImproperlyConfigured(f"Miljøvariabelen {name} mangler.")
    return str(default)


def env_bool(name: str, default: bool) -> bool:
    """Only the literal strings True and False are accepted."""
    value = os.environ.get(name)
    if value is None:
        return default
    if value == "True":
        return True
    if value == "False":
        return False
    raise ImproperlyConfigured(f"{name} må være True eller False, ikke {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} må være et heltall, ikke {value!r}.") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def database_from_url(url: str) -> dict[str, object]:
    """Turn postgres://user:pass@host:port/name?sslmode=... into a Django DATABASES entry."""
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured("DATABASE_URL må være en postgres://-adresse (kun PostgreSQL).")
    options: dict[str, str] = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
    host = unquote(parsed.hostname or "")
    if not host and "host" in options:
        host = options.pop("host")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parsed.path.lstrip("/")),
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": host,
        "PORT": str(parsed.port or ""),
        "OPTIONS": options,
    }


def integration_endpoint(
    prefix: str, *, debug: bool, path: str, timeout: int
) -> tuple[bool, str, float]:
    """(use, url, timeout) of an outbound integration from PREFIX_USE-style variables:
    USE_<PREFIX> defaults to on only in DEBUG, with <PREFIX>_URL pointing at the local
    stand-in (integrasjoner/standin, started by `make run`); when on, the URL is required."""
    use = env_bool(f"USE_{prefix}", default=debug)
    standin = env_str("STANDIN_URL", default="http://127.0.0.1:8701")
    url = env_str(f"{prefix}_URL", default=f"{standin}/{path}" if debug else "")
    if use and not url:
        raise ImproperlyConfigured(f"{prefix}_URL mangler (USE_{prefix}=True).")
    return use, url.rstrip("/"), float(env_int(f"{prefix}_TIMEOUT", timeout))
