"""The whole demo (`manage.py demo_alle`), built once for every test in this package.

It is built inside one outer transaction that is rolled back when the package is done; each
test runs in its own savepoint inside it (pytest-django), so a test that runs a demo command
again to prove it idempotent leaves nothing behind. The tests carry the xdist group "demo",
so under pytest-xdist they all run on one worker, which builds the demo once.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from tests.conftest import klokke_for_test_apply


@pytest.fixture(scope="package", autouse=True)
def demo_bygget(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    out = StringIO()
    klokke_for_test_apply()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("demo_alle", stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
