"""Appeal pages: registering an appeal against a decision, and the appeal page with the
re-assessment, forwarding to Statsforvalteren and the final outcome."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.decorators import request_ansatt, staff_required
from core.web import form_errors_add, service_call
from tildeling.forms import DatoForm, KlageAvgjoertForm, KlageForm, KlageVurderingForm
from tildeling.selectors.klage import klage_get
from tildeling.services.klage import klage_assess, klage_decided, klage_forward, klage_register
from tildeling.views.vedtak import vedtak_page


def _url(klage_id: uuid.UUID) -> str:
    return reverse("tildeling:klage", args=[klage_id])


@require_POST
@staff_required
def klage_ny(request: HttpRequest, vedtak_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    form = KlageForm(request.POST)
    if not form.is_valid():
        return vedtak_page(request, vedtak_id, klageform=form, status=400)
    # Only the field errors go on the form; an appeal against an undecided decision
    # (ApplicationError) goes on to the ordinary error page, as before.
    try:
        klage = klage_register(actor=actor, vedtak_id=vedtak_id, **form.cleaned_data)
    except ValidationError as exc:
        form_errors_add(form, exc)
        return vedtak_page(request, vedtak_id, klageform=form, status=400)
    if klage.for_sent:
        messages.warning(request, _("Klagen er registrert, men kom etter klagefristen."))
    else:
        messages.success(request, _("Klagen er registrert."))
    return HttpResponseRedirect(_url(klage.pk))


@require_GET
@staff_required
def klage_view(request: HttpRequest, klage_id: uuid.UUID) -> HttpResponse:
    return _klage_page(request, klage_id)


KlageForms = KlageVurderingForm | DatoForm | KlageAvgjoertForm


def _klage_page(
    request: HttpRequest, klage_id: uuid.UUID, status: int = 200, **forms: KlageForms
) -> HttpResponse:
    """The appeal page; a form that failed comes back as typed, with the reason (400)."""
    klage = klage_get(actor=request_ansatt(request), klage_id=klage_id)
    context: dict[str, object] = {
        "klage": klage,
        "pasient": klage.pasient,
        "vurderingform": KlageVurderingForm(),
        "datoform": DatoForm(),
        "avgjortform": KlageAvgjoertForm(),
        **forms,
    }
    return render(request, "tildeling/klage.html", context, status=status)


def _klage_action(
    request: HttpRequest,
    klage_id: uuid.UUID,
    form: KlageForms,
    name: str,
    call: Callable[[dict[str, Any]], object],
    ok: str,
) -> HttpResponse:
    if form.is_valid():
        outcome = service_call(lambda: call(form.cleaned_data), form=form)
        if outcome.ok:
            messages.success(request, ok)
            return HttpResponseRedirect(_url(klage_id))
    return _klage_page(request, klage_id, status=400, **{name: form})


@require_POST
@staff_required
def klage_assess_view(request: HttpRequest, klage_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    return _klage_action(
        request,
        klage_id,
        KlageVurderingForm(request.POST),
        "vurderingform",
        lambda data: klage_assess(actor=actor, klage_id=klage_id, **data),
        _("Vurderingen er lagret."),
    )


@require_POST
@staff_required
def klage_forward_view(request: HttpRequest, klage_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    return _klage_action(
        request,
        klage_id,
        DatoForm(request.POST),
        "datoform",
        lambda data: klage_forward(actor=actor, klage_id=klage_id, dato=data["dato"]),
        _("Klagen er registrert som oversendt Statsforvalteren."),
    )


@require_POST
@staff_required
def klage_decided_view(request: HttpRequest, klage_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    return _klage_action(
        request,
        klage_id,
        KlageAvgjoertForm(request.POST),
        "avgjortform",
        lambda data: klage_decided(actor=actor, klage_id=klage_id, **data),
        _("Statsforvalterens avgjørelse er registrert."),
    )
