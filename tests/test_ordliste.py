"""docs/ordliste.md names every model of ours: one term, one meaning, one spelling."""

from __future__ import annotations

import re
from pathlib import Path

from django.apps import apps

ORDLISTE = Path(__file__).resolve().parents[1] / "docs" / "ordliste.md"
OUR_APPS = ("core", "journal", "tildeling", "tjenester", "legemidler", "integrasjoner")


def _our_models() -> list[str]:
    return sorted(
        model.__name__ for model in apps.get_models() if model.__module__.split(".")[0] in OUR_APPS
    )


def test_every_model_is_in_the_glossary() -> None:
    # given
    terms = set(re.findall(r"^\| `([A-Za-z0-9_]+)`", ORDLISTE.read_text(encoding="utf-8"), re.M))

    # when
    missing = [name for name in _our_models() if name not in terms]

    # then
    assert not missing, f"Mangler i docs/ordliste.md: {', '.join(missing)}"


def test_the_glossary_spells_identifiers_in_ascii() -> None:
    # given
    terms = re.findall(r"^\| `([^`]+)`", ORDLISTE.read_text(encoding="utf-8"), re.M)

    # then
    assert [t for t in terms if not t.isascii()] == []
