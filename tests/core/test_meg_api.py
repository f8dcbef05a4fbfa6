"""GET /api/v1/meg/ and the unit choice of API clients with several units (X-Enhet)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.hashers import make_password
from rest_framework.test import APIClient

from core.models import Ansatt, Enhet, EnhetType, Rolle
from tests.conftest import actor, api_client
from tests.factories import EnhetFactory, PasientFactory, TilknytningFactory

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[2] / "README.md"


def _two_unit_nurse(username: str = "spl_to") -> tuple[Ansatt, Enhet, Enhet]:
    sone = EnhetFactory(navn="Hjemmetjenesten sone nord", type=EnhetType.HJEMMETJENESTE_SONE)
    avdeling = EnhetFactory(navn="Sykehjemmet avdeling 1", type=EnhetType.SYKEHJEMSAVDELING)
    nurse = actor(sone, "sykepleier", username=username, first_name="Siri", last_name="Sykepleier")
    TilknytningFactory(enhet=avdeling, rolle=Rolle.objects.get(kode="sykepleier"), ansatt=nurse)
    return nurse, sone, avdeling


def test_meg_lists_every_unit_with_role_and_rights() -> None:
    # given
    nurse, sone, avdeling = _two_unit_nurse()
    client = APIClient()
    client.force_authenticate(user=nurse)

    # when
    response = client.get("/api/v1/meg/")

    # then
    assert response.status_code == 200
    body = response.json()
    assert body["brukernavn"] == "spl_to"
    assert body["navn"] == "Siri Sykepleier"
    assert body["hpr_nummer"] == nurse.hpr_nummer
    assert body["helsepersonellkategori"] == "SP"
    assert body["aktiv_enhet"] is None
    assert [e["id"] for e in body["enheter"]] == [str(sone.pk), str(avdeling.pk)]
    first = body["enheter"][0]
    assert first["navn"] == "Hjemmetjenesten sone nord"
    assert first["type"] == EnhetType.HJEMMETJENESTE_SONE
    assert first["rolle"] == {"kode": "sykepleier", "navn": "Sykepleier"}
    assert "view" in first["rettigheter"]


def test_meg_names_the_acting_unit_of_the_request() -> None:
    # given
    nurse, _sone, avdeling = _two_unit_nurse()
    client = APIClient()
    client.force_authenticate(user=nurse)

    # when
    response = client.get("/api/v1/meg/", HTTP_X_ENHET=str(avdeling.pk))

    # then
    assert response.json()["aktiv_enhet"] == str(avdeling.pk)


def test_several_units_without_x_enhet_is_a_norwegian_400_listing_the_units() -> None:
    # given
    nurse, sone, avdeling = _two_unit_nurse()
    client = APIClient()
    client.force_authenticate(user=nurse)

    # when
    response = client.get("/api/v1/pasienter/", {"sok": "ha"})

    # then
    assert response.status_code == 400
    body = response.json()
    assert "Du har flere enheter" in body["detail"]
    assert "X-Enhet" in body["detail"]
    assert "Rollen din" not in body["detail"]
    assert body["enheter"] == [
        {"id": str(sone.pk), "navn": sone.navn},
        {"id": str(avdeling.pk), "navn": avdeling.navn},
    ]


def test_an_x_enhet_that_is_not_yours_is_a_400_listing_your_units() -> None:
    # given
    nurse, sone, _avdeling = _two_unit_nurse()
    fremmed = EnhetFactory(navn="Et annet sted")
    client = APIClient()
    client.force_authenticate(user=nurse)

    # when
    response = client.get("/api/v1/pasienter/", {"sok": "ha"}, HTTP_X_ENHET=str(fremmed.pk))

    # then
    assert response.status_code == 400
    assert "ikke en av enhetene dine" in response.json()["detail"]
    assert str(sone.pk) in response.json()["detail"]


def test_with_x_enhet_the_two_unit_nurse_searches_her_unit() -> None:
    # given
    nurse, enhet, _avdeling = _two_unit_nurse()
    PasientFactory(fornavn="Hans", etternavn="Hansen", relasjon_til=enhet)
    client = APIClient()
    client.force_authenticate(user=nurse)

    # when
    response = client.get("/api/v1/pasienter/", {"sok": "hansen"}, HTTP_X_ENHET=str(enhet.pk))

    # then
    assert response.status_code == 200
    assert [p["etternavn"] for p in response.json()["resultater"]] == ["Hansen"]


def test_a_single_unit_needs_no_x_enhet(lege_med_relasjon: Ansatt, pasient: object) -> None:
    # when
    response = api_client(lege_med_relasjon).get("/api/v1/pasienter/", {"sok": "østby"})

    # then
    assert response.status_code == 200
    assert len(response.json()["resultater"]) == 1


def _readme_api_block() -> str:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Prøv API-et") :]
    match = re.search(r"```bash\n(.*?)```", section, flags=re.S)
    assert match is not None, "README har ingen bash-blokk under «Prøv API-et»"
    return match.group(1)


@pytest.mark.django_db(transaction=True)
def test_readme_curl_examples_work_as_written_for_sykepleier(live_server: object) -> None:
    # given: the demo nurse in two units, a patient called Hansen in her first unit
    nurse, sone, _avdeling = _two_unit_nurse(username="sykepleier")
    nurse.password = make_password("demo", hasher="md5")
    nurse.save(update_fields=["password"])
    PasientFactory(fornavn="Hans", etternavn="Hansen", relasjon_til=sone)
    script = _readme_api_block()
    assert "API=http://127.0.0.1:8000/api/v1" in script
    script = script.replace("http://127.0.0.1:8000", str(live_server.url))  # type: ignore[attr-defined]

    # when: the README's lines, as written, in bash
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    # then: /meg/ lists both units, and the search as her first unit finds Hansen
    assert result.returncode == 0, result.stderr
    outputs = [json.loads(line) for line in result.stdout.replace("}{", "}\n{").splitlines()]
    meg, sok = outputs[0], outputs[-1]
    assert len(meg["enheter"]) == 2
    assert [p["etternavn"] for p in sok["resultater"]] == ["Hansen"]
