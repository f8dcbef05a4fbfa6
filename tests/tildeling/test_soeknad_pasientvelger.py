"""The application form's patient picker: the patient search as you type, within access,
with a way on for a fødselsnummer the office does not know yet (issue 14: the case officer
had to type the full fødselsnummer)."""

from __future__ import annotations

import pytest

from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg, Enhet
from journal.models import Pasient
from tests.acting import acting_as
from tests.conftest import logged_in
from tests.factories import PasientFactory
from tildeling.models import Tjenestetype

from .conftest import sak_new

pytestmark = pytest.mark.django_db


@pytest.fixture
def kjent(saksbehandler: Ansatt, kontor: Enhet, katalog: dict[str, Tjenestetype]) -> Pasient:
    """A patient the office knows (an earlier application gave it the relationship)."""
    pasient = PasientFactory(fornavn="Gunnhild", etternavn="Kjentmann")
    with acting_as(saksbehandler, kontor):
        sak_new(saksbehandler, pasient, katalog["15"])
    return pasient


def test_the_form_offers_search_as_you_type(saksbehandler: Ansatt) -> None:
    html = logged_in(saksbehandler).get("/tildeling/soknad/ny/").content.decode()
    assert 'hx-get="/tildeling/soknad/pasient/"' in html
    assert '<label for="pasient-sok">' in html


def test_a_known_patient_is_found_by_name_and_can_be_chosen(
    saksbehandler: Ansatt, kjent: Pasient
) -> None:
    # when
    response = logged_in(saksbehandler).get(
        "/tildeling/soknad/pasient/", {"sok": "kjentm"}, HTTP_HX_REQUEST="true"
    )
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-velg-identifikator="{kjent.identifikator}"' in html
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.PASIENT_SEARCHED, aktor_id=saksbehandler.pk
    ).exists()


def test_a_patient_the_office_does_not_know_is_not_listed_by_name(
    saksbehandler: Ansatt, soker: Pasient
) -> None:
    # when
    by_name = logged_in(saksbehandler).get("/tildeling/soknad/pasient/", {"sok": soker.etternavn})
    by_fnr = logged_in(saksbehandler).get(
        "/tildeling/soknad/pasient/", {"sok": soker.identifikator}
    )
    # then: never listed; a full fødselsnummer may still be used for the application
    assert soker.fornavn not in by_name.content.decode()
    html = by_fnr.content.decode()
    assert 'data-testid="pasientvelger-ukjent"' in html
    assert f'data-velg-identifikator="{soker.identifikator}"' in html
    assert soker.fornavn not in html
