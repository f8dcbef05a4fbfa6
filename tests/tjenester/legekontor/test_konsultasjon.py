"""The consultation: from the waiting room to a signed note with ICPC-2 and fee codes, the
patient's share and its exemptions, and what a claim gets (konsultasjoner_for_krav)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.context import system_context
from core.exceptions import ApplicationError, NotFound
from core.models import Ansatt
from journal.models import Diagnose, Journalnotat, NotatStatus, Pasient
from tests.acting import acting_as
from tests.conftest import actor
from tests.factories import EnhetFactory, PasientFactory
from tests.tjenester.legekontor.conftest import Kontor
from tjenester.legekontor.models import Betaling, Konsultasjon, KonsultasjonStatus, TimeStatus
from tjenester.legekontor.selectors import konsultasjon_get, konsultasjoner_for_krav
from tjenester.legekontor.services import (
    betaling_register,
    konsultasjon_diagnose_add,
    konsultasjon_emergency_open,
    konsultasjon_open,
    konsultasjon_sign,
    konsultasjon_update,
    takstlinje_add,
    time_arrive,
    time_book,
)

NOTAT = {"Anamnese": "Tørste, hyppig vannlating.", "Vurdering": "Diabetes type 2."}


def _arrived(kontor: Kontor, pasient: Pasient) -> Konsultasjon:
    with acting_as(kontor.sekretaer):
        time = time_book(
            actor=kontor.sekretaer,
            ressurs_id=kontor.ressurs.pk,
            pasient_id=pasient.pk,
            start=kontor.kl(10),
            aarsak="Tørste",
        )
        time_arrive(actor=kontor.sekretaer, time_id=time.pk)
    with acting_as(kontor.lege):
        return konsultasjon_open(actor=kontor.lege, timeavtale_id=time.pk)


def _voksen(kontor: Kontor) -> Pasient:
    pasient: Pasient = PasientFactory(fodselsdato=kontor.dag - dt.timedelta(days=365 * 50))
    return pasient


@pytest.mark.django_db
def test_the_gp_opens_writes_codes_and_signs(kontor: Kontor) -> None:
    pasient = _voksen(kontor)
    konsultasjon = _arrived(kontor, pasient)
    assert konsultasjon.kontaktaarsak == "Tørste"
    assert konsultasjon.timeavtale is not None
    lege = kontor.lege
    with acting_as(lege):
        konsultasjon_update(
            actor=lege, konsultasjon_id=konsultasjon.pk, kontaktaarsak="Tørste", tidsbruk_min=30
        )
        konsultasjon_diagnose_add(actor=lege, konsultasjon_id=konsultasjon.pk, kode="t90")
        takstlinje_add(actor=lege, konsultasjon_id=konsultasjon.pk, kode="2ad")
        linje = takstlinje_add(actor=lege, konsultasjon_id=konsultasjon.pk, kode="2cd")
        signert = konsultasjon_sign(actor=lege, konsultasjon_id=konsultasjon.pk, innhold=NOTAT)
    assert linje.antall == 1
    assert signert.status == KonsultasjonStatus.SIGNERT
    assert signert.egenandel == Decimal("170.00")
    assert Journalnotat.objects.get(pk=str(signert.notat_id)).status == NotatStatus.SIGNERT
    assert Diagnose.objects.filter(pasient=pasient, kode__kode="T90").count() == 1
    signert.timeavtale.refresh_from_db()  # type: ignore[union-attr]
    assert signert.timeavtale.status == TimeStatus.FERDIG  # type: ignore[union-attr]
    with acting_as(kontor.sekretaer):
        betalt = betaling_register(
            actor=kontor.sekretaer, konsultasjon_id=signert.pk, betaling=Betaling.SKRANKE
        )
    assert betalt.betaling == Betaling.SKRANKE


@pytest.mark.django_db
def test_a_childs_share_is_0_and_refunded(kontor: Kontor) -> None:
    barn: Pasient = PasientFactory(fodselsdato=kontor.dag - dt.timedelta(days=365 * 8))
    konsultasjon = _arrived(kontor, barn)
    with acting_as(kontor.lege):
        konsultasjon_update(actor=kontor.lege, konsultasjon_id=konsultasjon.pk, kontaktaarsak="Øre")
        linje = takstlinje_add(actor=kontor.lege, konsultasjon_id=konsultasjon.pk, kode="2ad")
    konsultasjon.refresh_from_db()
    assert konsultasjon.egenandel_fritak == "under16"
    assert konsultasjon.egenandel == 0
    assert linje.egenandel == 0
    assert linje.refusjon == Decimal("175.00")


@pytest.mark.django_db
def test_frikort_set_after_the_codes_recomputes_the_share(kontor: Kontor) -> None:
    konsultasjon = _arrived(kontor, _voksen(kontor))
    with acting_as(kontor.lege):
        takstlinje_add(actor=kontor.lege, konsultasjon_id=konsultasjon.pk, kode="2ad")
        konsultasjon_update(
            actor=kontor.lege, konsultasjon_id=konsultasjon.pk, kontaktaarsak="", frikort=True
        )
    konsultasjon.refresh_from_db()
    assert konsultasjon.egenandel == 0
    assert konsultasjon.egenandel_fritak == "frikort"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("forst", "saa", "melding"),
    [
        ("2ad", "2ak", "kan ikke kombineres"),
        ("2ad", "2cd", "tidsbruk over 20"),
        ("2ad", "99zz", "finnes ikke"),
    ],
)
def test_fee_rules_refuse_in_norwegian(kontor: Kontor, forst: str, saa: str, melding: str) -> None:
    konsultasjon = _arrived(kontor, _voksen(kontor))
    with acting_as(kontor.lege):
        takstlinje_add(actor=kontor.lege, konsultasjon_id=konsultasjon.pk, kode=forst)
        with pytest.raises(ValidationError, match=melding):
            takstlinje_add(actor=kontor.lege, konsultasjon_id=konsultasjon.pk, kode=saa)
    assert konsultasjon.takstlinjer.count() == 1


@pytest.mark.django_db
def test_signing_needs_a_diagnosis_and_the_main_code(kontor: Kontor) -> None:
    konsultasjon = _arrived(kontor, _voksen(kontor))
    lege = kontor.lege
    with acting_as(lege):
        with pytest.raises(ValidationError, match="ICPC-2"):
            konsultasjon_sign(actor=lege, konsultasjon_id=konsultasjon.pk, innhold=NOTAT)
        konsultasjon_diagnose_add(actor=lege, konsultasjon_id=konsultasjon.pk, kode="T90")
        konsultasjon_update(
            actor=lege, konsultasjon_id=konsultasjon.pk, kontaktaarsak="", tidsbruk_min=25
        )
        takstlinje_add(actor=lege, konsultasjon_id=konsultasjon.pk, kode="2cd")
        with pytest.raises(ValidationError, match="krever en av"):
            konsultasjon_sign(actor=lege, konsultasjon_id=konsultasjon.pk, innhold=NOTAT)
    konsultasjon.refresh_from_db()
    assert konsultasjon.status == KonsultasjonStatus.AAPEN


@pytest.mark.django_db
def test_a_signed_consultation_cannot_change(kontor: Kontor) -> None:
    konsultasjon = _signed(kontor)
    with acting_as(kontor.lege), pytest.raises(ApplicationError, match="signert"):
        takstlinje_add(actor=kontor.lege, konsultasjon_id=konsultasjon.pk, kode="2bd")


def _signed(kontor: Kontor, pasient: Pasient | None = None) -> Konsultasjon:
    konsultasjon = _arrived(kontor, pasient or _voksen(kontor))
    with acting_as(kontor.lege):
        konsultasjon_diagnose_add(actor=kontor.lege, konsultasjon_id=konsultasjon.pk, kode="T90")
        takstlinje_add(actor=kontor.lege, konsultasjon_id=konsultasjon.pk, kode="2ad")
        return konsultasjon_sign(actor=kontor.lege, konsultasjon_id=konsultasjon.pk, innhold=NOTAT)


@pytest.mark.django_db
def test_emergency_contact_without_appointment(kontor: Kontor) -> None:
    pasient = _voksen(kontor)
    with acting_as(kontor.lege):
        konsultasjon = konsultasjon_emergency_open(
            actor=kontor.lege, pasient_id=pasient.pk, kontaktaarsak="Brystsmerter"
        )
    assert konsultasjon.akutt
    assert konsultasjon.timeavtale is None


@pytest.mark.django_db
def test_konsultasjoner_for_krav_gives_signed_unclaimed_ones(kontor: Kontor) -> None:
    signert = _signed(kontor)
    _arrived_other = PasientFactory()
    with acting_as(kontor.lege):
        konsultasjon_emergency_open(actor=kontor.lege, pasient_id=_arrived_other.pk)  # open
    with system_context():
        funnet = list(
            konsultasjoner_for_krav(enhet_id=kontor.enhet.pk, fra=kontor.dag, til=kontor.dag)
        )
    assert [k.pk for k in funnet] == [signert.pk]
    assert [linje.kode for linje in funnet[0].takstlinjer.all()] == ["2ad"]
    assert [d.kode.kode for d in funnet[0].diagnoser.all()] == ["T90"]
    # a claimed line takes it out
    signert.takstlinjer.update(krav_id=signert.pk, krav_status="sendt")
    with system_context():
        assert not konsultasjoner_for_krav(enhet_id=kontor.enhet.pk, fra=kontor.dag, til=kontor.dag)


@pytest.mark.django_db
def test_another_unit_gets_the_same_404_and_an_empty_claim_list(kontor: Kontor) -> None:
    signert = _signed(kontor)
    fremmed: Ansatt = actor(
        EnhetFactory(type="legekontor", virksomhet=kontor.enhet.virksomhet),
        "lege",
        username="fremmed-lege",
    )
    with acting_as(fremmed):
        with pytest.raises(NotFound):
            konsultasjon_get(actor=fremmed, konsultasjon_id=signert.pk)
        assert not konsultasjoner_for_krav(
            actor=fremmed, enhet_id=kontor.enhet.pk, fra=kontor.dag, til=kontor.dag
        )
    with acting_as(kontor.lege):
        assert konsultasjon_get(actor=kontor.lege, konsultasjon_id=signert.pk).pk == signert.pk
