"""Growth pages: the child's growth charts with the flags, registration, and the PDF."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.api.pagination import side_parse
from core.decorators import request_ansatt, staff_required
from core.models import Ansatt
from core.pdf import pdf_render
from core.web import service_call
from journal.selectors import Utskriftsdel
from journal.selectors.oversikt import Del
from journal.selectors.pasient import Pasientvisning
from tjenester.helsestasjon.forms import FodselsopplysningForm, VekstmaalingForm
from tjenester.helsestasjon.lib.vekstkurve import vekstkurve_svg
from tjenester.helsestasjon.selectors import Vekstoversikt, vekst_for_utskrift, vekst_get
from tjenester.helsestasjon.services import fodselsopplysning_save, vekstmaaling_register


@dataclass(frozen=True)
class Vekstdiagram:
    tittel: str
    svg: str  # escaped by lib.vekstkurve, safe to insert


def vekstdiagrammer(oversikt: Vekstoversikt, *, prefiks: str = "vekst") -> list[Vekstdiagram]:
    """One chart per measure (weight, length/height, head circumference)."""
    return [
        Vekstdiagram(
            tittel=serie.navn,
            svg=vekstkurve_svg(
                maaletype=serie.maaletype,
                kjonn=oversikt.kjonn,
                punkter=serie.punkter,
                element_id=f"{prefiks}-{serie.maaletype.value}",
            ),
        )
        for serie in oversikt.serier
    ]


def _page(
    request: HttpRequest,
    pasient_id: uuid.UUID,
    *,
    form: VekstmaalingForm | None = None,
    fodsel_form: FodselsopplysningForm | None = None,
    status: int = 200,
) -> HttpResponse:
    oversikt = vekst_get(
        actor=request_ansatt(request),
        pasient_id=pasient_id,
        side=side_parse(request.GET.get("side")),
    )
    opplysning = oversikt.fodselsopplysning
    return render(
        request,
        "helsestasjon/vekst.html",
        {
            "oversikt": oversikt,
            "pasient": oversikt.pasient,
            "diagrammer": vekstdiagrammer(oversikt),
            "form": form or VekstmaalingForm(),
            "fodsel_form": fodsel_form
            or FodselsopplysningForm(
                initial={
                    "svangerskapsuker": opplysning.svangerskapsuker,
                    "svangerskapsdager": opplysning.svangerskapsdager,
                }
                if opplysning
                else None
            ),
        },
        status=status,
    )


@require_GET
@staff_required
def vekst(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    return _page(request, pasient_id)


@require_POST
@staff_required
def vekstmaaling_ny(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    form = VekstmaalingForm(request.POST)
    if form.is_valid():
        data = form.data_get()
        if service_call(
            lambda: vekstmaaling_register(actor=actor, pasient_id=pasient_id, data=data),
            form=form,
        ).ok:
            messages.success(request, _("Målingen er registrert."))
            return HttpResponseRedirect(reverse("helsestasjon:vekst", args=[pasient_id]))
    return _page(request, pasient_id, form=form, status=400)


@require_POST
@staff_required
def fodselsopplysning_lagre(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    form = FodselsopplysningForm(request.POST)
    if form.is_valid():
        uker = form.cleaned_data["svangerskapsuker"]
        dager = form.cleaned_data["svangerskapsdager"] or 0
        if service_call(
            lambda: fodselsopplysning_save(
                actor=actor, pasient_id=pasient_id, svangerskapsuker=uker, svangerskapsdager=dager
            ),
            form=form,
        ).ok:
            messages.success(request, _("Svangerskapslengden er lagret."))
            return HttpResponseRedirect(reverse("helsestasjon:vekst", args=[pasient_id]))
    return _page(request, pasient_id, fodsel_form=form, status=400)


def vekst_pdf_html(oversikt: Vekstoversikt) -> str:
    """The growth charts as a printable page (also what the journal print can include)."""
    return render_to_string(
        "helsestasjon/vekst_pdf.html",
        {
            "oversikt": oversikt,
            "pasient": oversikt.pasient,
            "diagrammer": vekstdiagrammer(oversikt, prefiks="utskrift"),
        },
    )


def vekst_utskrift_del(
    actor: Ansatt,
    visning: Pasientvisning,
    fra: dt.date,
    til: dt.date,
    deler: tuple[str, ...],
) -> list[Utskriftsdel]:
    """The journal print's growth section (registered in AppConfig.ready): every growth
    chart of a child who has measurements, with the measurements part. Nothing for anyone
    else (adults never have growth measurements)."""
    if Del.MALINGER not in deler:
        return []
    oversikt = vekst_for_utskrift(actor=actor, pasient_id=visning.pasient.pk)
    if oversikt is None:
        return []
    html = render_to_string(
        "helsestasjon/_vekst_utskrift.html",
        {"oversikt": oversikt, "diagrammer": vekstdiagrammer(oversikt, prefiks="journal")},
    )
    return [Utskriftsdel(tittel=_("Vekstkurver"), html=mark_safe(html), testid="vekstkurver")]  # noqa: S308 - rendered by the template engine, escaped there


@require_GET
@staff_required
def vekst_pdf(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    oversikt = vekst_get(actor=request_ansatt(request), pasient_id=pasient_id)
    response = HttpResponse(pdf_render(vekst_pdf_html(oversikt)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="vekstkurver-{oversikt.pasient.pk}.pdf"'
    return response
