"""Appeals: deadline from the letter, late ones flagged not refused, the whole flow."""

from __future__ import annotations

import datetime as dt

import pytest

from core.audit import AuditEvent
from core.exceptions import ApplicationError
from core.klokke import idag, klokke_set
from core.models import Ansatt, AuditLogg, Enhet
from journal.models import Pasient
from tildeling.lib.frist import klagefrist_compute
from tildeling.models import KlageStatus, SakStatus, Tjenestetype
from tildeling.services.brev import vedtaksbrev_sent
from tildeling.services.klage import (
    klage_assess,
    klage_decided,
    klage_forward,
    klage_register,
)

from .conftest import fattet, innvilget, sak_new

pytestmark = pytest.mark.django_db


def test_deadline_is_three_weeks_from_the_letter() -> None:
    # when / then
    assert klagefrist_compute(dt.date(2025, 3, 3)) == dt.date(2025, 3, 24)
    assert klagefrist_compute(None) is None


def test_late_appeal_is_registered_and_flagged(
    as_saksbehandler: Ansatt, enhet: Enhet, soker: Pasient, katalog: dict[str, Tjenestetype]
) -> None:
    # given: the letter went out today
    sak = sak_new(as_saksbehandler, soker, katalog["15"])
    vedtak = fattet(as_saksbehandler, sak, innvilget(katalog["15"], enhet))
    vedtaksbrev_sent(actor=as_saksbehandler, vedtak_id=vedtak.pk)
    # when: four weeks pass
    klokke_set(dt.timedelta(days=28))
    klage = klage_register(
        actor=as_saksbehandler, vedtak_id=vedtak.pk, mottatt_dato=idag(), anforsler="For lite."
    )
    # then
    assert klage.for_sent is True
    assert klage.frist_dato == idag() - dt.timedelta(days=7)
    sak.refresh_from_db()
    assert sak.status == SakStatus.UNDER_BEHANDLING


def test_appeal_flow_to_statsforvalteren(
    as_saksbehandler: Ansatt, enhet: Enhet, soker: Pasient, katalog: dict[str, Tjenestetype]
) -> None:
    # given
    sak = sak_new(as_saksbehandler, soker, katalog["15"])
    vedtak = fattet(as_saksbehandler, sak, innvilget(katalog["15"], enhet))
    vedtaksbrev_sent(actor=as_saksbehandler, vedtak_id=vedtak.pk)
    klage = klage_register(
        actor=as_saksbehandler, vedtak_id=vedtak.pk, mottatt_dato=idag(), anforsler="For lite."
    )
    assert klage.for_sent is False
    # when
    with pytest.raises(ApplicationError, match="opprettholdt"):
        klage_forward(actor=as_saksbehandler, klage_id=klage.pk, dato=idag())
    klage_assess(
        actor=as_saksbehandler, klage_id=klage.pk, utfall="opprettholdt", vurdering="Riktig."
    )
    klage_forward(actor=as_saksbehandler, klage_id=klage.pk, dato=idag())
    klage = klage_decided(
        actor=as_saksbehandler, klage_id=klage.pk, utfall="stadfestet", dato=idag()
    )
    # then
    assert klage.status == KlageStatus.AVGJORT
    assert klage.statsforvalter_utfall == "stadfestet"
    events = set(AuditLogg.objects.filter(pasient_id=soker.pk).values_list("hendelse", flat=True))
    assert {
        AuditEvent.KLAGE_REGISTERED,
        AuditEvent.KLAGE_ASSESSED,
        AuditEvent.KLAGE_FORWARDED,
        AuditEvent.KLAGE_DECIDED,
    } <= events


def test_changed_by_the_office(
    as_saksbehandler: Ansatt, enhet: Enhet, soker: Pasient, katalog: dict[str, Tjenestetype]
) -> None:
    # given
    sak = sak_new(as_saksbehandler, soker, katalog["15"])
    vedtak = fattet(as_saksbehandler, sak, innvilget(katalog["15"], enhet))
    klage = klage_register(
        actor=as_saksbehandler, vedtak_id=vedtak.pk, mottatt_dato=idag(), anforsler="Mer hjelp"
    )
    # when
    klage = klage_assess(
        actor=as_saksbehandler, klage_id=klage.pk, utfall="omgjort", vurdering="Ny kartlegging."
    )
    # then
    assert klage.status == KlageStatus.OMGJORT
    with pytest.raises(ApplicationError, match="allerede vurdert"):
        klage_assess(actor=as_saksbehandler, klage_id=klage.pk, utfall="omgjort", vurdering="x")
