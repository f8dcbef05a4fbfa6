"""Home-care pages: the district day list, the nurse's own visits (phone first), one visit,
the leader's page and the patient's missed visits."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.api.pagination import side_parse
from core.decorators import request_ansatt, staff_required
from core.exceptions import ApplicationError
from core.klokke import idag
from core.web import service_action, service_call
from journal.forms.maaling import MaalingForm
from journal.services import MaalingData, maaling_create
from legemidler.selectors import besoek_medisin_ids
from tjenester.hjemmetjeneste import selectors, services
from tjenester.hjemmetjeneste.forms import (
    AvvikForm,
    DatoForm,
    IkkeUtfoertForm,
    NotatForm,
)


def dato_get(request: HttpRequest) -> dt.date:
    """The day asked for (?dato=), today by default; a bad date is a Norwegian 400."""
    form = DatoForm(request.GET)
    if not form.is_valid():
        feil = " ".join(str(m) for m in form.errors.get("dato", []))
        raise ApplicationError(feil or _("Skriv en gyldig dato."))
    dato: dt.date | None = form.cleaned_data["dato"]
    return dato or idag()


def dato_post(request: HttpRequest) -> dt.date:
    """The day posted with a day-list action, today by default."""
    form = DatoForm(request.POST)
    dato: dt.date | None = form.cleaned_data["dato"] if form.is_valid() else None
    return dato or idag()


def besoek_url(besok_id: uuid.UUID) -> str:
    return reverse("hjemmetjeneste:besok", args=[besok_id])


# --- the nurse's own list and one visit ------------------------------------------------------


@require_GET
@staff_required
def mine_besoek(request: HttpRequest) -> HttpResponse:
    besok = selectors.mine_besoek(actor=request_ansatt(request), dato=dato_get(request))
    rader = [*besok.kommende, *besok.ferdige]
    medisin = besoek_medisin_ids(actor=request_ansatt(request), besoek=[r.besok for r in rader])
    return render(
        request,
        "hjemmetjeneste/mine_besok.html",
        {"besok": besok, "dato": dato_get(request), "i_dag": idag(), "medisin": medisin},
    )


def _besoek_page(
    request: HttpRequest,
    besok_id: uuid.UUID,
    status: int = 200,
    **forms: NotatForm | AvvikForm | IkkeUtfoertForm,
) -> HttpResponse:
    """The visit page; a form that failed comes back bound, with what was typed and why."""
    side = selectors.besoekside_get(actor=request_ansatt(request), besok_id=besok_id)
    context = {
        "side": side,
        "besok": side.besok,
        "pasient": side.visning.pasient,
        "visning": side.visning,
        "notat_form": NotatForm(auto_id="id_notat_%s"),
        "avvik_form": AvvikForm(auto_id="id_avvik_%s"),
        "ikke_utfort_form": IkkeUtfoertForm(auto_id="id_ikke_utfort_%s"),
        **forms,
    }
    return render(request, "hjemmetjeneste/besok.html", context, status=status)


def _form_action(
    request: HttpRequest,
    besok_id: uuid.UUID,
    form: NotatForm | AvvikForm | IkkeUtfoertForm,
    name: str,
    call: Callable[[dict[str, Any]], object],
    *,
    ok: str,
) -> HttpResponse:
    """Validate → call → redirect; on any error the visit page again (400) with the form as
    typed and the message next to it, so no typed text is lost."""
    if form.is_valid():
        outcome = service_call(lambda: call(form.cleaned_data), form=form)
        if outcome.ok:
            messages.success(request, ok)
            return HttpResponseRedirect(besoek_url(besok_id))
    return _besoek_page(request, besok_id, status=400, **{name: form})


@require_GET
@staff_required
def besok(request: HttpRequest, besok_id: uuid.UUID) -> HttpResponse:
    return _besoek_page(request, besok_id)


@require_POST
@staff_required
def besoek_sjekk_inn(request: HttpRequest, besok_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    return service_action(
        request,
        lambda: services.besoek_check_in(actor=actor, besok_id=besok_id),
        ok=_("Sjekket inn."),
        redirect_to=besoek_url(besok_id),
    )


@require_POST
@staff_required
def besoek_sjekk_ut(request: HttpRequest, besok_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    outcome = service_call(lambda: services.besoek_check_out(actor=actor, besok_id=besok_id))
    if outcome.ok:
        messages.success(request, _("Sjekket ut. Besøket er registrert som utført."))
        return HttpResponseRedirect(reverse("hjemmetjeneste:mine_besoek"))
    messages.error(request, outcome.error)
    return HttpResponseRedirect(besoek_url(besok_id))


@require_POST
@staff_required
def besoek_ikke_utfoert(request: HttpRequest, besok_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    return _form_action(
        request,
        besok_id,
        IkkeUtfoertForm(request.POST, auto_id="id_ikke_utfort_%s"),
        "ikke_utfort_form",
        lambda data: services.besoek_not_done(actor=actor, besok_id=besok_id, grunn=data["grunn"]),
        ok=_("Besøket er registrert som ikke utført."),
    )


@require_POST
@staff_required
def besoek_notat(request: HttpRequest, besok_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    return _form_action(
        request,
        besok_id,
        NotatForm(request.POST, auto_id="id_notat_%s"),
        "notat_form",
        lambda data: services.besoek_notat_create(
            actor=actor, besok_id=besok_id, tekst=data["tekst"]
        ),
        ok=_("Notatet er signert og lagret i journalen."),
    )


@require_POST
@staff_required
def besoek_avvik(request: HttpRequest, besok_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    return _form_action(
        request,
        besok_id,
        AvvikForm(request.POST, auto_id="id_avvik_%s"),
        "avvik_form",
        lambda data: services.avvik_create(
            actor=actor, besok_id=besok_id, kategori=data["kategori"], tekst=data["tekst"]
        ),
        ok=_("Avviket er meldt til leder."),
    )


@require_http_methods(["GET", "POST"])
@staff_required
def besoek_maaling(request: HttpRequest, besok_id: uuid.UUID) -> HttpResponse:
    """Vital signs from the visit: journal's form and service, back to the visit after."""
    actor = request_ansatt(request)
    besok = selectors.besoek_get(actor=actor, besok_id=besok_id)
    form = MaalingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = service_call(
            lambda: maaling_create(
                actor=actor, pasient_id=besok.pasient_id, data=MaalingData(**form.cleaned_data)
            ),
            form=form,
        )
        if outcome.ok and outcome.value is not None:
            maling = outcome.value
            if maling.news2 is not None:
                messages.success(
                    request, _("Målingen er registrert. NEWS2: %(n)s.") % {"n": maling.news2}
                )
            else:
                messages.success(request, _("Målingen er registrert."))
            return HttpResponseRedirect(besoek_url(besok_id))
    return render(
        request,
        "hjemmetjeneste/besok_maling.html",
        {"besok": besok, "pasient": besok.pasient, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@staff_required
def pasient_besoek(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    data = selectors.pasient_besoek(
        actor=request_ansatt(request),
        pasient_id=pasient_id,
        side=side_parse(request.GET.get("side")),
    )
    return render(
        request,
        "hjemmetjeneste/pasient_besok.html",
        {"data": data, "pasient": data.pasient, "visning": data.visning},
    )
