"""Signing doses in the round: given, another dose, not given with a reason, late; double
signing by a different person (also refused by PostgreSQL); signed rows immutable in the
database and corrected by a new row; two signers at once; PRN limits and effect; missed
doses flagged and closed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, InternalError, connection, transaction
from django.db.utils import ProgrammingError

from core.audit import AuditEvent
from core.exceptions import ApplicationError, NotFound
from core.models import AuditLogg
from legemidler.models import Administrasjon, Dosevarsel, Utdelingsoppsett
from legemidler.services import (
    administrasjon_correct,
    behov_give,
    dose_cosign,
    dose_sign,
    dosevarsel_close,
    dosevarsel_dispenser_register,
    dosevarsel_sweep,
    effekt_evaluate,
)
from tests.acting import acting_as
from tests.legemidler.utdeling.conftest import DAG, Avdeling, klokke_til, oslo

pytestmark = pytest.mark.django_db
KL8 = oslo(DAG, "08:00")


def test_nurse_signs_a_dose_given(avd: Avdeling) -> None:
    with acting_as(avd.spl1):
        a = dose_sign(actor=avd.spl1, forordning_id=avd.paracet.pk, forfall_at=KL8, status="gitt")
    a.refresh_from_db()
    assert (a.status, a.dose, a.planlagt_dose, a.forsinket, a.krever_dobbel) == (
        "gitt",
        Decimal(2),
        Decimal(2),
        False,
        False,
    )
    audit = AuditLogg.objects.get(hendelse=AuditEvent.ADMINISTRASJON_SIGNED)
    assert audit.pasient_id == avd.kari.pk
    assert audit.ekstra["dose"] == "2"


def test_not_given_needs_a_reason_and_nothing_is_written(avd: Avdeling) -> None:
    with acting_as(avd.spl1), pytest.raises(ValidationError) as exc:
        dose_sign(actor=avd.spl1, forordning_id=avd.paracet.pk, forfall_at=KL8, status="ikke_gitt")
    assert exc.value.message_dict == {"grunn": ["Velg hvorfor dosen ikke ble gitt."]}
    assert not Administrasjon.objects.exists()


def test_refused_dose_is_recorded_with_its_reason(avd: Avdeling) -> None:
    with acting_as(avd.hfa):
        a = dose_sign(
            actor=avd.hfa,
            forordning_id=avd.paracet.pk,
            forfall_at=KL8,
            status="ikke_gitt",
            grunn="nektet",
        )
    assert (a.status, a.grunn, a.dose) == ("ikke_gitt", "nektet", None)


def test_another_dose_must_be_plausible_and_different(avd: Avdeling) -> None:
    with acting_as(avd.spl1):
        with pytest.raises(ValidationError) as exc:
            dose_sign(
                actor=avd.spl1,
                forordning_id=avd.paracet.pk,
                forfall_at=KL8,
                status="gitt_annen_dose",
                dose=Decimal(10000),
            )
        assert "urimelig mye" in exc.value.message_dict["dose"][0]
        with pytest.raises(ValidationError):
            dose_sign(
                actor=avd.spl1,
                forordning_id=avd.paracet.pk,
                forfall_at=KL8,
                status="gitt_annen_dose",
                dose=Decimal(0),
            )
        a = dose_sign(
            actor=avd.spl1,
            forordning_id=avd.paracet.pk,
            forfall_at=KL8,
            status="gitt_annen_dose",
            dose=Decimal(1),
        )
    assert a.dose == Decimal(1)


def test_a_time_the_order_has_no_dose_is_refused(avd: Avdeling) -> None:
    with acting_as(avd.spl1), pytest.raises(ApplicationError) as exc:
        dose_sign(
            actor=avd.spl1,
            forordning_id=avd.paracet.pk,
            forfall_at=oslo(DAG, "09:00"),
            status="gitt",
        )
    assert str(exc.value.message) == "Forordningen har ingen dose til dette tidspunktet."


def test_signing_twice_names_who_gave_it_and_when(avd: Avdeling) -> None:
    with acting_as(avd.spl1):
        dose_sign(actor=avd.spl1, forordning_id=avd.paracet.pk, forfall_at=KL8, status="gitt")
    with acting_as(avd.spl2), pytest.raises(ApplicationError) as exc:
        dose_sign(actor=avd.spl2, forordning_id=avd.paracet.pk, forfall_at=KL8, status="gitt")
    assert "allerede signert av Siri Sol 10.03. kl. 08:3" in str(exc.value.message)
    assert Administrasjon.objects.count() == 1


def test_a_patient_of_another_unit_is_not_found(avd: Avdeling) -> None:
    with acting_as(avd.spl1), pytest.raises(NotFound):
        dose_sign(actor=avd.spl1, forordning_id=avd.fremmed_ordre.pk, forfall_at=KL8, status="gitt")
    with acting_as(avd.spl_annen), pytest.raises(NotFound):
        dose_sign(actor=avd.spl_annen, forordning_id=avd.paracet.pk, forfall_at=KL8, status="gitt")


def test_a_dose_signed_after_the_limit_is_given_late(avd: Avdeling) -> None:
    klokke_til(oslo(DAG, "09:30"))
    with acting_as(avd.spl1):
        a = dose_sign(actor=avd.spl1, forordning_id=avd.paracet.pk, forfall_at=KL8, status="gitt")
    assert a.forsinket


def test_morphine_waits_for_a_second_different_person(avd: Avdeling) -> None:
    with acting_as(avd.spl1):
        a = dose_sign(actor=avd.spl1, forordning_id=avd.morfin.pk, forfall_at=KL8, status="gitt")
        assert a.krever_dobbel
        assert a.venter_kontroll
        with pytest.raises(ApplicationError) as exc:
            dose_cosign(actor=avd.spl1, administrasjon_id=a.pk)
        assert str(exc.value.message) == (
            "Andre signatur må gis av en annen person enn den som ga dosen."
        )
    with acting_as(avd.spl2):
        a = dose_cosign(actor=avd.spl2, administrasjon_id=a.pk)
    a.refresh_from_db()
    assert a.kontrollert_av == avd.spl2
    assert not a.venter_kontroll
    with acting_as(avd.hfa), pytest.raises(ApplicationError) as exc:
        dose_cosign(actor=avd.hfa, administrasjon_id=a.pk)
    assert "allerede kontrollert av Per Pleier" in str(exc.value.message)


def test_the_database_decides_double_signing_and_refuses_the_same_person(avd: Avdeling) -> None:
    with acting_as(avd.spl1):
        a = dose_sign(actor=avd.spl1, forordning_id=avd.morfin.pk, forfall_at=KL8, status="gitt")
    # Writing around the service cannot lower the flag or sign twice as one person.
    with pytest.raises(IntegrityError), transaction.atomic():
        Administrasjon.objects.filter(pk=a.pk).update(
            kontrollert_av=avd.spl1, kontrollert_at=a.signert_at
        )
    b = Administrasjon.objects.get(pk=a.pk)
    b.pk = None
    b.korrigerer, b.korreksjonsgrunn, b.krever_dobbel = a, "test", False
    b.save(force_insert=True)
    assert Administrasjon.objects.get(pk=b.pk).krever_dobbel is True


def test_a_unit_marks_its_own_double_sign_drugs(avd: Avdeling) -> None:
    Utdelingsoppsett.objects.create(enhet=avd.avdeling, dobbeltkontroll_atc=["N02BE"])
    with acting_as(avd.spl1):
        a = dose_sign(actor=avd.spl1, forordning_id=avd.paracet.pk, forfall_at=KL8, status="gitt")
    assert a.krever_dobbel


def test_signed_administrations_are_immutable_in_the_database(avd: Avdeling) -> None:
    with acting_as(avd.spl1):
        a = dose_sign(actor=avd.spl1, forordning_id=avd.paracet.pk, forfall_at=KL8, status="gitt")
    for change in (
        lambda: Administrasjon.objects.filter(pk=a.pk).update(dose=Decimal(3)),
        lambda: Administrasjon.objects.filter(pk=a.pk).delete(),
    ):
        with pytest.raises((InternalError, ProgrammingError)), transaction.atomic():
            change()
    with connection.cursor() as cur:
        cur.execute("SELECT dose FROM legemidler_administrasjon WHERE id = %s", [a.pk])
        assert cur.fetchone()[0] == Decimal(2)


def test_a_correction_is_a_new_row_with_its_reason(avd: Avdeling) -> None:
    with acting_as(avd.spl1):
        a = dose_sign(actor=avd.spl1, forordning_id=avd.paracet.pk, forfall_at=KL8, status="gitt")
        with pytest.raises(ValidationError):
            administrasjon_correct(
                actor=avd.spl1, administrasjon_id=a.pk, status="ikke_gitt", korreksjonsgrunn=""
            )
        ny = administrasjon_correct(
            actor=avd.spl1,
            administrasjon_id=a.pk,
            status="ikke_gitt",
            grunn="kastet_opp",
            korreksjonsgrunn="Kastet opp tablettene rett etter",
        )
        with pytest.raises(ApplicationError) as exc:
            administrasjon_correct(
                actor=avd.spl1,
                administrasjon_id=a.pk,
                status="gitt",
                korreksjonsgrunn="igjen",
            )
    assert "allerede rettet" in str(exc.value.message)
    assert ny.korrigerer_id == a.pk
    assert ny.forfall_at == a.forfall_at
    a.refresh_from_db()
    assert a.status == "gitt"
    assert AuditLogg.objects.filter(hendelse=AuditEvent.ADMINISTRASJON_CORRECTED).count() == 1


def test_prn_needs_a_reason_and_respects_the_interval_and_maximum(avd: Avdeling) -> None:
    naa = oslo(DAG, "08:30")
    with acting_as(avd.spl1):
        with pytest.raises(ValidationError) as exc:
            behov_give(actor=avd.spl1, forordning_id=avd.behov.pk, behov_grunn=" ")
        assert exc.value.message_dict == {"behov_grunn": ["Skriv hvorfor behovsdosen gis."]}
        behov_give(
            actor=avd.spl1,
            forordning_id=avd.behov.pk,
            behov_grunn="Smerter i natt",
            dose=Decimal(10),
            gitt_at=naa - dt.timedelta(hours=9),
        )
        a = behov_give(
            actor=avd.spl1,
            forordning_id=avd.behov.pk,
            behov_grunn="Smerter i hofte",
            gitt_at=naa - dt.timedelta(hours=4, minutes=30),
        )
        assert a.effekt_forfall_at == a.gitt_at + dt.timedelta(minutes=60)
        with pytest.raises(ValidationError) as exc:
            behov_give(
                actor=avd.spl1, forordning_id=avd.behov.pk, behov_grunn="Vondt", dose=Decimal(10)
            )
        assert "mer enn maksimalt 20" in exc.value.message_dict["dose"][0]
        behov_give(actor=avd.spl1, forordning_id=avd.behov.pk, behov_grunn="Vondt")
        with pytest.raises(ValidationError) as exc:
            behov_give(actor=avd.spl1, forordning_id=avd.behov.pk, behov_grunn="Fortsatt vondt")
        assert "minste intervall er 4 timer" in exc.value.message_dict["dose"][0]
    with acting_as(avd.spl2):
        effekt_evaluate(actor=avd.spl2, administrasjon_id=a.pk, tekst="God effekt etter 30 min")
        with pytest.raises(ApplicationError):
            effekt_evaluate(actor=avd.spl2, administrasjon_id=a.pk, tekst="Igjen")


def test_unsigned_doses_are_flagged_once_and_closed_with_what_was_done(avd: Avdeling) -> None:
    with acting_as(avd.spl1):
        dose_sign(actor=avd.spl1, forordning_id=avd.paracet.pk, forfall_at=KL8, status="gitt")
    klokke_til(oslo(DAG, "09:05"))
    # morphine 08:00, and last evening's 20:00 and 21:00 nobody signed either
    assert dosevarsel_sweep(enhet_ids=[avd.avdeling.pk]) == 3
    klokke_til(oslo(DAG, "10:05"))
    assert dosevarsel_sweep(enhet_ids=[avd.avdeling.pk]) == 1  # Ola's 09:00 now too
    assert dosevarsel_sweep(enhet_ids=[avd.avdeling.pk]) == 0
    varsel = Dosevarsel.objects.get(forordning=avd.morfin)
    assert "Morfin" in varsel.tekst
    assert "er ikke signert" in varsel.tekst
    with acting_as(avd.spl2):
        with pytest.raises(ValidationError):
            dosevarsel_close(actor=avd.spl2, dosevarsel_id=varsel.pk, tiltak="")
        dosevarsel_close(actor=avd.spl2, dosevarsel_id=varsel.pk, tiltak="Gitt 09:10, lege varslet")
    with acting_as(avd.spl_annen), pytest.raises(NotFound):
        dosevarsel_close(actor=avd.spl_annen, dosevarsel_id=varsel.pk, tiltak="x")


def test_a_dispenser_event_is_linked_to_the_order_due_then(avd: Avdeling) -> None:
    v = dosevarsel_dispenser_register(
        pasient_id=avd.ola.pk,
        enhet_id=avd.avdeling.pk,
        tidspunkt=oslo(DAG, "09:20"),
        hendelse_ref="evt-1",
    )
    assert v.forordning == avd.kvelds
    assert v.forfall_at == oslo(DAG, "09:00")
    again = dosevarsel_dispenser_register(
        pasient_id=avd.ola.pk,
        enhet_id=avd.avdeling.pk,
        tidspunkt=oslo(DAG, "09:20"),
        hendelse_ref="evt-1",
    )
    assert again.pk == v.pk
    assert Dosevarsel.objects.count() == 1


def test_a_units_rounds_must_cover_the_day(avd: Avdeling) -> None:
    oppsett = Utdelingsoppsett(enhet=avd.avdeling, dobbeltkontroll_atc=[" n02a "])
    oppsett.runder = [{"kode": "dag", "navn": "Dag", "fra": "06:00", "til": "22:00"}]
    with pytest.raises(ValidationError) as exc:
        oppsett.full_clean()
    assert "dekke hele døgnet" in exc.value.message_dict["runder"][0]
    oppsett.runder.append({"kode": "natt", "navn": "Natt", "fra": "22:00", "til": "06:00"})
    oppsett.full_clean()
    assert oppsett.dobbeltkontroll_atc == ["N02A"]
