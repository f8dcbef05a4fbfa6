"""The form engine: shipped definitions, generic validation with Norwegian messages naming
the item, scoring (Barthel totals, IPLOS without a total and with 9 only where allowed),
and the idempotent loader behind migration 0008 and `manage.py skjema_last`."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from journal.lib.skjema import (
    Definisjon,
    SkjemaDefinitionError,
    definisjon_parse,
    skjemafil_parse,
    svar_validate,
    total_calculate,
)
from journal.models import Kartleggingsskjema
from journal.seeds import SKJEMA_DIR, skjema_load, skjema_load_all
from tests.factories import IPLOS_SVAR

BARTHEL_MAKS = {
    "avforing": 10,
    "vannlating": 10,
    "personlig_stell": 5,
    "toalettbesok": 10,
    "spising": 10,
    "forflytning": 15,
    "mobilitet": 15,
    "paakledning": 10,
    "trapper": 10,
    "bading": 5,
}
IPLOS_MED_9 = {
    "sosial_deltakelse",
    "skaffe_varer_tjenester",
    "beslutninger_dagliglivet",
    "ivareta_egen_helse",
    "alminnelig_husarbeid",
    "lage_mat",
    "bevege_seg_utendors",
}


def _definisjon(kode: str) -> Definisjon:
    return definisjon_parse(skjemafil_parse(SKJEMA_DIR / f"{kode}.json").definisjon)


def _messages(
    definisjon: Definisjon, svar: object, *, komplett: bool = True
) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as exc:
        svar_validate(definisjon, svar, komplett=komplett)
    return exc.value.message_dict


# --- the shipped definitions -----------------------------------------------------------------


def test_iplos_has_the_17_variables_in_order_scored_1_to_5_and_no_total() -> None:
    # when
    iplos = _definisjon("iplos")
    # then
    assert [e.nummer for e in iplos.elementer] == list(range(1, 18))
    assert iplos.elementer[0].tekst == "Sosial deltakelse"
    assert iplos.elementer[16].tekst == "Styre atferd"
    assert not iplos.har_total
    for element in iplos.elementer:
        values = [v.verdi for v in element.verdier]
        assert values == ([1, 2, 3, 4, 5, 9] if element.kode in IPLOS_MED_9 else [1, 2, 3, 4, 5])
        assert element.verdi_get(9) is None or element.verdi_get(9).poeng is None  # type: ignore[union-attr]


def test_barthel_has_ten_items_with_the_standard_weights_summing_to_100() -> None:
    # when
    barthel = _definisjon("barthel")
    # then
    assert {e.kode: max(v.poeng or 0 for v in e.verdier) for e in barthel.elementer} == BARTHEL_MAKS
    assert (barthel.poeng_min, barthel.poeng_maks) == (0, 100)


# --- scoring ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("svar", "total"),
    [
        (BARTHEL_MAKS, 100),
        (dict.fromkeys(BARTHEL_MAKS, 0), 0),
        # continent, needs help with toilet, stairs and bath, walks with one helper
        (
            {
                **BARTHEL_MAKS,
                "toalettbesok": 5,
                "mobilitet": 10,
                "trapper": 5,
                "bading": 0,
                "forflytning": 10,
            },
            75,
        ),
        # bedbound: incontinent of urine only, feeds with help
        ({**dict.fromkeys(BARTHEL_MAKS, 0), "avforing": 10, "spising": 5}, 15),
    ],
)
def test_barthel_total_is_the_sum_of_the_weights(svar: dict[str, int], total: int) -> None:
    # given
    barthel = _definisjon("barthel")
    # when
    cleaned = svar_validate(barthel, svar, komplett=True)
    # then
    assert total_calculate(barthel, cleaned) == total


def test_iplos_accepts_every_score_from_1_to_5_and_9_where_it_applies() -> None:
    # given
    iplos = _definisjon("iplos")
    # when / then
    for score in (1, 2, 3, 4, 5):
        assert svar_validate(iplos, dict.fromkeys(IPLOS_SVAR, score), komplett=True)
    cleaned = svar_validate(iplos, {**IPLOS_SVAR, "sosial_deltakelse": 9}, komplett=True)
    assert cleaned["sosial_deltakelse"] == 9
    assert total_calculate(iplos, cleaned) is None


@pytest.mark.parametrize(
    ("kode", "verdi", "melding"),
    [
        ("spise", 9, "10 Spise: «9» er ikke et gyldig svar. Velg en av 1, 2, 3, 4, 5."),
        ("syn", 0, "13 Syn: «0» er ikke et gyldig svar. Velg en av 1, 2, 3, 4, 5."),
        ("lage_mat", 6, "9 Lage mat: «6» er ikke et gyldig svar. Velg en av 1, 2, 3, 4, 5, 9."),
        ("toalett", "tre", "11 Toalett: «tre» er ikke et gyldig svar. Velg en av 1, 2, 3, 4, 5."),
    ],
)
def test_values_outside_the_items_scale_are_refused_naming_the_item(
    kode: str, verdi: object, melding: str
) -> None:
    # when
    errors = _messages(_definisjon("iplos"), {**IPLOS_SVAR, kode: verdi})
    # then
    assert errors == {kode: [melding]}


def test_a_complete_assessment_needs_every_item_each_named() -> None:
    # given
    svar = {k: v for k, v in IPLOS_SVAR.items() if k not in {"spise", "styre_atferd"}}
    # when
    errors = _messages(_definisjon("iplos"), svar)
    # then
    assert errors == {
        "spise": ["10 Spise: velg et svar."],
        "styre_atferd": ["17 Styre atferd: velg et svar."],
    }


def test_a_draft_may_have_gaps_but_not_wrong_values() -> None:
    # given
    iplos = _definisjon("iplos")
    # when
    cleaned = svar_validate(iplos, {"spise": "2", "syn": None, "horsel": ""}, komplett=False)
    # then
    assert cleaned == {"spise": 2}
    assert _messages(iplos, {"spise": 7}, komplett=False) == {
        "spise": ["10 Spise: «7» er ikke et gyldig svar. Velg en av 1, 2, 3, 4, 5."]
    }


def test_unknown_items_are_refused_not_dropped() -> None:
    # when
    errors = _messages(_definisjon("barthel"), {"gange": 10}, komplett=False)
    # then
    assert errors == {"gange": ["Skjemaet har ikke noe element «gange»."]}


def test_groups_order_the_sections() -> None:
    # given: a small form with groups, as a municipality could load one
    definisjon = definisjon_parse(
        {
            "grupper": [{"kode": "b", "navn": "Bolig"}, {"kode": "a", "navn": "Aktivitet"}],
            "elementer": [
                {
                    "kode": "x",
                    "tekst": "X",
                    "gruppe": "a",
                    "verdier": [{"verdi": 1, "tekst": "Ja"}],
                },
                {
                    "kode": "y",
                    "tekst": "Y",
                    "gruppe": "b",
                    "verdier": [{"verdi": 1, "tekst": "Ja"}],
                },
            ],
        }
    )
    # when
    seksjoner = definisjon.seksjoner()
    # then
    assert [(navn, [e.kode for e in elementer]) for navn, elementer in seksjoner] == [
        ("Bolig", ["y"]),
        ("Aktivitet", ["x"]),
    ]


@pytest.mark.parametrize(
    ("raw", "melding"),
    [
        ({"elementer": []}, "Skjemaet må ha minst ett element."),
        (
            {"elementer": [{"kode": "a", "tekst": "A", "verdier": [{"verdi": "1", "tekst": "x"}]}]},
            "element 1 (a): hver verdi må ha en heltallig «verdi».",
        ),
        (
            {
                "elementer": [
                    {"kode": "a", "tekst": "A", "verdier": [{"verdi": 1, "tekst": "x", "poeng": 5}]}
                ],
                "poengregel": {"type": "sum", "min": 0, "maks": 10},
            },
            "Poengområdet 0–10 stemmer ikke med verdiene (5–5).",
        ),
    ],
)
def test_broken_definitions_are_refused_with_a_reason(raw: dict[str, object], melding: str) -> None:
    # when
    with pytest.raises(SkjemaDefinitionError) as exc:
        definisjon_parse(raw)
    # then
    assert str(exc.value) == melding


# --- loading ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_shipped_forms_are_loaded_and_loading_again_changes_nothing() -> None:
    # given: loaded by migration 0008 (or again here after a flush elsewhere)
    skjema_load_all()
    # when
    again = skjema_load_all()
    # then
    assert [(r.kode, r.versjon, r.ny) for r in again] == [
        ("barthel", 1, False),
        ("iplos", 1, False),
    ]
    assert Kartleggingsskjema.objects.filter(kode__in=["iplos", "barthel"]).count() == 2


@pytest.mark.django_db
def test_a_changed_version_is_refused_and_a_new_version_is_added(tmp_path: Path) -> None:
    # given
    skjema_load_all()
    raw = json.loads((SKJEMA_DIR / "barthel.json").read_text(encoding="utf-8"))
    raw["elementer"][0]["tekst"] = "Tarmfunksjon"
    changed = tmp_path / "barthel.json"
    changed.write_text(json.dumps(raw), encoding="utf-8")
    # when / then
    with pytest.raises(SkjemaDefinitionError, match="Gi endringen et nytt versjonsnummer"):
        skjema_load(changed)
    raw["versjon"] = 2
    changed.write_text(json.dumps(raw), encoding="utf-8")
    assert skjema_load(changed).ny
    assert list(
        Kartleggingsskjema.objects.filter(kode="barthel").values_list("versjon", flat=True)
    ) == [2, 1]


@pytest.mark.django_db
def test_the_command_loads_files_and_reports_bad_ones_in_norwegian(tmp_path: Path) -> None:
    # given
    bad = tmp_path / "feil.json"
    bad.write_text('{"kode": "x", "versjon": 1, "navn": "X", "gyldig_fra": "i går"}')
    out = StringIO()
    # when
    call_command("skjema_last", stdout=out)
    with pytest.raises(CommandError, match="1 skjema kunne ikke lastes"):
        call_command("skjema_last", str(bad), stdout=StringIO(), stderr=StringIO())
    # then
    assert "iplos versjon 1: uendret" in out.getvalue()
