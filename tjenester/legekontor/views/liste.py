"""GP office pages: the GP lists overview and one list (joining, leaving, its history)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.api.pagination import side_parse
from core.decorators import request_ansatt, staff_required
from core.klokke import idag
from core.models import Action
from core.web import service_call
from journal.access import actor_can
from tjenester.legekontor import forms
from tjenester.legekontor import selectors as sel
from tjenester.legekontor import services as svc
from tjenester.legekontor.selectors.liste import ALDERSGRUPPER


@require_http_methods(["GET"])
@staff_required
def lister(request: HttpRequest) -> HttpResponse:
    oversikt = sel.liste_oversikt(actor=request_ansatt(request), dag=idag())
    return render(
        request,
        "legekontor/lister.html",
        {"oversikt": oversikt, "grupper": [navn for navn, _fra, _til in ALDERSGRUPPER]},
    )


def _liste_side(
    request: HttpRequest,
    liste_id: uuid.UUID,
    *,
    join_form: forms.ListeplassJoinForm | None = None,
    leave_form: forms.ListeplassLeaveForm | None = None,
    leave_plass: str = "",
    status: int = 200,
) -> HttpResponse:
    actor = request_ansatt(request)
    side = sel.liste_plasser(
        actor=actor, liste_id=liste_id, side=side_parse(request.GET.get("side"))
    )
    kan_endre = actor_can(actor, Action.MANAGE_RELATIONS)
    return render(
        request,
        "legekontor/liste.html",
        {
            "liste": side.liste,
            "side": side.plasser,
            "kan_endre": kan_endre,
            "join_form": join_form or forms.ListeplassJoinForm(),
            "leave_form": leave_form,
            "leave_plass": leave_plass,
        },
        status=status,
    )


@require_http_methods(["GET"])
@staff_required
def liste(request: HttpRequest, liste_id: uuid.UUID) -> HttpResponse:
    """One GP's list: patients on it, the list's changes, joining and leaving."""
    return _liste_side(request, liste_id)


@require_POST
@staff_required
def liste_meld_inn(request: HttpRequest, liste_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    form = forms.ListeplassJoinForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        outcome = service_call(
            lambda: svc.listeplass_join(
                actor=actor, liste_id=liste_id, identifikator=d["identifikator"], fra=d["fra"]
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(request, _("Pasienten er satt på listen."))
            return HttpResponseRedirect(reverse("legekontor:liste", args=[liste_id]))
    return _liste_side(request, liste_id, join_form=form, status=400)


@require_POST
@staff_required
def liste_meld_ut(request: HttpRequest, liste_id: uuid.UUID, plass_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    form = forms.ListeplassLeaveForm(request.POST, auto_id="id_ut_%s")
    if form.is_valid():
        d = form.cleaned_data
        outcome = service_call(
            lambda: svc.listeplass_leave(
                actor=actor, listeplass_id=plass_id, grunn=d["grunn"], til=d["til"]
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(request, _("Pasienten er meldt ut av listen."))
            return HttpResponseRedirect(reverse("legekontor:liste", args=[liste_id]))
    return _liste_side(request, liste_id, leave_form=form, leave_plass=str(plass_id), status=400)
