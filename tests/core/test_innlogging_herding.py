"""Logins that resist guessing and reveal nothing (issue 13 §4), and the admin site under
the same lockout and audit as the rest."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from core.audit import AuditEvent, audit_log
from core.exceptions import ApplicationError
from core.models import Ansatt, AuditLogg, Enhet, Rolle, RolleRettighet, Tilknytning
from core.services import tilknytning_delete, tilknytning_save
from journal.models import Pasient
from tests.conftest import logged_in
from tests.factories import AnsattFactory

pytestmark = pytest.mark.django_db
LOGIN = "/logg-inn/"
NURSE_IP = "10.20.0.7"
STRANGER_IP = "192.0.2.66"


def _web(username: str, password: str, ip: str) -> str:
    """Where a successful login leads, or the error the page shows."""
    response = Client(REMOTE_ADDR=ip).post(LOGIN, {"username": username, "password": password})
    if response.status_code == 302:
        return str(response["Location"])
    found = re.search(r'data-testid="login-error">([^<]*)<', response.content.decode())
    return found.group(1) if found else ""


def _api(username: str, password: str, ip: str = STRANGER_IP) -> tuple[int, str]:
    response = APIClient(REMOTE_ADDR=ip).post(
        reverse("api:token"), {"username": username, "password": password}, format="json"
    )
    return response.status_code, str(response.json().get("detail", ""))


def _without_time(text: str) -> str:
    return re.sub(r"\d\d:\d\d", "HH:MM", text)


def test_a_stranger_guessing_cannot_lock_the_nurse_out(
    lege_med_relasjon: Ansatt, password: str
) -> None:
    # given: five wrong passwords for her user name from somewhere else
    for _ in range(5):
        _web("lege1", "gjett", STRANGER_IP)
    # when
    stranger = _web("lege1", password, STRANGER_IP)
    nurse = _web("lege1", password, NURSE_IP)
    # then: the guesser's source is locked, even with the right password; she is not
    assert "midlertidig låst" in stranger
    assert nurse == "/"


def test_unknown_and_known_user_names_lock_alike_and_say_the_same(
    lege_med_relasjon: Ansatt,
) -> None:
    # when: five failures each, for a real and an invented user name
    known = [_web("lege1", "feil", STRANGER_IP) for _ in range(6)]
    unknown = [_web("finnes-ikke", "feil", STRANGER_IP) for _ in range(6)]
    # then: the same texts in the same order (the time of day aside)
    assert [_without_time(p) for p in known] == [_without_time(p) for p in unknown]
    assert "Feil brukernavn eller passord." in known[3]
    assert "midlertidig låst" in known[4]
    assert "midlertidig låst" in known[5]


def test_api_token_unknown_and_known_user_answer_alike(lege_med_relasjon: Ansatt) -> None:
    # when
    known = [_api("lege1", "feil") for _ in range(6)]
    unknown = [_api("finnes-ikke", "feil") for _ in range(6)]
    # then
    assert [(s, _without_time(d)) for s, d in known] == [(s, _without_time(d)) for s, d in unknown]
    assert known[0][0] == 401
    assert "midlertidig låst" in known[4][1]


def test_every_attempt_is_audited_with_its_source(lege_med_relasjon: Ansatt) -> None:
    # when
    _web("lege1", "feil", STRANGER_IP)
    _web("finnes-ikke", "feil", STRANGER_IP)
    # then
    rows = AuditLogg.objects.filter(hendelse=AuditEvent.LOGIN_FAILED).order_by("kjede_nr")
    assert [(r.aktor_id, r.ip) for r in rows] == [
        (lege_med_relasjon.pk, STRANGER_IP),
        (None, STRANGER_IP),
    ]
    assert rows[1].ekstra == {"brukernavn": "finnes-ikke"}


# --- the admin site ------------------------------------------------------------------------


@pytest.fixture
def driftsansvarlig(admin_uten_pasienttilgang: Ansatt) -> Ansatt:
    admin_uten_pasienttilgang.is_staff = True
    admin_uten_pasienttilgang.is_superuser = True
    admin_uten_pasienttilgang.save()
    return admin_uten_pasienttilgang


def _admin_login(username: str, password: str, ip: str = STRANGER_IP) -> tuple[int, str]:
    response = Client(REMOTE_ADDR=ip).post(
        "/admin/login/", {"username": username, "password": password, "next": "/admin/"}
    )
    return response.status_code, response.content.decode()


def test_admin_login_is_audited_and_locked_like_the_rest(
    driftsansvarlig: Ansatt, password: str
) -> None:
    # when
    ok_status, _ = _admin_login("admin1", password, NURSE_IP)
    failures = [_admin_login("admin1", "gjett") for _ in range(5)]
    after_status, after = _admin_login("admin1", password)
    # then
    assert ok_status == 302
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.LOGIN_OK, aktor_id=driftsansvarlig.pk, ip=NURSE_IP
    ).exists()
    assert "Feil brukernavn eller passord." in failures[0][1]
    assert "midlertidig låst" in failures[4][1]
    assert after_status == 200
    assert "midlertidig låst" in after
    assert AuditLogg.objects.filter(hendelse=AuditEvent.LOGIN_FAILED, ip=STRANGER_IP).count() == 4
    assert AuditLogg.objects.filter(hendelse=AuditEvent.LOGIN_LOCKED).count() == 2


def test_admin_login_refuses_staff_without_admin_site_access(
    lege_med_relasjon: Ansatt, password: str
) -> None:
    # when: a real user and password, but not staff
    status, page = _admin_login("lege1", password)
    # then
    assert status == 200
    assert "errornote" in page


def test_browsing_the_audit_log_in_admin_is_audited(
    driftsansvarlig: Ansatt, lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given: a row naming a patient
    from django.db import transaction

    with transaction.atomic():
        row = audit_log(
            actor=lege_med_relasjon,
            event=AuditEvent.PASIENT_READ,
            target=pasient,
            pasient_id=pasient.pk,
        )
    client = logged_in(driftsansvarlig)
    # when
    listing = client.get("/admin/core/auditlogg/?hendelse__exact=102")
    detail = client.get(f"/admin/core/auditlogg/{row.pk}/change/")
    # then
    assert listing.status_code == 200
    assert detail.status_code == 200
    reads = list(
        AuditLogg.objects.filter(hendelse=AuditEvent.REVISJONSLOGG_READ).order_by("kjede_nr")
    )
    assert [r.aktor_id for r in reads] == [driftsansvarlig.pk, driftsansvarlig.pk]
    assert reads[0].ekstra["visning"] == "liste?hendelse__exact=102"
    assert reads[0].ekstra["pasienter"] == [str(pasient.pk)]
    assert reads[1].ekstra["pasienter"] == [str(pasient.pk)]


def test_role_rights_cannot_be_changed_through_the_admin_inline(driftsansvarlig: Ansatt) -> None:
    # given
    rolle = Rolle.objects.get(kode="lege")
    before = set(rolle.rettigheter.values_list("action", flat=True))
    client = logged_in(driftsansvarlig)
    # when: a forged inline row adding the admin right
    client.post(
        f"/admin/core/rolle/{rolle.pk}/change/",
        {
            "navn": rolle.navn,
            "kode": rolle.kode,
            "rettigheter-TOTAL_FORMS": "1",
            "rettigheter-INITIAL_FORMS": "0",
            "rettigheter-0-action": "admin",
        },
    )
    # then
    assert set(RolleRettighet.objects.filter(rolle=rolle).values_list("action", flat=True)) == (
        before
    )
    page = client.get(f"/admin/core/rolle/{rolle.pk}/change/").content.decode()
    assert 'name="rettigheter-0-action"' not in page
    assert "/roller/" in page


def test_unit_assignments_through_the_services_are_audited(
    driftsansvarlig: Ansatt, enhet: Enhet
) -> None:
    # given
    ansatt = AnsattFactory(username="ny1")
    tilknytning = Tilknytning(ansatt=ansatt, enhet=enhet, rolle=Rolle.objects.get(kode="lege"))
    # when
    tilknytning_save(actor=driftsansvarlig, tilknytning=tilknytning)
    tilknytning_delete(actor=driftsansvarlig, tilknytning=tilknytning)
    # then
    events = list(
        AuditLogg.objects.filter(aktor_id=driftsansvarlig.pk)
        .order_by("kjede_nr")
        .values_list("hendelse", flat=True)
    )
    assert events == [AuditEvent.TILKNYTNING_SAVED, AuditEvent.TILKNYTNING_REMOVED]
    assert not Tilknytning.objects.filter(ansatt=ansatt).exists()


def test_an_admin_cannot_remove_their_own_admin_assignment(driftsansvarlig: Ansatt) -> None:
    # given
    own = Tilknytning.objects.get(ansatt=driftsansvarlig, rolle__kode="admin")
    # when / then
    with pytest.raises(ApplicationError):
        tilknytning_delete(actor=driftsansvarlig, tilknytning=own)
    assert Tilknytning.objects.filter(pk=own.pk).exists()


def test_only_the_model_backend_authenticates() -> None:
    # given
    from django.conf import settings

    # then: django-guardian's object-permission backend is gone (access is journal.access)
    assert settings.AUTHENTICATION_BACKENDS == ["django.contrib.auth.backends.ModelBackend"]


def _form_values(html: str) -> dict[str, str | list[str]]:
    """The values a browser would submit from the admin change form (no JavaScript)."""
    from html.parser import HTMLParser

    values: dict[str, str | list[str]] = {}

    class Form(HTMLParser):
        select: str | None = None
        textarea: str | None = None

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = {k: v or "" for k, v in attrs}
            name = a.get("name", "")
            if tag == "input" and name and a.get("type") not in {"submit", "button"}:
                if a.get("type") in {"checkbox", "radio"}:
                    if "checked" in a:
                        values[name] = a.get("value", "on")
                else:
                    values[name] = a.get("value", "")
            elif tag == "select" and name:
                self.select = name
            elif tag == "option" and self.select and "selected" in a:
                values[self.select] = a.get("value", "")
            elif tag == "textarea" and name:
                self.textarea = name
                values[name] = ""

        def handle_endtag(self, tag: str) -> None:
            if tag == "select":
                self.select = None
            if tag == "textarea":
                self.textarea = None

    Form().feed(html)
    return values


def test_the_admin_unit_assignment_inline_saves_through_the_audited_service(
    driftsansvarlig: Ansatt, enhet: Enhet
) -> None:
    # given: a staff member without a unit, and the admin's change page for them
    ansatt = AnsattFactory(username="nyansatt")
    client = logged_in(driftsansvarlig)
    url = f"/admin/core/ansatt/{ansatt.pk}/change/"
    data = _form_values(client.get(url).content.decode())
    prefix = "tilknytninger"
    data.update(
        {
            f"{prefix}-0-enhet": str(enhet.pk),
            f"{prefix}-0-rolle": str(Rolle.objects.get(kode="sykepleier").pk),
            f"{prefix}-0-gyldig_fra": "2026-01-01",
        }
    )
    # when
    response = client.post(url, data)
    # then
    assert response.status_code == 302, response.content.decode()[:2000]
    tilknytning = Tilknytning.objects.get(ansatt=ansatt)
    row = AuditLogg.objects.get(hendelse=AuditEvent.TILKNYTNING_SAVED)
    assert (row.aktor_id, row.objekt_id) == (driftsansvarlig.pk, str(tilknytning.pk))
    assert row.ekstra["rolle"] == "sykepleier"
