"""Page-number paging without COUNT(*): one row more than the page tells if there is a next."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.exceptions import ApplicationError

T = TypeVar("T", bound=Model)
MAX_PAGE_SIZE = 100
# No list is this long; a larger page number would only overflow the database's OFFSET.
MAX_PAGE_NUMBER = 100_000


@dataclass(frozen=True)
class Side(Generic[T]):
    items: Sequence[T]
    nummer: int
    storrelse: int
    har_neste: bool


def side_parse(value: str | None, default: int = 1) -> int:
    """A page number from the query string: 1 to MAX_PAGE_NUMBER in ASCII digits, else a
    Norwegian 400 (never an OFFSET the database cannot take)."""
    text = (value or "").strip()
    if not text:
        return default
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_PAGE_NUMBER)):
        raise ApplicationError(_("Sidenummer må være et positivt heltall."))
    number = int(text)
    if not 1 <= number <= MAX_PAGE_NUMBER:
        raise ApplicationError(
            _("Sidenummer må være et heltall fra 1 til %(max)s.") % {"max": MAX_PAGE_NUMBER}
        )
    return number


def side_window(*, nummer: int, storrelse: int) -> tuple[int, int]:
    """(page size, offset of the page's first row) for page `nummer`; read page size + 1
    rows from the offset and give them to side_of."""
    storrelse = max(1, min(storrelse, MAX_PAGE_SIZE))
    return storrelse, (nummer - 1) * storrelse


def side_of(rows: Sequence[T], *, nummer: int, storrelse: int) -> Side[T]:
    """The page from the rows read at side_window's offset (one more than the page)."""
    return Side(
        items=rows[:storrelse], nummer=nummer, storrelse=storrelse, har_neste=len(rows) > storrelse
    )


def side_fetch(queryset: QuerySet[T], *, nummer: int, storrelse: int) -> Side[T]:
    storrelse, start = side_window(nummer=nummer, storrelse=storrelse)
    rows = list(queryset[start : start + storrelse + 1])
    return side_of(rows, nummer=nummer, storrelse=storrelse)


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
    """The OpenAPI shape of a paged list (what side_response returns), for @extend_schema.
    `item` is one result's serializer (or a many=True one): `resultater` is always a list
    of it, as side_response gives."""
    resultater = (
        item
        if isinstance(item, serializers.ListSerializer)
        else serializers.ListSerializer(child=item)
    )
    return inline_serializer(
        name,
        {
            "side": serializers.IntegerField(),
            "neste": serializers.URLField(allow_null=True),
            "forrige": serializers.URLField(allow_null=True),
            "resultater": resultater,
        },
    )
