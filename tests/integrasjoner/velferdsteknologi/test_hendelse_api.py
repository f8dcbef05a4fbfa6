"""POST /api/v1/velferdsteknologi/hendelser/: HMAC authentication, validation, dedupe,
parking, alarms, measurements as vitals, thresholds."""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import pytest

from core.audit import AuditEvent
from core.context import system_context
from core.models import AuditLogg, Enhet
from integrasjoner.velferdsteknologi.models import (
    Alarm,
    Avsendersystem,
    Terskel,
    Utstyr,
    UtstyrType,
    Velferdshendelse,
)
from integrasjoner.velferdsteknologi.services import utstyr_register
from journal.models import Maaling, Pasient
from tests.factories import PasientFactory
from tests.integrasjoner.conftest import event, post_signed

pytestmark = pytest.mark.django_db

Avsender = tuple[Avsendersystem, str]


# --- authentication ------------------------------------------------------------------------


def test_unknown_key_is_401_in_norwegian(avsender: Avsender) -> None:
    # given a sender whose key is not ours
    stranger = (Avsendersystem(nokkel_id="vkp_ukjent"), "hemmelig")
    # when
    response = post_signed(stranger, event())
    # then
    assert response.status_code == 401
    assert response.json()["detail"] == "Ukjent eller manglende API-nøkkel."
    assert not Velferdshendelse.objects.exists()


def test_bad_signature_is_401_and_audited(avsender: Avsender, utstyr: Utstyr) -> None:
    # given a body signed with the wrong secret
    # when
    response = post_signed(avsender, event(), secret="feil-hemmelighet")
    # then
    assert response.status_code == 401
    assert response.json()["detail"] == "Signaturen stemmer ikke med innholdet."
    assert not Velferdshendelse.objects.exists()
    row = AuditLogg.objects.get(hendelse=AuditEvent.VFT_HENDELSE_REFUSED)
    assert row.ekstra == {"grunn": "signatur"}


def test_stale_timestamp_is_401(avsender: Avsender, utstyr: Utstyr) -> None:
    # given a correctly signed request from ten minutes ago (a replay)
    # when
    response = post_signed(avsender, event(), at=int(time.time()) - 600)
    # then
    assert response.status_code == 401
    assert "Tidsstempelet" in response.json()["detail"]
    assert not Velferdshendelse.objects.exists()


# --- alarms, dedupe ------------------------------------------------------------------------


def test_alarm_from_a_known_device_enters_the_queue(
    avsender: Avsender, utstyr: Utstyr, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    payload = event(type="fall", kode="4.1", tekst="Fall på badet")
    # when
    response = post_signed(avsender, payload)
    # then
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["duplikat"], body["hendelse_id"]) == ("behandlet", False, "evt-1")
    alarm = Alarm.objects.get()
    assert (alarm.pasient_id, alarm.enhet_id, alarm.type, alarm.kode) == (
        pasient.pk,
        enhet.pk,
        "fall",
        "4.1",
    )
    assert alarm.alvorlighet == 40  # a fall is critical by default
    assert alarm.tittel == "Fall: Fall på badet"
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.VFT_ALARM_CREATED, pasient_id=pasient.pk
    ).exists()


def test_a_repeated_event_returns_the_original_and_stores_nothing_new(
    avsender: Avsender, utstyr: Utstyr
) -> None:
    # given an event already received
    first = post_signed(avsender, event(7))
    # when the sender sends it again (it never saw our answer)
    again = post_signed(avsender, event(7))
    # then
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["duplikat"] is True
    assert Velferdshendelse.objects.count() == 1
    assert Alarm.objects.count() == 1


def test_the_same_event_id_from_another_sender_is_another_event(
    avsender: Avsender, utstyr: Utstyr, enhet: Enhet
) -> None:
    # given a second sending system using the same event ids
    from integrasjoner.velferdsteknologi.services import avsendersystem_create

    with system_context():
        other = avsendersystem_create(actor=None, navn="Annen leverandør", enhet_id=enhet.pk)
    # when
    a = post_signed(avsender, event(1))
    b = post_signed(other, event(1))
    # then
    assert (a.status_code, b.status_code) == (201, 201)
    assert Velferdshendelse.objects.count() == 2


