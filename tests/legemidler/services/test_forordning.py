"""Ordering, stopping and confirming medication: the checks, bad input, rights, audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.audit import AuditEvent
from core.exceptions import NotFound
from core.klokke import idag, naa
from core.models import Ansatt, AuditLogg, Enhet
from journal.access import AccessDenied
from journal.models import Pasient
from journal.services import kritisk_create
from legemidler.models import Forordning, ForordningStatus, Legemiddel, Overstyring
from legemidler.services import (
    KontrollStopp,
    forordning_check,
    forordning_confirm,
    forordning_create,
    forordning_stop,
    katalog_load,
)
from tests.acting import acting_as
from tests.legemidler.conftest import lm

pytestmark = pytest.mark.usefixtures("katalog")

DAGLIG = {"tider": [{"tid": "08:00", "dose": "1"}]}
MANDAG = {"tider": [{"tid": "08:00", "dose": "4"}], "ukedager": [1]}
PRN = {"behov_dose": "1", "behov_maks_per_doegn": "4", "behov_min_intervall_min": 240}


def order(actor: Ansatt, pasient: Pasient, varenavn: str, **kwargs: Any) -> Forordning:
    fields: dict[str, Any] = {
        "doseringstype": "fast",
        "dosering": DAGLIG,
        "dose_enhet": "tablett",
        "administrasjonsvei": "oral",
        "indikasjon": "Smerter",
        **kwargs,
    }
    return forordning_create(
        actor=actor, pasient_id=pasient.pk, legemiddel_id=lm(varenavn).pk, **fields
    )


def test_a_doctor_orders_with_hpr_and_it_is_audited(
    lege: Ansatt, avdeling: Enhet, beboer: Pasient
) -> None:
    # when
    with acting_as(lege, avdeling):
        forordning = order(
            lege,
            beboer,
            "Paracet",
            dosering={"tider": [{"tid": "08:00", "dose": "2"}, {"tid": "20:00", "dose": "2"}]},
        )

    # then
    assert forordning.ordinert_av_hpr == lege.hpr_nummer
    assert forordning.dosering_tekst == "08:00 2 tablett, 20:00 2 tablett"
    assert forordning.enhet == avdeling
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.FORORDNING_CREATED, pasient_id=beboer.pk, aktor_id=lege.pk
    ).exists()


def test_weekly_methotrexate_passes_daily_is_stopped_until_overridden(
    lege: Ansatt, avdeling: Enhet, beboer: Pasient
) -> None:
    with acting_as(lege, avdeling):
        # weekly: fine
        ukentlig = order(
            lege, beboer, "Metotreksat", dosering=MANDAG, indikasjon="Revmatoid artritt"
        )
        assert ukentlig.dosering_tekst.endswith("én gang i uken, mandag")
        forordning_stop(actor=lege, forordning_id=ukentlig.pk, grunn="Test av daglig")

        # daily: stopped, nothing written
        with pytest.raises(KontrollStopp) as exc:
            order(lege, beboer, "Metotreksat", indikasjon="Revmatoid artritt")
        assert [f.kontroll for f in exc.value.funn] == ["ukentlig"]
        assert "én gang i uken" in exc.value.funn[0].melding
        assert exc.value.extra["kontroller"][0]["kontroll"] == "ukentlig"
        assert Forordning.objects.filter(pasient=beboer, status="aktiv").count() == 0

        # an empty reason is no override
        with pytest.raises(KontrollStopp):
            order(lege, beboer, "Metotreksat", overstyringer={"ukentlig": "   "})

        # a written reason lets it through and is kept
        daglig = order(
            lege,
            beboer,
            "Metotreksat",
            indikasjon="Leukemi",
            overstyringer={"ukentlig": "Daglig etter onkologens plan, brev 01.12."},
        )
    overstyring = Overstyring.objects.get(forordning=daglig)
    assert (overstyring.kontroll, overstyring.overstyrt_av) == ("ukentlig", lege)
    assert overstyring.begrunnelse == "Daglig etter onkologens plan, brev 01.12."
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.FORORDNING_CHECK_OVERRIDDEN, pasient_id=beboer.pk
    ).exists()


def test_a_coded_penicillin_allergy_stops_a_penicillin(
    lege: Ansatt, avdeling: Enhet, beboer: Pasient
) -> None:
    with acting_as(lege, avdeling):
        kritisk_create(
            actor=lege,
            pasient_id=beboer.pk,
            type="allergi",
            tittel="Penicillin",
            sikkerhet="bekreftet",
            substans_atc="j01c",
        )
        with pytest.raises(KontrollStopp) as exc:
            order(lege, beboer, "Selexid", indikasjon="UVI")
    assert [f.kontroll for f in exc.value.funn] == ["allergi"]
    assert "Penicillin (ATC J01C)" in exc.value.funn[0].melding


def test_an_interacting_drug_is_warned_and_can_be_overridden(
    lege: Ansatt, avdeling: Enhet, beboer: Pasient
) -> None:
    with acting_as(lege, avdeling):
        order(lege, beboer, "Marevan", indikasjon="Atrieflimmer")
        with pytest.raises(KontrollStopp) as exc:
            order(lege, beboer, "Ibux", indikasjon="Smerter")
        assert exc.value.funn[0].kontroll == "interaksjon"
        assert "Bør unngås" in exc.value.funn[0].melding
        forordning = order(
            lege, beboer, "Ibux", overstyringer={"interaksjon": "Kort kur, INR følges tett."}
        )
    assert forordning.overstyringer.get().kontroll == "interaksjon"


def test_same_substance_twice_is_caught_through_a_combination(
    lege: Ansatt, avdeling: Enhet, beboer: Pasient
) -> None:
    with acting_as(lege, avdeling):
        order(lege, beboer, "Paralgin forte")
        with pytest.raises(KontrollStopp) as exc:
            order(lege, beboer, "Paracet")
    assert [f.kontroll for f in exc.value.funn] == ["samme_virkestoff"]


def test_prn_without_maximum_is_stopped_and_with_maximum_is_ordered(
    lege: Ansatt, avdeling: Enhet, beboer: Pasient
) -> None:
    with acting_as(lege, avdeling):
        with pytest.raises(KontrollStopp) as exc:
            order(lege, beboer, "Paracet", doseringstype="behov", dosering={"behov_dose": "1"})
        assert exc.value.funn[0].melding == "Ved behov-forordningen mangler maksimal dose per døgn."
        forordning = order(lege, beboer, "Paracet", doseringstype="behov", dosering=PRN)
    assert forordning.dosering_tekst == (
        "Ved behov 1 tablett, maks 4 tablett per døgn, minst 4 timer mellom"
    )


@pytest.mark.parametrize(
    ("kwargs", "felt", "melding"),
    [
        ({"dosering": {"tider": [{"tid": "08:00", "dose": "0"}]}}, "dose", "større enn 0"),
        ({"dosering": {"tider": [{"tid": "08:00", "dose": "10000"}]}}, "dose", "urimelig"),
        ({"sluttdato": dt.date(2020, 1, 1)}, "sluttdato", "før start"),
        ({"indikasjon": "  "}, "indikasjon", "fylles ut"),
        ({"administrasjonsvei": "munn"}, "administrasjonsvei", "Velg"),
        ({"dose_enhet": "kilo"}, "dose_enhet", "doseenhet"),
        ({"dosering": {"tider": []}}, "tider", "minst ett klokkeslett"),
    ],
)
def test_bad_input_gives_a_norwegian_message_and_writes_nothing(
    lege: Ansatt, avdeling: Enhet, beboer: Pasient, kwargs: dict[str, Any], felt: str, melding: str
) -> None:
    with acting_as(lege, avdeling), pytest.raises(ValidationError) as exc:
        order(lege, beboer, "Paracet", **kwargs)
    assert melding in " ".join(exc.value.message_dict[felt])
    assert not Forordning.objects.filter(pasient=beboer).exists()


def test_a_product_withdrawn_by_a_reload_cannot_be_ordered_but_old_orders_stay(
    lege: Ansatt, avdeling: Enhet, beboer: Pasient
) -> None:
    import io

    # given: an order of Paracet, then a FEST without it
    with acting_as(lege, avdeling):
        gammel = order(lege, beboer, "Paracet")
    katalog_load(
        fil=io.BytesIO(
            b"<FEST><KatLegemiddelMerkevare><OppfLegemiddelMerkevare><Status V='A'/>"
            b"<LegemiddelMerkevare><Id>X</Id><Varenavn>X</Varenavn><Atc V='A01'/>"
            b"<Reseptgruppe V='C'/></LegemiddelMerkevare></OppfLegemiddelMerkevare>"
            b"</KatLegemiddelMerkevare></FEST>"
        ),
        filnavn="ny.xml",
    )

    # when / then
    with acting_as(lege, avdeling), pytest.raises(ValidationError) as exc:
        order(lege, beboer, "Paracet")
    assert "ikke lenger i legemiddelkatalogen" in str(exc.value)
    gammel.refresh_from_db()
    assert gammel.status == ForordningStatus.AKTIV
    assert Legemiddel.objects.get(varenavn="Paracet").er_utgaatt


def test_a_nurse_cannot_order_but_registers_a_telephone_order_for_the_doctor(
    lege: Ansatt, sykepleier: Ansatt, avdeling: Enhet, beboer: Pasient
) -> None:
    with acting_as(sykepleier, avdeling):
        with pytest.raises(AccessDenied):
            order(sykepleier, beboer, "Paracet")
        with pytest.raises(ValidationError, match="legen"):
            order(
                sykepleier, beboer, "Paracet", telefonordinasjon=True, ordinert_av_id=sykepleier.pk
            )
        forordning = order(
            sykepleier, beboer, "Paracet", telefonordinasjon=True, ordinert_av_id=lege.pk
        )
    assert forordning.er_ubekreftet
    assert (forordning.ordinert_av, forordning.registrert_av) == (lege, sykepleier)
    assert forordning.bekreftes_innen is not None
    assert forordning.bekreftes_innen - naa() > dt.timedelta(hours=23)

    # the nurse cannot confirm; the doctor can, once
    with acting_as(sykepleier, avdeling), pytest.raises(AccessDenied):
        forordning_confirm(actor=sykepleier, forordning_id=forordning.pk)
    with acting_as(lege, avdeling):
        forordning_confirm(actor=lege, forordning_id=forordning.pk)
        with pytest.raises(Exception, match="allerede bekreftet"):
            forordning_confirm(actor=lege, forordning_id=forordning.pk)
    forordning.refresh_from_db()
    assert not forordning.er_ubekreftet


def test_stopping_needs_a_reason_and_happens_once(
    lege: Ansatt, avdeling: Enhet, beboer: Pasient
) -> None:
    with acting_as(lege, avdeling):
        forordning = order(lege, beboer, "Paracet")
        with pytest.raises(ValidationError):
            forordning_stop(actor=lege, forordning_id=forordning.pk, grunn=" ")
        forordning_stop(actor=lege, forordning_id=forordning.pk, grunn="Ikke lenger smerter")
        with pytest.raises(Exception, match="allerede seponert"):
            forordning_stop(actor=lege, forordning_id=forordning.pk, grunn="igjen")
    forordning.refresh_from_db()
    assert (forordning.status, forordning.seponeringsgrunn) == ("seponert", "Ikke lenger smerter")


def test_another_units_patient_is_missing(
    lege: Ansatt, avdeling: Enhet, fremmed_pasient: Pasient
) -> None:
    with acting_as(lege, avdeling), pytest.raises(NotFound):
        order(lege, fremmed_pasient, "Paracet")


def test_the_check_preview_lists_findings_without_ordering(
    lege: Ansatt, avdeling: Enhet, beboer: Pasient
) -> None:
    with acting_as(lege, avdeling):
        funn = forordning_check(
            actor=lege,
            pasient_id=beboer.pk,
            legemiddel_id=lm("Metotreksat").pk,
            doseringstype="fast",
            dosering=DAGLIG,
            dose_enhet="tablett",
        )
    assert [f.kontroll for f in funn] == ["ukentlig"]
    assert not Forordning.objects.exists()


def test_an_order_past_its_planned_end_is_no_longer_active(
    lege: Ansatt, avdeling: Enhet, beboer: Pasient
) -> None:
    from legemidler.selectors import forordninger_active_qs

    with acting_as(lege, avdeling):
        kur = order(lege, beboer, "Apocillin", sluttdato=idag(), indikasjon="Tonsillitt")
    assert list(forordninger_active_qs(beboer.pk)) == [kur]
    Forordning.objects.filter(pk=kur.pk).update(
        start=naa() - dt.timedelta(days=10), sluttdato=idag() - dt.timedelta(days=1)
    )
    assert list(forordninger_active_qs(beboer.pk)) == []


def test_an_order_costs_the_same_statements_however_many_orders_the_patient_has(
    lege: Ansatt, avdeling: Enhet, beboer: Pasient
) -> None:
    # given: one active order, then three
    with acting_as(lege, avdeling):
        order(lege, beboer, "Levaxin", multidose=True)
        with CaptureQueriesContext(connection) as first:
            order(lege, beboer, "Laxoberal", multidose=True)
        order(lege, beboer, "Folsyre", multidose=True)
        with CaptureQueriesContext(connection) as later:
            order(lege, beboer, "Donepezil", multidose=True)

    # then: the access check locks the patient in the same statement, the checks read the
    # active orders with their substances in one query, the pharmacy's message reads the
    # patient's identity in one, and the unit the doctor acts in is not looked up again;
    # nothing grows with the orders the patient has
    assert len(later) == len(first), [q["sql"] for q in later]
    assert len(first) <= 21, [q["sql"][:100] for q in first]
