"""Reconciliation and review: start, lines, decisions with reasons, signing by a doctor
(stops the orders decided stopped), the banner notice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from core.exceptions import ApplicationError, NotFound
from core.klokke import idag, naa
from core.models import Ansatt, Enhet
from journal.access import AccessDenied
from journal.models import Pasient
from legemidler.models import Forordning
from legemidler.selectors import samstemming_needed
from legemidler.services import (
    gjennomgang_create,
    samstemming_line_add,
    samstemming_line_decide,
    samstemming_lines_add,
    samstemming_sign,
    samstemming_start,
)
from tests.acting import acting_as
from tests.legemidler.conftest import lm
from tests.legemidler.factories import ForordningFactory

pytestmark = pytest.mark.usefixtures("katalog")


def test_a_new_resident_is_not_reconciled_until_a_doctor_signs(
    lege: Ansatt, sykepleier: Ansatt, avdeling: Enhet, beboer: Pasient
) -> None:
    # given: a resident (care relationship with the ward) on two drugs
    paracet = ForordningFactory(pasient=beboer, enhet=avdeling, legemiddel=lm("Paracet"))
    furix = ForordningFactory(pasient=beboer, enhet=avdeling, legemiddel=lm("Furix"))
    assert samstemming_needed(beboer.pk) == "Legemiddellisten er ikke samstemt"

    # when: the nurse starts and types the GP's list
    with acting_as(sykepleier, avdeling):
        s = samstemming_start(
            actor=sykepleier, pasient_id=beboer.pk, anledning="innleggelse", kilde="Fastlegen"
        )
        ny = samstemming_line_add(
            actor=sykepleier, samstemming_id=s.pk, innkommende="Levaxin 50 mikrog 1x1"
        )
        with pytest.raises(AccessDenied):
            samstemming_sign(actor=sykepleier, samstemming_id=s.pk)
    assert "pågår" in (samstemming_needed(beboer.pk) or "")
    linjer = {linje.forordning_id: linje for linje in s.linjer.all()}
    assert set(linjer) == {paracet.pk, furix.pk, None}

    # and the doctor decides every line and signs
    with acting_as(lege, avdeling):
        with pytest.raises(ApplicationError, match="mangler beslutning"):
            samstemming_sign(actor=lege, samstemming_id=s.pk)
        with pytest.raises(ValidationError, match="fylles ut"):
            samstemming_line_decide(
                actor=lege, linje_id=linjer[paracet.pk].pk, beslutning="fortsett", begrunnelse=""
            )
        with pytest.raises(ValidationError, match="står ikke på"):
            samstemming_line_decide(
                actor=lege, linje_id=ny.pk, beslutning="fortsett", begrunnelse="x"
            )
        samstemming_line_decide(
            actor=lege, linje_id=linjer[paracet.pk].pk, beslutning="fortsett", begrunnelse="Ok"
        )
        samstemming_line_decide(
            actor=lege, linje_id=linjer[furix.pk].pk, beslutning="seponer", begrunnelse="Lavt BT"
        )
        samstemming_line_decide(actor=lege, linje_id=ny.pk, beslutning="ny", begrunnelse="Fra GP")
        signed = samstemming_sign(actor=lege, samstemming_id=s.pk)

    # then
    assert signed.signert_av_hpr == lege.hpr_nummer
    furix.refresh_from_db()
    assert furix.status == "seponert"
    assert "Lavt BT" in furix.seponeringsgrunn
    assert Forordning.objects.get(pk=paracet.pk).status == "aktiv"
    assert samstemming_needed(beboer.pk) is None
    with acting_as(lege, avdeling), pytest.raises(ApplicationError, match="signert"):
        samstemming_line_add(actor=lege, samstemming_id=s.pk, innkommende="Mer")


def test_only_one_reconciliation_in_progress(
    sykepleier: Ansatt, avdeling: Enhet, beboer: Pasient
) -> None:
    with acting_as(sykepleier, avdeling):
        samstemming_start(actor=sykepleier, pasient_id=beboer.pk, anledning="annet", kilde="x")
        with pytest.raises(ApplicationError, match="allerede"):
            samstemming_start(actor=sykepleier, pasient_id=beboer.pk, anledning="annet", kilde="y")


def test_a_received_list_is_added_at_once_in_few_queries(
    sykepleier: Ansatt,
    avdeling: Enhet,
    beboer: Pasient,
    fremmed_pasient: Pasient,
    django_assert_max_num_queries: Any,
) -> None:
    # given a reconciliation in progress
    with acting_as(sykepleier, avdeling):
        s = samstemming_start(actor=sykepleier, pasient_id=beboer.pk, anledning="annet", kilde="x")
        liste = [f"Legemiddel {n} 1 tablett morgen" for n in range(12)]

        # when the GP's list of twelve drugs is added
        with django_assert_max_num_queries(8):
            linjer = samstemming_lines_add(actor=sykepleier, samstemming_id=s.pk, innkommende=liste)

        # then every drug is a line as written; an empty one is refused; and another
        # patient's id does not reach it (the same 404 as a missing one)
        assert sorted(x.innkommende for x in s.linjer.filter(forordning=None)) == sorted(liste)
        assert len(linjer) == 12
        with pytest.raises(ValidationError, match="fylles ut"):
            samstemming_lines_add(actor=sykepleier, samstemming_id=s.pk, innkommende=[" "])
        with pytest.raises(NotFound):
            samstemming_lines_add(
                actor=sykepleier,
                samstemming_id=s.pk,
                innkommende=["Paracet"],
                pasient_id=fremmed_pasient.pk,
            )
    assert s.linjer.filter(forordning=None).count() == 12


def test_strangers_cannot_start_one(
    sykepleier: Ansatt, avdeling: Enhet, fremmed_pasient: Pasient
) -> None:
    with acting_as(sykepleier, avdeling), pytest.raises(NotFound):
        samstemming_start(
            actor=sykepleier, pasient_id=fremmed_pasient.pk, anledning="annet", kilde="x"
        )


def test_a_review_is_recorded_by_a_doctor_not_in_the_future(
    lege: Ansatt, sykepleier: Ansatt, avdeling: Enhet, beboer: Pasient
) -> None:
    with acting_as(lege, avdeling):
        with pytest.raises(ValidationError, match="fram i tid"):
            gjennomgang_create(
                actor=lege,
                pasient_id=beboer.pk,
                dato=idag() + dt.timedelta(days=1),
                deltakere="Lege",
                funn="x",
            )
        g = gjennomgang_create(
            actor=lege,
            pasient_id=beboer.pk,
            dato=idag(),
            deltakere="Lege, sykepleier, farmasøyt",
            funn="To NSAID",
            endringer="Ibux seponert",
        )
    assert g.registrert_av == lege
    with acting_as(sykepleier, avdeling), pytest.raises(AccessDenied):
        gjennomgang_create(
            actor=sykepleier, pasient_id=beboer.pk, dato=idag(), deltakere="x", funn="y"
        )


def test_care_that_starts_after_the_last_signed_reconciliation_flags_again(
    lege: Ansatt, avdeling: Enhet, beboer: Pasient
) -> None:
    from journal.models import Behandlingsrelasjon

    with acting_as(lege, avdeling):
        s = samstemming_start(actor=lege, pasient_id=beboer.pk, anledning="annet", kilde="x")
        samstemming_line_add(actor=lege, samstemming_id=s.pk, innkommende="Ingen legemidler")
        linje = s.linjer.get()
        samstemming_line_decide(actor=lege, linje_id=linje.pk, beslutning="ny", begrunnelse="-")
        samstemming_sign(actor=lege, samstemming_id=s.pk)
    assert samstemming_needed(beboer.pk) is None

    # when: a new relationship (e.g. admitted again) begins later
    Behandlingsrelasjon.objects.create(
        pasient=beboer,
        enhet=avdeling,
        grunnlag="opphold",
        gyldig_fra=naa() + dt.timedelta(seconds=1),
    )
    Behandlingsrelasjon.objects.filter(pasient=beboer).update(gyldig_fra=naa())

    # then
    assert samstemming_needed(beboer.pk) == "Legemiddellisten er ikke samstemt"
