"""Note pages: the list with search, a new note, one note (edit / sign / correct …), history."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from django_stubs_ext import StrOrPromise

from core.api.pagination import side_parse
from core.decorators import request_ansatt, staff_required
from core.exceptions import ApplicationError
from core.middleware import acting_get
from core.models import Action, Ansatt
from core.web import form_errors_add
from journal.forms.notat import GrunnForm, KontrasignerForm, NotatForm, NyttNotatForm
from journal.selectors import (
    Notatvisning,
    journalnotat_get,
    journalnotat_historikk,
    journalnotat_search,
    journalnotater_for_pasient,
    notatskjema_get,
    pasient_get,
)
from journal.services import (
    LasversjonKonflikt,
    journalnotat_correct_start,
    journalnotat_countersign,
    journalnotat_create,
    journalnotat_draft_save,
    journalnotat_invalidate,
    journalnotat_sign,
)
from journal.services.notat import FRITEKST


@require_GET
@staff_required
def notat_liste(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    actor = request_ansatt(request)
    visning = pasient_get(actor=actor, pasient_id=pasient_id)
    q = request.GET.get("q", "").strip()
    side = side_parse(request.GET.get("side"))
    context: dict[str, Any] = {"pasient": visning.pasient, "visning": visning, "q": q}
    if q:
        context["sok"] = journalnotat_search(actor=actor, pasient_id=pasient_id, q=q, side=side)
        context["query"] = urlencode({"q": q})
    else:
        context["liste"] = journalnotater_for_pasient(actor=actor, pasient_id=pasient_id, side=side)
    acting = acting_get(request)
    context["kan_skrive"] = acting is not None and acting.can(Action.WRITE_NOTE)
    return render(request, "journal/notat_liste.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def notat_ny(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    """Choose a note type, then write under its headings; saving creates a private draft."""
    actor = request_ansatt(request)
    skjema = notatskjema_get(actor=actor, pasient_id=pasient_id)
    valgt = skjema.valg(request.POST.get("type") or request.GET.get("type"))
    form = NyttNotatForm(request.POST or None, overskrifter=valgt[1]) if valgt else None
    error = ""
    if valgt is not None and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            notat = journalnotat_create(
                actor=actor,
                pasient_id=pasient_id,
                type_id=valgt[0].pk,
                tittel=data["tittel"],
                innhold=form.innhold(),
                dokumentert_tid=data["dokumentert_tid"],
            )
        except ValidationError as exc:
            form_errors_add(form, exc)
        except ApplicationError as exc:
            error = str(exc.message)
        else:
            messages.success(request, _("Utkastet er lagret. Bare du ser det til det er signert."))
            return _to_note(pasient_id, notat.pk)
    visning = pasient_get(actor=actor, pasient_id=pasient_id)
    context = {
        "pasient": visning.pasient,
        "visning": visning,
        "skjema": skjema,
        "valgt": valgt[0] if valgt else None,
        "form": form,
        "error": error,
    }
    return render(
        request, "journal/notat_ny.html", context, status=400 if request.method == "POST" else 200
    )


def _to_note(pasient_id: uuid.UUID, notat_id: uuid.UUID, anchor: str = "") -> HttpResponse:
    url = reverse("journal:notat_detalj", args=[pasient_id, notat_id])
    return HttpResponseRedirect(url + anchor)


def _note_form(visning: Notatvisning) -> NotatForm | None:
    """The draft form, for the draft's author only."""
    if visning.utkast is None:
        return None
    initial = NotatForm.initial_for(visning.notat.tittel, visning.utkast, visning.notat.lasversjon)
    return NotatForm(overskrifter=list(visning.utkast), initial=initial)


def _render_detail(
    request: HttpRequest,
    pasient_id: uuid.UUID,
    notat_id: uuid.UUID,
    *,
    forms: dict[str, Form | None] | None = None,
    error: str = "",
    status: int = 200,
    konflikt: bool = False,
) -> HttpResponse:
    actor = request_ansatt(request)
    pasient = pasient_get(actor=actor, pasient_id=pasient_id)
    visning = journalnotat_get(actor=actor, notat_id=notat_id, pasient_id=pasient_id)
    context: dict[str, Any] = {
        "pasient": pasient.pasient,
        "visning": pasient,
        "notat": visning,
        "error": error,
        "konflikt": konflikt,
        "fritekst": FRITEKST,
        "skjema": _note_form(visning),
        "korriger": GrunnForm(prefix="korriger", initial={"lasversjon": visning.notat.lasversjon}),
        "feilregistrer": GrunnForm(
            prefix="feilregistrer", initial={"lasversjon": visning.notat.lasversjon}
        ),
        "kontrasigner": KontrasignerForm(initial={"versjon": visning.notat.gjeldende_versjon}),
    }
    context.update(forms or {})
    return render(request, "journal/notat_detalj.html", context, status=status)


