"""The GP office API: the book and consultations, allowed and denied (the same 404),
Norwegian 400s, and audit rows."""

from __future__ import annotations

import pytest

from core.audit import AuditEvent
from core.models import AuditLogg, EnhetType
from tests.conftest import actor, api_client
from tests.factories import EnhetFactory, PasientFactory
from tests.tjenester.legekontor.conftest import Kontor

pytestmark = pytest.mark.django_db
BASE = "/api/v1/legekontor"


def _book(kontor: Kontor, time: int = 10) -> dict[str, object]:
    pasient = PasientFactory(fodselsdato=kontor.dag.replace(year=kontor.dag.year - 8))
    response = api_client(kontor.sekretaer).post(
        f"{BASE}/timer/",
        {
            "ressurs": str(kontor.ressurs.pk),
            "pasient": str(pasient.pk),
            "start": kontor.kl(time).isoformat(),
            "aarsak": "Øreverk",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    data: dict[str, object] = response.json()
    return data


def test_the_desk_books_and_the_gp_signs_through_the_api(kontor: Kontor) -> None:
    time = _book(kontor)
    sekretaer = api_client(kontor.sekretaer)
    assert sekretaer.post(f"{BASE}/timer/{time['id']}/ankommet/").json()["status"] == "ankommet"
    dag = sekretaer.get(f"{BASE}/ressurser/{kontor.ressurs.pk}/dag/?dato={kontor.dag}").json()
    assert [t["id"] for t in dag["resultater"]] == [time["id"]]
    lege = api_client(kontor.lege)
    assert [t["id"] for t in lege.get(f"{BASE}/venterom/").json()["resultater"]] == [time["id"]]
    k = lege.post(f"{BASE}/konsultasjoner/", {"timeavtale": time["id"]}, format="json")
    assert k.status_code == 201, k.content
    kid = k.json()["id"]
    lege.post(f"{BASE}/konsultasjoner/{kid}/diagnoser/", {"kode": "T90"}, format="json")
    after = lege.post(f"{BASE}/konsultasjoner/{kid}/takster/", {"kode": "2ad"}, format="json")
    assert after.json()["egenandel"] == "0.00"  # an 8-year-old pays nothing
    assert after.json()["takstlinjer"][0]["verifisert"] is False
    signed = lege.post(
        f"{BASE}/konsultasjoner/{kid}/signer/",
        {"innhold": {"Vurdering": "Otitt."}},
        format="json",
    )
    assert signed.status_code == 200, signed.content
    assert signed.json()["status"] == "signert"
    assert signed.json()["diagnoser"] == ["T90"]
    assert AuditLogg.objects.filter(hendelse=AuditEvent.KONSULTASJON_SIGNED).count() == 1
    assert AuditLogg.objects.filter(hendelse=AuditEvent.TIME_BOOKED).count() == 1


def test_bad_input_is_a_norwegian_400(kontor: Kontor) -> None:
    klient = api_client(kontor.sekretaer)
    fortid = klient.post(
        f"{BASE}/timer/",
        {
            "ressurs": str(kontor.ressurs.pk),
            "pasient": str(PasientFactory().pk),
            "start": kontor.kl(8).isoformat(),
        },
        format="json",
    )
    assert fortid.status_code == 400
    assert "tilbake i tid" in fortid.content.decode()
    time = _book(kontor)
    dobbel = klient.post(
        f"{BASE}/timer/",
        {
            "ressurs": str(kontor.ressurs.pk),
            "pasient": str(PasientFactory().pk),
            "start": kontor.kl(10, 10).isoformat(),
        },
        format="json",
    )
    assert dobbel.status_code == 400
    assert "allerede booket" in dobbel.json()["detail"]
    uten_grunn = klient.post(f"{BASE}/timer/{time['id']}/avlys/", {}, format="json")
    assert uten_grunn.status_code == 400


def test_another_office_gets_the_same_404(kontor: Kontor) -> None:
    time = _book(kontor)
    annet = EnhetFactory(type=EnhetType.LEGEKONTOR, virksomhet=kontor.enhet.virksomhet)
    fremmed_sekr = api_client(actor(annet, "helsesekretaer", username="api-annen-sekr"))
    fremmed_lege = api_client(actor(annet, "lege", username="api-annen-lege"))
    missing = "00000000-0000-4000-8000-000000000000"
    for path in (f"timer/{time['id']}/ankommet/", f"timer/{missing}/ankommet/"):
        assert fremmed_sekr.post(f"{BASE}/{path}").status_code == 404
    assert fremmed_sekr.get(f"{BASE}/ressurser/{kontor.ressurs.pk}/dag/").status_code == 404
    lege = api_client(kontor.lege)
    kid = lege.post(f"{BASE}/konsultasjoner/", {"timeavtale": time["id"]}, format="json").json()[
        "id"
    ]
    assert fremmed_lege.get(f"{BASE}/konsultasjoner/{kid}/").status_code == 404
    assert fremmed_lege.get(f"{BASE}/konsultasjoner/{missing}/").status_code == 404
    assert lege.get(f"{BASE}/konsultasjoner/{kid}/").status_code == 200
    assert fremmed_lege.get(f"{BASE}/konsultasjoner/").json()["resultater"] == []


def test_the_receptionist_cannot_read_consultations(kontor: Kontor) -> None:
    time = _book(kontor)
    kid = (
        api_client(kontor.lege)
        .post(f"{BASE}/konsultasjoner/", {"timeavtale": time["id"]}, format="json")
        .json()["id"]
    )
    sekretaer = api_client(kontor.sekretaer)
    assert sekretaer.get(f"{BASE}/konsultasjoner/{kid}/").status_code == 404
    assert sekretaer.post(f"{BASE}/konsultasjoner/{kid}/takster/", {"kode": "2ad"}).status_code in (
        403,
        404,
    )


def test_anonymous_is_refused(kontor: Kontor) -> None:
    assert api_client(None).get(f"{BASE}/ressurser/").status_code in (401, 403)