# --- validation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"type": "ukjent"}, "type", "er ikke et gyldig valg"),
        ({"kode": "7"}, "kode", "VKP-koden 7 passer ikke til typen trygghetsalarm"),
        ({"utstyr_id": ""}, "utstyr_id", "Dette feltet må ikke være blankt."),
        ({"pasient": "123"}, "pasient", "Pasientens identifikator må være 11 siffer."),
        ({"type": "blodtrykk", "verdier": {"systolisk": 150}}, "verdier", "Mangler måleverdi"),
        ({"type": "spo2", "verdier": {"spo2": 30}}, "verdier", "SpO₂ 30 % er ikke mulig"),
        ({"verdier": {"spo2": 95}}, "verdier", "Alarmer har ikke måleverdier."),
        ({"tidspunkt": "2100-01-01T00:00:00Z"}, "tidspunkt", "kan ikke være fram i tid"),
    ],
)
def test_invalid_events_are_400_with_a_norwegian_message_per_field(
    avsender: Avsender, utstyr: Utstyr, fields: dict[str, Any], field: str, message: str
) -> None:
    # given / when
    response = post_signed(avsender, event(**fields))
    # then
    assert response.status_code == 400
    errors = response.json()[field]
    assert any(message in str(e) for e in errors), errors
    assert not Velferdshendelse.objects.exists()


def test_missing_fields_are_named(avsender: Avsender) -> None:
    # given / when
    response = post_signed(avsender, {})
    # then
    assert response.status_code == 400
    assert set(response.json()) == {"hendelse_id", "type", "tidspunkt", "utstyr_id"}
    assert response.json()["type"] == ["Dette feltet er påkrevd."]


# --- parking -------------------------------------------------------------------------------


def test_unknown_device_is_parked_never_dropped(avsender: Avsender) -> None:
    # given no device TA-9 registered
    # when
    response = post_signed(avsender, event(utstyr_id="TA-9", pasient="01018012345"))
    # then
    assert response.status_code == 201
    assert response.json()["status"] == "parkert"
    assert response.json()["parkert_grunn"] == "Ukjent utstyr TA-9."
    hendelse = Velferdshendelse.objects.get()
    assert (hendelse.pasient_ref, hendelse.pasient_id) == ("01018012345", None)
    assert not Alarm.objects.exists()
    assert AuditLogg.objects.filter(hendelse=AuditEvent.VFT_HENDELSE_PARKED).exists()


def test_device_without_patient_or_with_another_patient_is_parked(
    avsender: Avsender, utstyr: Utstyr, enhet: Enhet
) -> None:
    # given a device with no patient, and an event naming someone else than the device's patient
    with system_context():
        utstyr_register(
            actor=None,
            avsender_id=avsender[0].pk,
            ekstern_id="DS-1",
            type=UtstyrType.DORSENSOR,
            pasient_id=None,
            enhet_id=enhet.pk,
        )
    # when
    no_patient = post_signed(avsender, event(1, utstyr_id="DS-1", type="dor"))
    mismatch = post_signed(avsender, event(2, pasient="01018099999"))
    # then
    assert no_patient.json()["parkert_grunn"] == "Utstyret er ikke koblet til en pasient."
    assert mismatch.json()["parkert_grunn"] == (
        "Pasienten i hendelsen er ikke den utstyret er registrert på."
    )
    assert not Alarm.objects.exists()


def test_measurement_for_a_patient_the_unit_does_not_follow_is_parked(
    avsender: Avsender, enhet: Enhet
) -> None:
    # given a device on a patient without a care relationship with the device's unit
    fremmed = PasientFactory()
    with system_context():
        utstyr_register(
            actor=None,
            avsender_id=avsender[0].pk,
            ekstern_id="BT-1",
            type=UtstyrType.BLODTRYKKSMALER,
            pasient_id=fremmed.pk,
            enhet_id=enhet.pk,
        )
    # when
    response = post_signed(
        avsender,
        event(utstyr_id="BT-1", type="blodtrykk", verdier={"systolisk": 130, "diastolisk": 80}),
    )
    # then
    assert response.json()["status"] == "parkert"
    assert "behandlingsrelasjon" in response.json()["parkert_grunn"]
    assert not Maaling.objects.exists()


# --- measurements → vitals, thresholds → alarm ---------------------------------------------


def _blodtrykksmaaler(avsender: Avsender, pasient: Pasient, enhet: Enhet) -> None:
    with system_context():
        utstyr_register(
            actor=None,
            avsender_id=avsender[0].pk,
            ekstern_id="BT-1",
            type=UtstyrType.BLODTRYKKSMALER,
            pasient_id=pasient.pk,
            enhet_id=enhet.pk,
        )


