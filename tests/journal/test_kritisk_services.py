"""kritisk_create / kritisk_deactivate: rules, access (same NotFound), audit rows, never deleted."""

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
from journal.models import Alvorlighet, KritiskInformasjon, KritiskType, Pasient, Sikkerhet
from journal.services import kritisk_create, kritisk_deactivate
from tests.acting import acting_as
from tests.conftest import actor
from tests.factories import PasientFactory

pytestmark = pytest.mark.django_db


def _allergi(ansatt: Ansatt, pasient: Pasient, **fields: object) -> KritiskInformasjon:
    values: dict[str, object] = {
        "type": KritiskType.ALLERGI,
        "tittel": "Penicillin",
        "reaksjon": "Anafylaksi",
        "alvorlighet": Alvorlighet.LIVSTRUENDE,
        "sikkerhet": Sikkerhet.BEKREFTET,
        "kilde": "Epikrise fra sykehuset",
        "dato": dt.date(2020, 5, 1),
        **fields,
    }
    with acting_as(ansatt):
        return kritisk_create(actor=ansatt, pasient_id=pasient.pk, **values)  # type: ignore[arg-type]


def test_register_an_allergy_in_the_acting_unit_with_an_audit_row(
    lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # when
    kritisk = _allergi(lege_med_relasjon, pasient, tittel="  Penicillin ")
    # then
    kritisk.refresh_from_db()
    assert (kritisk.tittel, kritisk.alvorlighet, kritisk.sikkerhet, kritisk.aktiv) == (
        "Penicillin",
        "livstruende",
        "bekreftet",
        True,
    )
    assert (kritisk.pasient_id, kritisk.enhet_id, kritisk.registrert_av_id) == (
        pasient.pk,
        enhet.pk,
        lege_med_relasjon.pk,
    )
    row = AuditLogg.objects.get(hendelse=AuditEvent.KRITISK_CREATED)
    assert (row.pasient_id, row.aktor_id, row.objekt_id) == (
        pasient.pk,
        lege_med_relasjon.pk,
        str(kritisk.pk),
    )
    assert row.ekstra == {"type": "allergi", "alvorlighet": "livstruende", "sikkerhet": "bekreftet"}


def test_allergy_and_intolerance_need_the_certainty(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    for type_ in (KritiskType.ALLERGI, KritiskType.INTOLERANSE):
        # when
        with pytest.raises(ValidationError) as exc:
            _allergi(lege_med_relasjon, pasient, type=type_, sikkerhet="")
        # then
        assert exc.value.message_dict == {
            "sikkerhet": ["Oppgi om reaksjonen er bekreftet eller mistenkt."]
        }
    assert not KritiskInformasjon.objects.exists()
    assert not AuditLogg.objects.filter(hendelse=AuditEvent.KRITISK_CREATED).exists()


def test_allergy_needs_the_substance(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # when
    with pytest.raises(ValidationError) as exc:
        _allergi(lege_med_relasjon, pasient, tittel="  ")
    # then
    assert exc.value.message_dict == {"tittel": ["Skriv hvilket stoff pasienten reagerer på."]}


def test_the_substance_may_be_coded_with_an_atc_group_or_code(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # when: a group written loosely, then something that is not an ATC code
    kritisk = _allergi(lege_med_relasjon, pasient, substans_atc=" j01c ")
    with pytest.raises(ValidationError) as exc:
        _allergi(lege_med_relasjon, pasient, substans_atc="penicil")
    # then
    assert kritisk.substans_atc == "J01C"
    assert exc.value.message_dict["substans_atc"] == [
        "Skriv en ATC-kode, f.eks. J01C (penicilliner) eller J01CE02."
    ]


def test_a_decision_needs_who_decided(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # when
    with pytest.raises(ValidationError) as exc:
        _allergi(
            lege_med_relasjon, pasient, type=KritiskType.BESLUTNING, tittel="Ikke HLR", sikkerhet=""
        )
    # then
    assert exc.value.message_dict == {"besluttet_av": ["Skriv hvem som har tatt beslutningen."]}


def test_a_decision_with_who_decided_counts_as_confirmed(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # when
    kritisk = _allergi(
        lege_med_relasjon,
        pasient,
        type=KritiskType.BESLUTNING,
        tittel="Ikke HLR",
        reaksjon="",
        alvorlighet=Alvorlighet.UKJENT,
        sikkerhet="",
        besluttet_av="Lege Lise Lege, etter samtale med pasient og datter",
    )
    # then
    assert kritisk.sikkerhet == Sikkerhet.BEKREFTET
    assert kritisk.besluttet_av.startswith("Lege Lise Lege")


def test_the_date_cannot_be_in_the_future(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # when
    with pytest.raises(ValidationError) as exc:
        _allergi(lege_med_relasjon, pasient, dato=idag() + dt.timedelta(days=1))
    # then
    assert exc.value.message_dict == {"dato": ["Datoen kan ikke være fram i tid."]}


def test_unknown_type_and_severity_are_refused(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # when / then
    with pytest.raises(ValidationError, match="Velg hva slags kritisk informasjon"):
        _allergi(lege_med_relasjon, pasient, type="hemmelig")
    with pytest.raises(ValidationError) as exc:
        _allergi(lege_med_relasjon, pasient, alvorlighet="katastrofal")
    assert "alvorlighet" in exc.value.message_dict


def test_strangers_get_the_same_not_found_as_for_a_missing_patient(
    ansatt_annen_enhet: Ansatt, pasient: Pasient
) -> None:
    # when / then
    with pytest.raises(NotFound) as denied:
        _allergi(ansatt_annen_enhet, pasient)
    with pytest.raises(NotFound) as missing:
        _allergi(ansatt_annen_enhet, PasientFactory.build(id=uuid.uuid4()))
    assert str(denied.value) == str(missing.value)
    assert not KritiskInformasjon.objects.exists()
    assert not AuditLogg.objects.filter(aktor_id=ansatt_annen_enhet.pk).exists()


def test_a_role_without_the_right_to_write_is_refused(enhet: Enhet, pasient: Pasient) -> None:
    # given: a unit leader may read the record but not document in it
    leder = actor(enhet, "leder", username="leder1")
    # when / then
    with pytest.raises(AccessDenied):
        _allergi(leder, pasient)


def test_deactivate_keeps_the_row_with_reason_and_audit(
    lege_med_relasjon: Ansatt, kollega_samme_enhet: Ansatt, pasient: Pasient
) -> None:
    # given
    kritisk = _allergi(lege_med_relasjon, pasient)
    # when
    with acting_as(kollega_samme_enhet):
        kritisk_deactivate(
            actor=kollega_samme_enhet,
            kritisk_id=kritisk.pk,
            pasient_id=pasient.pk,
            grunn="  Allergitest negativ  ",
        )
    # then
    kritisk.refresh_from_db()
    assert not kritisk.aktiv
    assert (kritisk.avsluttet_av_id, kritisk.avsluttet_grunn) == (
        kollega_samme_enhet.pk,
        "Allergitest negativ",
    )
    assert kritisk.avsluttet_at is not None
    row = AuditLogg.objects.get(hendelse=AuditEvent.KRITISK_DEACTIVATED)
    assert (row.pasient_id, row.aktor_id, row.objekt_id) == (
        pasient.pk,
        kollega_samme_enhet.pk,
        str(kritisk.pk),
    )
    assert row.ekstra == {"aktiv": {"fra": True, "til": False}, "grunn": "Allergitest negativ"}


def test_deactivate_needs_a_reason_and_only_once(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    kritisk = _allergi(lege_med_relasjon, pasient)
    with acting_as(lege_med_relasjon):
        # when / then
        with pytest.raises(ValidationError) as exc:
            kritisk_deactivate(actor=lege_med_relasjon, kritisk_id=kritisk.pk, grunn=" ")
        assert exc.value.message_dict == {"grunn": ["Skriv hvorfor."]}
        with pytest.raises(ValidationError, match="høyst 500 tegn"):
            kritisk_deactivate(actor=lege_med_relasjon, kritisk_id=kritisk.pk, grunn="x" * 501)
        kritisk_deactivate(actor=lege_med_relasjon, kritisk_id=kritisk.pk, grunn="Feil pasient")
        with pytest.raises(ApplicationError, match="allerede avsluttet"):
            kritisk_deactivate(actor=lege_med_relasjon, kritisk_id=kritisk.pk, grunn="Igjen")
    assert AuditLogg.objects.filter(hendelse=AuditEvent.KRITISK_DEACTIVATED).count() == 1


def test_deactivate_by_strangers_or_under_another_patient_is_not_found(
    lege_med_relasjon: Ansatt, ansatt_annen_enhet: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    kritisk = _allergi(lege_med_relasjon, pasient)
    other = PasientFactory(relasjon_til=enhet)
    # when / then
    with acting_as(ansatt_annen_enhet), pytest.raises(NotFound):
        kritisk_deactivate(actor=ansatt_annen_enhet, kritisk_id=kritisk.pk, grunn="Ukjent")
    with acting_as(lege_med_relasjon), pytest.raises(NotFound):
        kritisk_deactivate(
            actor=lege_med_relasjon, kritisk_id=kritisk.pk, pasient_id=other.pk, grunn="Feil"
        )
    with acting_as(lege_med_relasjon), pytest.raises(NotFound):
        kritisk_deactivate(actor=lege_med_relasjon, kritisk_id="ikke-en-id", grunn="Feil")
    kritisk.refresh_from_db()
    assert kritisk.aktiv
