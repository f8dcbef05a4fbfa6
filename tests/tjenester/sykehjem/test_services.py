"""Stays: admission, reservation, transfer, absences, discharge, death, waiting list; audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from core.audit import AuditEvent
from core.exceptions import ApplicationError, NotFound
from core.klokke import idag
from core.models import Ansatt, AuditLogg, Enhet
from journal.access import AccessDenied
from journal.models import Behandlingsrelasjon, Pasient, RelasjonGrunnlag
from tests.acting import acting_as
from tests.factories import PasientFactory
from tjenester.sykehjem.models import (
    Avslutningsaarsak,
    Fravaer,
    Fravaerstype,
    Opphold,
    OppholdStatus,
    Oppholdstype,
    Seng,
    Sengeperiode,
    Sengetype,
    Venteliste,
    VentelisteStatus,
)
from tjenester.sykehjem.services import (
    fravaer_create,
    fravaer_end,
    opphold_admit,
    opphold_cancel,
    opphold_create,
    opphold_death,
    opphold_discharge,
    opphold_transfer,
    rom_create,
    seng_aktiv_set,
    seng_create,
    venteliste_create,
    venteliste_remove,
)

pytestmark = pytest.mark.django_db

I_DAG = idag()


def _admit(leder: Ansatt, seng: Seng, pasient: Pasient, **kw: object) -> Opphold:
    with acting_as(leder):
        return opphold_create(
            actor=leder,
            seng_id=seng.pk,
            pasient_id=pasient.pk,
            type=kw.pop("type", Oppholdstype.LANGTID),  # type: ignore[arg-type]
            fra=kw.pop("fra", I_DAG),  # type: ignore[arg-type]
            **kw,  # type: ignore[arg-type]
        )


def _relasjon(pasient: Pasient, enhet: Enhet) -> bool:
    return (
        Behandlingsrelasjon.objects.active()
        .filter(pasient=pasient, enhet=enhet, grunnlag=RelasjonGrunnlag.OPPHOLD)
        .exists()
    )


def test_admission_opens_the_wards_care_relationship_and_is_audited(
    leder: Ansatt, avdeling: Enhet, senger: list[Seng], beboer: Pasient
) -> None:
    # when
    opphold = _admit(leder, senger[0], beboer)
    # then
    assert opphold.status == OppholdStatus.AKTIV
    assert opphold.enhet_id == avdeling.pk
    periode = Sengeperiode.objects.get(opphold=opphold)
    assert (periode.seng_id, periode.fra, periode.til) == (senger[0].pk, I_DAG, None)
    assert periode.seng_nr == senger[0].nummer
    assert _relasjon(beboer, avdeling)
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.OPPHOLD_ADMITTED, pasient_id=beboer.pk, aktor_id=leder.pk
    ).exists()
    assert AuditLogg.objects.filter(hendelse=AuditEvent.RELASJON_OPENED, pasient_id=beboer.pk)


def test_admission_by_fodselsnummer(leder: Ansatt, senger: list[Seng], beboer: Pasient) -> None:
    # when
    with acting_as(leder):
        opphold = opphold_create(
            actor=leder,
            seng_id=senger[0].pk,
            identifikator=beboer.identifikator,
            type=Oppholdstype.KORTTID,
            fra=I_DAG,
            til=I_DAG + dt.timedelta(days=14),
        )
    # then
    assert opphold.pasient_id == beboer.pk
    assert opphold.til == I_DAG + dt.timedelta(days=14)


def test_a_taken_bed_is_refused_in_norwegian(
    leder: Ansatt, senger: list[Seng], beboer: Pasient
) -> None:
    # given
    _admit(leder, senger[0], beboer)
    annen = PasientFactory()
    # when / then
    with pytest.raises(ApplicationError, match="Sengen er allerede belagt i perioden"):
        _admit(leder, senger[0], annen, fra=I_DAG + dt.timedelta(days=30))
    assert Opphold.objects.filter(pasient=annen).count() == 0


def test_future_stay_is_a_reservation_and_arrival_admits_it(
    leder: Ansatt, senger: list[Seng], beboer: Pasient
) -> None:
    # given
    opphold = _admit(leder, senger[0], beboer, fra=I_DAG + dt.timedelta(days=3))
    assert opphold.status == OppholdStatus.RESERVERT
    # when: the resident comes early
    with acting_as(leder):
        opphold_admit(actor=leder, opphold_id=opphold.pk)
    # then
    opphold.refresh_from_db()
    assert (opphold.status, opphold.fra) == (OppholdStatus.AKTIV, I_DAG)
    assert Sengeperiode.objects.get(opphold=opphold).fra == I_DAG


def test_cancelled_reservation_frees_the_bed(
    leder: Ansatt, avdeling: Enhet, senger: list[Seng], beboer: Pasient
) -> None:
    # given
    opphold = _admit(leder, senger[0], beboer, fra=I_DAG + dt.timedelta(days=3))
    # when
    with acting_as(leder):
        opphold_cancel(actor=leder, opphold_id=opphold.pk)
    # then the bed can be booked for the same days, and the relationship is closed
    opphold.refresh_from_db()
    assert opphold.avslutningsarsak == Avslutningsaarsak.ANNULLERT
    _admit(leder, senger[0], PasientFactory(), fra=I_DAG + dt.timedelta(days=3))
    assert not _relasjon(beboer, avdeling)


def test_patient_cannot_have_two_stays_at_once(
    leder: Ansatt, senger: list[Seng], beboer: Pasient
) -> None:
    # given
    _admit(leder, senger[0], beboer)
    # when / then
    with pytest.raises(ApplicationError, match="allerede et opphold"):
        _admit(leder, senger[1], beboer)


def test_transfer_within_the_ward_ends_one_bed_period_and_starts_the_next(
    leder: Ansatt, senger: list[Seng], beboer: Pasient
) -> None:
    # given
    opphold = _admit(leder, senger[0], beboer, fra=I_DAG - dt.timedelta(days=10))
    # when
    with acting_as(leder):
        opphold_transfer(actor=leder, opphold_id=opphold.pk, seng_id=senger[1].pk)
    # then
    perioder = list(Sengeperiode.objects.filter(opphold=opphold).order_by("fra"))
    assert [(p.seng_id, p.fra, p.til) for p in perioder] == [
        (senger[0].pk, I_DAG - dt.timedelta(days=10), I_DAG),
        (senger[1].pk, I_DAG, None),
    ]
    opphold.refresh_from_db()
    assert opphold.seng_id == senger[1].pk
    # the old bed is free from today
    _admit(leder, senger[0], PasientFactory())
    assert AuditLogg.objects.filter(hendelse=AuditEvent.OPPHOLD_TRANSFERRED).count() == 1


def test_transfer_to_a_taken_bed_changes_nothing(
    leder: Ansatt, senger: list[Seng], beboer: Pasient
) -> None:
    # given
    opphold = _admit(leder, senger[0], beboer, fra=I_DAG - dt.timedelta(days=10))
    _admit(leder, senger[1], PasientFactory())
    # when / then
    with pytest.raises(ApplicationError, match="Sengen er allerede belagt"), acting_as(leder):
        opphold_transfer(actor=leder, opphold_id=opphold.pk, seng_id=senger[1].pk)
    assert Sengeperiode.objects.get(opphold=opphold).til is None


def test_transfer_to_another_ward_moves_the_care_relationship(
    leder: Ansatt,
    leder2: Ansatt,
    avdeling: Enhet,
    avdeling2: Enhet,
    senger: list[Seng],
    senger2: list[Seng],
    beboer: Pasient,
) -> None:
    # given
    opphold = _admit(leder, senger[0], beboer, fra=I_DAG - dt.timedelta(days=5))
    # when
    with acting_as(leder):
        opphold_transfer(actor=leder, opphold_id=opphold.pk, seng_id=senger2[0].pk)
    # then
    opphold.refresh_from_db()
    assert opphold.enhet_id == avdeling2.pk
    assert not _relasjon(beboer, avdeling)
    assert _relasjon(beboer, avdeling2)
    # the old ward's leader has lost the stay; the new one has it
    with acting_as(leder), pytest.raises(NotFound):
        opphold_discharge(actor=leder, opphold_id=opphold.pk)
    with acting_as(leder2):
        opphold_discharge(actor=leder2, opphold_id=opphold.pk)


def test_leave_and_hospital_are_dated_absences_within_the_stay(
    leder: Ansatt, senger: list[Seng], beboer: Pasient
) -> None:
    # given
    opphold = _admit(leder, senger[0], beboer, fra=I_DAG - dt.timedelta(days=20))
    # when
    with acting_as(leder):
        permisjon = fravaer_create(
            actor=leder,
            opphold_id=opphold.pk,
            type=Fravaerstype.PERMISJON,
            fra=I_DAG - dt.timedelta(days=10),
            til=I_DAG - dt.timedelta(days=8),
        )
        sykehus = fravaer_create(
            actor=leder, opphold_id=opphold.pk, type=Fravaerstype.SYKEHUS, fra=I_DAG
        )
    # then
    assert permisjon.til == I_DAG - dt.timedelta(days=8)
    assert sykehus.til is None
    with acting_as(leder), pytest.raises(ApplicationError, match="allerede fravær"):
        fravaer_create(
            actor=leder,
            opphold_id=opphold.pk,
            type=Fravaerstype.PERMISJON,
            fra=I_DAG - dt.timedelta(days=9),
            til=I_DAG - dt.timedelta(days=7),
        )
    with acting_as(leder):
        fravaer_end(actor=leder, fravar_id=sykehus.pk)
    sykehus.refresh_from_db()
    assert sykehus.til == I_DAG
    assert AuditLogg.objects.filter(hendelse=AuditEvent.FRAVAR_CREATED).count() == 2
    assert AuditLogg.objects.filter(hendelse=AuditEvent.FRAVAR_ENDED).count() == 1


def test_discharge_frees_the_bed_ends_absences_and_closes_the_relationship(
    leder: Ansatt, avdeling: Enhet, senger: list[Seng], beboer: Pasient
) -> None:
    # given
    opphold = _admit(leder, senger[0], beboer, fra=I_DAG - dt.timedelta(days=20))
    with acting_as(leder):
        fravaer_create(
            actor=leder,
            opphold_id=opphold.pk,
            type=Fravaerstype.SYKEHUS,
            fra=I_DAG - dt.timedelta(days=2),
        )
        # when
        opphold_discharge(actor=leder, opphold_id=opphold.pk)
    # then
    opphold.refresh_from_db()
    assert (opphold.status, opphold.til) == (OppholdStatus.AVSLUTTET, I_DAG)
    assert opphold.avslutningsarsak == Avslutningsaarsak.UTSKREVET
    assert Fravaer.objects.get(opphold=opphold).til == I_DAG
    assert not _relasjon(beboer, avdeling)
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.OPPHOLD_DISCHARGED, pasient_id=beboer.pk
    ).exists()
    _admit(leder, senger[0], PasientFactory())  # the bed is free the same day
    with acting_as(leder), pytest.raises(NotFound):
        opphold_discharge(actor=leder, opphold_id=opphold.pk)  # already over


def test_death_ends_the_stay_with_the_date_of_death(
    leder: Ansatt, senger: list[Seng], beboer: Pasient
) -> None:
    # given
    opphold = _admit(leder, senger[0], beboer, fra=I_DAG - dt.timedelta(days=200))
    i_gar = I_DAG - dt.timedelta(days=1)
    # when
    with acting_as(leder):
        opphold_death(actor=leder, opphold_id=opphold.pk, dato=i_gar)
    # then
    opphold.refresh_from_db()
    assert (opphold.avslutningsarsak, opphold.dodsdato, opphold.til) == (
        Avslutningsaarsak.DOD,
        i_gar,
        i_gar,
    )
    assert AuditLogg.objects.filter(hendelse=AuditEvent.OPPHOLD_DEATH).exists()


def test_discharge_cannot_be_in_the_future_or_before_the_stay(
    leder: Ansatt, senger: list[Seng], beboer: Pasient
) -> None:
    # given
    opphold = _admit(leder, senger[0], beboer, fra=I_DAG - dt.timedelta(days=2))
    # when / then
    for dato in (I_DAG + dt.timedelta(days=1), I_DAG - dt.timedelta(days=3)):
        with acting_as(leder), pytest.raises(ValidationError):
            opphold_discharge(actor=leder, opphold_id=opphold.pk, dato=dato)


def test_a_nurse_cannot_admit(sykepleier_avd: Ansatt, senger: list[Seng], beboer: Pasient) -> None:
    # when / then
    with acting_as(sykepleier_avd), pytest.raises(AccessDenied):
        opphold_create(
            actor=sykepleier_avd,
            seng_id=senger[0].pk,
            pasient_id=beboer.pk,
            type=Oppholdstype.LANGTID,
            fra=I_DAG,
        )
    assert not Opphold.objects.exists()


def test_a_leader_of_another_ward_cannot_use_this_wards_beds(
    leder2: Ansatt, senger: list[Seng], beboer: Pasient
) -> None:
    # when / then
    with acting_as(leder2), pytest.raises(ValidationError):
        opphold_create(
            actor=leder2,
            seng_id=senger[0].pk,
            pasient_id=beboer.pk,
            type=Oppholdstype.LANGTID,
            fra=I_DAG,
        )


def test_waiting_list_in_priority_then_date_order_and_admission_removes_the_entry(
    leder: Ansatt, avdeling: Enhet, senger: list[Seng]
) -> None:
    # given: patients the ward knows (e.g. from a decision)
    a, b, c = (PasientFactory(relasjon_til=avdeling) for _ in range(3))
    with acting_as(leder):
        venteliste_create(actor=leder, pasient_id=a.pk, prioritet=2, soknadsdato=I_DAG)
        vb = venteliste_create(
            actor=leder, pasient_id=b.pk, prioritet=1, soknadsdato=I_DAG - dt.timedelta(days=1)
        )
        venteliste_create(
            actor=leder, pasient_id=c.pk, prioritet=2, soknadsdato=I_DAG - dt.timedelta(days=9)
        )
        with pytest.raises(ApplicationError, match="allerede på ventelisten"):
            venteliste_create(actor=leder, pasient_id=a.pk)
    order = list(
        Venteliste.objects.filter(status=VentelisteStatus.VENTER).values_list(
            "pasient_id", flat=True
        )
    )
    assert order == [b.pk, c.pk, a.pk]
    # when
    with acting_as(leder):
        opphold = opphold_create(
            actor=leder,
            seng_id=senger[0].pk,
            venteliste_id=vb.pk,
            type=Oppholdstype.LANGTID,
            fra=I_DAG,
        )
    # then
    vb.refresh_from_db()
    assert (vb.status, vb.opphold_id) == (VentelisteStatus.INNLAGT, opphold.pk)
    assert opphold.pasient_id == b.pk


def test_waiting_list_entry_can_be_withdrawn(leder: Ansatt, avdeling: Enhet) -> None:
    # given
    pasient = PasientFactory(relasjon_til=avdeling)
    with acting_as(leder):
        entry = venteliste_create(actor=leder, pasient_id=pasient.pk, prioritet=3)
        # when
        venteliste_remove(actor=leder, venteliste_id=entry.pk)
    # then
    entry.refresh_from_db()
    assert entry.status == VentelisteStatus.TRUKKET
    assert AuditLogg.objects.filter(hendelse=AuditEvent.VENTELISTE_REMOVED).exists()


def test_waiting_list_needs_access_to_the_patient(leder: Ansatt, beboer: Pasient) -> None:
    # when / then: the ward has no relation to this patient
    with acting_as(leder), pytest.raises(NotFound):
        venteliste_create(actor=leder, pasient_id=beboer.pk)


def test_rooms_and_beds_are_added_by_the_ward_leader(leder: Ansatt, avdeling: Enhet) -> None:
    # when
    with acting_as(leder):
        rom = rom_create(actor=leder, navn="301")
        a = seng_create(actor=leder, rom_id=rom.pk, navn="A", type=Sengetype.DEMENS)
        b = seng_create(actor=leder, rom_id=rom.pk, navn="B", type=Sengetype.KORTTID)
        with pytest.raises(ValidationError):
            seng_create(actor=leder, rom_id=rom.pk, navn="a", type=Sengetype.KORTTID)
    # then
    assert a.enhet_id == b.enhet_id == avdeling.pk
    assert a.nummer != b.nummer
    assert AuditLogg.objects.filter(hendelse=AuditEvent.SENG_CHANGED).count() == 3


def test_a_bed_in_use_cannot_be_taken_out_of_use(
    leder: Ansatt, senger: list[Seng], beboer: Pasient
) -> None:
    # given
    _admit(leder, senger[0], beboer)
    # when / then
    with acting_as(leder), pytest.raises(ApplicationError, match="kan ikke tas ut av drift"):
        seng_aktiv_set(actor=leder, seng_id=senger[0].pk, aktiv=False)
    with acting_as(leder):
        seng_aktiv_set(actor=leder, seng_id=senger[1].pk, aktiv=False)
    with pytest.raises(ValidationError, match="ute av drift"):
        _admit(leder, senger[1], PasientFactory())


def test_a_nurse_cannot_add_beds(sykepleier_avd: Ansatt) -> None:
    # when / then
    with acting_as(sykepleier_avd), pytest.raises(AccessDenied):
        rom_create(actor=sykepleier_avd, navn="999")
