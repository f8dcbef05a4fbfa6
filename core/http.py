"""The one outbound HTTP client. Every call has explicit timeouts; failures become
IntegrationError: network errors, timeouts, 429 and 5xx are transient (retry later), other
4xx are permanent (the request itself is wrong; retrying cannot help).

Built on the standard library (no third-party HTTP client is installed); ruff TID251 bans
urllib.request / http.client / requests / httpx everywhere else.
"""

from __future__ import annotations

import http.client
import json
import socket
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from core.exceptions import IntegrationError

DEFAULT_TIMEOUT = 10.0
MAX_BODY = 1_000_000  # bytes of a response we read at most
TRANSIENT_4XX = {408, 409, 425, 429}


@dataclass(frozen=True)
class Svar:
    """A successful (2xx/3xx) response."""

    status: int
    body: bytes
    headers: Mapping[str, str]

    def json(self) -> Any:
        return json.loads(self.body or b"null")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # An integration endpoint that redirects is misconfigured; following it could send
    # patient data somewhere nobody configured.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def request(
    method: str,
    url: str,
    *,
    json_body: Any = None,
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Svar:
    """Send one HTTP request and return the response, or raise IntegrationError.

    `timeout` bounds the connect and every socket read (seconds); there is no default
    without one. Only http and https URLs are accepted.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise IntegrationError(f"Ugyldig adresse: {url!r}", permanent=True)
    all_headers = {"User-Agent": "Kommunejournal/1.0", **(headers or {})}
    if json_body is not None:
        body = json.dumps(json_body, default=str).encode()
        all_headers.setdefault("Content-Type", "application/json")
    req = urllib.request.Request(url, data=body, headers=all_headers, method=method.upper())  # noqa: S310 - scheme checked above
    try:
        with _opener.open(req, timeout=timeout) as response:
            return Svar(
                status=response.status,
                body=response.read(MAX_BODY),
                headers={k.lower(): v for k, v in response.headers.items()},
            )
    except urllib.error.HTTPError as exc:
        detail = exc.read(2000).decode("utf-8", "replace") if exc.fp else ""
        permanent = 400 <= exc.code < 500 and exc.code not in TRANSIENT_4XX
        raise IntegrationError(
            f"HTTP {exc.code} fra {parts.netloc}: {detail}".strip(), permanent=permanent
        ) from exc
    except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
        # Connection refused/reset, DNS, TLS, timeouts (socket.timeout is an OSError).
        reason = getattr(exc, "reason", exc)
        kind = "tidsavbrudd" if isinstance(reason, socket.timeout | TimeoutError) else "nettverk"
        raise IntegrationError(
            f"{kind.capitalize()} mot {parts.netloc}: {reason}", permanent=False
        ) from exc


def post_json(
    url: str,
    payload: Any,
    *,
    headers: Mapping[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Svar:
    return request("POST", url, json_body=payload, headers=headers, timeout=timeout)
