"""The journal print as PDF: the print template rendered by core.pdf."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.template.loader import render_to_string

from core.pdf import pdf_document, pdf_render
from journal.selectors.kartlegging import Kartleggingsvisning
from journal.selectors.oversikt import Utskrift
from journal.services.notat import innhold_ordered

UTSKRIFT_MAL = "journal/utskrift_pdf.html"


def utskrift_html(
    utskrift: Utskrift, kartlegginger: Sequence[Kartleggingsvisning] | None = None
) -> str:
    """The print as HTML; the header and footer on every page are CSS @page margin boxes.
    `kartlegginger` (the assessments of the period) adds their section; None leaves it out."""
    pasient = utskrift.visning.pasient
    return render_to_string(
        UTSKRIFT_MAL,
        {
            "u": utskrift,
            "pasient": pasient,
            "topptekst": f"{pasient.fullt_navn} – {pasient.identifikator_visning}",
            # sections in the note type's order (jsonb keeps no key order)
            "notater": [(v, innhold_ordered(v.innhold, v.notat.type)) for v in utskrift.notater],
            "kartlegginger": kartlegginger,
        },
    )


def utskrift_document(
    utskrift: Utskrift, kartlegginger: Sequence[Kartleggingsvisning] | None = None
) -> Any:
    """The laid-out weasyprint Document (its pages can be inspected before write_pdf)."""
    return pdf_document(utskrift_html(utskrift, kartlegginger))


def utskrift_pdf(
    utskrift: Utskrift, kartlegginger: Sequence[Kartleggingsvisning] | None = None
) -> bytes:
    return pdf_render(utskrift_html(utskrift, kartlegginger))
