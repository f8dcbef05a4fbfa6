"""Decision pages: draft form, the decision with its actions, the letter, appeals."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.decorators import request_ansatt, staff_required
from core.exceptions import ApplicationError
from tildeling.forms import DatoForm, KlageForm, VedtakForm
from tildeling.models import Vedtak
from tildeling.selectors.sak import sak_get
from tildeling.selectors.vedtak import tjenestetyper_gyldige, utforende_enheter, vedtak_get
from tildeling.services.brev import vedtaksbrev_download, vedtaksbrev_sent
from tildeling.services.klage import klage_register
from tildeling.services.vedtak import (
    VedtakData,
    vedtak_avslutt,
    vedtak_draft_create,
    vedtak_draft_update,
    vedtak_fatt,
    vedtak_godkjenn,
    vedtak_replace_start,
    vedtak_return,
)
from tildeling.views.felles import act, errors_to_form


def _url(vedtak_id: uuid.UUID) -> str:
    return reverse("tildeling:vedtak", args=[vedtak_id])


def _data(cleaned: dict[str, Any]) -> VedtakData:
    enhet = cleaned.get("utforende_enhet")
    return VedtakData(
        tjenestetype_id=cleaned["tjenestetype"].pk,
        utfall=cleaned["utfall"],
        begrunnelse=cleaned["begrunnelse"],
        omfang=cleaned.get("omfang"),
        fra_dato=cleaned.get("fra_dato"),
        til_dato=cleaned.get("til_dato"),
        revurdering_dato=cleaned.get("revurdering_dato"),
        lovgrunnlag=cleaned.get("lovgrunnlag", ""),
        egenandel_grunnlag=cleaned.get("egenandel_grunnlag", ""),
        utforende_enhet_id=enhet.pk if enhet else None,
    )


def _initial(vedtak: Vedtak) -> dict[str, Any]:
    return {
        "tjenestetype": vedtak.tjenestetype_id,
        "utfall": vedtak.utfall,
        "omfang": vedtak.omfang,
        "fra_dato": vedtak.fra_dato,
        "til_dato": vedtak.til_dato,
        "revurdering_dato": vedtak.revurdering_dato,
        "utforende_enhet": vedtak.utforende_enhet_id,
        "begrunnelse": vedtak.begrunnelse,
        "lovgrunnlag": vedtak.lovgrunnlag,
        "egenandel_grunnlag": vedtak.egenandel_grunnlag,
    }


@require_http_methods(["GET", "POST"])
@staff_required
def vedtak_ny(request: HttpRequest, sak_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    visning = sak_get(actor=actor, sak_id=sak_id)
    form = VedtakForm(
        request.POST or None,
        initial={"tjenestetype": request.GET.get("tjenestetype"), "utfall": "innvilget"},
        tjenestetyper=tjenestetyper_gyldige(actor=actor),
        enheter=utforende_enheter(actor=actor),
    )
    if request.method == "POST" and form.is_valid():
        try:
            vedtak = vedtak_draft_create(actor=actor, sak_id=sak_id, data=_data(form.cleaned_data))
        except (ValidationError, ApplicationError) as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Vedtaksutkastet er lagret."))
            return HttpResponseRedirect(_url(vedtak.pk))
    return render(
        request,
        "tildeling/vedtak_skjema.html",
        {"form": form, "sak": visning.sak, "pasient": visning.sak.pasient, "vedtak": None},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def vedtak_endre(request: HttpRequest, vedtak_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    visning = vedtak_get(actor=actor, vedtak_id=vedtak_id)
    form = VedtakForm(
        request.POST or None,
        initial=_initial(visning.vedtak),
        tjenestetyper=tjenestetyper_gyldige(actor=actor),
        enheter=utforende_enheter(actor=actor),
    )
    if request.method == "POST" and form.is_valid():
        try:
            vedtak_draft_update(actor=actor, vedtak_id=vedtak_id, data=_data(form.cleaned_data))
        except (ValidationError, ApplicationError) as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Vedtaksutkastet er lagret."))
            return HttpResponseRedirect(_url(vedtak_id))
    vedtak = visning.vedtak
    return render(
        request,
        "tildeling/vedtak_skjema.html",
        {"form": form, "sak": vedtak.sak, "pasient": vedtak.pasient, "vedtak": vedtak},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@staff_required
def vedtak_view(request: HttpRequest, vedtak_id: uuid.UUID) -> HttpResponse:
    visning = vedtak_get(actor=request_ansatt(request), vedtak_id=vedtak_id)
    return render(
        request,
        "tildeling/vedtak.html",
        {
            "v": visning,
            "vedtak": visning.vedtak,
            "pasient": visning.vedtak.pasient,
            "klageform": KlageForm(),
            "datoform": DatoForm(),
        },
    )


def _post_action(request: HttpRequest, vedtak_id: uuid.UUID, call: Any, ok: str) -> HttpResponse:
    return act(request, call, ok, _url(vedtak_id))


@require_POST
@staff_required
def vedtak_fatt_view(request: HttpRequest, vedtak_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    return _post_action(
        request,
        vedtak_id,
        lambda: vedtak_fatt(actor=actor, vedtak_id=vedtak_id),
        _("Vedtaket er fattet."),
    )


@require_POST
@staff_required
def vedtak_godkjenn_view(request: HttpRequest, vedtak_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    return _post_action(
        request,
        vedtak_id,
        lambda: vedtak_godkjenn(actor=actor, vedtak_id=vedtak_id),
        _("Vedtaket er godkjent og gjelder nå."),
    )


@require_POST
@staff_required
def vedtak_returner_view(request: HttpRequest, vedtak_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    kommentar = request.POST.get("kommentar", "")
    return _post_action(
        request,
        vedtak_id,
        lambda: vedtak_return(actor=actor, vedtak_id=vedtak_id, kommentar=kommentar),
        _("Vedtaket er sendt tilbake til utkast."),
    )


@require_POST
@staff_required
def vedtak_avslutt_view(request: HttpRequest, vedtak_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    form = DatoForm(request.POST)
    dato = form.cleaned_data["dato"] if form.is_valid() else None
    return _post_action(
        request,
        vedtak_id,
        lambda: vedtak_avslutt(actor=actor, vedtak_id=vedtak_id, dato=dato),
        _("Vedtaket er avsluttet, og tjenestene er avsluttet med det."),
    )


@require_POST
@staff_required
def vedtak_erstatt_view(request: HttpRequest, vedtak_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    try:
        ny = vedtak_replace_start(actor=actor, vedtak_id=vedtak_id)
    except (ValidationError, ApplicationError) as exc:
        if isinstance(exc, ApplicationError) and exc.status_code in (403, 404):
            raise
        messages.error(request, str(getattr(exc, "message", exc)))
        return HttpResponseRedirect(_url(vedtak_id))
    messages.success(request, _("Nytt vedtak som erstatter det gamle: rett utkastet og fatt det."))
    return HttpResponseRedirect(reverse("tildeling:vedtak_endre", args=[ny.pk]))


@require_GET
@staff_required
def vedtak_brev(request: HttpRequest, vedtak_id: uuid.UUID) -> HttpResponse:
    dokument = vedtaksbrev_download(actor=request_ansatt(request), vedtak_id=vedtak_id)
    response = HttpResponse(bytes(dokument.innhold), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{dokument.filnavn}"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@staff_required
def vedtak_brev_sendt_view(request: HttpRequest, vedtak_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    form = DatoForm(request.POST)
    dato = form.cleaned_data["dato"] if form.is_valid() else None
    return _post_action(
        request,
        vedtak_id,
        lambda: vedtaksbrev_sent(actor=actor, vedtak_id=vedtak_id, dato=dato),
        _("Brevet er registrert som sendt. Klagefristen løper fra i dag."),
    )


@require_POST
@staff_required
def klage_ny(request: HttpRequest, vedtak_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    form = KlageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Oppgi når klagen kom og hva den gjelder."))
        return HttpResponseRedirect(_url(vedtak_id))
    try:
        klage = klage_register(actor=actor, vedtak_id=vedtak_id, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(m for ms in exc.message_dict.values() for m in ms))
        return HttpResponseRedirect(_url(vedtak_id))
    if klage.for_sent:
        messages.warning(request, _("Klagen er registrert, men kom etter klagefristen."))
    else:
        messages.success(request, _("Klagen er registrert."))
    return HttpResponseRedirect(reverse("tildeling:klage", args=[klage.pk]))
