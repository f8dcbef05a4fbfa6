"""The clinical summary page (oversikt) and the journal print (utskrift) as PDF."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from core.decorators import request_ansatt, staff_required
from core.exceptions import ApplicationError
from core.forms import DatoField
from core.klokke import idag
from core.pdf import pdf_document, pdf_render
from journal.lib.svg import Serie, line_chart_svg
from journal.selectors import (
    Maalingsoversikt,
    journal_utskrift_get,
    kartlegginger_for_utskrift,
    oversikt_get,
    pasient_get,
)
from journal.selectors.kartlegging import Kartleggingsvisning
from journal.selectors.oversikt import Del, Utskrift
from journal.services.notat import innhold_ordered

DELER = (
    (Del.NOTATER, gettext_lazy("Journalnotater (signerte)")),
    (Del.KRITISK, gettext_lazy("Kritisk informasjon")),
    (Del.DIAGNOSER, gettext_lazy("Problemer og diagnoser")),
    (Del.MALINGER, gettext_lazy("Målinger og NEWS2")),
    (Del.PLAN, gettext_lazy("Tiltaksplan (aktiv)")),
)

DATO = forms.DateInput({"type": "date"}, format="%Y-%m-%d")


def news2_trend_svg(malinger: Maalingsoversikt) -> str:
    """A small NEWS2 chart of the summary's period ("" when nothing was scored)."""
    punkter = malinger.trender.get("news2", [])
    if not punkter or malinger.start is None or malinger.slutt is None:
        return ""
    return line_chart_svg(
        tittel=_("NEWS2 siste dager"),
        serier=[Serie(navn="NEWS2", punkter=punkter)],
        fra=malinger.start,
        til=malinger.slutt,
        enhet=_("poeng"),
        bredde=360,
        hoyde=140,
        element_id="oversikt-news2",
    )


@require_GET
@staff_required
def oversikt(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    data = oversikt_get(actor=request_ansatt(request), pasient_id=pasient_id)
    context = {
        "pasient": data.visning.pasient,
        "visning": data.visning,
        "o": data,
        "news2_svg": news2_trend_svg(data.malinger),
    }
    return render(request, "journal/oversikt.html", context)


class UtskriftForm(forms.Form):
    fra = DatoField(label=gettext_lazy("Fra og med"), widget=DATO)
    til = DatoField(label=gettext_lazy("Til og med"), widget=DATO)
    deler = forms.MultipleChoiceField(
        label=gettext_lazy("Ta med"), choices=DELER, widget=forms.CheckboxSelectMultiple
    )

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        fra, til = cleaned.get("fra"), cleaned.get("til")
        if fra and til and fra > til:
            self.add_error("til", _("Fra-datoen må være før til-datoen."))
        return cleaned


def _initial() -> dict[str, Any]:
    til = idag()
    return {"fra": til - dt.timedelta(days=30), "til": til, "deler": [d for d, _n in DELER]}


@require_http_methods(["GET", "POST"])
@staff_required
def utskrift(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    form = UtskriftForm(request.POST or None, initial=_initial())
    if request.method == "POST" and form.is_valid():
        try:
            innhold = journal_utskrift_get(
                actor=actor,
                pasient_id=pasient_id,
                fra=form.cleaned_data["fra"],
                til=form.cleaned_data["til"],
                deler=tuple(form.cleaned_data["deler"]),
            )
        except ApplicationError as exc:
            if exc.status_code != 400:
                raise  # the ordinary 403 / 404 pages, same as everywhere else
            form.add_error(None, str(exc.message))
        else:
            # Assessments of the period go with the notes (kartlegging is documentation too).
            kartlegginger = (
                kartlegginger_for_utskrift(
                    actor=actor, pasient_id=pasient_id, fra=innhold.fra, til=innhold.til
                )
                if Del.NOTATER in innhold.deler
                else None
            )
            response = HttpResponse(
                utskrift_pdf(innhold, kartlegginger), content_type="application/pdf"
            )
            navn = f"journal-{innhold.fra:%Y%m%d}-{innhold.til:%Y%m%d}.pdf"
            response["Content-Disposition"] = f'attachment; filename="{navn}"'
            response["Cache-Control"] = "no-store"
            return response
    visning = pasient_get(actor=actor, pasient_id=pasient_id)
    return render(
        request,
        "journal/utskrift.html",
        {"pasient": visning.pasient, "visning": visning, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- the print as HTML and PDF (the templates put name and page on every page) ---

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
