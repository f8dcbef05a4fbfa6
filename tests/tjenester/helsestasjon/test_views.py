"""The health-station pages: worklist, the child, a consultation, a dose, a refusal."""

from __future__ import annotations

import pytest

from core.klokke import idag
from core.models import Ansatt, Enhet
from journal.models import Pasient
from tests.conftest import logged_in
from tests.factories import PasientFactory
from tjenester.helsestasjon.models import (
    Foresatt,
    Innskrivning,
    Konsultasjon,
    Programpunkt,
    Vaksinasjon,
    Vaksinedose,
)

pytestmark = pytest.mark.django_db


def test_worklist_page_lists_the_child(helsesykepleier: Ansatt, ettaaring: Pasient) -> None:
    response = logged_in(helsesykepleier).get("/helsestasjon/arbeidsliste/")
    assert response.status_code == 200
    html = response.content.decode()
    assert ettaaring.fullt_navn in html
    assert 'data-testid="arbeidsliste-rad"' in html
    assert 'href="/helsestasjon/arbeidsliste/"' in html  # the menu offers the health station


def test_child_page_allowed_and_denied(
    helsesykepleier: Ansatt, fremmed: Ansatt, ettaaring: Pasient
) -> None:
    assert logged_in(helsesykepleier).get(f"/helsestasjon/barn/{ettaaring.pk}/").status_code == 200
    assert logged_in(fremmed).get(f"/helsestasjon/barn/{ettaaring.pk}/").status_code == 404


def test_take_the_12_month_consultation(helsesykepleier: Ansatt, ettaaring: Pasient) -> None:
    punkt = Programpunkt.objects.get(kode="12-mnd")
    url = f"/helsestasjon/barn/{ettaaring.pk}/konsultasjon/{punkt.pk}/"
    client = logged_in(helsesykepleier)
    form = client.get(url)
    assert "Hørsel, blikkontakt og språkutvikling" in form.content.decode()  # the template
    response = client.post(url, {"status": "utfort", "notat": "Går langs møbler. Sier mamma."})
    assert response.status_code == 302
    assert Konsultasjon.objects.get(pasient=ettaaring).programpunkt == punkt


def test_a_dose_without_batch_comes_back_with_the_message(
    helsesykepleier: Ansatt, ettaaring: Pasient
) -> None:
    dose = Vaksinedose.objects.get(kode="pkv-3")
    url = f"/helsestasjon/barn/{ettaaring.pk}/vaksine/{dose.pk}/"
    response = logged_in(helsesykepleier).post(
        url, {"preparat": "Prevenar 13", "batch": "", "sted": "laar_v"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Batchnummer må fylles ut." in html
    assert 'value="Prevenar 13"' in html
    assert not Vaksinasjon.objects.exists()


def test_record_a_refusal(helsesykepleier: Ansatt, ettaaring: Pasient, mor: Foresatt) -> None:
    dose = Vaksinedose.objects.get(kode="mmr-1")
    url = f"/helsestasjon/barn/{ettaaring.pk}/vaksine/{dose.pk}/reservasjon/"
    response = logged_in(helsesykepleier).post(url, {"foresatt": str(mor.pk)})
    assert response.status_code == 302
    assert Vaksinasjon.objects.get(pasient=ettaaring).status == "reservert"


def test_enrol_by_fødselsnummer_unknown_is_a_field_message(helsesykepleier: Ansatt) -> None:
    response = logged_in(helsesykepleier).post(
        "/helsestasjon/innskriv/", {"identifikator": "01018012345", "grunn": "fodsel"}
    )
    assert response.status_code == 400
    assert "Fant ingen pasient du har tilgang til" in response.content.decode()


def test_invitation_text(helsesykepleier: Ansatt, ettaaring: Pasient, mor: Foresatt) -> None:
    punkt = Programpunkt.objects.get(kode="12-mnd")
    response = logged_in(helsesykepleier).get(
        f"/helsestasjon/barn/{ettaaring.pk}/innkalling/{punkt.pk}/"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "12 måneder" in html
    assert "Mona Mor" in html


def test_register_a_parent_with_a_bad_fødselsnummer_then_a_good_one(
    helsesykepleier: Ansatt, ettaaring: Pasient
) -> None:
    url = f"/helsestasjon/barn/{ettaaring.pk}/foresatt/"
    client = logged_in(helsesykepleier)
    data = {"navn": "Per Far", "relasjon": "Far", "foreldreansvar": "felles"}
    bad = client.post(url, {**data, "identifikator": "12345678901"})
    assert bad.status_code == 400
    assert 'value="Per Far"' in bad.content.decode()
    assert client.post(url, data).status_code == 302
    assert Foresatt.objects.get(pasient=ettaaring).navn == "Per Far"


def test_transfer_to_another_station(
    helsesykepleier: Ansatt, fremmed: Ansatt, ettaaring: Pasient, annen_stasjon: Enhet
) -> None:
    url = f"/helsestasjon/barn/{ettaaring.pk}/overfor/"
    client = logged_in(helsesykepleier)
    assert "Helsestasjonen i Hamar" in client.get(url).content.decode()
    assert client.post(url, {"til_enhet": ""}).status_code == 400
    assert client.post(url, {"til_enhet": str(annen_stasjon.pk)}).status_code == 302
    # the station no longer sees the child; the receiving one does, with the history
    assert client.get(f"/helsestasjon/barn/{ettaaring.pk}/").status_code == 404
    page = logged_in(fremmed).get(f"/helsestasjon/barn/{ettaaring.pk}/").content.decode()
    assert "Helsestasjonen i Kongsvinger" in page
    assert "overført til" in page


def test_enrol_a_registered_child(helsesykepleier: Ansatt, stasjon: Enhet) -> None:
    barn = PasientFactory(fodselsdato=idag(), relasjon_til=stasjon)
    response = logged_in(helsesykepleier).post(
        "/helsestasjon/innskriv/", {"identifikator": barn.identifikator, "grunn": "fodsel"}
    )
    assert response.status_code == 302
    assert Innskrivning.objects.get(pasient=barn).ansvarlig == helsesykepleier
