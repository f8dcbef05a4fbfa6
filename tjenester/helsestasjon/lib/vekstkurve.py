"""Growth charts as server-drawn SVG: the WHO centile curves and the child's points.

Pure: points in, an accessible SVG string out (no JavaScript). Every text is escaped here,
so callers may insert the result into a page as is. Drawn in a viewBox, so it scales to a
360 px phone; each point has a <title> (tooltip) and the <desc> summarises for screen readers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from django.utils.translation import gettext as _

from tjenester.helsestasjon.lib.vekst import (
    AAR,
    ENHET,
    HOVEDLINJER,
    NAVN,
    REFERANSE,
    Kjonn,
    Maaletype,
    Punkt,
    format_number,
    kurve,
)

TO_AAR = 730
FEM_AAR = 1856
VENSTRE, HOYRE, TOPP, BUNN = 40, 40, 14, 34


def _nice_step(span: float) -> float:
    raw = span / 6
    magnitude = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude  # pragma: no cover


def chart_span(punkter: Sequence[Punkt]) -> int:
    """0–2 years while the child's points fit, else 0–5 years."""
    return TO_AAR if all(p.alder.dager <= TO_AAR for p in punkter) else FEM_AAR


def _persentil_tekst(p: Punkt) -> str:
    if p.persentil is None:
        return _("utenfor referansen")
    return _("persentil %(p)s, SDS %(sds)s") % {
        "p": format_number(p.persentil, 1),
        "sds": format_number(p.sds or 0.0, 2),
    }


