"""GP office pages: the waiting room and the consultation (note, ICPC-2, fee codes)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.decorators import request_ansatt, staff_required
from core.klokke import idag
from core.models import Action
from core.web import service_action, service_call
from journal.access import actor_can
from journal.services.notat import notattype_overskrifter
from tjenester.legekontor import forms
from tjenester.legekontor import selectors as sel
from tjenester.legekontor import services as svc
from tjenester.legekontor.lib.takst import FRITAK_KODER
from tjenester.legekontor.models import Konsultasjon


@require_http_methods(["GET"])
@staff_required
def venterom(request: HttpRequest) -> HttpResponse:
    actor = request_ansatt(request)
    timer = sel.venterom(actor=actor, dag=idag())
    return render(
        request,
        "legekontor/venterom.html",
        {"timer": timer, "kan_apne": actor_can(actor, Action.WRITE_NOTE)},
    )


@require_POST
@staff_required
def konsultasjon_apne(request: HttpRequest, time_id: uuid.UUID) -> HttpResponse:
    outcome = service_call(
        lambda: svc.konsultasjon_open(actor=request_ansatt(request), timeavtale_id=time_id)
    )
    if outcome.value is None:
        messages.error(request, outcome.error)
        return HttpResponseRedirect(reverse("legekontor:venterom"))
    return HttpResponseRedirect(reverse("legekontor:konsultasjon", args=[outcome.value.pk]))


def _side(
    request: HttpRequest, konsultasjon_id: uuid.UUID, status: int = 200, **forms_: Any
) -> HttpResponse:
    k: Konsultasjon = sel.konsultasjon_get(
        actor=request_ansatt(request), konsultasjon_id=konsultasjon_id
    )
    overskrifter = notattype_overskrifter(k.notat.type) if k.notat else []
    utkast = k.notat.utkast if k.notat else {}
    notat_form = forms_.get("notat_form") or forms.NotatForm(
        overskrifter=overskrifter,
        initial={f"seksjon_{i}": utkast.get(o, "") for i, o in enumerate(overskrifter)},
        auto_id="id_notat_%s",
    )
    linjer = list(k.takstlinjer.all())
    context = {
        "k": k,
        "kan_endre": k.status == "aapen" and k.lege_id == request_ansatt(request).pk,
        "linjer": linjer,
        "uverifisert": any(not linje.takst.verifisert for linje in linjer),
        "takster": sel.takster_gyldige(timezone.localtime(k.start).date()),
        "fritak_tekst": FRITAK_KODER.get(k.egenandel_fritak, ""),
        "oppdater_form": forms_.get("oppdater_form")
        or forms.KonsultasjonForm(
            initial={
                "kontaktaarsak": k.kontaktaarsak,
                "tidsbruk_min": k.tidsbruk_min,
                "frikort": k.egenandel_fritak == "frikort",
                "fritak": k.egenandel_fritak
                if k.egenandel_fritak not in ("under16", "frikort")
                else "",
            },
            auto_id="id_k_%s",
        ),
        "diagnose_form": forms_.get("diagnose_form") or forms.KodeForm(auto_id="id_diagnose_%s"),
        "takst_form": forms_.get("takst_form") or forms.KodeForm(auto_id="id_takst_%s"),
        "notat_form": notat_form,
    }
    return render(request, "legekontor/konsultasjon.html", context, status=status)


@require_http_methods(["GET"])
@staff_required
def konsultasjon(request: HttpRequest, konsultasjon_id: uuid.UUID) -> HttpResponse:
    return _side(request, konsultasjon_id)


def _tilbake(konsultasjon_id: uuid.UUID) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("legekontor:konsultasjon", args=[konsultasjon_id]))


@require_POST
@staff_required
def konsultasjon_oppdater(request: HttpRequest, konsultasjon_id: uuid.UUID) -> HttpResponse:
    form = forms.KonsultasjonForm(request.POST, auto_id="id_k_%s")
    if form.is_valid():
        d = form.cleaned_data
        outcome = service_call(
            lambda: svc.konsultasjon_update(
                actor=request_ansatt(request),
                konsultasjon_id=konsultasjon_id,
                kontaktaarsak=d["kontaktaarsak"],
                tidsbruk_min=d["tidsbruk_min"],
                frikort=d["frikort"],
                fritak=d["fritak"],
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(request, _("Konsultasjonen er lagret."))
            return _tilbake(konsultasjon_id)
    return _side(request, konsultasjon_id, status=400, oppdater_form=form)


@require_POST
@staff_required
def konsultasjon_diagnose(request: HttpRequest, konsultasjon_id: uuid.UUID) -> HttpResponse:
    form = forms.KodeForm(request.POST, auto_id="id_diagnose_%s")
    if form.is_valid():
        outcome = service_call(
            lambda: svc.konsultasjon_diagnose_add(
                actor=request_ansatt(request),
                konsultasjon_id=konsultasjon_id,
                kode=form.cleaned_data["kode"],
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(request, _("Diagnosen er satt."))
            return _tilbake(konsultasjon_id)
    return _side(request, konsultasjon_id, status=400, diagnose_form=form)


@require_POST
@staff_required
def konsultasjon_takst(request: HttpRequest, konsultasjon_id: uuid.UUID) -> HttpResponse:
    form = forms.KodeForm(request.POST, auto_id="id_takst_%s")
    if form.is_valid():
        outcome = service_call(
            lambda: svc.takstlinje_add(
                actor=request_ansatt(request),
                konsultasjon_id=konsultasjon_id,
                kode=form.cleaned_data["kode"],
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(request, _("Taksten er lagt til."))
            return _tilbake(konsultasjon_id)
    return _side(request, konsultasjon_id, status=400, takst_form=form)


@require_POST
@staff_required
def konsultasjon_betaling(request: HttpRequest, konsultasjon_id: uuid.UUID) -> HttpResponse:
    return service_action(
        request,
        lambda: svc.betaling_register(
            actor=request_ansatt(request),
            konsultasjon_id=konsultasjon_id,
            betaling=request.POST.get("betaling", ""),
        ),
        ok=_("Betalingen er registrert."),
        redirect_to=reverse("legekontor:konsultasjon", args=[konsultasjon_id]),
    )


@require_POST
@staff_required
def konsultasjon_signer(request: HttpRequest, konsultasjon_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    k = sel.konsultasjon_get(actor=actor, konsultasjon_id=konsultasjon_id)
    overskrifter = notattype_overskrifter(k.notat.type) if k.notat else []
    form = forms.NotatForm(request.POST, overskrifter=overskrifter, auto_id="id_notat_%s")
    if form.is_valid():
        outcome = service_call(
            lambda: svc.konsultasjon_sign(
                actor=actor, konsultasjon_id=konsultasjon_id, innhold=form.innhold()
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(request, _("Notatet er signert og konsultasjonen avsluttet."))
            return _tilbake(konsultasjon_id)
    return _side(request, konsultasjon_id, status=400, notat_form=form)
