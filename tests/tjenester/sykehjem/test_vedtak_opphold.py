"""Stays from decisions: an admission may name the service (journal Tjeneste) it fulfils,
and the board lists the ward's stay services that have no stay yet."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from core.audit import AuditEvent
from core.context import system_context
from core.klokke import idag
from core.models import Ansatt, AuditLogg, Enhet
from journal.models import Pasient, Tjeneste
from journal.services.tjeneste import TjenesteData, tjeneste_start
from tests.acting import acting_as
from tests.conftest import api_client, logged_in
from tests.factories import PasientFactory
from tjenester.sykehjem.models import Opphold, Oppholdstype, Seng
from tjenester.sykehjem.selectors import belegg_get
from tjenester.sykehjem.services import opphold_create

pytestmark = pytest.mark.django_db

I_DAG = idag()


def _tjeneste(pasient: Pasient, enhet: Enhet, kode: str = "21", navn: str = "Langtid") -> Tjeneste:
    with system_context():
        return tjeneste_start(
            actor=None,
            pasient_id=pasient.pk,
            enhet_id=enhet.pk,
            data=TjenesteData(tjenestetype_kode=kode, navn=navn, fra_dato=I_DAG),
        )


@pytest.fixture
def vedtak(avdeling: Enhet, beboer: Pasient) -> Tjeneste:
    """Berit Beboer is granted a long-term place in the ward (relationship opened)."""
    return _tjeneste(beboer, avdeling, navn="Langtidsopphold i institusjon")


def test_board_lists_decisions_without_a_stay_until_admitted(
    leder: Ansatt, avdeling: Enhet, senger: list[Seng], vedtak: Tjeneste, beboer: Pasient
) -> None:
    # given: home care (code 2) for another patient of the ward is not a stay
    _tjeneste(PasientFactory(), avdeling, kode="2", navn="Praktisk bistand")
    # when
    with acting_as(leder):
        for_innlegg = belegg_get(actor=leder, dato=I_DAG).vedtak_uten_opphold
        opphold = opphold_create(
            actor=leder,
            seng_id=senger[0].pk,
            type=Oppholdstype.LANGTID,
            fra=I_DAG,
            tjeneste_id=vedtak.pk,
        )
        etter = belegg_get(actor=leder, dato=I_DAG).vedtak_uten_opphold
    # then: the decision named the patient; the stay references it
    assert [t.pk for t in for_innlegg] == [vedtak.pk]
    assert etter == []
    assert (opphold.pasient_id, opphold.tjeneste_id) == (beboer.pk, vedtak.pk)
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.VEDTAK_UTEN_OPPHOLD_LISTED, pasient_id=beboer.pk
    ).exists()
    admitted = AuditLogg.objects.get(hendelse=AuditEvent.OPPHOLD_ADMITTED)
    assert admitted.ekstra["tjeneste"] == str(vedtak.pk)


def test_decision_of_another_patient_or_ward_is_refused(
    leder: Ansatt, avdeling2: Enhet, senger: list[Seng], vedtak: Tjeneste, pasient: Pasient
) -> None:
    # given
    annen_avdeling = _tjeneste(vedtak.pasient, avdeling2)
    # when / then
    with acting_as(leder):
        with pytest.raises(ValidationError) as annen:
            opphold_create(
                actor=leder,
                seng_id=senger[0].pk,
                type=Oppholdstype.LANGTID,
                fra=I_DAG,
                pasient_id=pasient.pk,
                tjeneste_id=vedtak.pk,
            )
        with pytest.raises(ValidationError) as feil_avdeling:
            opphold_create(
                actor=leder,
                seng_id=senger[0].pk,
                type=Oppholdstype.LANGTID,
                fra=I_DAG,
                tjeneste_id=annen_avdeling.pk,
            )
    assert annen.value.message_dict == {"tjeneste": ["Vedtaket gjelder en annen pasient."]}
    assert "denne avdelingen" in feil_avdeling.value.message_dict["tjeneste"][0]
    assert not Opphold.objects.exists()


def test_admission_page_offers_the_decision_and_admits_from_it(
    leder: Ansatt, senger: list[Seng], vedtak: Tjeneste
) -> None:
    # given
    client = logged_in(leder)
    board = client.get("/sykehjem/belegg/").content.decode()
    # when
    form = client.get(f"/sykehjem/opphold/ny/?tjeneste={vedtak.pk}").content.decode()
    response = client.post(
        "/sykehjem/opphold/ny/",
        {
            "tjeneste": str(vedtak.pk),
            "seng": str(senger[0].pk),
            "type": "langtid",
            "fra": I_DAG.isoformat(),
        },
    )
    # then
    assert 'data-testid="vedtak-uten-opphold"' in board
    assert f"?tjeneste={vedtak.pk}" in board
    assert f'<option value="{vedtak.pk}" selected>Berit Beboer: Langtidsopphold' in form
    assert response.status_code == 302
    assert Opphold.objects.get().tjeneste_id == vedtak.pk


def test_api_admits_from_a_decision_and_the_board_lists_them(
    leder: Ansatt, senger: list[Seng], vedtak: Tjeneste, ansatt_annen_enhet: Ansatt
) -> None:
    # given
    client = api_client(leder)
    # when
    board = client.get("/api/v1/sykehjem/belegg/").json()
    other = api_client(ansatt_annen_enhet).get("/api/v1/sykehjem/belegg/").json()
    response = client.post(
        "/api/v1/sykehjem/opphold/",
        {
            "seng": str(senger[0].pk),
            "type": "langtid",
            "fra": (I_DAG + dt.timedelta(days=2)).isoformat(),
            "tjeneste": str(vedtak.pk),
        },
        format="json",
    )
    # then
    assert [v["tjeneste"] for v in board["vedtak_uten_opphold"]] == [str(vedtak.pk)]
    assert other["vedtak_uten_opphold"] == []
    assert response.status_code == 201
    assert response.json()["tjeneste"] == str(vedtak.pk)
    assert response.json()["status"] == "reservert"
