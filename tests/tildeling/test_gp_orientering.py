"""Item 9: a decision writes the outbox event for the GP orientation, in the same transaction."""

from __future__ import annotations

import pytest

from core.models import Ansatt, Enhet, Utbokshendelse
from journal.models import Pasient
from tests.factories import AnsattFactory
from tildeling.models import Tjenestetype, Utfall
from tildeling.services.gp import HENDELSE_VEDTAK_FATTET
from tildeling.services.vedtak import VedtakData

from .conftest import fattet, innvilget, sak_new

pytestmark = pytest.mark.django_db


def test_deciding_writes_one_orientation_event_naming_the_gp(
    as_saksbehandler: Ansatt, enhet: Enhet, soker: Pasient, katalog: dict[str, Tjenestetype]
) -> None:
    # given a patient with a GP
    fastlege = AnsattFactory(first_name="Frida", last_name="Fastlege", hpr_nummer="1234567")
    soker.fastlege = fastlege
    soker.save(update_fields=["fastlege"])
    sak = sak_new(as_saksbehandler, soker, katalog["15"], katalog["1"])
    # when: one granted, one refused
    innvilget_vedtak = fattet(as_saksbehandler, sak, innvilget(katalog["15"], enhet))
    avslag = fattet(
        as_saksbehandler,
        sak,
        VedtakData(katalog["1"].pk, utfall=Utfall.AVSLAG, begrunnelse="Klarer seg selv."),
    )
    # then: one event per decision, with what the PLO orientation needs
    events = {
        e.payload["vedtak_id"]: e
        for e in Utbokshendelse.objects.filter(hendelse=HENDELSE_VEDTAK_FATTET)
    }
    assert set(events) == {str(innvilget_vedtak.pk), str(avslag.pk)}
    granted = events[str(innvilget_vedtak.pk)]
    assert granted.pasient_id == soker.pk
    assert granted.payload["tjenestetype_kode"] == "15"
    assert granted.payload["utfall"] == Utfall.INNVILGET
    assert granted.payload["fastlege"]["hpr_nummer"] == "1234567"
    assert events[str(avslag.pk)].payload["utfall"] == Utfall.AVSLAG


def test_a_draft_writes_no_orientation_event(
    as_saksbehandler: Ansatt, enhet: Enhet, soker: Pasient, katalog: dict[str, Tjenestetype]
) -> None:
    # given / when: a case without a decided decision
    sak_new(as_saksbehandler, soker, katalog["15"])
    # then
    assert not Utbokshendelse.objects.filter(hendelse=HENDELSE_VEDTAK_FATTET).exists()