@dataclass(frozen=True)
class Handling:
    """One button on the note page: the form it posts, the service call, the outcome text."""

    form: Callable[[QueryDict], Form]
    perform: Callable[[Ansatt, uuid.UUID, uuid.UUID, Any], object]
    done: StrOrPromise
    anchor: str = ""


def _note_post_form(data: QueryDict) -> Form:
    return NotatForm(data, overskrifter=data.getlist("overskrift"))


def _draft_args(form: Any) -> dict[str, Any]:
    data = form.cleaned_data
    return {"lasversjon": data["lasversjon"], "tittel": data["tittel"], "innhold": form.innhold()}


HANDLINGER: dict[str, tuple[str, Handling]] = {
    "lagre": (
        "skjema",
        Handling(
            _note_post_form,
            lambda a, p, n, f: journalnotat_draft_save(
                actor=a, pasient_id=p, notat_id=n, **_draft_args(f)
            ),
            gettext_lazy("Utkastet er lagret."),
            "#skjema",
        ),
    ),
    "signer": (
        "skjema",
        Handling(
            _note_post_form,
            lambda a, p, n, f: journalnotat_sign(
                actor=a, pasient_id=p, notat_id=n, **_draft_args(f)
            ),
            gettext_lazy("Notatet er signert."),
        ),
    ),
    "korriger": (
        "korriger",
        Handling(
            lambda d: GrunnForm(d, prefix="korriger"),
            lambda a, p, n, f: journalnotat_correct_start(
                actor=a, pasient_id=p, notat_id=n, **f.cleaned_data
            ),
            gettext_lazy("Korrigeringen er startet. Endre teksten og signer."),
            "#skjema",
        ),
    ),
    "feilregistrer": (
        "feilregistrer",
        Handling(
            lambda d: GrunnForm(d, prefix="feilregistrer"),
            lambda a, p, n, f: journalnotat_invalidate(
                actor=a, pasient_id=p, notat_id=n, **f.cleaned_data
            ),
            gettext_lazy("Notatet er markert som feilregistrert."),
        ),
    ),
    "kontrasigner": (
        "kontrasigner",
        Handling(
            KontrasignerForm,
            lambda a, p, n, f: journalnotat_countersign(
                actor=a, pasient_id=p, notat_id=n, **f.cleaned_data
            ),
            gettext_lazy("Notatet er kontrasignert."),
        ),
    ),
}


def _with_current_counter(
    request: HttpRequest, handling: Handling, form: Form, exc: LasversjonKonflikt
) -> Form:
    """The person's input kept, now against the current counter: saving again is a
    deliberate choice, made with the current content on the page."""
    data = request.POST.copy()
    for field, value in exc.extra.items():
        data[form.add_prefix(field)] = str(value)
    rebuilt = handling.form(data)
    rebuilt.is_valid()
    return rebuilt


@require_http_methods(["GET", "POST"])
@staff_required
def notat_detalj(request: HttpRequest, pasient_id: uuid.UUID, notat_id: uuid.UUID) -> HttpResponse:
    """Show a note; POST runs one action (handling=lagre|signer|korriger|feilregistrer|
    kontrasigner). A failed action shows the page again with the person's input kept."""
    if request.method == "GET":
        return _render_detail(request, pasient_id, notat_id)
    entry = HANDLINGER.get(request.POST.get("handling", ""))
    if entry is None:
        return _render_detail(
            request, pasient_id, notat_id, error=_("Ukjent handling."), status=400
        )
    name, handling = entry
    form = handling.form(request.POST)
    error, status, konflikt = "", 400, False
    if form.is_valid():
        try:
            handling.perform(request_ansatt(request), pasient_id, notat_id, form)
        except ValidationError as exc:
            form_errors_add(form, exc)
        except ApplicationError as exc:
            if exc.status_code == 404:
                raise
            error, status = str(exc.message), exc.status_code
            if isinstance(exc, LasversjonKonflikt):
                form, konflikt = _with_current_counter(request, handling, form, exc), True
        else:
            messages.success(request, handling.done)
            return _to_note(pasient_id, notat_id, handling.anchor)
    return _render_detail(
        request,
        pasient_id,
        notat_id,
        forms={name: form},
        error=error,
        status=status,
        konflikt=konflikt,
    )


@require_GET
@staff_required
def notat_historikk(
    request: HttpRequest, pasient_id: uuid.UUID, notat_id: uuid.UUID
) -> HttpResponse:
    actor = request_ansatt(request)
    visning = pasient_get(actor=actor, pasient_id=pasient_id)
    notat, rader = journalnotat_historikk(actor=actor, notat_id=notat_id, pasient_id=pasient_id)
    return render(
        request,
        "journal/notat_historikk.html",
        {"pasient": visning.pasient, "visning": visning, "notat": notat, "rader": rader},
    )
