"""Pages for the care plan (tiltaksplan): the active plan with its forms, one plan, the plan
history, the change form of a tiltak, and the acting unit's tiltak of the day."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.api.pagination import Side, side_parse
from core.decorators import request_ansatt, staff_required
from core.klokke import idag
from core.middleware import acting_get
from core.web import service_call
from journal.forms.tiltaksplan import (
    AvsluttPlanForm,
    BehovForm,
    EvalueringForm,
    IpForm,
    MaalForm,
    PlanForm,
    TiltakEndreForm,
    TiltakForm,
    TiltakSluttForm,
)
from journal.lib.timeplan import timeplan_words
from journal.selectors.pasient import pasient_get
from journal.selectors.tiltaksplan import (
    TiltakForekomst,
    tiltak_for_change,
    tiltak_forekomster,
    tiltaksplaner_for_pasient,
    tiltaksplanside_get,
)
from journal.services.tiltaksplan import (
    behov_add,
    behov_resolve,
    evaluering_add,
    maal_achieve,
    maal_add,
    tiltak_add,
    tiltak_change,
    tiltak_end,
    tiltak_timeplan,
    tiltaksplan_close,
    tiltaksplan_create,
    tiltaksplan_ip_set,
)

DAGSLISTE_PER_SIDE = 50


def _enhet_id(request: HttpRequest) -> uuid.UUID | None:
    acting = acting_get(request)
    return acting.enhet.pk if acting is not None else None


def _plan_url(pasient_id: uuid.UUID, anchor: str = "") -> str:
    return reverse("journal:tiltaksplan", args=[pasient_id]) + anchor


def _page(
    request: HttpRequest,
    pasient_id: uuid.UUID,
    plan_id: uuid.UUID | None = None,
    *,
    tiltak_form: TiltakForm | None = None,
    plan_form: PlanForm | None = None,
    feil: str = "",
) -> HttpResponse:
    """The plan page; 400 when it is shown again with errors from a POST."""
    actor = request_ansatt(request)
    side = tiltaksplanside_get(
        actor=actor,
        pasient_id=pasient_id,
        plan_id=plan_id,
        evaluering_side=side_parse(request.GET.get("eside")),
    )
    enhet_id = _enhet_id(request)
    plan = side.plan
    behov_valg = [(str(b.behov.pk), b.behov.tekst) for b in plan.aktive_behov] if plan else []
    ip_initial = (
        {"individuell_plan": plan.plan.individuell_plan, "koordinator": plan.plan.koordinator_id}
        if plan
        else {}
    )
    context = {
        "pasient": side.visning.pasient,
        "visning": side.visning,
        "side": side,
        "p": plan,
        "kan_endre": side.kan_planlegge and plan is not None and plan.plan.status == "aktiv",
        "plan_form": plan_form or PlanForm(enhet_id=enhet_id),
        "ip_form": IpForm(initial=ip_initial, enhet_id=enhet_id),
        "behov_form": BehovForm(),
        "maal_form": MaalForm(),
        "tiltak_form": tiltak_form or TiltakForm(behov=behov_valg, enhet_id=enhet_id),
        "slutt_form": TiltakSluttForm(),
        "evaluering_form": EvalueringForm(),
        "avslutt_form": AvsluttPlanForm(),
        "feil": feil,
        "i_dag": idag(),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "journal/tiltaksplan.html", context, status=status)


def _form_message(form: forms.Form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def _save(
    request: HttpRequest,
    pasient_id: uuid.UUID,
    form: forms.Form,
    write: Callable[[dict[str, Any]], object],
    *,
    anchor: str,
    success: str,
) -> HttpResponse:
    """Validate, call one service, redirect (PRG); otherwise the page again with errors.

    The patient is checked (by the service, or by the page) whatever was posted, so a
    refused patient gives the same 404 as a missing one.
    """
    if form.is_valid() and service_call(lambda: write(form.cleaned_data), form=form).ok:
        messages.success(request, success)
        return HttpResponseRedirect(_plan_url(pasient_id, anchor))
    if isinstance(form, TiltakForm):
        return _page(request, pasient_id, tiltak_form=form)
    if isinstance(form, PlanForm):
        return _page(request, pasient_id, plan_form=form)
    return _page(request, pasient_id, feil=_form_message(form))


@require_GET
@staff_required
def tiltaksplan(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    return _page(request, pasient_id)


@require_GET
@staff_required
def tiltaksplan_detalj(
    request: HttpRequest, pasient_id: uuid.UUID, plan_id: uuid.UUID
) -> HttpResponse:
    return _page(request, pasient_id, plan_id)


@require_GET
@staff_required
def tiltaksplan_historikk(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    visning = pasient_get(actor=actor, pasient_id=pasient_id)
    _pasient, side = tiltaksplaner_for_pasient(
        actor=actor, pasient_id=visning.pasient.pk, side=side_parse(request.GET.get("side"))
    )
    context = {"pasient": visning.pasient, "visning": visning, "side": side}
    return render(request, "journal/tiltaksplan_historikk.html", context)


@require_POST
@staff_required
def tiltaksplan_ny(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    form = PlanForm(request.POST, enhet_id=_enhet_id(request))

    def write(data: dict[str, Any]) -> object:
        koordinator = data.get("koordinator")
        return tiltaksplan_create(
            actor=actor,
            pasient_id=pasient_id,
            gyldig_fra=data["gyldig_fra"],
            individuell_plan=data["individuell_plan"],
            koordinator_id=koordinator.pk if koordinator else None,
        )

    return _save(
        request, pasient_id, form, write, anchor="", success=_("Tiltaksplanen er opprettet.")
    )


@require_POST
@staff_required
def tiltaksplan_avslutt(
    request: HttpRequest, pasient_id: uuid.UUID, plan_id: uuid.UUID
) -> HttpResponse:
    actor = request_ansatt(request)
    return _save(
        request,
        pasient_id,
        AvsluttPlanForm(request.POST),
        lambda data: tiltaksplan_close(
            actor=actor, pasient_id=pasient_id, plan_id=plan_id, grunn=data["grunn"]
        ),
        anchor="",
        success=_("Tiltaksplanen er avsluttet."),
    )


@require_POST
@staff_required
def tiltaksplan_ip(request: HttpRequest, pasient_id: uuid.UUID, plan_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)

    def write(data: dict[str, Any]) -> object:
        koordinator = data.get("koordinator")
        return tiltaksplan_ip_set(
            actor=actor,
            pasient_id=pasient_id,
            plan_id=plan_id,
            individuell_plan=data["individuell_plan"],
            koordinator_id=koordinator.pk if koordinator else None,
        )

    form = IpForm(request.POST, enhet_id=_enhet_id(request))
    return _save(request, pasient_id, form, write, anchor="#ip", success=_("Lagret."))


@require_POST
@staff_required
def behov_ny(request: HttpRequest, pasient_id: uuid.UUID, plan_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    return _save(
        request,
        pasient_id,
        BehovForm(request.POST),
        lambda data: behov_add(
            actor=actor,
            pasient_id=pasient_id,
            plan_id=plan_id,
            tekst=data["tekst"],
            kode_id=data["kode_id"],
            kode_fri=data["kode_fri"],
        ),
        anchor="#behov",
        success=_("Problemet er lagt til."),
    )


@require_POST
@staff_required
def behov_los(request: HttpRequest, pasient_id: uuid.UUID, behov_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    return _save(
        request,
        pasient_id,
        forms.Form(request.POST),
        lambda _data: behov_resolve(actor=actor, pasient_id=pasient_id, behov_id=behov_id),
        anchor="#behov",
        success=_("Problemet er markert som løst."),
    )


@require_POST
@staff_required
def maal_ny(request: HttpRequest, pasient_id: uuid.UUID, behov_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    return _save(
        request,
        pasient_id,
        MaalForm(request.POST),
        lambda data: maal_add(actor=actor, pasient_id=pasient_id, behov_id=behov_id, **data),
        anchor=f"#behov-{behov_id}",
        success=_("Målet er lagt til."),
    )


@require_POST
@staff_required
def maal_naadd(request: HttpRequest, pasient_id: uuid.UUID, maal_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    return _save(
        request,
        pasient_id,
        forms.Form(request.POST),
        lambda _data: maal_achieve(actor=actor, pasient_id=pasient_id, maal_id=maal_id),
        anchor="#behov",
        success=_("Målet er markert som nådd."),
    )


@require_POST
@staff_required
def tiltak_ny(request: HttpRequest, pasient_id: uuid.UUID, plan_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    # The problem choices are checked by the service; the form accepts any posted id.
    posted = request.POST.get("behov", "")
    form = TiltakForm(request.POST, behov=[(posted, posted)] if posted else [])

    def write(data: dict[str, Any]) -> object:
        return tiltak_add(
            actor=actor,
            pasient_id=pasient_id,
            plan_id=plan_id,
            tekst=data["tekst"],
            ansvarlig_enhet_id=data["ansvarlig_enhet"].pk,
            timeplan=form.timeplan(),
            start_dato=data["start_dato"],
            slutt_dato=data["slutt_dato"],
            behov_id=data["behov"] or None,
        )

    return _save(
        request, pasient_id, form, write, anchor="#tiltak", success=_("Tiltaket er lagt til.")
    )


@require_http_methods(["GET", "POST"])
@staff_required
def tiltak_endre(request: HttpRequest, pasient_id: uuid.UUID, tiltak_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    visning, tiltak = tiltak_for_change(actor=actor, pasient_id=pasient_id, tiltak_id=tiltak_id)
    initial = {
        "tekst": tiltak.tekst,
        "ansvarlig_enhet": tiltak.ansvarlig_enhet_id,
        "frekvens": tiltak.frekvens,
        "ukedager": tiltak.ukedager,
        "intervall": tiltak.intervall,
        "tidspunkter": ", ".join(f"{t:%H:%M}" for t in tiltak.tidspunkter),
        "varighet_min": tiltak.varighet_min,
        "slutt_dato": tiltak.slutt_dato,
    }
    form = TiltakEndreForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = service_call(
            lambda: tiltak_change(
                actor=actor,
                pasient_id=pasient_id,
                tiltak_id=tiltak_id,
                fra=data["fra"],
                tekst=data["tekst"],
                ansvarlig_enhet_id=data["ansvarlig_enhet"].pk,
                timeplan=form.timeplan(),
                slutt_dato=data["slutt_dato"],
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(
                request, _("Tiltaket er endret fra %(dato)s.") % {"dato": f"{data['fra']:%d.%m.%Y}"}
            )
            return HttpResponseRedirect(_plan_url(pasient_id, "#tiltak"))
    context = {
        "pasient": visning.pasient,
        "visning": visning,
        "tiltak": tiltak,
        "timeplan_tekst": timeplan_words(tiltak_timeplan(tiltak)),
        "form": form,
    }
    return render(
        request,
        "journal/tiltak_endre.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@staff_required
def tiltak_avslutt(
    request: HttpRequest, pasient_id: uuid.UUID, tiltak_id: uuid.UUID
) -> HttpResponse:
    actor = request_ansatt(request)
    return _save(
        request,
        pasient_id,
        TiltakSluttForm(request.POST),
        lambda data: tiltak_end(actor=actor, pasient_id=pasient_id, tiltak_id=tiltak_id, **data),
        anchor="#tiltak",
        success=_("Tiltaket er avsluttet."),
    )


@require_POST
@staff_required
def evaluering_ny(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    return _save(
        request,
        pasient_id,
        EvalueringForm(request.POST),
        lambda data: evaluering_add(
            actor=actor,
            pasient_id=pasient_id,
            tekst=data["tekst"],
            dato=data["dato"],
            **data["hva"],
        ),
        anchor="#evalueringer",
        success=_("Evalueringen er lagret."),
    )


@require_GET
@staff_required
def tiltak_i_dag(request: HttpRequest) -> HttpResponse:
    """The acting unit's tiltak of the day, from the task-list interface (paginated)."""
    actor = request_ansatt(request)
    enhet_id = _enhet_id(request)
    dag = idag()
    forekomster = tiltak_forekomster(
        actor=actor, enhet_ids=[enhet_id] if enhet_id else [], fra=dag, til=dag
    )
    nummer = side_parse(request.GET.get("side"))
    start = (nummer - 1) * DAGSLISTE_PER_SIDE
    rader: list[TiltakForekomst] = forekomster[start : start + DAGSLISTE_PER_SIDE]
    side: Side[Any] = Side(
        items=rader,
        nummer=nummer,
        storrelse=DAGSLISTE_PER_SIDE,
        har_neste=len(forekomster) > start + DAGSLISTE_PER_SIDE,
    )
    acting = acting_get(request)
    context = {
        "side": side,
        "dag": dag,
        "antall": len(forekomster),
        "enhet": acting.enhet if acting else None,
    }
    return render(request, "journal/tiltak_i_dag.html", context)
