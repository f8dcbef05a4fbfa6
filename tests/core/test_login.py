"""Login with lockout, unit picker, forged unit, expired session — as a browser client sees it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from core.acting import SESSION_KEY
from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg, Enhet, Rolle
from tests.conftest import logged_in
from tests.factories import TilknytningFactory

pytestmark = pytest.mark.django_db
LOGIN = "/logg-inn/"


def _post_login(client: Client, username: str, password: str) -> str:
    response = client.post(LOGIN, {"username": username, "password": password})
    return response.content.decode() if response.status_code != 302 else response["Location"]


def test_right_password_logs_in_and_acts_in_the_only_unit(
    lege_med_relasjon: Ansatt, password: str, enhet: Enhet
) -> None:
    # given
    client = Client()
    # when
    target = _post_login(client, "lege1", password)
    page = client.get("/pasienter/")
    # then
    assert target == "/"
    assert page.status_code == 200
    assert enhet.navn in page.content.decode()
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.LOGIN_OK, aktor_id=lege_med_relasjon.pk
    ).exists()


def test_wrong_password_and_unknown_user_get_the_same_norwegian_message(
    lege_med_relasjon: Ansatt,
) -> None:
    # given
    client = Client()
    # when
    wrong = client.post(LOGIN, {"username": "lege1", "password": "feil"})
    unknown = client.post(LOGIN, {"username": "finnes-ikke", "password": "feil"})
    # then
    for response in (wrong, unknown):
        assert response.status_code == 400
        assert "Feil brukernavn eller passord." in response.content.decode()
    assert AuditLogg.objects.filter(hendelse=AuditEvent.LOGIN_FAILED).count() == 2


def test_lockout_after_five_failures_refuses_even_the_right_password(
    lege_med_relasjon: Ansatt, password: str
) -> None:
    # given
    client = Client()
    for _ in range(4):
        assert "Feil brukernavn" in _post_login(client, "lege1", "feil")
    # when
    fifth = _post_login(client, "lege1", "feil")
    after = _post_login(client, "lege1", password)
    # then
    assert "midlertidig låst" in fifth
    assert "midlertidig låst" in after
    assert AuditLogg.objects.filter(hendelse=AuditEvent.LOGIN_LOCKED).count() == 2


def test_person_with_two_units_must_pick_one(lege_med_relasjon: Ansatt, annen_enhet: Enhet) -> None:
    # given
    TilknytningFactory(
        ansatt=lege_med_relasjon, enhet=annen_enhet, rolle=Rolle.objects.get(kode="lege")
    )
    client = logged_in(lege_med_relasjon)
    # when
    first = client.get("/pasienter/")
    picker = client.get(reverse("core:enhet_velg"))
    chosen = client.post(reverse("core:enhet_velg"), {"enhet": str(annen_enhet.pk)})
    page = client.get("/pasienter/")
    # then
    assert first.status_code == 302
    assert first["Location"] == reverse("core:enhet_velg")
    assert annen_enhet.navn in picker.content.decode()
    assert chosen.status_code == 302
    assert f'data-testid="acting-unit">{annen_enhet.navn}' in page.content.decode()
    assert AuditLogg.objects.filter(hendelse=AuditEvent.ENHET_SELECTED).count() == 1


def test_picking_a_unit_that_is_not_yours_is_refused(
    lege_med_relasjon: Ansatt, annen_enhet: Enhet
) -> None:
    # given
    client = logged_in(lege_med_relasjon)
    # when
    response = client.post(reverse("core:enhet_velg"), {"enhet": str(annen_enhet.pk)})
    # then
    assert response.status_code == 400
    assert "ingen aktiv tilknytning" in response.content.decode()


def test_forged_unit_in_session_is_dropped(
    lege_med_relasjon: Ansatt, enhet: Enhet, annen_enhet: Enhet
) -> None:
    # given: the session claims a unit the person has no assignment in
    client = logged_in(lege_med_relasjon)
    session = client.session
    session[SESSION_KEY] = str(annen_enhet.pk)
    session.save()
    # when
    page = client.get("/pasienter/")
    # then: the forged value is gone and the person acts in their own (only) unit
    assert page.status_code == 200
    assert annen_enhet.navn not in page.content.decode()
    assert client.session[SESSION_KEY] == str(enhet.pk)


def test_expired_or_missing_session_redirects_to_login_with_notice(db: None) -> None:
    # given
    client = Client()
    # when
    page = client.get("/pasienter/?sok=hansen")
    htmx = client.get("/pasienter/?sok=hansen", HTTP_HX_REQUEST="true")
    login_page = client.get(page["Location"])
    # then
    assert page.status_code == 302
    assert page["Location"].startswith("/logg-inn/?next=")
    assert htmx.status_code == 204
    assert htmx["HX-Redirect"].startswith("/logg-inn/?next=")
    assert "økten er utløpt" in login_page.content.decode()


def test_login_without_csrf_token_gets_norwegian_403(lege_med_relasjon: Ansatt) -> None:
    # given
    client = Client(enforce_csrf_checks=True)
    # when
    response = client.post(LOGIN, {"username": "lege1", "password": "x"})
    # then
    assert response.status_code == 403
    assert "Sikkerhetsnøkkelen for skjemaet mangler eller er utløpt" in response.content.decode()


def test_logout_is_post_only_and_audited(lege_med_relasjon: Ansatt) -> None:
    # given
    client = logged_in(lege_med_relasjon)
    # when
    get = client.get(reverse("core:logout"))
    post = client.post(reverse("core:logout"))
    after = client.get("/pasienter/")
    # then
    assert get.status_code == 405
    assert post.status_code == 302
    assert after.status_code == 302
    assert AuditLogg.objects.filter(hendelse=AuditEvent.LOGOUT).count() == 1


def test_next_parameter_cannot_redirect_off_site(lege_med_relasjon: Ansatt, password: str) -> None:
    # given
    client = Client()
    # when
    response = client.post(
        LOGIN + "?next=https://evil.example/", {"username": "lege1", "password": password}
    )
    # then
    assert response["Location"] == "/"
