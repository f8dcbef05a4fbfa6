"""Enrolment, transfer, parents, consultations and vaccinations through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from core.audit import AuditEvent
from core.exceptions import ApplicationError, NotFound
from core.klokke import idag, naa
from core.models import Ansatt, AuditLogg, Enhet, Utbokshendelse
from journal.models import Behandlingsrelasjon, Pasient, RelasjonGrunnlag
from tests.acting import acting_as
from tests.tjenester.helsestasjon.conftest import child, innskrivning_of
from tjenester.helsestasjon.lib.program import add_months
from tjenester.helsestasjon.models import (
    Foresatt,
    Innskrivning,
    KonsultasjonStatus,
    Programpunkt,
    Vaksinasjon,
    VaksinasjonStatus,
    Vaksinedose,
)
from tjenester.helsestasjon.services import (
    innskrivning_create,
    innskrivning_transfer,
    konsultasjon_register,
    vaksinasjon_give,
    vaksinasjon_invalidate,
    vaksinasjon_refuse,
)

pytestmark = pytest.mark.django_db


def _dose(kode: str) -> Vaksinedose:
    return Vaksinedose.objects.get(kode=kode)


def test_enrolment_opens_the_health_station_relationship(
    ettaaring: Pasient, stasjon: Enhet, helsesykepleier: Ansatt
) -> None:
    innskrivning = innskrivning_of(ettaaring)
    assert innskrivning.enhet == stasjon
    assert innskrivning.ansvarlig == helsesykepleier
    assert (
        Behandlingsrelasjon.objects.active()
        .filter(pasient=ettaaring, enhet=stasjon, grunnlag=RelasjonGrunnlag.HELSESTASJON)
        .exists()
    )
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.INNSKRIVNING_CREATED, pasient_id=ettaaring.pk
    ).exists()


def test_a_child_is_enrolled_once(
    ettaaring: Pasient, stasjon: Enhet, helsesykepleier: Ansatt
) -> None:
    with acting_as(helsesykepleier, stasjon), pytest.raises(ApplicationError):
        innskrivning_create(actor=helsesykepleier, pasient_id=ettaaring.pk, grunn="innflytting")


def test_a_stranger_cannot_enrol_a_child_they_have_no_access_to(
    ettaaring: Pasient, fremmed: Ansatt, annen_stasjon: Enhet
) -> None:
    with acting_as(fremmed, annen_stasjon), pytest.raises(NotFound):
        innskrivning_create(actor=fremmed, pasient_id=ettaaring.pk, grunn="innflytting")


def test_moving_transfers_the_enrolment_with_its_history(
    ettaaring: Pasient,
    stasjon: Enhet,
    annen_stasjon: Enhet,
    helsesykepleier: Ansatt,
    fremmed: Ansatt,
) -> None:
    gammel = innskrivning_of(ettaaring)
    punkt = Programpunkt.objects.get(kode="hjemmebesok")
    with acting_as(helsesykepleier, stasjon):
        konsultasjon_register(
            actor=helsesykepleier,
            pasient_id=ettaaring.pk,
            programpunkt_id=punkt.pk,
            status=KonsultasjonStatus.UTFOERT,
            dato=ettaaring.fodselsdato + dt.timedelta(days=8),
            notat="Trives, god vektøkning.",
        )
        ny = innskrivning_transfer(
            actor=helsesykepleier, innskrivning_id=gammel.pk, til_enhet_id=annen_stasjon.pk
        )
    gammel.refresh_from_db()
    assert gammel.til_dato == idag()
    assert gammel.overfoert_til == annen_stasjon
    assert ny.enhet == annen_stasjon
    assert ny.forrige == gammel
    relasjoner = Behandlingsrelasjon.objects.active().filter(pasient=ettaaring)
    assert {r.enhet_id for r in relasjoner} == {annen_stasjon.pk}
    # the receiving station sees the history
    from tjenester.helsestasjon.selectors import barn_get

    with acting_as(fremmed, annen_stasjon):
        bilde = barn_get(actor=fremmed, pasient_id=ettaaring.pk)
    assert [i.enhet_id for i in bilde.historikk] == [annen_stasjon.pk, stasjon.pk]
    hjemmebesok = next(r for r in bilde.punkter if r.punkt.kode == "hjemmebesok")
    assert hjemmebesok.status.status == "utfort"


def test_a_consultation_in_the_future_or_before_birth_is_refused(
    ettaaring: Pasient, stasjon: Enhet, helsesykepleier: Ansatt
) -> None:
    punkt = Programpunkt.objects.get(kode="12-mnd")
    with acting_as(helsesykepleier, stasjon):
        for dato in (idag() + dt.timedelta(days=1), ettaaring.fodselsdato - dt.timedelta(days=1)):
            with pytest.raises(ValidationError) as exc:
                konsultasjon_register(
                    actor=helsesykepleier,
                    pasient_id=ettaaring.pk,
                    programpunkt_id=punkt.pk,
                    status=KonsultasjonStatus.UTFOERT,
                    dato=dato,
                    notat="x",
                )
            assert "dato" in exc.value.message_dict


def test_giving_a_dose_publishes_it_for_sysvak(
    ettaaring: Pasient, stasjon: Enhet, helsesykepleier: Ansatt
) -> None:
    with acting_as(helsesykepleier, stasjon):
        v = vaksinasjon_give(
            actor=helsesykepleier,
            pasient_id=ettaaring.pk,
            vaksinedose_id=_dose("pkv-3").pk,
            preparat="Prevenar 13",
            batch="AB1234",
            sted="laar_v",
        )
    assert v.status == VaksinasjonStatus.GITT
    assert v.registrert_av == helsesykepleier
    event = Utbokshendelse.objects.get(hendelse="sysvak.vaksinasjon")
    assert event.payload == {"vaksinasjon_id": str(v.pk), "handling": "gitt"}
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.VAKSINASJON_GIVEN, pasient_id=ettaaring.pk
    ).exists()


def test_a_dose_without_batch_is_refused_and_nothing_is_written(
    ettaaring: Pasient, stasjon: Enhet, helsesykepleier: Ansatt
) -> None:
    with acting_as(helsesykepleier, stasjon), pytest.raises(ValidationError) as exc:
        vaksinasjon_give(
            actor=helsesykepleier,
            pasient_id=ettaaring.pk,
            vaksinedose_id=_dose("pkv-3").pk,
            preparat="Prevenar 13",
            batch=" ",
            sted="laar_v",
        )
    assert exc.value.message_dict["batch"] == ["Batchnummer må fylles ut."]
    assert not Vaksinasjon.objects.exists()
    assert not Utbokshendelse.objects.exists()


def test_a_dose_inside_the_minimum_interval_needs_a_reason(
    stasjon: Enhet, helsesykepleier: Ansatt
) -> None:
    barn = child(stasjon, helsesykepleier, add_months(idag(), -4))
    with acting_as(helsesykepleier, stasjon):
        vaksinasjon_give(
            actor=helsesykepleier,
            pasient_id=barn.pk,
            vaksinedose_id=_dose("pkv-1").pk,
            preparat="Prevenar 13",
            batch="A1",
            sted="laar_v",
            tidspunkt=naa() - dt.timedelta(days=10),
        )
        with pytest.raises(ValidationError) as exc:
            vaksinasjon_give(
                actor=helsesykepleier,
                pasient_id=barn.pk,
                vaksinedose_id=_dose("pkv-2").pk,
                preparat="Prevenar 13",
                batch="A2",
                sted="laar_h",
            )
        assert "minsteintervallet (28 dager)" in exc.value.message_dict["avvik_begrunnelse"][0]
        v = vaksinasjon_give(
            actor=helsesykepleier,
            pasient_id=barn.pk,
            vaksinedose_id=_dose("pkv-2").pk,
            preparat="Prevenar 13",
            batch="A2",
            sted="laar_h",
            avvik_begrunnelse="Familien reiser utenlands i tre måneder.",
        )
    assert v.avvik_begrunnelse == "Familien reiser utenlands i tre måneder."


def test_parents_refusal_and_correction(
    ettaaring: Pasient, stasjon: Enhet, helsesykepleier: Ansatt, mor: Foresatt
) -> None:
    with acting_as(helsesykepleier, stasjon):
        r = vaksinasjon_refuse(
            actor=helsesykepleier,
            pasient_id=ettaaring.pk,
            vaksinedose_id=_dose("dtp-ipv-hib-hepb-3").pk,
            foresatt_id=mor.pk,
            begrunnelse="Ønsker å vente.",
        )
        assert r.reservasjon_foresatt == "Mona Mor (Mor)"
        with pytest.raises(ApplicationError):
            vaksinasjon_refuse(
                actor=helsesykepleier,
                pasient_id=ettaaring.pk,
                vaksinedose_id=_dose("dtp-ipv-hib-hepb-3").pk,
                foresatt_id=mor.pk,
            )
        given = vaksinasjon_give(
            actor=helsesykepleier,
            pasient_id=ettaaring.pk,
            vaksinedose_id=_dose("pkv-3").pk,
            preparat="Prevenar 13",
            batch="B1",
            sted="laar_v",
        )
        vaksinasjon_invalidate(
            actor=helsesykepleier, vaksinasjon_id=given.pk, grunn="Feil barn valgt."
        )
    given.refresh_from_db()
    assert given.status == VaksinasjonStatus.FEILREGISTRERT
    assert [e.payload["handling"] for e in Utbokshendelse.objects.order_by("created_at")] == [
        "gitt",
        "feilregistrert",
    ]


def test_only_a_parent_with_responsibility_may_refuse(
    ettaaring: Pasient, stasjon: Enhet, helsesykepleier: Ansatt
) -> None:
    uten = Foresatt.objects.create(
        pasient=ettaaring, navn="Stefar", relasjon="Stefar", foreldreansvar="ingen"
    )
    with acting_as(helsesykepleier, stasjon), pytest.raises(ValidationError) as exc:
        vaksinasjon_refuse(
            actor=helsesykepleier,
            pasient_id=ettaaring.pk,
            vaksinedose_id=_dose("mmr-1").pk,
            foresatt_id=uten.pk,
        )
    assert "foresatt" in exc.value.message_dict


def test_writes_need_an_active_enrolment_here(
    ettaaring: Pasient, stasjon: Enhet, annen_stasjon: Enhet, helsesykepleier: Ansatt
) -> None:
    with acting_as(helsesykepleier, stasjon):
        innskrivning_transfer(
            actor=helsesykepleier,
            innskrivning_id=innskrivning_of(ettaaring).pk,
            til_enhet_id=annen_stasjon.pk,
        )
        with pytest.raises(NotFound):
            vaksinasjon_give(
                actor=helsesykepleier,
                pasient_id=ettaaring.pk,
                vaksinedose_id=_dose("pkv-3").pk,
                preparat="Prevenar 13",
                batch="B1",
                sted="laar_v",
            )
    assert Innskrivning.objects.filter(pasient=ettaaring).count() == 2
