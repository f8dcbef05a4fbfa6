"""Assessment services: draft → completed (immutable, also in PostgreSQL) → feilregistrert,
rights (Action.ASSESS), access (the same 404), dates, and an audit row for every write."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from core.audit import AuditEvent
from core.exceptions import ApplicationError, NotFound
from core.klokke import idag
from core.models import Ansatt, AuditLogg, Enhet
from journal.access import AccessDenied
from journal.models import Kartlegging, KartleggingStatus, Pasient
from journal.seeds import skjema_load_all
from journal.services import (
    KartleggingData,
    kartlegging_complete,
    kartlegging_create,
    kartlegging_draft_save,
    kartlegging_invalidate,
)
from tests.acting import acting_as
from tests.conftest import actor
from tests.factories import IPLOS_SVAR

pytestmark = pytest.mark.django_db

BARTHEL_75 = {
    "avforing": 10,
    "vannlating": 10,
    "personlig_stell": 5,
    "toalettbesok": 5,
    "spising": 10,
    "forflytning": 10,
    "mobilitet": 10,
    "paakledning": 10,
    "trapper": 5,
    "bading": 0,
}


@pytest.fixture(autouse=True)
def _skjemaer(db: None) -> None:
    skjema_load_all()  # migration 0008 loads them; transactional tests elsewhere flush them


@pytest.fixture
def sykepleier(enhet: Enhet) -> Ansatt:
    return actor(enhet, "sykepleier", username="spl1", first_name="Siri", last_name="Sykepleier")


def _create(
    ansatt: Ansatt, pasient_id: object, skjema: str = "iplos", **kwargs: object
) -> Kartlegging:
    fullfor = bool(kwargs.pop("fullfor", False))
    with acting_as(ansatt):
        return kartlegging_create(
            actor=ansatt,
            pasient_id=pasient_id,  # type: ignore[arg-type]
            skjema_kode=skjema,
            data=KartleggingData(**kwargs),  # type: ignore[arg-type]
            fullfor=fullfor,
        )


def test_nurse_completes_an_iplos_assessment_at_once(
    sykepleier: Ansatt, enhet: Enhet, pasient: Pasient
) -> None:
    # when
    kartlegging = _create(sykepleier, pasient.pk, svar=IPLOS_SVAR, fullfor=True)
    # then
    kartlegging.refresh_from_db()
    assert kartlegging.status == KartleggingStatus.FULLFORT
    assert kartlegging.svar == IPLOS_SVAR
    assert kartlegging.total is None  # IPLOS has no total
    assert kartlegging.dato == idag()
    assert (kartlegging.enhet_id, kartlegging.utfort_av_id) == (enhet.pk, sykepleier.pk)
    assert kartlegging.skjema.kode == "iplos"
    events = list(
        AuditLogg.objects.filter(objekt_id=str(kartlegging.pk))
        .order_by("id")
        .values_list("hendelse", "pasient_id", "grunnlag")
    )
    assert events == [
        (AuditEvent.KARTLEGGING_CREATED, pasient.pk, "relasjon"),
        (AuditEvent.KARTLEGGING_COMPLETED, pasient.pk, "relasjon"),
    ]


def test_draft_saved_then_completed_stores_the_barthel_total(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given: a draft with half the items
    half = dict(list(BARTHEL_75.items())[:5])
    draft = _create(lege_med_relasjon, pasient.pk, "barthel", svar=half, kommentar="Første besøk")
    assert (draft.status, draft.total) == (KartleggingStatus.UTKAST, None)
    # when
    with acting_as(lege_med_relasjon):
        kartlegging_draft_save(
            actor=lege_med_relasjon,
            pasient_id=pasient.pk,
            kartlegging_id=draft.pk,
            data=KartleggingData(svar=BARTHEL_75),
        )
        done = kartlegging_complete(
            actor=lege_med_relasjon, pasient_id=pasient.pk, kartlegging_id=draft.pk
        )
    # then
    done.refresh_from_db()
    assert (done.status, done.total, done.kommentar) == (
        KartleggingStatus.FULLFORT,
        75,
        "Første besøk",
    )
    saved = AuditLogg.objects.get(hendelse=AuditEvent.KARTLEGGING_DRAFT_SAVED)
    assert saved.ekstra["endret"] == sorted(set(BARTHEL_75) - set(half))
    completed = AuditLogg.objects.get(hendelse=AuditEvent.KARTLEGGING_COMPLETED)
    assert completed.ekstra["total"] == 75


def test_completing_needs_every_item_and_names_the_missing_ones(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    draft = _create(lege_med_relasjon, pasient.pk, svar={"spise": 1})
    # when
    with acting_as(lege_med_relasjon), pytest.raises(ValidationError) as exc:
        kartlegging_complete(
            actor=lege_med_relasjon, pasient_id=pasient.pk, kartlegging_id=draft.pk
        )
    # then
    errors = exc.value.message_dict
    assert len(errors) == 16
    assert errors["toalett"] == ["11 Toalett: velg et svar."]
    draft.refresh_from_db()
    assert draft.status == KartleggingStatus.UTKAST
    assert not AuditLogg.objects.filter(hendelse=AuditEvent.KARTLEGGING_COMPLETED).exists()


def test_a_completed_assessment_cannot_be_changed_a_new_one_is_made(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    first = _create(lege_med_relasjon, pasient.pk, svar=IPLOS_SVAR, fullfor=True)
    # when
    with acting_as(lege_med_relasjon):
        for service in (kartlegging_draft_save, kartlegging_complete):
            with pytest.raises(ApplicationError) as exc:
                service(
                    actor=lege_med_relasjon,
                    pasient_id=pasient.pk,
                    kartlegging_id=first.pk,
                    data=KartleggingData(svar={**IPLOS_SVAR, "spise": 4}),
                )
            assert exc.value.message == (
                "Kartleggingen er fullført og kan ikke endres. Lag en ny kartlegging."
            )
    second = _create(lege_med_relasjon, pasient.pk, svar={**IPLOS_SVAR, "spise": 4}, fullfor=True)
    # then
    first.refresh_from_db()
    assert first.svar["spise"] == 1
    assert second.svar["spise"] == 4
    assert Kartlegging.objects.filter(pasient=pasient).count() == 2


def test_postgresql_refuses_to_change_or_delete_a_completed_assessment(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    done = _create(lege_med_relasjon, pasient.pk, svar=IPLOS_SVAR, fullfor=True)
    rows = Kartlegging.objects.filter(pk=done.pk)
    # when / then
    for attempt in (
        lambda: rows.update(svar={**IPLOS_SVAR, "spise": 5}),
        lambda: rows.update(status=KartleggingStatus.UTKAST),
        lambda: rows.update(
            status=KartleggingStatus.FEILREGISTRERT, total=3, feilregistrert_grunn="x"
        ),
        rows.delete,
    ):
        with pytest.raises(DatabaseError, match="kan ikke"), transaction.atomic():
            attempt()
    assert Kartlegging.objects.get(pk=done.pk).svar == IPLOS_SVAR


def test_feilregistrering_keeps_the_assessment_with_the_reason(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    done = _create(lege_med_relasjon, pasient.pk, svar=IPLOS_SVAR, fullfor=True)
    # when
    with acting_as(lege_med_relasjon):
        with pytest.raises(ValidationError) as exc:
            kartlegging_invalidate(
                actor=lege_med_relasjon, pasient_id=pasient.pk, kartlegging_id=done.pk, grunn=" "
            )
        assert exc.value.message_dict == {
            "grunn": ["Skriv hvorfor kartleggingen er feilregistrert."]
        }
        kartlegging_invalidate(
            actor=lege_med_relasjon,
            pasient_id=pasient.pk,
            kartlegging_id=done.pk,
            grunn="Feil pasient",
        )
        with pytest.raises(ApplicationError, match="allerede feilregistrert"):
            kartlegging_invalidate(
                actor=lege_med_relasjon, pasient_id=pasient.pk, kartlegging_id=done.pk, grunn="x"
            )
    # then
    done.refresh_from_db()
    assert (done.status, done.feilregistrert_grunn, done.svar) == (
        KartleggingStatus.FEILREGISTRERT,
        "Feil pasient",
        IPLOS_SVAR,
    )
    row = AuditLogg.objects.get(hendelse=AuditEvent.KARTLEGGING_FEILREGISTRERT)
    assert row.ekstra["grunn"] == "Feil pasient"
    with pytest.raises(DatabaseError), transaction.atomic():
        Kartlegging.objects.filter(pk=done.pk).update(feilregistrert_grunn="annen grunn")


def test_the_date_may_be_earlier_but_not_in_the_future(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    last_week = idag() - dt.timedelta(days=7)
    tomorrow = idag() + dt.timedelta(days=1)
    # when
    earlier = _create(lege_med_relasjon, pasient.pk, dato=last_week, svar=IPLOS_SVAR, fullfor=True)
    with pytest.raises(ValidationError) as exc:
        _create(lege_med_relasjon, pasient.pk, dato=tomorrow, svar=IPLOS_SVAR)
    # then
    assert earlier.dato == last_week
    assert exc.value.message_dict == {"dato": ["Datoen kan ikke være fram i tid."]}


def test_an_unknown_form_is_refused(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # when
    with pytest.raises(ValidationError) as exc:
        _create(lege_med_relasjon, pasient.pk, skjema="mmse")
    # then
    assert exc.value.message_dict == {"skjema": ["Velg et skjema som er i bruk."]}


def test_a_draft_belongs_to_its_author(
    lege_med_relasjon: Ansatt, sykepleier: Ansatt, pasient: Pasient
) -> None:
    # given
    draft = _create(lege_med_relasjon, pasient.pk, svar={"spise": 2})
    # when / then: a colleague with the same rights gets the same 404 as for a missing one
    with acting_as(sykepleier):
        for kartlegging_id in (draft.pk, uuid.uuid4()):
            with pytest.raises(NotFound):
                kartlegging_complete(
                    actor=sykepleier,
                    pasient_id=pasient.pk,
                    kartlegging_id=kartlegging_id,
                    data=KartleggingData(svar=IPLOS_SVAR),
                )


def test_without_the_right_to_assess_nothing_is_written(
    kollega_samme_enhet: Ansatt, admin_uten_pasienttilgang: Ansatt, pasient: Pasient
) -> None:
    # when / then: a health worker (reads the record, does not assess) and an admin
    for ansatt in (kollega_samme_enhet, admin_uten_pasienttilgang):
        with pytest.raises(AccessDenied):
            _create(ansatt, pasient.pk, svar=IPLOS_SVAR, fullfor=True)
    assert not Kartlegging.objects.exists()


def test_staff_of_another_unit_get_the_same_404_as_for_a_missing_patient(
    ansatt_annen_enhet: Ansatt, lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    done = _create(lege_med_relasjon, pasient.pk, svar=IPLOS_SVAR, fullfor=True)
    # when / then
    for pasient_id in (pasient.pk, uuid.uuid4()):
        with pytest.raises(NotFound):
            _create(ansatt_annen_enhet, pasient_id, svar=IPLOS_SVAR, fullfor=True)
    with acting_as(ansatt_annen_enhet), pytest.raises(NotFound):
        kartlegging_invalidate(
            actor=ansatt_annen_enhet, pasient_id=pasient.pk, kartlegging_id=done.pk, grunn="x"
        )
    assert not AuditLogg.objects.filter(aktor_id=ansatt_annen_enhet.pk).exists()
