"""Care relationships are opened and closed only through journal services; history stays."""

from __future__ import annotations

import pytest

from core.audit import AuditEvent
from core.exceptions import ApplicationError
from core.models import Ansatt, AuditLogg, Enhet
from journal.access import AccessDenied
from journal.models import Behandlingsrelasjon, RelasjonGrunnlag
from journal.services import behandlingsrelasjon_close, behandlingsrelasjon_open
from tests.acting import acting_as
from tests.conftest import actor, logged_in
from tests.factories import PasientFactory

pytestmark = pytest.mark.django_db


def test_open_close_keeps_history_and_controls_access(
    lege_med_relasjon: Ansatt, enhet: Enhet
) -> None:
    # given
    pasient = PasientFactory()
    client = logged_in(lege_med_relasjon)
    assert client.get(f"/pasienter/{pasient.pk}/").status_code == 404
    # when
    with acting_as(lege_med_relasjon):
        relasjon = behandlingsrelasjon_open(
            actor=lege_med_relasjon, pasient_id=pasient.pk, grunnlag=RelasjonGrunnlag.VEDTAK
        )
        again = behandlingsrelasjon_open(
            actor=lege_med_relasjon, pasient_id=pasient.pk, grunnlag=RelasjonGrunnlag.VEDTAK
        )
    opened = client.get(f"/pasienter/{pasient.pk}/")
    with acting_as(lege_med_relasjon):
        behandlingsrelasjon_close(actor=lege_med_relasjon, relasjon_id=relasjon.pk)
    closed = client.get(f"/pasienter/{pasient.pk}/")
    # then
    assert again.pk == relasjon.pk
    assert opened.status_code == 200
    assert closed.status_code == 404
    history = Behandlingsrelasjon.objects.get(pk=relasjon.pk)
    assert history.gyldig_til is not None
    assert history.avsluttet_av == lege_med_relasjon
    events = set(AuditLogg.objects.filter(pasient_id=pasient.pk).values_list("hendelse", flat=True))
    assert {AuditEvent.RELASJON_OPENED, AuditEvent.RELASJON_CLOSED} <= events


def test_manual_relationship_needs_a_reason_and_only_for_own_unit(
    lege_med_relasjon: Ansatt, annen_enhet: Enhet
) -> None:
    # given
    from django.core.exceptions import ValidationError

    pasient = PasientFactory()
    # when / then
    with acting_as(lege_med_relasjon):
        with pytest.raises(ValidationError):
            behandlingsrelasjon_open(
                actor=lege_med_relasjon, pasient_id=pasient.pk, grunnlag=RelasjonGrunnlag.MANUELL
            )
        with pytest.raises(AccessDenied):
            behandlingsrelasjon_open(
                actor=lege_med_relasjon,
                pasient_id=pasient.pk,
                enhet_id=annen_enhet.pk,
                grunnlag=RelasjonGrunnlag.VEDTAK,
            )
    assert not Behandlingsrelasjon.objects.filter(pasient=pasient).exists()


def test_case_officer_may_open_for_the_providing_unit(enhet: Enhet, annen_enhet: Enhet) -> None:
    # given
    saksbehandler = actor(enhet, "saksbehandler", username="sb", helsepersonellkategori="")
    pasient = PasientFactory()
    # when
    with acting_as(saksbehandler):
        relasjon = behandlingsrelasjon_open(
            actor=saksbehandler,
            pasient_id=pasient.pk,
            enhet_id=annen_enhet.pk,
            grunnlag=RelasjonGrunnlag.VEDTAK,
        )
    # then
    assert relasjon.enhet == annen_enhet


def test_closing_twice_is_refused(lege_med_relasjon: Ansatt) -> None:
    # given
    pasient = PasientFactory()
    with acting_as(lege_med_relasjon):
        relasjon = behandlingsrelasjon_open(
            actor=lege_med_relasjon, pasient_id=pasient.pk, grunnlag=RelasjonGrunnlag.OPPHOLD
        )
        behandlingsrelasjon_close(actor=lege_med_relasjon, relasjon_id=relasjon.pk)
        # when / then
        with pytest.raises(ApplicationError, match="allerede avsluttet"):
            behandlingsrelasjon_close(actor=lege_med_relasjon, relasjon_id=relasjon.pk)


def test_registering_a_patient_gives_the_unit_a_relationship(lege_med_relasjon: Ansatt) -> None:
    # when
    response = logged_in(lege_med_relasjon).post(
        "/pasienter/ny/",
        {
            "identifikator": "28894698995",
            "fornavn": "Ola",
            "etternavn": "Nordby",
            "fodselsdato": "1946-09-28",
            "kjonn": "mann",
            "malform": "nb",
        },
    )
    page = logged_in(lege_med_relasjon).get(response["Location"])
    # then
    assert page.status_code == 200
    assert "Behandlingsrelasjon" in page.content.decode()
