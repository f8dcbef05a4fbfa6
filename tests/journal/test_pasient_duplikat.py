"""Registering a person who is registered already (issue 13 §4): refused, audited as a
look-up outside a care relationship, and the reasoned-access flow offered as in search."""

from __future__ import annotations

import pytest

from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg
from journal.models import Pasient
from tests.conftest import api_client, logged_in

pytestmark = pytest.mark.django_db


def _form(identifikator: str) -> dict[str, str]:
    return {
        "identifikator": identifikator,
        "fornavn": "Ola",
        "etternavn": "Sæther",
        "fodselsdato": "1946-09-28",
        "kjonn": "mann",
        "malform": "nb",
    }


def test_registering_another_units_patient_is_refused_audited_and_offers_access(
    ansatt_annen_enhet: Ansatt, pasient: Pasient
) -> None:
    # when: a nurse of another unit registers a person who is a patient elsewhere
    response = logged_in(ansatt_annen_enhet).post("/pasienter/ny/", _form(pasient.identifikator))
    # then: no duplicate …
    page = response.content.decode()
    assert response.status_code == 400
    assert "finnes allerede" in page
    assert Pasient.objects.filter(identifikator=pasient.identifikator).count() == 1
    # … the look-up is on record, tied to the patient it revealed …
    row = AuditLogg.objects.get(hendelse=AuditEvent.PASIENT_REGISTRATION_MATCHED)
    assert (row.aktor_id, row.pasient_id) == (ansatt_annen_enhet.pk, pasient.pk)
    assert row.ekstra == {"utenfor_behandlingsrelasjon": True}
    # … and the way to ask for access with a reason, prefilled
    assert 'data-testid="be-om-tilgang"' in page
    assert f"/pasienter/tilgang/?identifikator={pasient.identifikator}" in page


def test_the_api_refusal_is_audited_too(ansatt_annen_enhet: Ansatt, pasient: Pasient) -> None:
    # when
    response = api_client(ansatt_annen_enhet).post(
        "/api/v1/pasienter/", _form(pasient.identifikator), format="json"
    )
    # then
    assert response.status_code == 400
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.PASIENT_REGISTRATION_MATCHED, pasient_id=pasient.pk
    ).exists()
