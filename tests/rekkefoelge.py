"""The longest tests first (pytest plugin, from tests/conftest.py): under pytest-xdist
`--dist loadgroup` a worker takes the next work unit (an xdist group, else one test) when it
is free, so the units that take minutes start at once on both workers instead of landing
together at the end of one of them. (xdist puts its groups of many tests before them.)"""

from __future__ import annotations

import pytest

# each builds the whole demo (manage.py demo_alle) once or twice
LANGE = ("tests/browser/test_persona_crawl.py", "tests/test_demo_dates.py")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    def lang(item: pytest.Item) -> bool:
        return item.nodeid.startswith(LANGE)

    items[:] = [i for i in items if lang(i)] + [i for i in items if not lang(i)]
