"""Request body parsers for the API: Norwegian errors, and no control characters in text.

Every string in a JSON body is checked (NUL and other control characters except tab and
line breaks, and bidi overrides, are refused), so no service ever sees them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from core.validators import STYRETEGN_MELDING, styretegn_finnes

MAX_DYBDE = 32


def _strings_ok(value: Any, dybde: int = 0) -> bool:
    if dybde > MAX_DYBDE:
        raise ParseError(_("JSON-dokumentet er nøstet for dypt."))
    if isinstance(value, str):
        return not styretegn_finnes(value)
    if isinstance(value, Mapping):
        return all(
            _strings_ok(k, dybde + 1) and _strings_ok(v, dybde + 1) for k, v in value.items()
        )
    if isinstance(value, list):
        return all(_strings_ok(v, dybde + 1) for v in value)
    return True


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except ParseError as exc:
            raise ParseError(_("Ugyldig JSON i forespørselen.")) from exc
        except RecursionError as exc:
            raise ParseError(_("JSON-dokumentet er nøstet for dypt.")) from exc
        if not _strings_ok(data):
            raise ParseError(str(STYRETEGN_MELDING))
        return data
