"""The appeal page: re-assessment, forwarding to Statsforvalteren, the final outcome."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.decorators import request_ansatt, staff_required
from tildeling.forms import DatoForm, KlageAvgjortForm, KlageVurderingForm
from tildeling.selectors.vedtak import klage_get
from tildeling.services.klage import klage_avgjort, klage_oversend, klage_vurder
from tildeling.views.felles import act


def _url(klage_id: uuid.UUID) -> str:
    return reverse("tildeling:klage", args=[klage_id])


@require_GET
@staff_required
def klage_view(request: HttpRequest, klage_id: uuid.UUID) -> HttpResponse:
    klage = klage_get(actor=request_ansatt(request), klage_id=klage_id)
    return render(
        request,
        "tildeling/klage.html",
        {
            "klage": klage,
            "pasient": klage.pasient,
            "vurderingform": KlageVurderingForm(),
            "datoform": DatoForm(),
            "avgjortform": KlageAvgjortForm(),
        },
    )


def _invalid(request: HttpRequest, klage_id: uuid.UUID) -> HttpResponse:
    messages.error(request, _("Fyll ut alle feltene."))
    return HttpResponseRedirect(_url(klage_id))


@require_POST
@staff_required
def klage_vurder_view(request: HttpRequest, klage_id: uuid.UUID) -> HttpResponse:
    form = KlageVurderingForm(request.POST)
    if not form.is_valid():
        return _invalid(request, klage_id)
    actor = request_ansatt(request)
    return act(
        request,
        lambda: klage_vurder(actor=actor, klage_id=klage_id, **form.cleaned_data),
        _("Vurderingen er lagret."),
        _url(klage_id),
    )


@require_POST
@staff_required
def klage_oversend_view(request: HttpRequest, klage_id: uuid.UUID) -> HttpResponse:
    form = DatoForm(request.POST)
    if not form.is_valid():
        return _invalid(request, klage_id)
    actor = request_ansatt(request)
    return act(
        request,
        lambda: klage_oversend(actor=actor, klage_id=klage_id, dato=form.cleaned_data["dato"]),
        _("Klagen er registrert som oversendt Statsforvalteren."),
        _url(klage_id),
    )


@require_POST
@staff_required
def klage_avgjort_view(request: HttpRequest, klage_id: uuid.UUID) -> HttpResponse:
    form = KlageAvgjortForm(request.POST)
    if not form.is_valid():
        return _invalid(request, klage_id)
    actor = request_ansatt(request)
    return act(
        request,
        lambda: klage_avgjort(actor=actor, klage_id=klage_id, **form.cleaned_data),
        _("Statsforvalterens avgjørelse er registrert."),
        _url(klage_id),
    )
