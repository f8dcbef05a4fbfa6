"""journal.lib.svg: a pure function from points to an accessible SVG line chart."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
import zoneinfo
from decimal import Decimal

import pytest

from journal.lib.svg import Serie, line_chart_svg, number_format

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
SVG = "{http://www.w3.org/2000/svg}"
FRA = dt.datetime(2025, 3, 1, tzinfo=OSLO)
TIL = dt.datetime(2025, 3, 8, tzinfo=OSLO)


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted input


def _chart(**kwargs: object) -> str:
    values: dict[str, object] = {
        "tittel": "Puls (slag/min)",
        "serier": [
            Serie(
                "Puls",
                [
                    (dt.datetime(2025, 3, 2, 8, 0, tzinfo=OSLO), 72),
                    (dt.datetime(2025, 3, 4, 20, 30, tzinfo=OSLO), 118),
                    (dt.datetime(2025, 3, 7, 8, 0, tzinfo=OSLO), 88),
                ],
            )
        ],
        "fra": FRA,
        "til": TIL,
        "enhet": "slag/min",
        "element_id": "trend-puls",
    }
    values.update(kwargs)
    return line_chart_svg(**values)  # type: ignore[arg-type]


def test_is_well_formed_svg_labelled_by_its_title_and_description() -> None:
    # when
    root = _parse(_chart())
    # then
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "trend-puls-tittel trend-puls-beskrivelse"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None
    assert title.get("id") == "trend-puls-tittel"
    assert title.text == "Puls (slag/min)"
    assert desc is not None
    assert desc.get("id") == "trend-puls-beskrivelse"
    assert desc.text == (
        "Periode 01.03.2025–07.03.2025. Puls: 3 målinger, laveste 72 slag/min, "
        "høyeste 118 slag/min, siste 88 slag/min (07.03.2025 kl. 08.00)."
    )


def test_contains_no_script_or_event_handlers() -> None:
    # when
    svg = _chart()
    # then
    assert "<script" not in svg
    assert " on" not in svg.replace(" only", "")


def test_day_labels_are_norwegian_dates() -> None:
    # when
    root = _parse(_chart())
    # then
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "middle"]
    assert labels == [f"{day:02d}.03." for day in range(1, 8)]  # 8 March 00:00 ends it


def test_ninety_days_get_at_most_about_eight_day_labels() -> None:
    # given
    fra = dt.datetime(2025, 1, 1, tzinfo=OSLO)
    til = fra + dt.timedelta(days=90)
    # when
    root = _parse(_chart(fra=fra, til=til))
    # then
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "middle"]
    assert 6 <= len(labels) <= 9
    assert labels[0] == "01.01."


def test_each_point_has_a_tooltip_with_time_and_value_in_decimal_comma() -> None:
    # given
    serie = Serie("Temperatur", [(dt.datetime(2025, 3, 3, 14, 5, tzinfo=OSLO), Decimal("38.4"))])
    # when
    root = _parse(_chart(serier=[serie], enhet="°C", desimaler=1))
    # then
    tooltips = [c.find(f"{SVG}title").text for c in root.iter(f"{SVG}circle")]  # type: ignore[union-attr]
    assert tooltips == ["Temperatur 03.03.2025 kl. 14.05: 38,4 °C"]


def test_points_go_left_to_right_in_time_and_up_with_the_value() -> None:
    # when
    root = _parse(_chart())
    # then
    circles = [(float(c.get("cx", 0)), float(c.get("cy", 0))) for c in root.iter(f"{SVG}circle")]
    xs = [x for x, _y in circles]
    assert xs == sorted(xs)
    low, high, middle = circles[0][1], circles[1][1], circles[2][1]
    assert high < middle < low  # SVG y grows downwards
    polyline = root.find(f"{SVG}g[@class='trend-serie trend-serie-0']/{SVG}polyline")
    assert polyline is not None
    assert len(polyline.get("points", "").split()) == 3


def test_normal_band_is_shaded() -> None:
    # when
    root = _parse(_chart(normalomrade=(51, 90)))
    # then
    rects = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "trend-normal"]
    assert len(rects) == 1
    assert float(rects[0].get("height", 0)) > 0


def test_two_series_get_a_legend() -> None:
    # given
    when = dt.datetime(2025, 3, 2, 8, 0, tzinfo=OSLO)
    serier = [Serie("Systolisk", [(when, 140)]), Serie("Diastolisk", [(when, 85)])]
    # when
    svg = _chart(tittel="Blodtrykk (mmHg)", serier=serier, enhet="mmHg")
    # then
    root = _parse(svg)
    legend = root.find(f"{SVG}g[@class='trend-forklaring']")
    assert legend is not None
    assert [t.text for t in legend.iter(f"{SVG}text")] == ["Systolisk", "Diastolisk"]
    assert "Systolisk: 1 måling" in svg
    assert "Diastolisk: 1 måling" in svg


def test_text_is_escaped() -> None:
    # when
    svg = _chart(tittel="<script>alert(1)</script> & co", element_id='x" onload="y')
    # then
    root = _parse(svg)
    assert root.find(f"{SVG}title").text == "<script>alert(1)</script> & co"  # type: ignore[union-attr]
    assert "<script>" not in svg
    assert 'onload="y"' not in svg


def test_no_points_says_so() -> None:
    # when
    svg = _chart(serier=[Serie("Puls", [])])
    # then
    root = _parse(svg)
    assert "Ingen målinger i perioden" in svg
    assert root.find(f"{SVG}polyline") is None
    assert "Puls: ingen målinger." in svg


def test_a_single_flat_value_still_draws() -> None:
    # given
    when = dt.datetime(2025, 3, 2, 8, 0, tzinfo=OSLO)
    # when
    root = _parse(_chart(serier=[Serie("Vekt", [(when, Decimal("70.0"))])]))
    # then
    assert len(list(root.iter(f"{SVG}circle"))) == 1


def test_period_must_have_a_length() -> None:
    # when / then
    with pytest.raises(ValueError, match="period"):
        _chart(til=FRA)


@pytest.mark.parametrize(
    ("value", "desimaler", "text"),
    [(72, 0, "72"), (Decimal("37.5"), 1, "37,5"), (0.3, 1, "0,3"), (120.0, 0, "120")],
)
def test_numbers_have_a_decimal_comma(value: object, desimaler: int, text: str) -> None:
    # when
    result = number_format(value, desimaler)  # type: ignore[arg-type]
    # then
    assert result == text
