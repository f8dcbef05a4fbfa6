"""kritisk_list, diagnose_list and the banner's critical information in pasient_get:
order, paging, access (same NotFound), read audit, and what entry blocks do and don't hide."""

from __future__ import annotations

import uuid

import pytest

from core.audit import AuditEvent
from core.exceptions import ApplicationError, NotFound
from core.models import Ansatt, AuditLogg
from journal.models import (
    Alvorlighet,
    DiagnoseStatus,
    Kode,
    KritiskType,
    Pasient,
    Sikkerhet,
    Sperring,
    SperringMal,
)
from journal.seeds import kodeverk_startsett_load
from journal.selectors import diagnose_list, kritisk_list, pasient_get
from journal.services import diagnose_close, diagnose_create, kritisk_create, kritisk_deactivate
from tests.acting import acting_as

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _startsett(db: None) -> None:
    kodeverk_startsett_load()


def _register(ansatt: Ansatt, pasient: Pasient) -> dict[str, uuid.UUID]:
    """Four entries in the order they are registered (not the order they are shown)."""
    ids: dict[str, uuid.UUID] = {}
    entries = [
        ("lateks", KritiskType.ALLERGI, Alvorlighet.MODERAT, Sikkerhet.MISTENKT, ""),
        ("penicillin", KritiskType.ALLERGI, Alvorlighet.LIVSTRUENDE, Sikkerhet.BEKREFTET, ""),
        ("hlr", KritiskType.BESLUTNING, Alvorlighet.UKJENT, "", "Lege Lise Lege"),
        ("pacemaker", KritiskType.IMPLANTAT, Alvorlighet.ALVORLIG, "", ""),
    ]
    with acting_as(ansatt):
        for key, type_, alvorlighet, sikkerhet, besluttet_av in entries:
            ids[key] = kritisk_create(
                actor=ansatt,
                pasient_id=pasient.pk,
                type=type_,
                tittel="Ikke HLR" if key == "hlr" else key.capitalize(),
                alvorlighet=alvorlighet,
                sikkerhet=sikkerhet,
                besluttet_av=besluttet_av,
            ).pk
    return ids


