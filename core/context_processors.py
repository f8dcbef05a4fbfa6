from __future__ import annotations

from django.http import HttpRequest

from core.middleware import acting_get


def acting_unit(request: HttpRequest) -> dict[str, object]:
    return {"acting": acting_get(request)}
