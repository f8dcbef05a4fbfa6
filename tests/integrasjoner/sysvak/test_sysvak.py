"""SYSVAK over real HTTP: every vaccination given (and corrected) reaches the register's
stand-in through the outbox, once, with the receipt stored; a register that is down is
retried; a child who moves in gets earlier doses fetched and stored as "fra SYSVAK"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from core.audit import AuditEvent
from core.exceptions import IntegrationError
from core.http import request
from core.klokke import idag
from core.models import Ansatt, AuditLogg, Enhet, Levering
from core.outbox import levering_deliver
from integrasjoner.standin.server import Standin
from integrasjoner.sysvak.client import melding_send
from integrasjoner.sysvak.models import SysvakKvittering
from integrasjoner.sysvak.services import OPPSLAG, SYSVAK, oppslag_request
from journal.models import Pasient
from tests.acting import acting_as
from tests.factories import PasientFactory
from tjenester.helsestasjon.models import Vaksinasjon, VaksinasjonKilde, Vaksinedose
from tjenester.helsestasjon.services import (
    innskrivning_create,
    vaksinasjon_give,
    vaksinasjon_invalidate,
)

pytestmark = pytest.mark.django_db


def _give(nurse: Ansatt, stasjon: Enhet, barn: Pasient, kode: str = "pkv-3") -> Vaksinasjon:
    with acting_as(nurse, stasjon):
        return vaksinasjon_give(
            actor=nurse,
            pasient_id=barn.pk,
            vaksinedose_id=Vaksinedose.objects.get(kode=kode).pk,
            preparat="Prevenar 13",
            batch="AB1234",
            sted="laar_v",
        )


def _leveringer(mottaker: str = SYSVAK) -> list[Levering]:
    return list(Levering.objects.filter(mottaker=mottaker).order_by("koet_at", "id"))


def _due(levering: Levering) -> None:
    Levering.objects.filter(pk=levering.pk).update(neste_forsok_at=timezone.now())


def _behave(standin: Standin, **oppforsel: object) -> None:
    request(
        "POST",
        f"{standin.url}/_kontroll/oppforsel",
        json_body={"integrasjon": "sysvak", **oppforsel},
    )


def test_a_vaccination_given_is_reported_and_the_receipt_stored(
    ettaaring: Pasient, stasjon: Enhet, helsesykepleier: Ansatt, sysvak: Standin
) -> None:
    # given a dose given
    v = _give(helsesykepleier, stasjon, ettaaring)
    [levering] = _leveringer()
    # when the outbox delivers it
    assert levering_deliver(levering_id=levering.pk) == "levert"
    # then the register got one report with the child, the dose and the batch
    [seen] = sysvak.state.mottatt
    assert (seen.sti, seen.status, seen.nokkel) == ("/sysvak/vaksinasjoner", 201, str(levering.pk))
    assert seen.innhold["type"] == "vaksinasjon"
    assert seen.innhold["pasient"]["fnr"] == ettaaring.identifikator
    assert (seen.innhold["vaksinasjon_id"], seen.innhold["batch"]) == (str(v.pk), "AB1234")
    kvittering = SysvakKvittering.objects.get(vaksinasjon=v)
    assert kvittering.type == "vaksinasjon"
    assert kvittering.referanse
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.SYSVAK_REPORTED, pasient_id=ettaaring.pk
    ).exists()


def test_a_register_that_is_down_is_retried_and_reported_exactly_once(
    ettaaring: Pasient, stasjon: Enhet, helsesykepleier: Ansatt, sysvak: Standin
) -> None:
    # given the register answers 503 once, then accepts but the answer is lost once
    _give(helsesykepleier, stasjon, ettaaring)
    [levering] = _leveringer()
    _behave(sysvak, modus="feil", status=503, antall=1)
    results = [levering_deliver(levering_id=levering.pk)]
    levering.refresh_from_db()
    assert "HTTP 503" in levering.siste_feil
    assert not SysvakKvittering.objects.exists()
    _behave(sysvak, modus="kutt_etter", antall=1)
    for _ in range(2):
        _due(levering)
        results.append(levering_deliver(levering_id=levering.pk))
    # then: waiting, waiting, delivered; the register registered it once
    assert results == ["venter", "venter", "levert"]
    seen = [(m.status, m.duplikat) for m in sysvak.state.mottatt]
    assert seen == [(503, False), (201, False), (200, True)]
    assert SysvakKvittering.objects.count() == 1


def test_a_correction_is_reported_and_withdraws_the_dose_from_the_register(
    ettaaring: Pasient, stasjon: Enhet, helsesykepleier: Ansatt, sysvak: Standin
) -> None:
    v = _give(helsesykepleier, stasjon, ettaaring)
    with acting_as(helsesykepleier, stasjon):
        vaksinasjon_invalidate(actor=helsesykepleier, vaksinasjon_id=v.pk, grunn="Feil barn")
    for levering in _leveringer():
        assert levering_deliver(levering_id=levering.pk) == "levert"
    assert [m.innhold["type"] for m in sysvak.state.mottatt] == ["vaksinasjon", "korreksjon"]
    assert sorted(SysvakKvittering.objects.values_list("type", flat=True)) == [
        "korreksjon",
        "vaksinasjon",
    ]
    svar = request("GET", f"{sysvak.url}/sysvak/vaksinasjoner?fnr={ettaaring.identifikator}")
    assert svar.json() == {"vaksinasjoner": []}


def test_the_register_refuses_a_report_without_batch(sysvak: Standin) -> None:
    with pytest.raises(IntegrationError, match="mangler batch") as error:
        melding_send(
            melding={
                "type": "vaksinasjon",
                "vaksinasjon_id": "x",
                "pasient": {"fnr": "01018012345"},
                "vaksine": "MMR",
                "dose_nr": 1,
                "tidspunkt": "2025-01-01T10:00:00+01:00",
            },
            idempotency_key="k1",
        )
    assert error.value.permanent


def _earlier_doses(sysvak: Standin, fnr: str) -> None:
    request(
        "POST",
        f"{sysvak.url}/sysvak/historikk",
        json_body={
            "fnr": fnr,
            "vaksinasjoner": [
                {
                    "id": "tidligere-1",
                    "vaksine": "DTP-IPV-Hib-HepB",
                    "dose_nr": 1,
                    "tidspunkt": "2025-02-01T10:00:00+01:00",
                    "preparat": "Hexyon",
                    "batch": "HX-1",
                },
                {
                    "id": "tidligere-2",
                    "vaksine": "Pneumokokk",
                    "dose_nr": 1,
                    "tidspunkt": "2025-02-01T10:05:00+01:00",
                    "preparat": "Prevenar 13",
                    "batch": "PV-9",
                },
            ],
        },
        headers={"Idempotency-Key": f"historikk-{fnr}"},
    )


def test_a_child_moving_in_gets_earlier_doses_from_sysvak(
    stasjon: Enhet, helsesykepleier: Ansatt, sysvak: Standin
) -> None:
    # given a child the register knows two earlier doses for
    from journal.models import Behandlingsrelasjon, RelasjonGrunnlag

    barn: Pasient = PasientFactory(fodselsdato=idag() - dt.timedelta(days=300))
    Behandlingsrelasjon.objects.create(
        pasient=barn, enhet=stasjon, grunnlag=RelasjonGrunnlag.MANUELL, begrunnelse="Flyttet"
    )
    _earlier_doses(sysvak, barn.identifikator)
    # when the child is enrolled as moving in, and the look-up is delivered
    with acting_as(helsesykepleier, stasjon):
        innskrivning_create(actor=helsesykepleier, pasient_id=barn.pk, grunn="innflytting")
    [levering] = _leveringer(OPPSLAG)
    assert levering_deliver(levering_id=levering.pk) == "levert"
    # then both doses are stored as from SYSVAK, attributed to the station
    fra_sysvak = Vaksinasjon.objects.filter(pasient=barn, kilde=VaksinasjonKilde.SYSVAK)
    assert sorted(fra_sysvak.values_list("vaksine", "dose_nr", "batch")) == [
        ("DTP-IPV-Hib-HepB", 1, "HX-1"),
        ("Pneumokokk", 1, "PV-9"),
    ]
    assert {v.enhet_id for v in fra_sysvak} == {stasjon.pk}
    assert AuditLogg.objects.filter(hendelse=AuditEvent.SYSVAK_FETCHED, pasient_id=barn.pk).exists()
    # and asking again stores nothing twice (nor are SYSVAK's doses reported back)
    with acting_as(helsesykepleier, stasjon):
        oppslag_request(actor=helsesykepleier, pasient_id=barn.pk)
    for levering in _leveringer(OPPSLAG):
        levering_deliver(levering_id=levering.pk)
    assert fra_sysvak.count() == 2
    assert not _leveringer(SYSVAK)


def test_our_own_reports_are_not_fetched_back_as_sysvak_doses(
    ettaaring: Pasient, stasjon: Enhet, helsesykepleier: Ansatt, sysvak: Standin
) -> None:
    _give(helsesykepleier, stasjon, ettaaring)
    for levering in _leveringer():
        levering_deliver(levering_id=levering.pk)
    with acting_as(helsesykepleier, stasjon):
        oppslag_request(actor=helsesykepleier, pasient_id=ettaaring.pk)
    [levering] = _leveringer(OPPSLAG)
    assert levering_deliver(levering_id=levering.pk) == "levert"
    assert not Vaksinasjon.objects.filter(kilde=VaksinasjonKilde.SYSVAK).exists()


def test_a_look_up_while_the_register_is_down_waits_for_a_retry(
    ettaaring: Pasient, stasjon: Enhet, helsesykepleier: Ansatt, sysvak: Standin
) -> None:
    _behave(sysvak, modus="feil", status=503, antall=1)
    with acting_as(helsesykepleier, stasjon):
        oppslag_request(actor=helsesykepleier, pasient_id=ettaaring.pk)
    [levering] = _leveringer(OPPSLAG)
    assert levering_deliver(levering_id=levering.pk) == "venter"
    _due(levering)
    assert levering_deliver(levering_id=levering.pk) == "levert"
