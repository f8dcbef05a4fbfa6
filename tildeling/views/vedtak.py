"""Decision pages: draft form, the decision with its actions, the letter."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.decorators import request_ansatt, staff_required
from core.web import service_action, service_call
from tildeling.forms import DatoForm, KlageForm, VedtakForm
from tildeling.models import Vedtak, VedtakStatus
from tildeling.selectors.sak import sak_get
from tildeling.selectors.vedtak import tjenestetyper_gyldige, utfoerende_enheter, vedtak_get
from tildeling.services.brev import vedtaksbrev_download, vedtaksbrev_sent
from tildeling.services.vedtak import (
    VedtakData,
    vedtak_approve,
    vedtak_decide,
    vedtak_draft_create,
    vedtak_draft_update,
    vedtak_end,
    vedtak_replace_start,
    vedtak_return,
)


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
        enheter=utfoerende_enheter(actor=actor),
    )
    if request.method == "POST" and form.is_valid():
        data = _data(form.cleaned_data)
        outcome = service_call(
            lambda: vedtak_draft_create(actor=actor, sak_id=sak_id, data=data), form=form
        )
        if outcome.value is not None:
            messages.success(request, _("Vedtaksutkastet er lagret."))
            return HttpResponseRedirect(_url(outcome.value.pk))
    return render(
        request,
        "tildeling/vedtak_skjema.html",
        {"form": form, "sak": visning.sak, "pasient": visning.sak.pasient, "vedtak": None},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def vedtak_edit(request: HttpRequest, vedtak_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    visning = vedtak_get(actor=actor, vedtak_id=vedtak_id)
    form = VedtakForm(
        request.POST or None,
        initial=_initial(visning.vedtak),
        tjenestetyper=tjenestetyper_gyldige(actor=actor),
        enheter=utfoerende_enheter(actor=actor),
    )
    if request.method == "POST" and form.is_valid():
        data = _data(form.cleaned_data)
        outcome = service_call(
            lambda: vedtak_draft_update(actor=actor, vedtak_id=vedtak_id, data=data), form=form
        )
        if outcome.ok:
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
    return vedtak_page(request, vedtak_id)


def vedtak_page(
    request: HttpRequest,
    vedtak_id: uuid.UUID,
    *,
    klageform: KlageForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The decision page; an appeal that failed comes back as typed (tildeling.views.klage)."""
    visning = vedtak_get(actor=request_ansatt(request), vedtak_id=vedtak_id)
    return render(
        request,
        "tildeling/vedtak.html",
        {
            "v": visning,
            "vedtak": visning.vedtak,
            "pasient": visning.vedtak.pasient,
            "klageform": klageform or KlageForm(),
            "datoform": DatoForm(),
        },
        status=status,
    )


def _post_action(
    request: HttpRequest, vedtak_id: uuid.UUID, call: Callable[[], object], ok: str
) -> HttpResponse:
    return service_action(request, call, ok=ok, redirect_to=_url(vedtak_id))


@require_POST
@staff_required
def vedtak_decide_view(request: HttpRequest, vedtak_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    outcome = service_call(lambda: vedtak_decide(actor=actor, vedtak_id=vedtak_id))
    vedtak = outcome.value
    if vedtak is None:
        messages.error(request, outcome.error)
    elif vedtak.status == VedtakStatus.TIL_GODKJENNING:
        messages.warning(
            request,
            _(
                "Vedtaket er sendt til godkjenning. Det gjelder først når en annen "
                "saksbehandler har godkjent det; det står på deres arbeidsliste."
            ),
        )
    else:
        messages.success(request, _("Vedtaket er fattet."))
    return HttpResponseRedirect(_url(vedtak_id))


@require_POST
@staff_required
def vedtak_approve_view(request: HttpRequest, vedtak_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    return _post_action(
        request,
        vedtak_id,
        lambda: vedtak_approve(actor=actor, vedtak_id=vedtak_id),
        _("Vedtaket er godkjent og gjelder nå."),
    )


@require_POST
@staff_required
def vedtak_return_view(request: HttpRequest, vedtak_id: uuid.UUID) -> HttpResponse:
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
def vedtak_end_view(request: HttpRequest, vedtak_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    form = DatoForm(request.POST)
    dato = form.cleaned_data["dato"] if form.is_valid() else None
    return _post_action(
        request,
        vedtak_id,
        lambda: vedtak_end(actor=actor, vedtak_id=vedtak_id, dato=dato),
        _("Vedtaket er avsluttet, og tjenestene er avsluttet med det."),
    )


@require_POST
@staff_required
def vedtak_replace_view(request: HttpRequest, vedtak_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    outcome = service_call(lambda: vedtak_replace_start(actor=actor, vedtak_id=vedtak_id))
    if outcome.value is None:
        messages.error(request, outcome.error)
        return HttpResponseRedirect(_url(vedtak_id))
    messages.success(request, _("Nytt vedtak som erstatter det gamle: rett utkastet og fatt det."))
    return HttpResponseRedirect(reverse("tildeling:vedtak_endre", args=[outcome.value.pk]))


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
