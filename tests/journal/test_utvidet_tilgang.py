"""Reasoned access and break-the-glass (akuttilgang) outside a care relationship."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError

from core.audit import AuditEvent
from core.exceptions import ApplicationError, NotFound
from core.klokke import naa
from core.models import Ansatt, AuditLogg, Enhet
from journal.access import AccessDenied
from journal.models import Pasient, SperringMal, Tilgangsgrunn, TilgangType, UtvidetTilgang
from journal.selectors import pasient_get
from journal.services import utvidet_tilgang_open
from tests.acting import acting_as
from tests.conftest import actor, api_client, logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def fremmed(annen_enhet: Enhet) -> Ansatt:
    """A nurse in another district: no relationship with `pasient`."""
    return actor(annen_enhet, "sykepleier", username="spl-sor", last_name="Sørby")


def _open(ansatt: Ansatt, pasient: Pasient, **kwargs: object) -> UtvidetTilgang:
    with acting_as(ansatt):
        return utvidet_tilgang_open(actor=ansatt, identifikator=pasient.identifikator, **kwargs)  # type: ignore[arg-type]


def test_emergency_access_opens_the_record_for_four_hours_and_is_audited(
    fremmed: Ansatt, pasient: Pasient
) -> None:
    # given
    with acting_as(fremmed), pytest.raises(NotFound):
        pasient_get(actor=fremmed, pasient_id=pasient.pk)
    # when
    tilgang = _open(
        fremmed,
        pasient,
        type=TilgangType.AKUTT,
        begrunnelse="Ringt inn som vikar, pasienten har falt",
    )
    with acting_as(fremmed):
        visning = pasient_get(actor=fremmed, pasient_id=pasient.pk)
    # then
    assert visning.tilgang.kode == "akutt"
    remaining = tilgang.gyldig_til - naa()
    assert dt.timedelta(hours=3, minutes=59) < remaining <= dt.timedelta(hours=4)
    opened = AuditLogg.objects.get(hendelse=AuditEvent.UTVIDET_TILGANG_OPENED)
    assert (opened.grunnlag, opened.begrunnelse) == (
        "akutt",
        "Ringt inn som vikar, pasienten har falt",
    )
    read = AuditLogg.objects.get(hendelse=AuditEvent.PASIENT_READ)
    assert (read.grunnlag, read.pasient_id) == ("akutt", pasient.pk)


def test_expired_access_no_longer_opens(fremmed: Ansatt, pasient: Pasient) -> None:
    # given
    tilgang = _open(fremmed, pasient, type=TilgangType.AKUTT, begrunnelse="Akutt forverring")
    UtvidetTilgang.objects.filter(pk=tilgang.pk).update(
        gyldig_fra=naa() - dt.timedelta(hours=5),
        gyldig_til=naa() - dt.timedelta(hours=1),
    )
    # when / then
    with acting_as(fremmed), pytest.raises(NotFound):
        pasient_get(actor=fremmed, pasient_id=pasient.pk)


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"type": TilgangType.AKUTT, "begrunnelse": ""}, "begrunnelse", "krever en begrunnelse"),
        ({"type": TilgangType.AKUTT, "begrunnelse": "x" * 501}, "begrunnelse", "høyst 500 tegn"),
        ({"type": TilgangType.BESLUTNINGSSTYRT}, "grunn", "Velg en grunn"),
        ({"type": "noe-annet", "begrunnelse": "abcdef"}, "type", "Velg tilgang"),
    ],
)
def test_bad_requests_are_refused_and_nothing_opens(
    fremmed: Ansatt, pasient: Pasient, kwargs: dict[str, object], field: str, message: str
) -> None:
    # when
    with pytest.raises(ValidationError) as error:
        _open(fremmed, pasient, **kwargs)
    # then
    assert message in " ".join(error.value.message_dict[field])
    assert not UtvidetTilgang.objects.exists()
    assert not AuditLogg.objects.filter(hendelse=AuditEvent.UTVIDET_TILGANG_OPENED).exists()


def test_reasoned_access_with_a_configured_reason(fremmed: Ansatt, pasient: Pasient) -> None:
    # given
    grunn = Tilgangsgrunn.objects.filter(aktiv=True).first()
    assert grunn is not None
    # when
    _open(fremmed, pasient, type=TilgangType.BESLUTNINGSSTYRT, grunn_id=grunn.pk)
    with acting_as(fremmed):
        visning = pasient_get(actor=fremmed, pasient_id=pasient.pk)
    # then
    assert visning.tilgang.kode == "beslutningsstyrt"
    assert visning.tilgang.begrunnelse == grunn.tekst


def test_unknown_identifier_and_role_without_the_right(
    fremmed: Ansatt, admin_uten_pasienttilgang: Ansatt, pasient: Pasient
) -> None:
    # when / then
    with acting_as(fremmed), pytest.raises(NotFound, match="Fant ingen pasient"):
        utvidet_tilgang_open(
            actor=fremmed,
            identifikator="10915596784",
            type=TilgangType.AKUTT,
            begrunnelse="Akutt hjelp",
        )
    with pytest.raises(AccessDenied):
        _open(admin_uten_pasienttilgang, pasient, type=TilgangType.AKUTT, begrunnelse="Akutt hjelp")


def test_block_stops_reasoned_access_but_emergency_overrides_and_is_flagged(
    fremmed: Ansatt, pasient: Pasient, annen_enhet: Enhet
) -> None:
    # given: the patient has blocked the other district
    from journal.models import Sperring

    Sperring.objects.create(pasient=pasient, mal=SperringMal.ENHET, enhet=annen_enhet)
    grunn = Tilgangsgrunn.objects.first()
    assert grunn is not None
    # when
    with pytest.raises(ApplicationError, match="sperret"):
        _open(fremmed, pasient, type=TilgangType.BESLUTNINGSSTYRT, grunn_id=grunn.pk)
    _open(fremmed, pasient, type=TilgangType.AKUTT, begrunnelse="Hjertestans, må se CAVE")
    with acting_as(fremmed):
        visning = pasient_get(actor=fremmed, pasient_id=pasient.pk)
    # then
    assert visning.tilgang.sperring_overstyrt
    opened = AuditLogg.objects.get(hendelse=AuditEvent.UTVIDET_TILGANG_OPENED)
    assert opened.ekstra["sperring_overstyrt"] is True
    read = AuditLogg.objects.get(hendelse=AuditEvent.PASIENT_READ)
    assert read.ekstra == {"sperring_overstyrt": True}


def test_web_form_and_banner(fremmed: Ansatt, pasient: Pasient) -> None:
    # given
    client = logged_in(fremmed)
    # when
    refused = client.post(
        "/pasienter/tilgang/",
        {"identifikator": pasient.identifikator, "type": "akutt", "begrunnelse": ""},
    )
    opened = client.post(
        "/pasienter/tilgang/",
        {
            "identifikator": pasient.identifikator,
            "type": "akutt",
            "begrunnelse": "Pasienten har falt",
        },
    )
    page = client.get(opened["Location"])
    # then
    assert refused.status_code == 400
    assert "Akuttilgang krever en begrunnelse" in refused.content.decode()
    assert opened["Location"] == f"/pasienter/{pasient.pk}/"
    html = page.content.decode()
    assert "banner-akutt" in html
    assert "Pasienten har falt" in html


def test_search_offers_access_request_for_an_unknown_identifier(
    fremmed: Ansatt, pasient: Pasient
) -> None:
    # when
    page = logged_in(fremmed).get("/pasienter/", {"sok": pasient.identifikator})
    # then
    html = page.content.decode()
    assert pasient.fullt_navn not in html
    assert f"/pasienter/tilgang/?identifikator={pasient.identifikator}" in html


def test_api_akuttilgang(fremmed: Ansatt, pasient: Pasient) -> None:
    # given
    client = api_client(fremmed)
    url = f"/api/v1/pasienter/{pasient.pk}/akuttilgang/"
    # when
    before = client.get(f"/api/v1/pasienter/{pasient.pk}/")
    missing_reason = client.post(url, {"type": "akutt"}, format="json")
    too_long = client.post(url, {"type": "akutt", "begrunnelse": "x" * 501}, format="json")
    unknown = client.post(
        f"/api/v1/pasienter/{uuid.uuid4()}/akuttilgang/",
        {"type": "akutt", "begrunnelse": "Akutt"},
        format="json",
    )
    created = client.post(url, {"type": "akutt", "begrunnelse": "Akutt innleggelse"}, format="json")
    after = client.get(f"/api/v1/pasienter/{pasient.pk}/")
    # then
    assert before.status_code == 404
    assert missing_reason.status_code == 400
    assert "begrunnelse" in missing_reason.json()
    assert too_long.status_code == 400
    assert unknown.status_code == 404
    assert created.status_code == 201
    assert created.json()["type"] == "akutt"
    assert after.status_code == 200
    assert after.json()["tilgang"]["grunnlag"] == "akutt"


def test_unknown_identifier_is_refused_but_logged(fremmed: Ansatt) -> None:
    # when
    with acting_as(fremmed), pytest.raises(NotFound):
        utvidet_tilgang_open(
            actor=fremmed,
            identifikator="28894698995",
            type=TilgangType.AKUTT,
            begrunnelse="Prøver et nummer",
        )
    # then: nobody can probe whether a person is a patient without leaving a trace
    row = AuditLogg.objects.get(hendelse=AuditEvent.UTVIDET_TILGANG_REFUSED)
    assert row.aktor_id == fremmed.pk
    assert row.ekstra["identifikator"] == "28894698995"
    assert not UtvidetTilgang.objects.exists()
