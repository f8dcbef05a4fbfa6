"""Server-rendered SVG line charts: points in, an accessible SVG string out (no JavaScript).

Every piece of text is escaped here, so callers may insert the result into a page as is.
"""

from __future__ import annotations

import datetime as dt
import math
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")

Verdi = Decimal | int | float


@dataclass(frozen=True)
class Serie:
    """One line: a name (for the legend and the description) and (time, value) points."""

    navn: str
    punkter: Sequence[tuple[dt.datetime, Verdi]]


@dataclass(frozen=True)
class _Flate:
    bredde: int
    hoyde: int
    venstre: int = 44
    hoyre: int = 12
    topp: int = 12
    bunn: int = 28

    @property
    def x0(self) -> int:
        return self.venstre

    @property
    def x1(self) -> int:
        return self.bredde - self.hoyre

    @property
    def y0(self) -> int:
        return self.hoyde - self.bunn

    @property
    def y1(self) -> int:
        return self.topp


def number_format(value: Verdi, desimaler: int = 0) -> str:
    """Norwegian notation: decimal comma, minus sign as hyphen."""
    return f"{float(value):.{desimaler}f}".replace(".", ",")


def _date(moment: dt.datetime, tz: dt.tzinfo) -> str:
    return moment.astimezone(tz).strftime("%d.%m.%Y")


def _datetime(moment: dt.datetime, tz: dt.tzinfo) -> str:
    return moment.astimezone(tz).strftime("%d.%m.%Y kl. %H.%M")


def _nice_step(span: float, target_ticks: int = 4) -> float:
    raw = span / target_ticks
    magnitude = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def _value_range(
    values: Sequence[float], normalomrade: tuple[Verdi, Verdi] | None
) -> tuple[float, float, float]:
    """Lower and upper limit of the y axis and the tick step (nice round numbers)."""
    candidates = list(values)
    if normalomrade is not None:
        candidates += [float(normalomrade[0]), float(normalomrade[1])]
    low, high = min(candidates), max(candidates)
    if math.isclose(low, high):
        low, high = low - 1, high + 1
    step = _nice_step(high - low)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def _day_ticks(fra: dt.datetime, til: dt.datetime, tz: dt.tzinfo) -> list[dt.datetime]:
    """Local midnights in the period, at most about eight of them."""
    start = dt.datetime.combine(fra.astimezone(tz).date(), dt.time.min, tzinfo=tz)
    if start < fra:
        start += dt.timedelta(days=1)
    days = max(1, (til - fra).days)
    every = max(1, math.ceil(days / 8))
    ticks = []
    day = start
    while day < til:
        ticks.append(day)
        next_date = day.date() + dt.timedelta(days=every)
        day = dt.datetime.combine(next_date, dt.time.min, tzinfo=tz)
    return ticks


def _description(
    serier: Sequence[Serie],
    fra: dt.datetime,
    til: dt.datetime,
    enhet: str,
    desimaler: int,
    tz: dt.tzinfo,
) -> str:
    period = f"{_date(fra, tz)}–{_date(til - dt.timedelta(microseconds=1), tz)}"
    parts = []
    for serie in serier:
        if not serie.punkter:
            parts.append(f"{serie.navn}: ingen målinger.")
            continue
        values = [float(v) for _t, v in serie.punkter]
        last_time, last_value = serie.punkter[-1]
        unit = f" {enhet}" if enhet else ""
        parts.append(
            f"{serie.navn}: {len(values)} "
            f"{'måling' if len(values) == 1 else 'målinger'}, "
            f"laveste {number_format(min(values), desimaler)}{unit}, "
            f"høyeste {number_format(max(values), desimaler)}{unit}, "
            f"siste {number_format(last_value, desimaler)}{unit} "
            f"({_datetime(last_time, tz)})."
        )
    return f"Periode {period}. " + " ".join(parts)


def _legend(serier: Sequence[Serie], flate: _Flate) -> str:
    parts = ['<g class="trend-forklaring" aria-hidden="true">']
    left = float(flate.x0)
    for index, serie in enumerate(serier):
        parts.append(
            f'<g class="trend-serie trend-serie-{index}">'
            f'<line x1="{left:.1f}" x2="{left + 18:.1f}" y1="10" y2="10"/>'
            f'<text x="{left + 22:.1f}" y="14">{escape(serie.navn)}</text></g>'
        )
        left += 30 + 8 * len(serie.navn)
    parts.append("</g>")
    return "".join(parts)


