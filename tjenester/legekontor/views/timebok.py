"""GP office pages: the appointment book (day and week) and the desk's actions."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.decorators import request_ansatt, staff_required
from core.exceptions import ApplicationError, NotFound
from core.klokke import idag
from core.models import Action
from core.web import query_dato, service_action, service_call
from journal.access import actor_can
from tjenester.legekontor import forms
from tjenester.legekontor import selectors as sel
from tjenester.legekontor import services as svc


def _tilbake(request: HttpRequest) -> str:
    ressurs = request.POST.get("ressurs", "")
    dato = request.POST.get("dato", "")
    url = reverse("legekontor:timebok")
    try:
        uuid.UUID(ressurs)
        dag = query_dato(dato)
    except (ValueError, ApplicationError):
        return url
    return f"{url}?ressurs={ressurs}&dato={dag.isoformat() if dag else ''}"


@require_http_methods(["GET", "POST"])
@staff_required
def timebok(request: HttpRequest) -> HttpResponse:
    """The day's book of one resource, with booking."""
    actor = request_ansatt(request)
    ressurser = sel.ressurser_list(actor=actor).items
    if not ressurser:
        raise NotFound
    valgt = request.GET.get("ressurs") or request.POST.get("ressurs") or str(ressurser[0].pk)
    dag = query_dato(request.GET.get("dato") or request.POST.get("dato")) or idag()
    ressurs, side = sel.timebok_dag(actor=actor, ressurs_id=valgt, dag=dag)
    form = forms.TimeBookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        outcome = service_call(
            lambda: svc.time_book(
                actor=actor,
                ressurs_id=ressurs.pk,
                identifikator=d["identifikator"],
                start=d["start"],
                lengde_min=d["lengde_min"],
                aarsak=d["aarsak"],
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(request, _("Timen er booket."))
            return HttpResponseRedirect(
                f"{reverse('legekontor:timebok')}?ressurs={ressurs.pk}&dato={d['start'].date().isoformat()}"
            )
    return render(
        request,
        "legekontor/timebok.html",
        {
            "ressurser": ressurser,
            "ressurs": ressurs,
            "dag": dag,
            "forrige": dag - dt.timedelta(days=1),
            "neste": dag + dt.timedelta(days=1),
            "mandag": dag - dt.timedelta(days=dag.weekday()),
            "timer": side.items,
            "form": form,
            "avlys_form": forms.TimeCancelForm(auto_id="id_avlys_%s"),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET"])
@staff_required
def uke(request: HttpRequest, ressurs_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    dag = query_dato(request.GET.get("dato")) or idag()
    mandag = dag - dt.timedelta(days=dag.weekday())
    ressurs, dager = sel.timebok_uke(actor=actor, ressurs_id=ressurs_id, mandag=mandag)
    return render(
        request,
        "legekontor/uke.html",
        {
            "ressurs": ressurs,
            "dager": sorted(dager.items()),
            "mandag": mandag,
            "forrige": mandag - dt.timedelta(days=7),
            "neste": mandag + dt.timedelta(days=7),
        },
    )


@require_POST
@staff_required
def time_ankommet(request: HttpRequest, time_id: uuid.UUID) -> HttpResponse:
    return service_action(
        request,
        lambda: svc.time_arrive(actor=request_ansatt(request), time_id=time_id),
        ok=_("Pasienten er registrert som ankommet."),
        redirect_to=_tilbake(request),
    )


@require_POST
@staff_required
def time_ikke_mott(request: HttpRequest, time_id: uuid.UUID) -> HttpResponse:
    return service_action(
        request,
        lambda: svc.time_no_show(actor=request_ansatt(request), time_id=time_id),
        ok=_("Registrert: pasienten møtte ikke."),
        redirect_to=_tilbake(request),
    )


@require_POST
@staff_required
def time_avlys(request: HttpRequest, time_id: uuid.UUID) -> HttpResponse:
    return service_action(
        request,
        lambda: svc.time_cancel(
            actor=request_ansatt(request), time_id=time_id, grunn=request.POST.get("grunn", "")
        ),
        ok=_("Timen er avlyst."),
        redirect_to=_tilbake(request),
    )


@require_http_methods(["GET", "POST"])
@staff_required
def time_flytt(request: HttpRequest, time_id: uuid.UUID) -> HttpResponse:
    """Move a booked appointment to another time of the same resource."""
    actor = request_ansatt(request)
    time = sel.time_get(actor=actor, time_id=time_id)
    form = forms.TimeMoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        start = form.cleaned_data["start"]
        outcome = service_call(
            lambda: svc.time_move(actor=actor, time_id=time.pk, start=start), form=form
        )
        if outcome.ok:
            messages.success(request, _("Timen er flyttet."))
            return HttpResponseRedirect(
                f"{reverse('legekontor:timebok')}?ressurs={time.ressurs_id}"
                f"&dato={timezone.localtime(start).date().isoformat()}"
            )
    return render(
        request,
        "legekontor/flytt.html",
        {"time": time, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def mal_kan_endre(request: HttpRequest) -> bool:
    actor = request_ansatt(request)
    return actor_can(actor, Action.BOOK_TIME) and actor_can(actor, Action.MANAGE_RELATIONS)


@require_http_methods(["GET", "POST"])
@staff_required
def timemaler(request: HttpRequest, ressurs_id: uuid.UUID) -> HttpResponse:
    """A resource's slot templates per weekday; adding and removing for those who may."""
    actor = request_ansatt(request)
    ressurs, maler = sel.timemaler_list(actor=actor, ressurs_id=ressurs_id)
    kan_endre = mal_kan_endre(request)
    form = forms.TimemalForm(request.POST or None)
    if request.method == "POST":
        if not kan_endre:
            raise NotFound
        if form.is_valid():
            d = form.cleaned_data
            outcome = service_call(
                lambda: svc.timemal_create(
                    actor=actor,
                    ressurs_id=ressurs.pk,
                    ukedag=d["ukedag"],
                    fra=d["fra"],
                    til=d["til"],
                    lengde_min=d["lengde_min"],
                    type=d["type"],
                ),
                form=form,
            )
            if outcome.ok:
                messages.success(request, _("Timemalen er lagret."))
                return HttpResponseRedirect(reverse("legekontor:timemaler", args=[ressurs.pk]))
    dager = dict(forms.UKEDAGER)
    return render(
        request,
        "legekontor/timemaler.html",
        {
            "ressurs": ressurs,
            "ressurser": sel.ressurser_list(actor=actor).items,
            "dager": [(dager[d], [m for m in maler if m.ukedag == d]) for d in range(7)],
            "kan_endre": kan_endre,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@staff_required
def timemal_slett(request: HttpRequest, ressurs_id: uuid.UUID, mal_id: uuid.UUID) -> HttpResponse:
    return service_action(
        request,
        lambda: svc.timemal_delete(actor=request_ansatt(request), timemal_id=mal_id),
        ok=_("Timemalen er slettet."),
        redirect_to=reverse("legekontor:timemaler", args=[ressurs_id]),
    )
