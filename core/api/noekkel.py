"""The API key check on every request (`Authorization: Token <key>`).

Kept apart from the login views (core.api.auth): DRF imports this class from its settings
while rest_framework.views is still loading, so it must not import the views.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from core.acting import tilgang_cache_get, tilgang_cache_set
from core.klokke import naa
from core.models import Ansatt, ApiNoekkel
from core.services import noekkel_hash

KEYWORD = "Token"


class ApiNoekkelAuthentication(BaseAuthentication):
    """`Authorization: Token <key>`. A key that is unknown, expired or revoked, or whose
    person is deactivated, is refused with 401.

    The check is cached (core.acting's versioned access cache) until the key expires or
    CACHE_SEKUNDER pass; a logout or a deactivation bumps the version, so a revoked key
    stops working at once in every process.
    """

    def authenticate(self, request: Request) -> tuple[Ansatt, ApiNoekkel] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(_("Ugyldig Authorization-header: bruk «Token <nøkkel>»."))
        try:
            key = parts[1].decode()
        except UnicodeError:
            raise AuthenticationFailed(_("Ugyldig API-nøkkel.")) from None
        return self._check(noekkel_hash(key))

    def _check(self, hashed: str) -> tuple[Ansatt, ApiNoekkel]:
        now = naa()
        cache_key = f"noekkel:{hashed}"
        found: ApiNoekkel | None
        found, version = tilgang_cache_get(cache_key)
        if found is None:
            found = (
                ApiNoekkel.objects.select_related("ansatt")
                .filter(noekkel_hash=hashed, tilbakekalt__isnull=True)
                .first()
            )
            if found is not None:
                remaining = (found.utloeper - now).total_seconds()
                tilgang_cache_set(cache_key, found, version=version, timeout=remaining)
        if found is None or found.tilbakekalt is not None or found.utloeper <= now:
            raise AuthenticationFailed(_("Ugyldig eller utløpt API-nøkkel. Logg inn på nytt."))
        if not found.ansatt.is_active:
            raise AuthenticationFailed(_("Brukeren er deaktivert."))
        return found.ansatt, found

    def authenticate_header(self, request: Request) -> str:
        return KEYWORD


class ApiNoekkelScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "core.api.noekkel.ApiNoekkelAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'API-nøkkel fra POST /api/v1/auth/token/, sendt som "Token <nøkkel>".',
        }
