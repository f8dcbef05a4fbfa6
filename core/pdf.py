"""The one PDF renderer: HTML (a Django template) to PDF with WeasyPrint.

Used by the journal print and the decision letter alike. WeasyPrint is imported inside the
functions: it loads Pango and friends, which only a PDF needs (a worker or the test
collection should not pay for it). Headers, footers and "Side X av Y" are CSS @page boxes
in the templates.
"""

from __future__ import annotations

from typing import Any


def pdf_document(html: str) -> Any:
    """The laid-out WeasyPrint Document (its pages can be inspected before writing)."""
    from weasyprint import HTML  # type: ignore[import-untyped]  # WeasyPrint ships no types

    return HTML(string=html).render()


def pdf_render(html: str) -> bytes:
    """The PDF bytes for `html`."""
    pdf: bytes = pdf_document(html).write_pdf()
    return pdf
