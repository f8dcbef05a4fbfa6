"""/api/v1/kartleggingsskjema/ and /api/v1/pasienter/<id>/kartlegginger/: forms in use,
create (draft or completed), list, detail with labels, draft save, complete, feilregistrer;
Norwegian 400s per item, 403 without the right, the same 404 to strangers."""

from __future__ import annotations

import uuid

import pytest

from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg, Enhet
from journal.models import Kartlegging, KartleggingStatus, Pasient
from journal.seeds import skjema_load_all
from tests.conftest import api_client
from tests.factories import IPLOS_SVAR, KartleggingFactory

pytestmark = pytest.mark.django_db

BARTHEL_60 = {
    "avforing": 10,
    "vannlating": 5,
    "personlig_stell": 0,
    "toalettbesok": 5,
    "spising": 10,
    "forflytning": 10,
    "mobilitet": 10,
    "paakledning": 5,
    "trapper": 0,
    "bading": 5,
}


@pytest.fixture(autouse=True)
def _skjemaer(db: None) -> None:
    skjema_load_all()


def url(pasient_id: object) -> str:
    return f"/api/v1/pasienter/{pasient_id}/kartlegginger/"


def test_forms_in_use_are_listed_with_their_definitions(kollega_samme_enhet: Ansatt) -> None:
    # when
    response = api_client(kollega_samme_enhet).get("/api/v1/kartleggingsskjema/")
    # then
    assert response.status_code == 200
    forms = {f["kode"]: f for f in response.json()}
    assert set(forms) == {"iplos", "barthel"}
    assert len(forms["iplos"]["definisjon"]["elementer"]) == 17
    assert forms["barthel"]["definisjon"]["poengregel"] == {"type": "sum", "min": 0, "maks": 100}
    assert api_client(None).get("/api/v1/kartleggingsskjema/").status_code in (401, 403)


def test_post_completes_a_barthel_and_returns_the_total_and_labels(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # when
    response = api_client(lege_med_relasjon).post(
        url(pasient.pk), {"skjema": "barthel", "svar": BARTHEL_60, "fullfor": True}, format="json"
    )
    # then
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["total"], body["total_maks"]) == ("fullfort", 60, 100)
    assert body["utfort_av"] == "Lise Lege"
    assert body["rader"][5] == {
        "kode": "forflytning",
        "nummer": 6,
        "tekst": "Forflytning",
        "verdi": 10,
        "svartekst": "Litt hjelp (verbal eller fysisk)",
        "poeng": 10,
    }
    row = AuditLogg.objects.get(hendelse=AuditEvent.KARTLEGGING_COMPLETED)
    assert (row.kanal, row.objekt_id) == ("api", body["id"])


