"""Administrators change which rights each role grants; changes are kept and take effect."""

from __future__ import annotations

import uuid
from html.parser import HTMLParser

import pytest

from core.audit import AuditEvent
from core.models import Action, Ansatt, AuditLogg, Enhet, Rolle, RolleRettighetEndring
from journal.models import Pasient
from tests.conftest import actor, logged_in

pytestmark = pytest.mark.django_db

URL = "/roller/"


class _RoleForms(HTMLParser):
    """Per role form (data-testid="rolle-<kode>"): its hidden role id and its checkboxes."""

    def __init__(self) -> None:
        super().__init__()
        self.current: str | None = None
        self.rolle_id: dict[str, str] = {}
        self.boxes: dict[str, dict[str, bool]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        testid = attr.get("data-testid") or ""
        if tag == "form" and testid.startswith("rolle-"):
            self.current = testid.removeprefix("rolle-")
            self.boxes[self.current] = {}
        elif tag == "input" and self.current is not None:
            if attr.get("name") == "rolle":
                self.rolle_id[self.current] = attr.get("value") or ""
            elif attr.get("type") == "checkbox" and attr.get("name") == "rettighet":
                self.boxes[self.current][attr.get("value") or ""] = "checked" in attr

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None


def role_forms(html: str) -> _RoleForms:
    parser = _RoleForms()
    parser.feed(html)
    return parser


def rights(kode: str) -> set[str]:
    return set(Rolle.objects.get(kode=kode).rettigheter.values_list("action", flat=True))


def nothing_changed(before: dict[str, set[str]]) -> bool:
    return (
        {r.kode: rights(r.kode) for r in Rolle.objects.all()} == before
        and not RolleRettighetEndring.objects.exists()
        and not AuditLogg.objects.filter(hendelse=AuditEvent.ROLLE_RETTIGHETER_CHANGED).exists()
    )


def all_rights() -> dict[str, set[str]]:
    return {r.kode: rights(r.kode) for r in Rolle.objects.all()}


def test_admin_sees_every_role_with_a_checkbox_per_right(
    admin_uten_pasienttilgang: Ansatt,
) -> None:
    # given
    client = logged_in(admin_uten_pasienttilgang)
    # when
    response = client.get(URL)
    # then
    assert response.status_code == 200
    forms = role_forms(response.content.decode())
    roles = {r.kode: r for r in Rolle.objects.all()}
    assert set(forms.boxes) == set(roles)
    for kode, boxes in forms.boxes.items():
        assert forms.rolle_id[kode] == str(roles[kode].pk)
        assert set(boxes) == set(Action.values)
        assert {value for value, checked in boxes.items() if checked} == rights(kode)
    assert forms.boxes["lege"]["view"] is True
    assert forms.boxes["admin"] == {a: a == "admin" for a in Action.values}
    html = response.content.decode()
    assert "Roller og rettigheter" in html
    assert "Lese journal" in html
    assert "Ingen endringer ennå." in html


def test_admin_menu_link_is_shown_only_to_admins(
    admin_uten_pasienttilgang: Ansatt, lege_med_relasjon: Ansatt
) -> None:
    # given
    admin, lege = logged_in(admin_uten_pasienttilgang), logged_in(lege_med_relasjon)
    # when
    admin_page = admin.get("/pasienter/")
    lege_page = lege.get("/pasienter/")
    # then
    assert f'href="{URL}"' in admin_page.content.decode()
    assert f'href="{URL}"' not in lege_page.content.decode()


def test_removing_view_from_lege_is_recorded_and_takes_effect(
    admin_uten_pasienttilgang: Ansatt, lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given: the doctor can open her patient
    lege_client = logged_in(lege_med_relasjon)
    assert lege_client.get(f"/pasienter/{pasient.pk}/").status_code == 200
    lege = Rolle.objects.get(kode="lege")
    before = sorted(rights("lege"))
    after = sorted(set(before) - {"view"})
    # when
    response = logged_in(admin_uten_pasienttilgang).post(
        URL, {"rolle": str(lege.pk), "rettighet": after}
    )
    # then
    assert response.status_code == 302
    assert response["Location"] == URL
    assert rights("lege") == set(after)
    endring = RolleRettighetEndring.objects.get()
    assert (endring.rolle, endring.endret_av) == (lege, admin_uten_pasienttilgang)
    assert (endring.for_endring, endring.etter_endring) == (before, after)
    audit = AuditLogg.objects.get(hendelse=AuditEvent.ROLLE_RETTIGHETER_CHANGED)
    assert (audit.aktor_id, audit.objekt_id, audit.rolle) == (
        admin_uten_pasienttilgang.pk,
        str(lege.pk),
        "admin",
    )
    assert (audit.ekstra["for"], audit.ekstra["etter"]) == (before, after)
    assert lege_client.get(f"/pasienter/{pasient.pk}/").status_code == 404


def test_history_is_shown_on_the_page(admin_uten_pasienttilgang: Ansatt) -> None:
    # given
    client = logged_in(admin_uten_pasienttilgang)
    lege = Rolle.objects.get(kode="lege")
    client.post(URL, {"rolle": str(lege.pk), "rettighet": ["search_patient", "view"]})
    # when
    html = client.get(URL).content.decode()
    # then
    assert "Ingen endringer ennå." not in html
    assert f"{admin_uten_pasienttilgang.get_full_name()} endret Lege" in html
    assert role_forms(html).boxes["lege"] == {
        a: a in {"search_patient", "view"} for a in Action.values
    }


def test_adding_a_right_takes_effect(admin_uten_pasienttilgang: Ansatt, enhet: Enhet) -> None:
    # given: a nurse cannot open the leaders' access review
    sykepleier = actor(enhet, "sykepleier")
    nurse = logged_in(sykepleier)
    assert nurse.get("/pasienter/tilgangskontroll/").status_code == 403
    rolle = Rolle.objects.get(kode="sykepleier")
    # when
    logged_in(admin_uten_pasienttilgang).post(
        URL, {"rolle": str(rolle.pk), "rettighet": sorted(rights("sykepleier") | {"review_log"})}
    )
    # then
    assert nurse.get("/pasienter/tilgangskontroll/").status_code == 200


def test_saving_unchanged_rights_writes_no_history(admin_uten_pasienttilgang: Ansatt) -> None:
    # given
    lege = Rolle.objects.get(kode="lege")
    before = all_rights()
    # when
    response = logged_in(admin_uten_pasienttilgang).post(
        URL, {"rolle": str(lege.pk), "rettighet": sorted(rights("lege"))}
    )
    # then
    assert response.status_code == 302
    assert nothing_changed(before)


def test_non_admin_gets_403_and_nothing_changes(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    client = logged_in(lege_med_relasjon)
    lege = Rolle.objects.get(kode="lege")
    before = all_rights()
    # when
    page = client.get(URL)
    posted = client.post(URL, {"rolle": str(lege.pk), "rettighet": [*Action.values]})
    # then
    assert page.status_code == posted.status_code == 403
    assert "Du har ikke tilgang til denne siden." in posted.content.decode()
    assert nothing_changed(before)


def test_admin_cannot_remove_the_admin_right_from_the_admin_role(
    admin_uten_pasienttilgang: Ansatt,
) -> None:
    # given
    admin = Rolle.objects.get(kode="admin")
    before = all_rights()
    # when
    response = logged_in(admin_uten_pasienttilgang).post(
        URL, {"rolle": str(admin.pk), "rettighet": ["view"]}
    )
    # then
    assert response.status_code == 400
    assert "Du kan ikke fjerne administrator-retten fra din egen rolle." in (
        response.content.decode()
    )
    assert nothing_changed(before)
    assert logged_in(admin_uten_pasienttilgang).get(URL).status_code == 200


def test_unknown_right_values_are_refused(admin_uten_pasienttilgang: Ansatt) -> None:
    # given
    lege = Rolle.objects.get(kode="lege")
    before = all_rights()
    # when
    response = logged_in(admin_uten_pasienttilgang).post(
        URL, {"rolle": str(lege.pk), "rettighet": ["view", "slett_alt", "superbruker"]}
    )
    # then
    assert response.status_code == 400
    assert "Ukjente rettigheter: slett_alt, superbruker" in response.content.decode()
    assert nothing_changed(before)


def test_unknown_role_is_refused(admin_uten_pasienttilgang: Ansatt) -> None:
    # given
    before = all_rights()
    # when
    response = logged_in(admin_uten_pasienttilgang).post(
        URL, {"rolle": str(uuid.uuid4()), "rettighet": ["view"]}
    )
    # then
    assert response.status_code in (400, 404)
    assert "Fant ikke det du lette etter" in response.content.decode()
    assert nothing_changed(before)


@pytest.mark.parametrize("rolle", ["", "ikke-en-uuid"])
def test_malformed_role_id_is_refused_without_a_server_error(
    admin_uten_pasienttilgang: Ansatt, rolle: str
) -> None:
    # given
    client = logged_in(admin_uten_pasienttilgang)
    client.raise_request_exception = False
    before = all_rights()
    # when
    response = client.post(URL, {"rolle": rolle, "rettighet": ["view"]})
    # then
    assert response.status_code in (400, 404)
    assert nothing_changed(before)
