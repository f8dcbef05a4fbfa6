"""The monthly invoice run: lines per resident from stays (korttid with the 60-døgn rule,
langtid vederlag with leave and hospital days, dag/natt), idempotency, streaming, credit
notes for corrections after a run was sent, and the CSV layout."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest

from core.audit import AuditEvent
from core.context import system_context
from core.exceptions import ApplicationError
from core.klokke import idag
from core.models import Ansatt, AuditLogg, Enhet
from integrasjoner.faktura.models import (
    Fakturafil,
    Fakturagrunnlag,
    KjoeringStatus,
    Linjetype,
    Tjenestekode,
)
from integrasjoner.faktura.services import eksport, kjoering_run, kjoering_send, kjoering_start
from tests.acting import acting_as
from tests.integrasjoner.faktura.conftest import (
    JUNI,
    beboer,
    fravaer_make,
    inntekt_make,
    opphold_make,
    run_month,
)
from tjenester.sykehjem.models import Fravaerstype, Oppholdstype

pytestmark = pytest.mark.django_db


def _lines(kjoring: Any, **filters: Any) -> list[Fakturagrunnlag]:
    return list(
        Fakturagrunnlag.objects.filter(kjoring=kjoring, **filters).order_by("tjeneste", "type")
    )


def test_long_term_resident_pays_vederlag_reduced_for_leave_and_hospital(
    avdeling: Enhet, fakturaadmin: Ansatt, django_capture_on_commit_callbacks: Any
) -> None:
    # given a long-term resident all of June 2025 with 5 døgn leave and 3 in hospital
    kari = beboer()
    opphold = opphold_make(avdeling, kari, Oppholdstype.LANGTID, dt.date(2024, 1, 1))
    fravaer_make(opphold, Fravaerstype.PERMISJON, dt.date(2025, 6, 10), dt.date(2025, 6, 15))
    fravaer_make(opphold, Fravaerstype.SYKEHUS, dt.date(2025, 6, 20), dt.date(2025, 6, 23))
    inntekt_make(kari, 2025, "300000")
    # when
    kjoring = run_month(fakturaadmin, JUNI, django_capture_on_commit_callbacks)
    # then 22 present døgn of 30; G 130 160 (from 1 May), fribeløp 9 400 (2023 rates)
    assert kjoring.status == KjoeringStatus.UTKAST
    [line] = _lines(kjoring)
    expected = (
        (
            Decimal("0.75") * (Decimal("130160") - 9400)
            + Decimal("0.85") * (300000 - Decimal("130160"))
        )
        / 12
        / 30
        * 22
    )
    assert line.tjeneste == Tjenestekode.LANGTID
    assert line.antall == 22
    assert line.belop == expected.quantize(Decimal("0.01"))
    assert line.grunnlag["g"] == "130160.00"
    assert line.grunnlag["fravar"] == {"permisjon": 5, "sykehus": 3}
    assert kjoring.sum_belop == line.belop


def test_the_61st_korttid_doegn_of_the_year_is_charged_as_vederlag(
    avdeling: Enhet, fakturaadmin: Ansatt, django_capture_on_commit_callbacks: Any
) -> None:
    # given 55 korttid døgn earlier in 2025 (a stay 1 Jan – 25 Feb) and a stay all of June
    per = beboer("Per")
    opphold_make(avdeling, per, Oppholdstype.KORTTID, dt.date(2025, 1, 1), dt.date(2025, 2, 25))
    opphold_make(avdeling, per, Oppholdstype.KORTTID, dt.date(2025, 6, 1), dt.date(2025, 7, 1))
    inntekt_make(per, 2025, "200000")
    # when
    kjoring = run_month(fakturaadmin, JUNI, django_capture_on_commit_callbacks)
    # then 5 døgn at the korttid rate (180), 25 døgn as vederlag
    korttid = _lines(kjoring, tjeneste=Tjenestekode.KORTTID)
    vederlag = _lines(kjoring, tjeneste=Tjenestekode.KORTTID_VEDERLAG)
    assert [(line.antall, line.belop) for line in korttid] == [(Decimal(5), Decimal("900.00"))]
    assert [line.antall for line in vederlag] == [25]
    assert vederlag[0].grunnlag["korttid_tidligere"] == 55


def test_dag_natt_and_free_respite_stays(
    avdeling: Enhet, fakturaadmin: Ansatt, django_capture_on_commit_callbacks: Any
) -> None:
    # given a day-care stay for 10 døgn and a respite stay (avlastning: free by law)
    ola = beboer("Ola")
    opphold_make(avdeling, ola, Oppholdstype.DAG, dt.date(2025, 6, 2), dt.date(2025, 6, 12))
    opphold_make(avdeling, beboer("Eva"), Oppholdstype.AVLASTNING, dt.date(2025, 6, 1))
    # when
    kjoring = run_month(fakturaadmin, JUNI, django_capture_on_commit_callbacks)
    # then only the day stay is charged: 10 × 105 (2023 rate)
    [line] = _lines(kjoring)
    assert (line.tjeneste, line.antall, line.belop) == ("dag_natt", Decimal(10), Decimal("1050.00"))


def test_vederlag_without_income_is_an_avvik_not_a_charge(
    avdeling: Enhet, fakturaadmin: Ansatt, django_capture_on_commit_callbacks: Any
) -> None:
    # given
    opphold_make(avdeling, beboer(), Oppholdstype.LANGTID, dt.date(2025, 1, 1))
    # when
    kjoring = run_month(fakturaadmin, JUNI, django_capture_on_commit_callbacks)
    # then
    assert (kjoring.antall_linjer, kjoring.antall_avvik) == (0, 1)


def test_rerunning_a_draft_replaces_it_and_a_sent_run_is_immutable(
    avdeling: Enhet, fakturaadmin: Ansatt, django_capture_on_commit_callbacks: Any
) -> None:
    # given a computed draft
    kari = beboer()
    opphold_make(avdeling, kari, Oppholdstype.LANGTID, dt.date(2025, 1, 1))
    inntekt_make(kari, 2025, "250000")
    first = run_month(fakturaadmin, JUNI, django_capture_on_commit_callbacks)
    # when it is run again
    second = run_month(fakturaadmin, JUNI, django_capture_on_commit_callbacks)
    # then the same run, the same lines, once
    assert second.pk == first.pk
    assert Fakturagrunnlag.objects.filter(kjoring=second).count() == 1
    assert Fakturafil.objects.filter(kjoring=second).count() == 1
    # when it is sent, it cannot be run again
    with acting_as(fakturaadmin):
        kjoering_send(actor=fakturaadmin, kjoring_id=second.pk)
        with pytest.raises(ApplicationError, match="sendt og kan ikke endres"):
            kjoering_start(actor=fakturaadmin, maned=JUNI)
    # and a repeated task is a no-op
    with system_context():
        assert kjoering_run(kjoring_id=second.pk) == "opptatt"


def test_only_finished_months_are_invoiced(fakturaadmin: Ansatt) -> None:
    # when / then
    with acting_as(fakturaadmin), pytest.raises(ApplicationError, match="avsluttede"):
        kjoering_start(actor=fakturaadmin, maned=idag().replace(day=1))


def test_correction_after_sending_goes_as_credit_and_debit_lines_in_the_next_run(
    avdeling: Enhet, fakturaadmin: Ansatt, django_capture_on_commit_callbacks: Any
) -> None:
    # given June sent with a full month of vederlag for Kari, and a korttid stay for Per
    kari, per = beboer("Kari"), beboer("Per")
    opphold = opphold_make(avdeling, kari, Oppholdstype.LANGTID, dt.date(2025, 1, 1))
    feil = opphold_make(
        avdeling, per, Oppholdstype.KORTTID, dt.date(2025, 6, 1), dt.date(2025, 6, 11)
    )
    inntekt_make(kari, 2025, "300000")
    juni = run_month(fakturaadmin, JUNI, django_capture_on_commit_callbacks)
    with acting_as(fakturaadmin):
        kjoering_send(actor=fakturaadmin, kjoring_id=juni.pk)
    original = _lines(juni, pasient=kari)[0]
    # when a hospital stay in June is registered late, Per's stay turns out to be annulled
    fravaer_make(opphold, Fravaerstype.SYKEHUS, dt.date(2025, 6, 1), dt.date(2025, 6, 11))
    feil.avslutningsarsak = "annullert"
    feil.save(update_fields=["avslutningsarsak"])
    juli = run_month(fakturaadmin, dt.date(2025, 7, 1), django_capture_on_commit_callbacks)
    # then July credits June's lines and charges Kari's corrected June
    kari_juni = _lines(juli, pasient=kari, periode_fra__lt=dt.date(2025, 7, 1))
    assert [line.type for line in kari_juni] == [Linjetype.DEBET, Linjetype.KREDIT]
    debet, kredit = kari_juni
    assert kredit.korrigerer_id == original.pk
    assert kredit.belop == -original.belop
    assert debet.korrigerer_id == original.pk
    assert debet.antall == 20
    per_juni = _lines(juli, pasient=per)
    assert [(line.type, line.belop) for line in per_juni] == [
        (Linjetype.KREDIT, Decimal("-1800.00"))
    ]
    assert juli.antall_korreksjoner == 3
    # the sent June lines are unchanged
    original.refresh_from_db()
    assert original.antall == 30
    # when July is sent and August runs, nothing is corrected twice
    with acting_as(fakturaadmin):
        kjoering_send(actor=fakturaadmin, kjoring_id=juli.pk)
    august = run_month(fakturaadmin, dt.date(2025, 8, 1), django_capture_on_commit_callbacks)
    assert august.antall_korreksjoner == 0


def test_the_run_streams_queries_per_batch_not_per_patient(
    avdeling: Enhet,
    fakturaadmin: Ansatt,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
) -> None:
    # given batches of 5 patients; 5 and then 20 residents
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.FAKTURA_BATCH = 5

    def queries_for(n: int, maned: dt.date) -> tuple[int, int]:
        for i in range(n):
            pasient = beboer(f"P{maned.month}{i}")
            opphold_make(avdeling, pasient, Oppholdstype.LANGTID, maned)
            inntekt_make(pasient, maned.year, "200000")
        with django_capture_on_commit_callbacks(execute=False), acting_as(fakturaadmin):
            kjoring = kjoering_start(actor=fakturaadmin, maned=maned)
        with system_context(), CaptureQueriesContext(connection) as ctx:
            kjoering_run(kjoring_id=kjoring.pk)
        kjoring.refresh_from_db()
        return len(ctx.captured_queries), kjoring.antall_linjer

    # when
    small, lines_small = queries_for(5, dt.date(2025, 3, 1))
    large, lines_large = queries_for(20, dt.date(2025, 4, 1))
    # then 4 batches cost at most a constant number of queries per extra batch
    assert (lines_small, lines_large) == (5, 25)  # April also charges the March residents
    per_batch = (large - small) / 4
    assert per_batch <= 12, (small, large)


def test_the_csv_has_the_documented_layout(
    avdeling: Enhet, fakturaadmin: Ansatt, django_capture_on_commit_callbacks: Any
) -> None:
    # given
    kari = beboer()
    opphold_make(avdeling, kari, Oppholdstype.LANGTID, dt.date(2025, 1, 1))
    inntekt_make(kari, 2025, "300000")
    # when
    kjoring = run_month(fakturaadmin, JUNI, django_capture_on_commit_callbacks)
    # then
    fil = Fakturafil.objects.get(kjoring=kjoring)
    rows = list(csv.reader(io.StringIO(eksport.fil_innhold(fil)), delimiter=";"))
    assert rows[0] == eksport.KOLONNER
    for column in eksport.KOLONNER:
        assert f" {column} " in eksport.__doc__ or f"  {column}" in eksport.__doc__
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["kunde_id"] == kari.identifikator
    assert record["kunde_navn"] == "Beboer, Kari"
    assert record["maned"] == "2025-06"
    assert record["tjeneste"] == "langtid"
    assert record["linjetype"] == "ordinaer"
    assert (record["periode_fra"], record["periode_til"]) == ("2025-06-01", "2025-06-30")
    assert Decimal(record["belop"]) == kjoring.sum_belop
    assert "g=130160.00" in record["grunnlag"]
    assert fil.antall_linjer == 1
    assert fil.filnavn.endswith("_2025-06.csv")


def test_the_run_and_its_sending_are_audited(
    avdeling: Enhet, fakturaadmin: Ansatt, django_capture_on_commit_callbacks: Any
) -> None:
    # given
    kari = beboer()
    opphold_make(avdeling, kari, Oppholdstype.LANGTID, dt.date(2025, 1, 1))
    inntekt_make(kari, 2025, "300000")
    # when
    kjoring = run_month(fakturaadmin, JUNI, django_capture_on_commit_callbacks)
    with acting_as(fakturaadmin):
        kjoering_send(actor=fakturaadmin, kjoring_id=kjoring.pk)
    # then
    events = set(
        AuditLogg.objects.filter(objekt_id=str(kjoring.pk)).values_list("hendelse", flat=True)
    )
    assert {
        AuditEvent.FAKTURA_KJORING_STARTED,
        AuditEvent.FAKTURA_KJORING_FINISHED,
        AuditEvent.FAKTURA_KJORING_SENT,
    } <= events


def test_granted_services_praktisk_bistand_by_band_subscriptions_and_free_services(
    avdeling: Enhet, fakturaadmin: Ansatt, django_capture_on_commit_callbacks: Any
) -> None:
    # given home care in the kommune: praktisk bistand 2 h/week all June (income 2.5 G),
    # a safety alarm from 16 June, and home nursing (free by law)
    from journal.models import Tjeneste
    from tests.factories import EnhetFactory

    sone = EnhetFactory(navn="Sone nord", virksomhet=avdeling.virksomhet)
    ola = beboer("Ola")
    inntekt_make(ola, 2025, None, husstand=str(Decimal("2.5") * 130160))
    for kode, omfang, fra in (
        ("1", Decimal(2), dt.date(2025, 5, 1)),
        ("6", None, dt.date(2025, 6, 16)),
        ("15", Decimal(7), dt.date(2025, 5, 1)),
    ):
        Tjeneste.objects.create(
            pasient=ola, enhet=sone, tjenestetype_kode=kode, navn=kode, omfang=omfang, fra_dato=fra
        )
    # when
    kjoring = run_month(fakturaadmin, JUNI, django_capture_on_commit_callbacks)
    # then 8.57 hours × 220 = 1 885.40, capped at the 2–3G band's 530; the alarm is half a month
    lines = {line.tjeneste: line for line in _lines(kjoring)}
    assert set(lines) == {"praktisk_bistand", "trygghetsalarm"}
    assert lines["praktisk_bistand"].antall == Decimal("8.57")
    assert lines["praktisk_bistand"].belop == Decimal("530.00")
    assert lines["praktisk_bistand"].grunnlag["trinn"] == "2-3G"
    assert lines["trygghetsalarm"].belop == Decimal("150.00")