def test_measurement_becomes_vitals_in_the_journal(
    avsender: Avsender, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    _blodtrykksmaaler(avsender, pasient, enhet)
    # when
    response = post_signed(
        avsender,
        event(
            utstyr_id="BT-1",
            type="blodtrykk",
            verdier={"systolisk": 132, "diastolisk": 84, "puls": 72},
        ),
    )
    # then
    assert response.status_code == 201, response.json()
    maling = Maaling.objects.get()
    assert (maling.pasient_id, maling.enhet_id) == (pasient.pk, enhet.pk)
    assert (maling.systolisk, maling.diastolisk, maling.puls) == (132, 84, 72)
    assert maling.registrert_av_id == avsender[0].systembruker_id
    assert maling.news2 is None  # incomplete set: NEWS2 needs all parameters
    assert Velferdshendelse.objects.get().maling_id == maling.pk
    assert not Alarm.objects.exists()  # inside the default thresholds
    row = AuditLogg.objects.get(hendelse=AuditEvent.MALING_CREATED)
    assert (row.pasient_id, row.aktor_id, row.kanal) == (
        pasient.pk,
        avsender[0].systembruker_id,
        "system",
    )


def test_weight_and_glucose_are_stored_with_decimals(
    avsender: Avsender, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    _blodtrykksmaaler(avsender, pasient, enhet)
    # when
    a = post_signed(avsender, event(1, utstyr_id="BT-1", type="vekt", verdier={"vekt": "71.4"}))
    b = post_signed(
        avsender, event(2, utstyr_id="BT-1", type="blodsukker", verdier={"blodsukker": 6.2})
    )
    assert (a.status_code, b.status_code) == (201, 201), (a.json(), b.json())
    # then
    values = {(m.vekt, m.blodsukker) for m in Maaling.objects.all()}
    assert values == {(None, Decimal("6.2")), (Decimal("71.4"), None)}


def test_value_over_the_default_threshold_raises_an_alarm(
    avsender: Avsender, pasient: Pasient, enhet: Enhet
) -> None:
    # given the default threshold systolic > 180
    _blodtrykksmaaler(avsender, pasient, enhet)
    # when
    post_signed(
        avsender,
        event(utstyr_id="BT-1", type="blodtrykk", verdier={"systolisk": 195, "diastolisk": 100}),
    )
    # then the vitals are stored and the queue has an alarm naming the value and the limit
    assert Maaling.objects.get().systolisk == 195
    alarm = Alarm.objects.get()
    assert alarm.type == "terskel"
    assert alarm.tittel == "Systolisk blodtrykk 195 mmHg over grensen 180"
    assert alarm.alvorlighet == 20


def test_a_patients_own_threshold_replaces_the_default(
    avsender: Avsender, pasient: Pasient, enhet: Enhet
) -> None:
    # given this patient lives with a low SpO2 (COPD): alarm only below 85
    Terskel.objects.create(pasient=pasient, parameter="spo2", minimum=85, alvorlighet=40)
    with system_context():
        utstyr_register(
            actor=None,
            avsender_id=avsender[0].pk,
            ekstern_id="OX-1",
            type=UtstyrType.PULSOKSYMETER,
            pasient_id=pasient.pk,
            enhet_id=enhet.pk,
        )
    # when
    post_signed(avsender, event(1, utstyr_id="OX-1", type="spo2", verdier={"spo2": 88}))
    post_signed(avsender, event(2, utstyr_id="OX-1", type="spo2", verdier={"spo2": 82}))
    # then only 82 raises an alarm, with the patient's severity
    alarm = Alarm.objects.get()
    assert alarm.tittel == "SpO₂ 82 % under grensen 85"
    assert alarm.alvorlighet == 40
    assert Maaling.objects.count() == 2


# --- medication dispenser ------------------------------------------------------------------


def test_a_dispensers_missed_dose_lands_on_the_units_missed_dose_list(
    avsender: Avsender, utstyr: Utstyr, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    from legemidler.models import Dosevarsel

    payload = event(type="medisin_glemt", kode="1.1", tekst="Dose 08:00 ikke tatt")
    # when
    response = post_signed(avsender, payload)
    post_signed(avsender, payload)  # a repeat adds nothing
    # then
    assert response.status_code == 201, response.json()
    varsel = Dosevarsel.objects.get()
    assert (varsel.pasient_id, varsel.enhet_id, varsel.kilde, varsel.lukket_at) == (
        pasient.pk,
        enhet.pk,
        "dosettautomat",
        None,
    )
    assert varsel.tekst.startswith("Medisin ikke tatt: Dose 08:00 ikke tatt")
    assert Alarm.objects.get().type == "medisin_glemt"