def test_draft_then_put_then_fullfoer(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # given
    client = api_client(lege_med_relasjon)
    created = client.post(url(pasient.pk), {"skjema": "iplos", "svar": {"spise": 2}}, format="json")
    assert created.status_code == 201
    detail = f"{url(pasient.pk)}{created.json()['id']}/"
    # when
    missing = client.post(f"{detail}fullfor/", {}, format="json")
    saved = client.put(
        detail, {"svar": IPLOS_SVAR, "kommentar": "Etter hjemmebesøk"}, format="json"
    )
    done = client.post(f"{detail}fullfor/", {}, format="json")
    again = client.put(detail, {"svar": IPLOS_SVAR}, format="json")
    # then
    assert missing.status_code == 400
    assert missing.json()["toalett"] == ["11 Toalett: velg et svar."]
    assert saved.status_code == 200
    assert saved.json()["status"] == "utkast"
    assert done.status_code == 200
    assert (done.json()["status"], done.json()["total"], done.json()["kommentar"]) == (
        "fullfort",
        None,
        "Etter hjemmebesøk",
    )
    assert again.status_code == 400
    assert again.json() == {
        "detail": "Kartleggingen er fullført og kan ikke endres. Lag en ny kartlegging."
    }


def test_wrong_values_give_norwegian_messages_per_item(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # when
    response = api_client(lege_med_relasjon).post(
        url(pasient.pk),
        {"skjema": "iplos", "svar": {**IPLOS_SVAR, "syn": 9, "gange": 1}, "fullfor": True},
        format="json",
    )
    # then
    assert response.status_code == 400
    assert response.json() == {
        "syn": ["13 Syn: «9» er ikke et gyldig svar. Velg en av 1, 2, 3, 4, 5."],
        "gange": ["Skjemaet har ikke noe element «gange»."],
    }
    assert not Kartlegging.objects.exists()


def test_list_newest_first_filtered_by_form_and_audited(
    kollega_samme_enhet: Ansatt, enhet: Enhet, pasient: Pasient
) -> None:
    # given
    KartleggingFactory(pasient=pasient, enhet=enhet)
    # when
    response = api_client(kollega_samme_enhet).get(url(pasient.pk), {"skjema": "iplos"})
    none = api_client(kollega_samme_enhet).get(url(pasient.pk), {"skjema": "barthel"})
    # then
    assert response.status_code == 200
    [item] = response.json()["resultater"]
    assert (item["skjema"], item["skjema_versjon"], item["svar"]) == ("iplos", 1, IPLOS_SVAR)
    assert none.json()["resultater"] == []
    assert (
        AuditLogg.objects.filter(
            hendelse=AuditEvent.KARTLEGGING_LISTED, kanal="api", pasient_id=pasient.pk
        ).count()
        == 2
    )


def test_feilregistrer_over_the_api(
    lege_med_relasjon: Ansatt, enhet: Enhet, pasient: Pasient
) -> None:
    # given
    kartlegging = KartleggingFactory(pasient=pasient, enhet=enhet)
    path = f"{url(pasient.pk)}{kartlegging.pk}/feilregistrer/"
    client = api_client(lege_med_relasjon)
    # when
    empty = client.post(path, {}, format="json")
    done = client.post(path, {"grunn": "Feil pasient"}, format="json")
    # then
    assert empty.status_code == 400
    assert empty.json() == {"grunn": ["Skriv hvorfor kartleggingen er feilregistrert."]}
    assert done.status_code == 200
    assert (done.json()["status"], done.json()["feilregistrert_grunn"]) == (
        "feilregistrert",
        "Feil pasient",
    )


def test_the_right_to_assess_is_needed_to_write(
    kollega_samme_enhet: Ansatt, admin_uten_pasienttilgang: Ansatt, pasient: Pasient
) -> None:
    # when / then
    for ansatt in (kollega_samme_enhet, admin_uten_pasienttilgang):
        response = api_client(ansatt).post(
            url(pasient.pk), {"skjema": "iplos", "svar": IPLOS_SVAR, "fullfor": True}, format="json"
        )
        assert response.status_code == 403
    assert not Kartlegging.objects.exists()


def test_strangers_and_admins_get_the_same_404_as_for_missing(
    ansatt_annen_enhet: Ansatt, admin_uten_pasienttilgang: Ansatt, enhet: Enhet, pasient: Pasient
) -> None:
    # given
    kartlegging = KartleggingFactory(pasient=pasient, enhet=enhet)
    client = api_client(ansatt_annen_enhet)
    missing = client.get(f"{url(uuid.uuid4())}{uuid.uuid4()}/")
    # when / then
    for response in (
        client.get(url(pasient.pk)),
        client.get(f"{url(pasient.pk)}{kartlegging.pk}/"),
        client.post(url(pasient.pk), {"skjema": "iplos", "svar": IPLOS_SVAR}, format="json"),
        client.post(f"{url(pasient.pk)}{kartlegging.pk}/fullfor/", {}, format="json"),
        client.post(
            f"{url(pasient.pk)}{kartlegging.pk}/feilregistrer/", {"grunn": "x"}, format="json"
        ),
        api_client(admin_uten_pasienttilgang).get(f"{url(pasient.pk)}{kartlegging.pk}/"),
    ):
        assert response.status_code == 404
        assert response.content == missing.content
    kartlegging.refresh_from_db()
    assert kartlegging.status == KartleggingStatus.FULLFORT
