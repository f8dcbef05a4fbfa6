"""The chart (kurve) of a patient's medication and vitals: on screen and as PDF."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from core.decorators import request_ansatt, staff_required
from core.klokke import naa
from core.pdf import pdf_render
from core.web import query_dato
from legemidler import selectors as sel


def _params(request: HttpRequest) -> tuple[dt.date | None, int]:
    dager = sel.kurve_dager_parse(request.GET.get("dager"))
    return query_dato(request.GET.get("fra")), dager


@require_GET
@staff_required
def kurve(request: HttpRequest, pasient_id: str) -> HttpResponse:
    """The chart for 7 or 14 days (`fra`, `dager`)."""
    fra, dager = _params(request)
    data = sel.kurve_get(actor=request_ansatt(request), pasient_id=pasient_id, fra=fra, dager=dager)
    context = {
        "kurve": data,
        "forrige": data.fra - dt.timedelta(days=dager),
        "neste_fra": data.fra + dt.timedelta(days=dager),
        "antall_dager": dager,
    }
    return render(request, "legemidler/kurve/kurve.html", context)


@require_GET
@staff_required
def kurve_pdf(request: HttpRequest, pasient_id: str) -> HttpResponse:
    """The chart as PDF, the patient's name on every page."""
    fra, dager = _params(request)
    ansatt = request_ansatt(request)
    data = sel.kurve_get(actor=ansatt, pasient_id=pasient_id, fra=fra, dager=dager, utskrift=True)
    html = render_to_string(
        "legemidler/kurve/kurve_pdf.html",
        {
            "kurve": data,
            "topptekst": f"{data.pasient.fullt_navn} – {data.pasient.identifikator_visning}",
            "skrevet_ut_at": naa(),
            "skrevet_ut_av": ansatt.get_full_name() or ansatt.username,
        },
        request=request,
    )
    response = HttpResponse(pdf_render(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="kurve-{data.fra:%Y%m%d}.pdf"'
    return response