def line_chart_svg(
    *,
    tittel: str,
    serier: Sequence[Serie],
    fra: dt.datetime,
    til: dt.datetime,
    enhet: str = "",
    normalomrade: tuple[Verdi, Verdi] | None = None,
    desimaler: int = 0,
    bredde: int = 480,
    hoyde: int = 180,
    element_id: str = "diagram",
    tz: dt.tzinfo = OSLO,
) -> str:
    """A line chart of `serier` over [fra, til) with Norwegian axis labels.

    `normalomrade` is shaded (e.g. the band scoring 0 in NEWS2). The <title> and <desc>
    give screen readers the name, the period and the lowest, highest and last values;
    each point has its own <title> (shown as a tooltip) with time and value.
    """
    if til <= fra:
        raise ValueError("the period must end after it starts")
    flate = _Flate(bredde=bredde, hoyde=hoyde, topp=26 if len(serier) > 1 else 12)
    ident = escape(element_id, quote=True)
    beskrivelse = _description(serier, fra, til, enhet, desimaler, tz)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="trend" viewBox="0 0 {bredde} {hoyde}" '
        f'role="img" aria-labelledby="{ident}-tittel {ident}-beskrivelse">',
        f'<title id="{ident}-tittel">{escape(tittel)}</title>',
        f'<desc id="{ident}-beskrivelse">{escape(beskrivelse)}</desc>',
    ]
    values = [float(v) for s in serier for _t, v in s.punkter]
    if not values:
        out.append(
            f'<text class="trend-tom" x="{bredde / 2:.1f}" y="{hoyde / 2:.1f}" '
            f'text-anchor="middle">Ingen målinger i perioden</text></svg>'
        )
        return "".join(out)

    low, high, step = _value_range(values, normalomrade)
    seconds = (til - fra).total_seconds()

    def x(moment: dt.datetime) -> float:
        share = min(max((moment - fra).total_seconds() / seconds, 0.0), 1.0)
        return flate.x0 + share * (flate.x1 - flate.x0)

    def y(value: float) -> float:
        return flate.y0 - (value - low) / (high - low) * (flate.y0 - flate.y1)

    if normalomrade is not None:
        top, bottom = y(float(normalomrade[1])), y(float(normalomrade[0]))
        out.append(
            f'<rect class="trend-normal" x="{flate.x0}" y="{top:.1f}" '
            f'width="{flate.x1 - flate.x0}" height="{bottom - top:.1f}"/>'
        )
    tick_decimals = 0 if step >= 1 else 1
    out.append('<g class="trend-akse" aria-hidden="true">')
    steps = round((high - low) / step)
    for i in range(steps + 1):
        value = low + i * step
        ty = y(value)
        out.append(
            f'<line x1="{flate.x0}" x2="{flate.x1}" y1="{ty:.1f}" y2="{ty:.1f}"/>'
            f'<text x="{flate.x0 - 6}" y="{ty + 4:.1f}" text-anchor="end">'
            f"{number_format(value, tick_decimals)}</text>"
        )
    for tick in _day_ticks(fra, til, tz):
        tx = x(tick)
        out.append(
            f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{flate.y0}" y2="{flate.y0 + 4}"/>'
            f'<text x="{tx:.1f}" y="{flate.y0 + 18}" text-anchor="middle">'
            f"{tick.astimezone(tz).strftime('%d.%m.')}</text>"
        )
    out.append("</g>")
    if len(serier) > 1:
        out.append(_legend(serier, flate))
    unit = f" {enhet}" if enhet else ""
    for index, serie in enumerate(serier):
        if not serie.punkter:
            continue
        coords = [(x(t), y(float(v))) for t, v in serie.punkter]
        line = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in coords)
        out.append(f'<g class="trend-serie trend-serie-{index}">')
        out.append(f'<polyline points="{line}"/>')
        for (cx, cy), (moment, verdi) in zip(coords, serie.punkter, strict=True):
            label = f"{serie.navn} {_datetime(moment, tz)}: {number_format(verdi, desimaler)}{unit}"
            out.append(
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3"><title>{escape(label)}</title></circle>'
            )
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)
