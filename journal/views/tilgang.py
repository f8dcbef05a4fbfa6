"""Pages for access outside relationships, the patient's access log and the leaders' review."""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.api.pagination import side_parse
from core.decorators import request_ansatt, staff_required
from core.exceptions import ApplicationError
from core.models import Action
from core.web import form_errors_add, service_call
from journal.access import actor_require
from journal.forms.tilgang import (
    GjennomgangForm,
    LoggfilterForm,
    SperringForm,
    UtvidetTilgangForm,
)
from journal.selectors import (
    Loggfilter,
    akuttilganger_for_review,
    logganalyse_side,
    loggfilter_default,
    pasient_get,
    tilgangslogg_for_pasient,
)
from journal.selectors.tilgang import logganalyse_export, sperringer_for_pasient
from journal.services import (
    akuttilgang_review,
    sperring_create,
    sperring_lift,
    utvidet_tilgang_open,
)


@require_http_methods(["GET", "POST"])
@staff_required
def tilgang_be_om(request: HttpRequest) -> HttpResponse:
    form = UtvidetTilgangForm(
        request.POST or None, initial={"identifikator": request.GET.get("identifikator", "")}
    )
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            tilgang = utvidet_tilgang_open(
                actor=request_ansatt(request),
                type=data["type"],
                identifikator=data["identifikator"],
                grunn_id=data["grunn"].pk if data["grunn"] else None,
                begrunnelse=data["begrunnelse"],
            )
        except ValidationError as exc:
            form_errors_add(form, exc)
        except ApplicationError as exc:
            error = str(exc.message)
        else:
            return HttpResponseRedirect(
                reverse("journal:pasient_detalj", args=[tilgang.pasient_id])
            )
    status = 400 if request.method == "POST" else 200
    return render(
        request, "journal/tilgang_be_om.html", {"form": form, "error": error}, status=status
    )


@require_GET
@staff_required
def tilgangslogg(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    pasient, side, rader = tilgangslogg_for_pasient(
        actor=request_ansatt(request),
        pasient_id=pasient_id,
        side=side_parse(request.GET.get("side")),
    )
    return render(
        request, "journal/tilgangslogg.html", {"pasient": pasient, "side": side, "rader": rader}
    )


def _filter(request: HttpRequest) -> tuple[LoggfilterForm, Loggfilter | None]:
    default = loggfilter_default()
    data = request.GET if "fra" in request.GET else {"fra": default.fra, "til": default.til}
    form = LoggfilterForm(data)
    if not form.is_valid():
        return form, None
    return form, Loggfilter(**form.cleaned_data)


@require_GET
@staff_required
def loggkontroll(request: HttpRequest) -> HttpResponse:
    actor = request_ansatt(request)
    form, filter_ = _filter(request)
    context: dict[str, object] = {"form": form, "query": request.GET.urlencode()}
    if filter_ is not None:
        side, rader = logganalyse_side(
            actor=actor, filter=filter_, side=side_parse(request.GET.get("side"))
        )
        context.update(side=side, rader=rader)
    context["akutt"] = akuttilganger_for_review(
        actor=actor, side=side_parse(request.GET.get("akuttside"))
    )
    return render(
        request, "journal/loggkontroll.html", context, status=200 if filter_ is not None else 400
    )


def _cell(value: str) -> str:
    """Neutralise spreadsheet formulas (CSV injection) in names and free text."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@require_GET
@staff_required
def loggkontroll_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    actor = request_ansatt(request)
    actor_require(actor, Action.REVIEW_LOG)  # rights before input: a nurse gets 403, not 400
    _form, filter_ = _filter(request)
    if filter_ is None:
        return HttpResponse("Ugyldig filter.", status=400, content_type="text/plain")
    rows = logganalyse_export(actor=actor, filter=filter_)

    class Echo:
        def write(self, value: str) -> str:
            return value

    writer = csv.writer(Echo(), delimiter=";")

    def lines() -> Iterator[str]:
        yield "\ufeff"  # so spreadsheet programs read UTF-8
        yield writer.writerow(
            ["Tidspunkt", "Ansatt", "Yrke", "Enhet", "Pasient", "Hendelse", "Grunnlag", "Flagg"]
        )
        for rad in rows:
            cells = [
                # Europe/Oslo, as on the screen, with the offset (2026-12-05T12:00:00+01:00)
                timezone.localtime(rad.tidspunkt).isoformat(timespec="seconds"),
                rad.hvem,
                rad.yrke,
                rad.enhet,
                rad.pasient,
                rad.hva,
                rad.grunnlag,
                ", ".join(rad.flagg),
            ]
            yield writer.writerow([_cell(c) for c in cells])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="logganalyse.csv"'
    return response


@require_POST
@staff_required
def akuttilgang_gjennomgaa(request: HttpRequest, tilgang_id: uuid.UUID) -> HttpResponse:
    form = GjennomgangForm(request.POST)
    if form.is_valid():
        outcome = service_call(
            lambda: akuttilgang_review(
                actor=request_ansatt(request),
                tilgang_id=tilgang_id,
                kommentar=form.cleaned_data["kommentar"],
            )
        )
        if outcome.ok:
            return HttpResponseRedirect(reverse("journal:loggkontroll") + "#akutt")
        error = outcome.error
    else:
        error = " ".join(str(e) for errs in form.errors.values() for e in errs)
    return render(
        request,
        "error.html",
        {"status": 400, "title": "Kunne ikke lagre", "message": error},
        status=400,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def sperringer(request: HttpRequest, pasient_id: uuid.UUID) -> HttpResponse:
    """Register or lift blocks on the patient's request."""
    actor = request_ansatt(request)
    visning = pasient_get(actor=actor, pasient_id=pasient_id)
    form = SperringForm(request.POST if request.POST.get("handling") == "ny" else None)
    error = ""
    if request.method == "POST":
        try:
            if request.POST.get("handling") == "opphev":
                sperring_lift(actor=actor, sperring_id=request.POST.get("sperring", ""))  # type: ignore[arg-type]
                return HttpResponseRedirect(request.path)
            if form.is_valid():
                data = form.cleaned_data
                sperring_create(
                    actor=actor,
                    pasient_id=visning.pasient.pk,
                    mal=data["mal"],
                    ansatt_id=data["ansatt"].pk if data["ansatt"] else None,
                    enhet_id=data["enhet"].pk if data["enhet"] else None,
                    virksomhet_id=data["virksomhet"].pk if data["virksomhet"] else None,
                    begrunnelse=data["begrunnelse"],
                )
                return HttpResponseRedirect(request.path)
        except ValidationError as exc:
            error = " ".join(m for ms in exc.message_dict.values() for m in ms)
        except ApplicationError as exc:
            error = str(exc.message)
    rows = sperringer_for_pasient(actor=actor, pasient_id=visning.pasient.pk)
    return render(
        request,
        "journal/sperringer.html",
        {
            "pasient": visning.pasient,
            "visning": visning,
            "sperringer": rows,
            "form": form,
            "error": error,
        },
        status=400 if error or (request.method == "POST" and form.errors) else 200,
    )
