"""The nightly check, run for real through the task on the controllable clock."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.klokke import idag, klokke_reset, klokke_set, naa
from core.models import Ansatt, Enhet
from journal.models import Pasient, Tjeneste, TjenesteStatus
from journal.services import TjenesteData, tjeneste_start
from tests.acting import acting_as
from tildeling.models import Avslutning, Tjenestetype, Varsel, VarselType, Vedtak, VedtakStatus
from tildeling.selectors.varsel import varsler_list
from tildeling.services.varsel import varsel_resolve
from tildeling.tasks import varsler_nattlig

from .conftest import fattet, innvilget, sak_new

pytestmark = pytest.mark.django_db


def _open(type_: str) -> list[Varsel]:
    return list(Varsel.objects.filter(type=type_, lost_at__isnull=True))


def test_clock_moves_for_everyone_and_back() -> None:
    # given
    before = idag()
    # when
    klokke_set(dt.timedelta(days=40))
    # then
    assert idag() == before + dt.timedelta(days=40)
    assert naa().date() >= before + dt.timedelta(days=39)
    klokke_reset()
    assert idag() == before


def test_clock_cannot_move_where_it_is_not_allowed(settings: object) -> None:
    # given
    from django.core.exceptions import ImproperlyConfigured

    settings.KLOKKE_JUSTERBAR = False  # type: ignore[attr-defined]
    # when / then
    with pytest.raises(ImproperlyConfigured):
        klokke_set(dt.timedelta(days=1))


def test_expiring_decision_raises_one_alert_and_then_expires(
    saksbehandler: Ansatt,
    kontor: Enhet,
    enhet: Enhet,
    soker: Pasient,
    katalog: dict[str, Tjenestetype],
) -> None:
    # given: a decision for 60 days
    with acting_as(saksbehandler, kontor):
        sak = sak_new(saksbehandler, soker, katalog["15"])
        vedtak = fattet(
            saksbehandler,
            sak,
            innvilget(katalog["15"], enhet, til=idag() + dt.timedelta(days=60)),
        )
    # when: today nothing, in 40 days an alert (within 30), twice is still one
    assert varsler_nattlig()["nye"] == 0
    klokke_set(dt.timedelta(days=40))
    assert varsler_nattlig()["nye"] == 1
    assert varsler_nattlig()["nye"] == 0
    # then
    [varsel] = _open(VarselType.VEDTAK_UTLOPER)
    assert varsel.objekt_id == vedtak.pk
    assert varsel.enhet == kontor
    assert varsel.forfallsdato == vedtak.til_dato
    with acting_as(saksbehandler, kontor):
        assert [v.pk for v in varsler_list(actor=saksbehandler).items] == [varsel.pk]
    # and when the period is over, the decision and its service end; the alert resolves
    klokke_set(dt.timedelta(days=61))
    result = varsler_nattlig()
    vedtak.refresh_from_db()
    assert result["avsluttet"] == 1
    assert (vedtak.status, vedtak.avslutning) == (VedtakStatus.AVSLUTTET, Avslutning.UTLOPT)
    assert Tjeneste.objects.get(kilde_vedtak_id=vedtak.pk).status == TjenesteStatus.AVSLUTTET
    assert _open(VarselType.VEDTAK_UTLOPER) == []


def test_review_due_and_granted_but_not_started(
    saksbehandler: Ansatt,
    kontor: Enhet,
    soker: Pasient,
    katalog: dict[str, Tjenestetype],
) -> None:
    # given: granted until further notice, no providing unit chosen (nothing started)
    with acting_as(saksbehandler, kontor):
        sak = sak_new(saksbehandler, soker, katalog["15"])
        vedtak = fattet(saksbehandler, sak, innvilget(katalog["15"], None))
    # when
    varsler_nattlig()
    # then
    assert [v.objekt_id for v in _open(VarselType.IKKE_STARTET)] == [vedtak.pk]
    assert _open(VarselType.REVURDERING) == []
    klokke_set(dt.timedelta(days=80))  # review after 90 days, warned 14 days before
    varsler_nattlig()
    assert [v.objekt_id for v in _open(VarselType.REVURDERING)] == [vedtak.pk]


def test_service_without_a_valid_decision(
    saksbehandler: Ansatt,
    kontor: Enhet,
    enhet: Enhet,
    soker: Pasient,
    as_system: None,
) -> None:
    # given: a service started without a decision (e.g. migrated from an old system)
    tjeneste = tjeneste_start(
        actor=None,
        pasient_id=soker.pk,
        enhet_id=enhet.pk,
        data=TjenesteData("6", "Trygghetsalarm", fra_dato=idag(), omfang=Decimal(1)),
    )
    # when
    varsler_nattlig()
    # then
    [varsel] = _open(VarselType.TJENESTE_UTEN_VEDTAK)
    assert varsel.objekt_id == tjeneste.pk
    assert varsel.utforende_enhet == enhet
    assert varsel.enhet == kontor
    # a person resolves it; the cause remains, so the next night raises it again
    with acting_as(saksbehandler, kontor):
        varsel_resolve(actor=saksbehandler, varsel_id=varsel.pk, kommentar="Sjekket")
    varsler_nattlig()
    assert len(_open(VarselType.TJENESTE_UTEN_VEDTAK)) == 1
    assert Varsel.objects.filter(type=VarselType.TJENESTE_UTEN_VEDTAK).count() == 2


def test_replaced_decision_does_not_warn(
    saksbehandler: Ansatt,
    kontor: Enhet,
    enhet: Enhet,
    soker: Pasient,
    katalog: dict[str, Tjenestetype],
) -> None:
    # given
    with acting_as(saksbehandler, kontor):
        sak = sak_new(saksbehandler, soker, katalog["15"])
        old = fattet(
            saksbehandler, sak, innvilget(katalog["15"], enhet, til=idag() + dt.timedelta(days=10))
        )
        varsler_nattlig()
        assert len(_open(VarselType.VEDTAK_UTLOPER)) == 1
        fattet(
            saksbehandler,
            sak,
            innvilget(katalog["15"], enhet, til=idag() + dt.timedelta(days=300)),
            erstatter=old.pk,
        )
    # when
    result = varsler_nattlig()
    # then
    assert result["lost"] == 1
    assert _open(VarselType.VEDTAK_UTLOPER) == []
    assert Vedtak.objects.get(pk=old.pk).status == VedtakStatus.AVSLUTTET
