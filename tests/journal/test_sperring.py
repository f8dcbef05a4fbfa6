"""Blocking (sperring) on the patient's request: whole record, or single entries."""

from __future__ import annotations

import pytest

from core.audit import AuditEvent
from core.exceptions import NotFound
from core.models import Ansatt, AuditLogg, Enhet
from journal.models import Paaroerende, Pasient, SperringMal
from journal.selectors import pasient_get, pasient_search
from journal.services import sperring_create, sperring_lift
from tests.acting import acting_as
from tests.conftest import actor, api_client, logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def saksbehandler(enhet: Enhet) -> Ansatt:
    """Registers blocks on the patient's request (has manage_blocking)."""
    return actor(enhet, "saksbehandler", username="saksb1", helsepersonellkategori="")


def _block(by: Ansatt, pasient: Pasient, **kwargs: object) -> None:
    with acting_as(by):
        sperring_create(actor=by, pasient_id=pasient.pk, **kwargs)  # type: ignore[arg-type]


def _visible(ansatt: Ansatt, pasient: Pasient) -> bool:
    with acting_as(ansatt):
        try:
            pasient_get(actor=ansatt, pasient_id=pasient.pk)
        except NotFound:
            return False
        listed = pasient_search(actor=ansatt, sok=pasient.identifikator).side.items
    assert list(listed) == [pasient]
    return True


@pytest.mark.parametrize("mal", [SperringMal.ANSATT, SperringMal.ENHET, SperringMal.VIRKSOMHET])
def test_blocked_person_unit_or_organisation_sees_nothing(
    mal: str, saksbehandler: Ansatt, lege_med_relasjon: Ansatt, enhet: Enhet, pasient: Pasient
) -> None:
    # given
    assert _visible(lege_med_relasjon, pasient)
    target = {
        SperringMal.ANSATT: {"ansatt_id": lege_med_relasjon.pk},
        SperringMal.ENHET: {"enhet_id": enhet.pk},
        SperringMal.VIRKSOMHET: {"virksomhet_id": enhet.virksomhet_id},
    }[SperringMal(mal)]
    # when
    _block(saksbehandler, pasient, mal=mal, begrunnelse="Pasientens ønske", **target)
    # then
    assert not _visible(lege_med_relasjon, pasient)
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.SPERRING_CREATED, pasient_id=pasient.pk
    ).exists()


def test_block_of_one_person_leaves_colleagues_and_lifting_restores(
    saksbehandler: Ansatt, lege_med_relasjon: Ansatt, kollega_samme_enhet: Ansatt, pasient: Pasient
) -> None:
    # given
    _block(saksbehandler, pasient, mal=SperringMal.ANSATT, ansatt_id=lege_med_relasjon.pk)
    sperring = pasient.sperringer.get()
    # when / then
    assert not _visible(lege_med_relasjon, pasient)
    assert _visible(kollega_samme_enhet, pasient)
    with acting_as(saksbehandler):
        sperring_lift(actor=saksbehandler, sperring_id=sperring.pk)
    assert _visible(lege_med_relasjon, pasient)


def test_blocked_entry_is_shown_as_sperret_without_content(
    saksbehandler: Ansatt, lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    skjult = Paaroerende.objects.create(
        pasient=pasient, navn="Hemmelig Hansen", relasjon="bror", telefon="99999999"
    )
    Paaroerende.objects.create(pasient=pasient, navn="Synlig Svendsen", relasjon="datter")
    _block(
        saksbehandler,
        pasient,
        mal=SperringMal.ENHET,
        enhet_id=enhet.pk,
        objekt_type="journal.Paaroerende",
        objekt_id=str(skjult.pk),
    )
    # when
    html = logged_in(lege_med_relasjon).get(f"/pasienter/{pasient.pk}/").content.decode()
    api = api_client(lege_med_relasjon).get(f"/api/v1/pasienter/{pasient.pk}/").json()
    # then: the record is open, the blocked entry's content is not
    assert "Synlig Svendsen" in html
    assert "Sperret oppføring" in html
    assert "Hemmelig Hansen" not in html
    assert "99999999" not in html
    assert {"sperret": True} in api["paarorende"]
    assert "Hemmelig Hansen" not in str(api)


def test_only_blocking_rights_may_register_and_target_is_required(
    lege_med_relasjon: Ansatt, saksbehandler: Ansatt, pasient: Pasient
) -> None:
    # when / then
    from django.core.exceptions import ValidationError

    from journal.access import AccessDenied

    with pytest.raises(AccessDenied):
        _block(lege_med_relasjon, pasient, mal=SperringMal.ANSATT, ansatt_id=lege_med_relasjon.pk)
    with pytest.raises(ValidationError):
        _block(saksbehandler, pasient, mal=SperringMal.ENHET)
    assert not pasient.sperringer.exists()


def test_register_and_lift_a_block_in_the_web_page(
    saksbehandler: Ansatt, lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given: the case officer's unit has the relationship too
    client = logged_in(saksbehandler)
    page = f"/pasienter/{pasient.pk}/sperringer/"
    # when
    missing_target = client.post(page, {"handling": "ny", "mal": "ansatt"})
    created = client.post(
        page,
        {
            "handling": "ny",
            "mal": "ansatt",
            "ansatt": str(lege_med_relasjon.pk),
            "begrunnelse": "Nabo",
        },
    )
    blocked = logged_in(lege_med_relasjon).get(f"/pasienter/{pasient.pk}/")
    sperring = pasient.sperringer.get()
    client.post(page, {"handling": "opphev", "sperring": str(sperring.pk)})
    reopened = logged_in(lege_med_relasjon).get(f"/pasienter/{pasient.pk}/")
    # then
    assert missing_target.status_code == 400
    assert "Velg hvem sperringen gjelder" in missing_target.content.decode()
    assert created.status_code == 302
    assert blocked.status_code == 404
    assert reopened.status_code == 200
