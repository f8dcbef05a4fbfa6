"""Pages of a patient's medication: the medication list (and its PDF), ordering with the
checks and their overrides, one order with stop and confirm, and the telephone orders that
wait for a doctor."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.acting import ActingUnit
from core.api.pagination import side_parse
from core.decorators import request_ansatt, staff_required
from core.exceptions import ApplicationError
from core.klokke import naa
from core.middleware import acting_get
from core.models import Action, Ansatt
from core.pdf import pdf_document, pdf_render
from core.web import form_errors_add, service_action, service_call
from journal.selectors import pasient_get
from legemidler.forms import ForordningForm, SeponerForm
from legemidler.selectors import (
    Legemiddelliste,
    forordning_get,
    legemiddel_get,
    legemiddel_search,
    legemiddelliste_get,
    legemiddelliste_print,
    legemidler_active,
    leger_for_telefonordinasjon,
    telefonordinasjon_list,
)
from legemidler.services import (
    KontrollStopp,
    forordning_confirm,
    forordning_create,
    forordning_stop,
)

PAGE_SIZE = 50
MAX_VALG = 300
# Service error keys → the form field they belong to.
_FELT = {
    "dose": "dose_1",
    "tider": "tid_1",
    "behov_min_intervall": "behov_min_intervall_timer",
    "type": "doseringstype",
    "dosering": "doseringstype",
}


def _rights(request: HttpRequest) -> dict[str, bool]:
    acting: ActingUnit | None = acting_get(request)
    kan_ordinere = acting is not None and acting.can(Action.ORDER_MEDICATION)
    kan_gi = acting is not None and acting.can(Action.ADMINISTER_MEDICATION)
    return {"kan_ordinere": kan_ordinere, "kan_telefon": kan_gi and not kan_ordinere}


@require_GET
@staff_required
def legemiddelliste(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    visning = pasient_get(actor=actor, pasient_id=pasient_id)
    liste = legemiddelliste_get(
        actor=actor,
        pasient_id=visning.pasient.pk,
        side=side_parse(request.GET.get("side")),
        storrelse=PAGE_SIZE,
    )
    return render(
        request,
        "legemidler/legemiddelliste.html",
        {"pasient": visning.pasient, "visning": visning, "liste": liste, **_rights(request)},
    )


def _legemiddel_choices(sok: str, valgt: str | None) -> list[tuple[str, str]]:
    produkter = legemiddel_search(sok=sok) if sok else list(legemidler_active()[:MAX_VALG])
    choices = [(str(lm.pk), lm.navn_form_styrke) for lm in produkter]
    if valgt and valgt not in {c[0] for c in choices}:
        lm = legemiddel_get(valgt)
        if lm is not None:
            choices.insert(0, (str(lm.pk), lm.navn_form_styrke))
    return choices


def _lege_choices(telefon: bool) -> list[tuple[str, str]] | None:
    if not telefon:
        return None
    return [
        (str(a.pk), f"{a.get_full_name() or a.username} (HPR {a.hpr_nummer})")
        for a in leger_for_telefonordinasjon()[:MAX_VALG]
    ]


@require_http_methods(["GET", "POST"])
@staff_required
def forordning_ny(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    """Order a drug (a doctor), or register a doctor's telephone order (a nurse). A check
    that stops the order shows its reason and a field for the written override."""
    actor = request_ansatt(request)
    rights = _rights(request)
    if not (rights["kan_ordinere"] or rights["kan_telefon"]):
        raise PermissionDenied
    visning = pasient_get(actor=actor, pasient_id=pasient_id)
    source = request.POST if request.method == "POST" else request.GET
    sok = (source.get("sok") or "").strip()[:100]
    form_kwargs: dict[str, Any] = {
        "legemidler": _legemiddel_choices(sok, source.get("legemiddel")),
        "leger": _lege_choices(rights["kan_telefon"]),
    }
    funn: list[Any] = []
    if request.method == "POST":
        form = ForordningForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                forordning = forordning_create(
                    actor=actor, pasient_id=visning.pasient.pk, **form.service_kwargs()
                )
            except KontrollStopp as exc:
                funn = exc.funn
                form.funn = [f.kontroll for f in exc.funn]
                form.add_error(None, str(exc.message))
            except ValidationError as exc:
                _errors_add(form, exc)
            except ApplicationError as exc:
                if exc.status_code in (403, 404):
                    raise
                form.add_error(None, str(exc.message))
            else:
                messages.success(
                    request,
                    _("%(navn)s er ordinert.") % {"navn": forordning.legemiddel_navn}
                    if not forordning.telefonordinasjon
                    else _("Telefonordinasjonen er registrert og venter på legens bekreftelse."),
                )
                return HttpResponseRedirect(
                    reverse("legemidler:legemiddelliste", args=[visning.pasient.pk])
                )
    else:
        form = ForordningForm(initial={"sok": sok}, **form_kwargs)
    return render(
        request,
        "legemidler/forordning_ny.html",
        {
            "pasient": visning.pasient,
            "visning": visning,
            "form": form,
            "funn": funn,
            "sok": sok,
            **rights,
        },
        status=400 if request.method == "POST" else 200,
    )


def _errors_add(form: ForordningForm, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form_errors_add(form, exc)
        return
    for field, errors in exc.message_dict.items():
        target = _FELT.get(field, field)
        form.add_error(target if target in form.fields else None, errors)


def _detail(
    request: HttpRequest,
    pasient_id: uuid.UUID,
    forordning_id: uuid.UUID,
    *,
    seponer_form: SeponerForm | None = None,
) -> HttpResponse:
    actor = request_ansatt(request)
    visning = pasient_get(actor=actor, pasient_id=pasient_id)
    forordning = forordning_get(
        actor=actor, forordning_id=forordning_id, pasient_id=visning.pasient.pk
    )
    return render(
        request,
        "legemidler/forordning_detalj.html",
        {
            "pasient": visning.pasient,
            "visning": visning,
            "f": forordning,
            "seponer_form": seponer_form or SeponerForm(),
            "forfalt": forordning.bekreftes_innen is not None
            and forordning.er_ubekreftet
            and forordning.bekreftes_innen < naa(),
            **_rights(request),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@staff_required
def forordning_detalj(
    request: HttpRequest, pasient_id: uuid.UUID, forordning_id: uuid.UUID
) -> HttpResponse:
    return _detail(request, pasient_id, forordning_id)


@require_POST
@staff_required
def forordning_seponer(
    request: HttpRequest, pasient_id: uuid.UUID, forordning_id: uuid.UUID
) -> HttpResponse:
    actor = request_ansatt(request)
    form = SeponerForm(request.POST)
    if form.is_valid():
        outcome = service_call(
            lambda: forordning_stop(
                actor=actor,
                forordning_id=forordning_id,
                pasient_id=pasient_id,
                grunn=form.cleaned_data["grunn"],
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(request, _("Legemiddelet er seponert."))
            return HttpResponseRedirect(
                reverse("legemidler:forordning_detalj", args=[pasient_id, forordning_id])
            )
    return _detail(request, pasient_id, forordning_id, seponer_form=form)


@require_POST
@staff_required
def forordning_bekreft(
    request: HttpRequest, pasient_id: uuid.UUID, forordning_id: uuid.UUID
) -> HttpResponse:
    actor = request_ansatt(request)
    neste = request.POST.get("neste")
    target = (
        reverse("legemidler:telefonordinasjoner")
        if neste == "liste"
        else reverse("legemidler:forordning_detalj", args=[pasient_id, forordning_id])
    )
    return service_action(
        request,
        lambda: forordning_confirm(actor=actor, forordning_id=forordning_id, pasient_id=pasient_id),
        ok=_("Telefonordinasjonen er bekreftet."),
        redirect_to=target,
    )


@require_GET
@staff_required
def telefonordinasjoner(request: HttpRequest) -> HttpResponse:
    actor = request_ansatt(request)
    side = telefonordinasjon_list(
        actor=actor, side=side_parse(request.GET.get("side")), storrelse=PAGE_SIZE
    )
    now = naa()
    rader = [(f, f.bekreftes_innen is not None and f.bekreftes_innen < now) for f in side.items]
    return render(
        request,
        "legemidler/telefonordinasjoner.html",
        {"side": side, "rader": rader, **_rights(request)},
    )


# --- the medication list as PDF (the patient's name on every page) -----------------------

PDF_MAL = "legemidler/legemiddelliste_pdf.html"


def legemiddelliste_html(liste: Legemiddelliste, *, skrevet_ut_av: Ansatt) -> str:
    pasient = liste.pasient
    return render_to_string(
        PDF_MAL,
        {
            "liste": liste,
            "pasient": pasient,
            "topptekst": f"{pasient.fullt_navn} – {pasient.identifikator_visning}",
            "skrevet_ut_at": naa(),
            "skrevet_ut_av": skrevet_ut_av,
        },
    )


def legemiddelliste_document(liste: Legemiddelliste, *, skrevet_ut_av: Ansatt) -> Any:
    """The laid-out WeasyPrint document (pages can be inspected in tests)."""
    return pdf_document(legemiddelliste_html(liste, skrevet_ut_av=skrevet_ut_av))


@require_GET
@staff_required
def legemiddelliste_pdf(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    liste = legemiddelliste_print(actor=actor, pasient_id=pasient_id)
    response = HttpResponse(
        pdf_render(legemiddelliste_html(liste, skrevet_ut_av=actor)),
        content_type="application/pdf",
    )
    navn = f"legemiddelliste-{naa():%Y%m%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{navn}"'
    response["Cache-Control"] = "no-store"
    return response
