"""Page-number paging without COUNT(*): one row more than the page tells if there is a next."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import Model, QuerySet
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.exceptions import ApplicationError

T = TypeVar("T", bound=Model)
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class Side(Generic[T]):
    items: Sequence[T]
    nummer: int
    storrelse: int
    har_neste: bool


def side_parse(value: str | None, default: int = 1) -> int:
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise ApplicationError("Sidenummer må være et positivt heltall.") from exc
    if number < 1:
        raise ApplicationError("Sidenummer må være et positivt heltall.")
    return number


def side_fetch(queryset: QuerySet[T], *, nummer: int, storrelse: int) -> Side[T]:
    storrelse = max(1, min(storrelse, MAX_PAGE_SIZE))
    start = (nummer - 1) * storrelse
    rows = list(queryset[start : start + storrelse + 1])
    return Side(
        items=rows[:storrelse], nummer=nummer, storrelse=storrelse, har_neste=len(rows) > storrelse
    )


def side_response(request: Request, side: Side[Any], data: Any) -> Response:
    def link(number: int) -> str:
        params = request.query_params.copy()
        params["side"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return Response(
        {
            "side": side.nummer,
            "neste": link(side.nummer + 1) if side.har_neste else None,
            "forrige": link(side.nummer - 1) if side.nummer > 1 else None,
            "resultater": data,
        }
    )


def side_schema(name: str, item: serializers.BaseSerializer[Any]) -> Any:
    """The OpenAPI shape of a paged list (what side_response returns), for @extend_schema."""
    return inline_serializer(
        name,
        {
            "side": serializers.IntegerField(),
            "neste": serializers.URLField(allow_null=True),
            "forrige": serializers.URLField(allow_null=True),
            "resultater": item,
        },
    )
