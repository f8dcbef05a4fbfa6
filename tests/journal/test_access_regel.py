"""The lookups by key (pasient_read_access, pasienter_med_identifikator) take the access rule
from _regel, whose texts are built once per column (issue 12): it must give what
_sql_parts and _rule_sql give, text for text and value for value."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core.models import Ansatt
from journal.access import _regel, _rule_sql, _sql_parts
from tests.acting import acting_as

pytestmark = pytest.mark.django_db


def _uten_tid(values: list[Any]) -> list[Any]:
    # each builder reads the clock itself: the moments differ by microseconds
    return ["naa" if isinstance(v, dt.datetime) else v for v in values]


@pytest.mark.parametrize("column", ["p.id", '"journal_pasient"."id"'])
def test_the_rule_by_key_is_the_rule(lege_med_relasjon: Ansatt, column: str) -> None:
    with acting_as(lege_med_relasjon):
        # given
        parts = _sql_parts(lege_med_relasjon, column)
        rule = _rule_sql(lege_med_relasjon, column)
        # when
        regel = _regel(lege_med_relasjon, column)
    # then
    assert regel.sql == rule.sql
    assert _uten_tid(regel.params) == _uten_tid(list(rule.params))
    for name in ("rel", "block", "entry"):
        text, values = getattr(regel, name)
        assert text == parts[name][0]
        assert _uten_tid(values) == _uten_tid(parts[name][1])
