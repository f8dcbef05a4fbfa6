from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from core.api.pagination import side_parse
from core.decorators import request_ansatt, staff_required
from core.exceptions import ApplicationError
from core.middleware import acting_get
from core.models import Action
from core.web import form_errors_add
from journal.forms.pasient import PasientForm
from journal.selectors import pasient_get, pasient_search
from journal.services import PaaroerendeData, PasientData, pasient_create
from journal.services.pasient import DUPLIKAT


@require_GET
@staff_required
def pasient_soek(request: HttpRequest) -> HttpResponse:
    sok = request.GET.get("sok", "")
    context: dict[str, object] = {"sok": sok, "result": None, "error": ""}
    try:
        context["result"] = pasient_search(
            actor=request_ansatt(request),
            sok=sok,
            side=side_parse(request.GET.get("side")),
        )
    except ApplicationError as exc:
        context["error"] = str(exc.message)
    acting = acting_get(request)
    context["kan_registrere"] = acting is not None and acting.can(Action.REGISTER_PATIENT)
    context["kan_be_om_tilgang"] = acting is not None and acting.can(Action.EMERGENCY_ACCESS)
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") != "main":
        return render(request, "journal/_sokeresultat.html", context)
    return render(request, "journal/pasient_sok.html", context)


@require_GET
@staff_required
def pasient_detalj(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    visning = pasient_get(actor=request_ansatt(request), pasient_id=pasient_id)
    return render(
        request, "journal/pasient_detalj.html", {"pasient": visning.pasient, "visning": visning}
    )


@require_http_methods(["GET", "POST"])
@staff_required
def pasient_ny(request: HttpRequest) -> HttpResponse:
    form = PasientForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        kin = {
            k.removeprefix("paarorende_"): values.pop(k)
            for k in list(values)
            if k.startswith("paarorende_")
        }
        paarorende = []
        if kin["navn"]:
            paarorende.append(
                PaaroerendeData(
                    navn=kin["navn"],
                    relasjon=kin["relasjon"],
                    telefon=kin["telefon"],
                    er_naermeste=True,
                    er_verge=kin["er_verge"],
                )
            )
        try:
            pasient = pasient_create(
                actor=request_ansatt(request),
                data=PasientData(**values, paarorende=paarorende),
            )
        except ValidationError as exc:
            form_errors_add(form, exc)
        except ApplicationError as exc:
            error = str(exc.message)
        else:
            return HttpResponseRedirect(reverse("journal:pasient_detalj", args=[pasient.pk]))
    status = 400 if request.method == "POST" else 200
    acting = acting_get(request)
    # Registered elsewhere already: offer the reasoned-access flow, as the search does.
    be_om_tilgang = (
        form.has_error("identifikator", code=DUPLIKAT)
        and acting is not None
        and acting.can(Action.EMERGENCY_ACCESS)
    )
    context = {"form": form, "error": error, "be_om_tilgang": be_om_tilgang}
    return render(request, "journal/pasient_ny.html", context, status=status)
