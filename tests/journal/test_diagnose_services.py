"""diagnose_create / diagnose_close: coded from the code lists, rules, access, audit rows."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError

from core.audit import AuditEvent
from core.exceptions import ApplicationError, NotFound
from core.klokke import idag
from core.models import Ansatt, AuditLogg, Enhet
from journal.access import AccessDenied
from journal.models import Diagnose, DiagnoseStatus, Kode, Pasient, Sperring, SperringMal
from journal.seeds import kodeverk_startsett_load
from journal.services import diagnose_close, diagnose_create
from tests.acting import acting_as
from tests.conftest import actor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _startsett(db: None) -> None:
    kodeverk_startsett_load()  # a no-op unless a transactional test flushed the codes


def _kode(kodeverk: str, kode: str) -> Kode:
    return Kode.objects.get(kodeverk=kodeverk, kode=kode)


def _diagnose(ansatt: Ansatt, pasient: Pasient, kode: Kode, **fields: object) -> Diagnose:
    with acting_as(ansatt):
        return diagnose_create(actor=ansatt, pasient_id=pasient.pk, kode_id=kode.pk, **fields)  # type: ignore[arg-type]


def test_set_a_diagnosis_with_onset_by_whom_and_audit(
    lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # when
    diagnose = _diagnose(
        lege_med_relasjon,
        pasient,
        _kode("ICPC-2", "T90"),
        debut=dt.date(2019, 3, 1),
        merknad=" Tablettbehandlet ",
    )
    # then
    diagnose.refresh_from_db()
    assert (diagnose.kode.kode, diagnose.status, diagnose.debut, diagnose.merknad) == (
        "T90",
        DiagnoseStatus.AKTIV,
        dt.date(2019, 3, 1),
        "Tablettbehandlet",
    )
    assert (diagnose.satt_av_id, diagnose.enhet_id) == (lege_med_relasjon.pk, enhet.pk)
    row = AuditLogg.objects.get(hendelse=AuditEvent.DIAGNOSE_CREATED)
    assert (row.pasient_id, row.aktor_id, row.objekt_id, row.ekstra) == (
        pasient.pk,
        lege_med_relasjon.pk,
        str(diagnose.pk),
        {"kodeverk": "ICPC-2"},
    )


def test_the_code_must_exist_be_active_and_not_a_chapter(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    retired = Kode.objects.create(
        kodeverk="ICD-10", kode="U049", tekst="Utgått (test)", aktiv=False
    )
    cases: list[tuple[uuid.UUID | str, str]] = [
        (uuid.uuid4(), "Velg en kode fra kodeverket."),
        ("ikke-en-id", "Velg en kode fra kodeverket."),
        (retired.pk, "Koden U049 er utgått og kan ikke brukes."),
        (_kode("ICPC-2", "T").pk, "Velg en kode, ikke et helt kapittel."),
    ]
    with acting_as(lege_med_relasjon):
        for kode_id, message in cases:
            # when
            with pytest.raises(ValidationError) as exc:
                diagnose_create(actor=lege_med_relasjon, pasient_id=pasient.pk, kode_id=kode_id)
            # then
            assert exc.value.message_dict == {"kode": [message]}
    assert not Diagnose.objects.exists()


def test_onset_not_in_future_and_no_duplicate_active_code(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    t90 = _kode("ICPC-2", "T90")
    # when / then
    with pytest.raises(ValidationError) as future:
        _diagnose(lege_med_relasjon, pasient, t90, debut=idag() + dt.timedelta(1))
    assert future.value.message_dict == {"debut": ["Debut kan ikke være fram i tid."]}
    _diagnose(lege_med_relasjon, pasient, t90, debut=idag())
    with pytest.raises(ValidationError) as twice:
        _diagnose(lege_med_relasjon, pasient, t90)
    assert twice.value.message_dict == {
        "kode": ["Pasienten har allerede T90 Diabetes type 2 som aktiv diagnose."]
    }


def test_strangers_and_roles_without_the_right_are_refused(
    ansatt_annen_enhet: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    i10 = _kode("ICD-10", "I10")
    leder = actor(enhet, "leder", username="leder1")
    # when / then
    with pytest.raises(NotFound):
        _diagnose(ansatt_annen_enhet, pasient, i10)
    with pytest.raises(AccessDenied):
        _diagnose(leder, pasient, i10)
    assert not Diagnose.objects.exists()


def test_close_as_resolved_and_audit(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # given
    diagnose = _diagnose(lege_med_relasjon, pasient, _kode("ICPC-2", "R74"))
    # when
    with acting_as(lege_med_relasjon):
        diagnose_close(actor=lege_med_relasjon, diagnose_id=diagnose.pk, pasient_id=pasient.pk)
    # then
    diagnose.refresh_from_db()
    assert (diagnose.status, diagnose.avsluttet_av_id) == (
        DiagnoseStatus.AVSLUTTET,
        lege_med_relasjon.pk,
    )
    assert diagnose.avsluttet_at is not None
    row = AuditLogg.objects.get(hendelse=AuditEvent.DIAGNOSE_CLOSED)
    assert (row.pasient_id, row.objekt_id) == (pasient.pk, str(diagnose.pk))
    assert row.ekstra == {"status": {"fra": "aktiv", "til": "avsluttet"}, "grunn": ""}


def test_wrong_registration_needs_a_reason_and_closes_once(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    diagnose = _diagnose(lege_med_relasjon, pasient, _kode("ICD-10", "F03"))
    with acting_as(lege_med_relasjon):
        # when / then
        with pytest.raises(ValidationError) as exc:
            diagnose_close(
                actor=lege_med_relasjon, diagnose_id=diagnose.pk, status="feilregistrert"
            )
        assert exc.value.message_dict == {"grunn": ["Skriv hvorfor."]}
        with pytest.raises(ValidationError, match="Velg avsluttet eller feilregistrert"):
            diagnose_close(actor=lege_med_relasjon, diagnose_id=diagnose.pk, status="aktiv")
        diagnose_close(
            actor=lege_med_relasjon,
            diagnose_id=diagnose.pk,
            status="feilregistrert",
            grunn="Satt på feil pasient",
        )
        with pytest.raises(ApplicationError, match="allerede avsluttet"):
            diagnose_close(actor=lege_med_relasjon, diagnose_id=diagnose.pk)
    row = AuditLogg.objects.get(hendelse=AuditEvent.DIAGNOSE_CLOSED)
    assert row.ekstra["grunn"] == "Satt på feil pasient"


def test_a_blocked_diagnosis_cannot_be_closed_by_the_blocked_person(
    lege_med_relasjon: Ansatt, kollega_samme_enhet: Ansatt, pasient: Pasient
) -> None:
    # given: the patient has blocked this one entry for the colleague
    diagnose = _diagnose(lege_med_relasjon, pasient, _kode("ICPC-2", "P76"))
    Sperring.objects.create(
        pasient=pasient,
        mal=SperringMal.ANSATT,
        ansatt=kollega_samme_enhet,
        objekt_type="journal.Diagnose",
        objekt_id=str(diagnose.pk),
    )
    # when / then
    with acting_as(kollega_samme_enhet), pytest.raises(NotFound):
        diagnose_close(actor=kollega_samme_enhet, diagnose_id=diagnose.pk)
    diagnose.refresh_from_db()
    assert diagnose.status == DiagnoseStatus.AKTIV


def test_close_under_another_patient_is_not_found(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    diagnose = _diagnose(lege_med_relasjon, pasient, _kode("ICPC-2", "K86"))
    # when / then
    with acting_as(lege_med_relasjon), pytest.raises(NotFound):
        diagnose_close(actor=lege_med_relasjon, diagnose_id=diagnose.pk, pasient_id=uuid.uuid4())