def vekstkurve_svg(
    *,
    maaletype: Maaletype,
    kjonn: Kjonn | None,
    punkter: Sequence[Punkt],
    element_id: str = "vekstkurve",
    bredde: int = 520,
    hoyde: int = 340,
) -> str:
    """The chart of one measure for one sex: nine major centile curves (0,4–99,6) of the WHO
    standard from birth to two (or five) years, and the child's points at their (corrected)
    age, joined by a line."""
    ident = escape(element_id, quote=True)
    navn = str(NAVN[maaletype])
    enhet = ENHET[maaletype]
    kjonn_tekst = (
        {Kjonn.GUTT: _("gutter"), Kjonn.JENTE: _("jenter")}.get(kjonn, "") if kjonn else ""
    )
    tittel = f"{navn} ({enhet})" + (f", {kjonn_tekst}" if kjonn_tekst else "")
    synlige = [p for p in punkter if 0 <= p.alder.dager <= FEM_AAR]
    spenn = chart_span(synlige)
    if synlige:
        siste = synlige[-1]
        beskrivelse = _(
            "%(navn)s: %(antall)s målinger. Siste %(dato)s: %(verdi)s %(enhet)s, %(persentil)s."
        ) % {
            "navn": navn,
            "antall": len(synlige),
            "dato": f"{siste.dato:%d.%m.%Y}",
            "verdi": format_number(siste.verdi, 1 if maaletype is not Maaletype.VEKT else 2),
            "enhet": enhet,
            "persentil": _persentil_tekst(siste),
        }
    else:
        beskrivelse = _("%(navn)s: ingen målinger.") % {"navn": navn}
    beskrivelse += " " + _("Referanse: %(ref)s.") % {"ref": REFERANSE}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="vekstkurve" '
        f'viewBox="0 0 {bredde} {hoyde}" role="img" '
        f'aria-labelledby="{ident}-tittel {ident}-beskrivelse">',
        f'<title id="{ident}-tittel">{escape(tittel)}</title>',
        f'<desc id="{ident}-beskrivelse">{escape(beskrivelse)}</desc>',
    ]
    if kjonn is None:
        out.append(
            f'<text class="vekst-tom" x="{bredde / 2:.0f}" y="{hoyde / 2:.0f}" '
            f'text-anchor="middle">{escape(_("Kjønn ukjent: ingen persentilkurver"))}</text></svg>'
        )
        return "".join(out)

    steg = 7 if spenn == TO_AAR else 14
    kurver = [(label, kurve(maaletype, kjonn, sds, spenn, steg)) for label, sds in HOVEDLINJER]
    verdier = [v for _l, k in kurver for _d, v in (k[0], k[-1])]
    verdier += [v for _l, k in kurver for _d, v in k[:: max(1, len(k) // 8)]]
    verdier += [p.verdi for p in synlige]
    lav, hoy = min(verdier), max(verdier)
    step = _nice_step(hoy - lav)
    lav, hoy = math.floor(lav / step) * step, math.ceil(hoy / step) * step
    x0, x1, y0, y1 = VENSTRE, bredde - HOYRE, hoyde - BUNN, TOPP

    def x(dager: float) -> float:
        return x0 + dager / spenn * (x1 - x0)

    def y(verdi: float) -> float:
        return y0 - (verdi - lav) / (hoy - lav) * (y0 - y1)

    # grid and axes
    out.append('<g class="vekst-akse" aria-hidden="true">')
    verdi = lav
    while verdi <= hoy + 1e-9:
        out.append(
            f'<line class="vekst-rutenett" x1="{x0}" x2="{x1}" y1="{y(verdi):.1f}" '
            f'y2="{y(verdi):.1f}"/><text x="{x0 - 4}" y="{y(verdi) + 4:.1f}" '
            f'text-anchor="end">{format_number(verdi, 0 if step >= 1 else 1)}</text>'
        )
        verdi += step
    maaned_steg = 2 if spenn == TO_AAR else 6
    maaneder = round(spenn / AAR * 12)
    for m in range(0, maaneder + 1, maaned_steg):
        xm = x(m * AAR / 12)
        out.append(
            f'<line class="vekst-rutenett" x1="{xm:.1f}" x2="{xm:.1f}" y1="{y0}" y2="{y1}"/>'
            f'<text x="{xm:.1f}" y="{y0 + 14}" text-anchor="middle">{m}</text>'
        )
    out.append(
        f'<text x="{(x0 + x1) / 2:.0f}" y="{hoyde - 4}" text-anchor="middle">'
        f"{escape(_('Alder (måneder)'))}</text></g>"
    )
    # centile curves
    out.append('<g class="vekst-persentiler">')
    for label, punkter_kurve in kurver:
        d = "M" + " L".join(f"{x(dg):.1f},{y(v):.1f}" for dg, v in punkter_kurve)
        klasse = "vekst-persentil vekst-median" if label == "50" else "vekst-persentil"
        siste_v = punkter_kurve[-1][1]
        out.append(
            f'<path class="{klasse}" data-persentil="{label}" d="{d}"/>'
            f'<text class="vekst-persentil-navn" x="{x1 + 3}" y="{y(siste_v) + 3:.1f}">'
            f"{label}</text>"
        )
    out.append("</g>")
    # the child's points
    if synlige:
        out.append('<g class="vekst-barn">')
        if len(synlige) > 1:
            linje = " ".join(f"{x(p.alder.dager):.1f},{y(p.verdi):.1f}" for p in synlige)
            out.append(f'<polyline class="vekst-linje" points="{linje}"/>')
        for p in synlige:
            tekst = _("%(dato)s: %(verdi)s %(enhet)s, %(persentil)s%(korrigert)s") % {
                "dato": f"{p.dato:%d.%m.%Y}",
                "verdi": format_number(p.verdi, 2 if maaletype is Maaletype.VEKT else 1),
                "enhet": enhet,
                "persentil": _persentil_tekst(p),
                "korrigert": _(" (korrigert alder)") if p.alder.korrigert else "",
            }
            out.append(
                f'<circle class="vekst-punkt" data-testid="vekstpunkt" '
                f'cx="{x(p.alder.dager):.1f}" cy="{y(p.verdi):.1f}" r="3.5">'
                f"<title>{escape(tekst)}</title></circle>"
            )
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)
