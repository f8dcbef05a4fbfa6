"""Appeal pages: registering an appeal against a decision, and the appeal page with the
re-assessment, forwarding to Statsforvalteren and the final outcome."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.decorators import request_ansatt, staff_required
from core.web import service_action, validation_messages
from tildeling.forms import DatoForm, KlageAvgjoertForm, KlageForm, KlageVurderingForm
from tildeling.selectors.klage import klage_get
from tildeling.services.klage import klage_assess, klage_decided, klage_forward, klage_register


def _url(klage_id: uuid.UUID) -> str:
    return reverse("tildeling:klage", args=[klage_id])


@require_POST
@staff_required
def klage_ny(request: HttpRequest, vedtak_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    vedtak_url = reverse("tildeling:vedtak", args=[vedtak_id])
    form = KlageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Oppgi når klagen kom og hva den gjelder."))
        return HttpResponseRedirect(vedtak_url)
    # Only the field errors become a message; an appeal against an undecided decision
    # (ApplicationError) goes on to the ordinary error page, as before.
    try:
        klage = klage_register(actor=actor, vedtak_id=vedtak_id, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, validation_messages(exc))
        return HttpResponseRedirect(vedtak_url)
    if klage.for_sent:
        messages.warning(request, _("Klagen er registrert, men kom etter klagefristen."))
    else:
        messages.success(request, _("Klagen er registrert."))
    return HttpResponseRedirect(_url(klage.pk))


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
            "avgjortform": KlageAvgjoertForm(),
        },
    )


def _invalid(request: HttpRequest, klage_id: uuid.UUID) -> HttpResponse:
    messages.error(request, _("Fyll ut alle feltene."))
    return HttpResponseRedirect(_url(klage_id))


@require_POST
@staff_required
def klage_assess_view(request: HttpRequest, klage_id: uuid.UUID) -> HttpResponse:
    form = KlageVurderingForm(request.POST)
    if not form.is_valid():
        return _invalid(request, klage_id)
    actor = request_ansatt(request)
    return service_action(
        request,
        lambda: klage_assess(actor=actor, klage_id=klage_id, **form.cleaned_data),
        ok=_("Vurderingen er lagret."),
        redirect_to=_url(klage_id),
    )


@require_POST
@staff_required
def klage_forward_view(request: HttpRequest, klage_id: uuid.UUID) -> HttpResponse:
    form = DatoForm(request.POST)
    if not form.is_valid():
        return _invalid(request, klage_id)
    actor = request_ansatt(request)
    return service_action(
        request,
        lambda: klage_forward(actor=actor, klage_id=klage_id, dato=form.cleaned_data["dato"]),
        ok=_("Klagen er registrert som oversendt Statsforvalteren."),
        redirect_to=_url(klage_id),
    )


@require_POST
@staff_required
def klage_decided_view(request: HttpRequest, klage_id: uuid.UUID) -> HttpResponse:
    form = KlageAvgjoertForm(request.POST)
    if not form.is_valid():
        return _invalid(request, klage_id)
    actor = request_ansatt(request)
    return service_action(
        request,
        lambda: klage_decided(actor=actor, klage_id=klage_id, **form.cleaned_data),
        ok=_("Statsforvalterens avgjørelse er registrert."),
        redirect_to=_url(klage_id),
    )
