"""Headers and request ids (issue 13 §6): Content-Security-Policy without inline script,
Permissions-Policy everywhere, no caching of API answers, our own request id in the audit
log with the client's beside it, and a refused notes list audited like a refused patient."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg
from core.services import ansatt_token_issue
from journal.models import Pasient
from tests.conftest import api_client, logged_in

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
# Rendered to PDF on the server (WeasyPrint), never served to a browser as a page.
PDF_TEMPLATES = {
    "tildeling/brev/_brev.html",
    "journal/utskrift_pdf.html",
    "legemidler/legemiddelliste_pdf.html",
    "legemidler/kurve/kurve_pdf.html",
    "helsestasjon/vekst_pdf.html",
    "helsestasjon/_vekst_utskrift.html",  # a section of the journal print (PDF)
}


def _directives(header: str) -> dict[str, list[str]]:
    parts = [p.strip().split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


def test_pages_carry_a_content_security_policy_without_inline_script(
    lege_med_relasjon: Ansatt,
) -> None:
    # when
    for response in (
        Client().get(reverse("core:login")),
        logged_in(lege_med_relasjon).get(reverse("core:hjem")),
    ):
        # then
        policy = _directives(response["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def _templates() -> list[Path]:
    return [
        p
        for p in ROOT.rglob("templates/**/*.html")
        if ".venv" not in p.parts
        and "staticfiles" not in p.parts
        and not any(str(p).endswith(t) for t in PDF_TEMPLATES)
    ]


def test_no_template_has_inline_script_event_handlers_or_styles() -> None:
    # given
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
    handler = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
    inline_style = re.compile(r"<style\b|\sstyle\s*=|\shx-on", re.IGNORECASE)
    # when
    found = [
        f"{p.relative_to(ROOT)}: {pattern.pattern}"
        for p in _templates()
        for pattern in (inline_script, handler, inline_style)
        if pattern.search(p.read_text(encoding="utf-8"))
    ]
    # then
    assert len(_templates()) > 50
    assert found == []


def test_htmx_is_told_not_to_inject_styles_or_evaluate_code() -> None:
    # when
    page = Client().get(reverse("core:login")).content.decode()
    # then
    assert '"includeIndicatorStyles": false' in page
    assert '"allowEval": false' in page


def test_permissions_policy_on_every_kind_of_response(lege_med_relasjon: Ansatt) -> None:
    # when
    responses = [
        Client().get(reverse("core:login")),
        Client().get("/finnes-ikke/"),
        Client().get("/admin/login/"),
        Client().get("/health/"),
        APIClient().get(reverse("api:meg")),
        logged_in(lege_med_relasjon).get(reverse("core:hjem")),
    ]
    # then
    for response in responses:
        policy = response["Permissions-Policy"]
        assert "camera=()" in policy
        assert "geolocation=()" in policy
        assert "microphone=()" in policy


def test_api_answers_with_patient_data_are_never_cached(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given: a token client (DRF authenticates inside the view, after the middlewares)
    _noekkel, key = ansatt_token_issue(ansatt=lege_med_relasjon)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    # when
    detail = client.get(reverse("api:pasient-detail", args=[pasient.pk]))
    notes = client.get(reverse("api:pasient-journalnotat-list", args=[pasient.pk]))
    missing = client.get(
        reverse("api:pasient-detail", args=["00000000-0000-0000-0000-000000000000"])
    )
    # then
    assert detail.status_code == 200
    for response in (detail, notes, missing):
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]


def test_request_id_is_ours_and_the_clients_is_kept_beside_it(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # when: a client sends its own id (one an attacker could reuse to muddle the log)
    response = api_client(lege_med_relasjon).get(
        reverse("api:pasient-detail", args=[pasient.pk]), HTTP_X_REQUEST_ID="klient-id-0001"
    )
    # then
    assert response.status_code == 200
    row = AuditLogg.objects.get(hendelse=AuditEvent.PASIENT_READ)
    assert row.klient_request_id == "klient-id-0001"
    assert row.request_id != "klient-id-0001"
    assert re.fullmatch(r"[0-9a-f]{32}", row.request_id)
    assert response["X-Request-ID"] == row.request_id


def test_malformed_client_request_id_is_dropped(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # when
    api_client(lege_med_relasjon).get(
        reverse("api:pasient-detail", args=[pasient.pk]), HTTP_X_REQUEST_ID="<script>\u202e"
    )
    # then
    row = AuditLogg.objects.get(hendelse=AuditEvent.PASIENT_READ)
    assert row.klient_request_id == ""
    assert row.request_id


@pytest.mark.parametrize("kanal", ["web", "api"])
def test_refused_notes_list_of_another_units_patient_is_audited(
    kanal: str, ansatt_annen_enhet: Ansatt, pasient: Pasient
) -> None:
    # when
    if kanal == "web":
        status = (
            logged_in(ansatt_annen_enhet)
            .get(reverse("journal:notat_liste", args=[pasient.pk]))
            .status_code
        )
    else:
        status = (
            api_client(ansatt_annen_enhet)
            .get(reverse("api:pasient-journalnotat-list", args=[pasient.pk]))
            .status_code
        )
    # then: the same 404 as a missing patient, and the refusal on record
    assert status == 404
    row = AuditLogg.objects.get(hendelse=AuditEvent.PASIENT_READ_REFUSED)
    assert row.aktor_id == ansatt_annen_enhet.pk
    assert row.pasient_id == pasient.pk
    assert not AuditLogg.objects.filter(hendelse=AuditEvent.NOTAT_LISTED).exists()
