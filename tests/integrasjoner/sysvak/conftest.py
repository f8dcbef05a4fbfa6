"""The health station's fixtures (a station, its nurse, a one-year-old) and a SYSVAK stand-in."""

from collections.abc import Iterator
from typing import Any

import pytest

from integrasjoner.standin.server import Standin
from tests.tjenester.helsestasjon.conftest import (
    _programmer,
    annen_stasjon,
    ettaaring,
    fremmed,
    helsesykepleier,
    stasjon,
)


@pytest.fixture
def sysvak(settings: Any) -> Iterator[Standin]:
    server = Standin().start()
    settings.SYSVAK_URL = f"{server.url}/sysvak"
    try:
        yield server
    finally:
        server.close()


__all__ = ["_programmer", "annen_stasjon", "ettaaring", "fremmed", "helsesykepleier", "stasjon"]