def test_decisions_first_then_by_severity_and_history_last(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    ids = _register(lege_med_relasjon, pasient)
    with acting_as(lege_med_relasjon):
        kritisk_deactivate(actor=lege_med_relasjon, kritisk_id=ids["lateks"], grunn="Testet")
        # when
        everything = kritisk_list(actor=lege_med_relasjon, pasient_id=pasient.pk)
        active = kritisk_list(actor=lege_med_relasjon, pasient_id=pasient.pk, aktiv=True)
        paged = kritisk_list(actor=lege_med_relasjon, pasient_id=pasient.pk, storrelse=3)
    # then
    assert [k.pk for k in everything.items] == [
        ids["hlr"],
        ids["penicillin"],
        ids["pacemaker"],
        ids["lateks"],
    ]
    assert [k.pk for k in active.items] == [ids["hlr"], ids["penicillin"], ids["pacemaker"]]
    assert paged.har_neste


def test_each_read_is_audited_once_for_the_patient(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    _register(lege_med_relasjon, pasient)
    # when
    with acting_as(lege_med_relasjon):
        kritisk_list(actor=lege_med_relasjon, pasient_id=pasient.pk)
        diagnose_list(actor=lege_med_relasjon, pasient_id=pasient.pk)
    # then
    kritisk_read = AuditLogg.objects.get(hendelse=AuditEvent.KRITISK_READ)
    diagnose_read = AuditLogg.objects.get(hendelse=AuditEvent.DIAGNOSE_READ)
    assert (kritisk_read.pasient_id, kritisk_read.aktor_id, kritisk_read.ekstra) == (
        pasient.pk,
        lege_med_relasjon.pk,
        {"side": 1, "antall": 4},
    )
    assert (diagnose_read.pasient_id, diagnose_read.ekstra) == (
        pasient.pk,
        {"side": 1, "antall": 0},
    )


def test_strangers_get_not_found_and_no_audit_row(
    ansatt_annen_enhet: Ansatt, lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    _register(lege_med_relasjon, pasient)
    with acting_as(ansatt_annen_enhet):
        # when / then
        for read in (kritisk_list, diagnose_list):
            with pytest.raises(NotFound):
                read(actor=ansatt_annen_enhet, pasient_id=pasient.pk)
            with pytest.raises(NotFound):
                read(actor=ansatt_annen_enhet, pasient_id=uuid.uuid4())
    assert not AuditLogg.objects.filter(aktor_id=ansatt_annen_enhet.pk).exists()


def test_entry_blocks_never_hide_critical_information_but_hide_diagnoses(
    lege_med_relasjon: Ansatt, kollega_samme_enhet: Ansatt, pasient: Pasient
) -> None:
    # given: the patient blocks one allergy and one diagnosis for the colleague
    ids = _register(lege_med_relasjon, pasient)
    with acting_as(lege_med_relasjon):
        p76 = diagnose_create(
            actor=lege_med_relasjon,
            pasient_id=pasient.pk,
            kode_id=Kode.objects.get(kodeverk="ICPC-2", kode="P76").pk,
        )
        t90 = diagnose_create(
            actor=lege_med_relasjon,
            pasient_id=pasient.pk,
            kode_id=Kode.objects.get(kodeverk="ICPC-2", kode="T90").pk,
        )
    for objekt_type, objekt_id in [
        ("journal.KritiskInformasjon", ids["penicillin"]),
        ("journal.Diagnose", p76.pk),
    ]:
        Sperring.objects.create(
            pasient=pasient,
            mal=SperringMal.ANSATT,
            ansatt=kollega_samme_enhet,
            objekt_type=objekt_type,
            objekt_id=str(objekt_id),
        )
    with acting_as(kollega_samme_enhet):
        # when
        visning = pasient_get(actor=kollega_samme_enhet, pasient_id=pasient.pk)
        kritisk = kritisk_list(actor=kollega_samme_enhet, pasient_id=pasient.pk)
        diagnoser = diagnose_list(actor=kollega_samme_enhet, pasient_id=pasient.pk)
    # then: safety first for critical information
    assert ids["penicillin"] in [k.pk for k in visning.kritisk]
    assert ids["penicillin"] in [k.pk for k in kritisk.items]
    flags = {d.pk: blocked for d, blocked in diagnoser.rader()}
    assert flags == {p76.pk: True, t90.pk: False}


def test_diagnoses_active_first_and_by_status(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # given
    with acting_as(lege_med_relasjon):
        first = diagnose_create(
            actor=lege_med_relasjon,
            pasient_id=pasient.pk,
            kode_id=Kode.objects.get(kodeverk="ICD-10", kode="J18").pk,
        )
        second = diagnose_create(
            actor=lege_med_relasjon,
            pasient_id=pasient.pk,
            kode_id=Kode.objects.get(kodeverk="ICD-10", kode="I10").pk,
        )
        diagnose_close(actor=lege_med_relasjon, diagnose_id=second.pk)
        third = diagnose_create(
            actor=lege_med_relasjon,
            pasient_id=pasient.pk,
            kode_id=Kode.objects.get(kodeverk="ICD-10", kode="E119").pk,
        )
        # when
        everything = diagnose_list(actor=lege_med_relasjon, pasient_id=pasient.pk)
        closed = diagnose_list(
            actor=lege_med_relasjon, pasient_id=pasient.pk, status=DiagnoseStatus.AVSLUTTET
        )
        # then
        with pytest.raises(ApplicationError, match="Ukjent status"):
            diagnose_list(actor=lege_med_relasjon, pasient_id=pasient.pk, status="slettet")
    assert [d.pk for d in everything.side.items] == [third.pk, first.pk, second.pk]
    assert [d.pk for d in closed.side.items] == [second.pk]


def test_the_banner_gets_only_active_critical_information_in_banner_order(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    ids = _register(lege_med_relasjon, pasient)
    with acting_as(lege_med_relasjon):
        kritisk_deactivate(actor=lege_med_relasjon, kritisk_id=ids["pacemaker"], grunn="Fjernet")
        # when
        visning = pasient_get(actor=lege_med_relasjon, pasient_id=pasient.pk)
    # then
    assert [k.pk for k in visning.kritisk] == [ids["hlr"], ids["penicillin"], ids["lateks"]]
