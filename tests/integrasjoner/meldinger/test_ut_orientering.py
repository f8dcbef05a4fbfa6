"""A decided vedtak becomes an Orientering om tjenestetilbud to the patient's GP that arrives
at the EDI stand-in over real HTTP (one per vedtak, however often the event is delivered);
a refusal sends none; a GP without an address leaves an alert on the office's list."""

from __future__ import annotations

import base64

import pytest

from core.models import Ansatt, Enhet, Levering, LeveringStatus
from core.outbox import levering_deliver
from integrasjoner.kith.lib.xsd import xml_parse
from integrasjoner.meldinger.lib.bygg_msghead import MH
from integrasjoner.meldinger.models import (
    MeldingType,
    Tjenestetype,
    UtgaaendeMelding,
    UtgaaendeStatus,
    Varsel,
)
from integrasjoner.meldinger.selectors import utgaaende_list
from integrasjoner.meldinger.services.utgaaende import EDI_MOTTAKER, ORIENTERING_MOTTAKER
from integrasjoner.standin.server import Standin
from journal.models import Pasient
from tests.factories import AnsattFactory
from tests.integrasjoner.meldinger.ut_fixtures import GP_HPR, edi, part
from tests.tildeling.conftest import (
    as_saksbehandler,
    fattet,
    innvilget,
    katalog,
    kontor,
    sak_new,
    saksbehandler,
    soker,
)
from tildeling.models import Tjenestetype as Tildelingstype
from tildeling.models import Utfall
from tildeling.services.vedtak import VedtakData

pytestmark = pytest.mark.django_db
__all__ = ["as_saksbehandler", "edi", "katalog", "kontor", "saksbehandler", "soker"]


def deliver(mottaker: str) -> list[str]:
    ids = Levering.objects.filter(mottaker=mottaker, status=LeveringStatus.VENTER).values_list(
        "id", flat=True
    )
    return [levering_deliver(levering_id=i) for i in list(ids)]


@pytest.fixture
def kontor_adresse(kontor: Enhet, soker: Pasient) -> None:
    soker.fastlege = AnsattFactory(
        first_name="Frida", last_name="Fastlege", hpr_nummer=GP_HPR, helsepersonellkategori="LE"
    )
    soker.save(update_fields=["fastlege"])
    part(
        herid="8100003",
        navn="Saksbehandling",
        tjenestetype=Tjenestetype.SAKSBEHANDLING,
        enhet=kontor,
    )
    part(
        herid="8300011",
        navn="Fastlege Frida",
        forelder_herid="8300000",
        forelder_navn="Torget legesenter",
        hpr_nummer=GP_HPR,
    )


def test_a_granted_vedtak_reaches_the_gp_as_an_orientering_once(
    as_saksbehandler: Ansatt,
    enhet: Enhet,
    kontor: Enhet,
    soker: Pasient,
    katalog: dict[str, Tildelingstype],
    kontor_adresse: None,
    edi: Standin,
) -> None:
    # given a case decided: one service granted, one refused
    sak = sak_new(as_saksbehandler, soker, katalog["15"], katalog["1"])
    vedtak = fattet(as_saksbehandler, sak, innvilget(katalog["15"], enhet, omfang="3"))
    fattet(
        as_saksbehandler,
        sak,
        VedtakData(katalog["1"].pk, utfall=Utfall.AVSLAG, begrunnelse="Klarer seg selv."),
    )
    # when the outbox delivers the decision events, twice over, then the message
    assert deliver(ORIENTERING_MOTTAKER) == ["levert", "levert"]
    Levering.objects.filter(mottaker=ORIENTERING_MOTTAKER).update(status=LeveringStatus.VENTER)
    assert deliver(ORIENTERING_MOTTAKER) == ["levert", "levert"]
    assert deliver(EDI_MOTTAKER) == ["levert"]
    # then one orientation, for the granted service, arrived at the message service
    melding = UtgaaendeMelding.objects.get()
    assert melding.type == MeldingType.ORIENTERING_TJENESTETILBUD
    assert melding.kilde == f"vedtak:{vedtak.pk}"
    assert melding.enhet_id == kontor.pk
    assert melding.status == UtgaaendeStatus.SENDT
    seen = [m for m in edi.state.mottatt if m.integrasjon == "edi"]
    assert len(seen) == 1
    assert seen[0].sti == "/edi/Messages"
    assert seen[0].innhold["receiverHerIds"] == ["8300011"]
    assert seen[0].innhold["senderHerId"] == "8100003"
    root = xml_parse(base64.b64decode(seen[0].innhold["businessDocument"]))
    assert root.find(f"{{{MH}}}MsgInfo/{{{MH}}}Type").get("V") == "ORIENTERING_TJENESTETILBUD"  # type: ignore[union-attr]
    assert katalog["15"].navn in melding.xml
    assert "<AntallEnheter>3" in melding.xml


def test_a_gp_without_an_address_leaves_an_alert_on_the_office_list(
    as_saksbehandler: Ansatt,
    enhet: Enhet,
    kontor: Enhet,
    soker: Pasient,
    katalog: dict[str, Tildelingstype],
    edi: Standin,
) -> None:
    # given the office has an address, but the patient has no GP at all
    part(
        herid="8100003",
        navn="Saksbehandling",
        tjenestetype=Tjenestetype.SAKSBEHANDLING,
        enhet=kontor,
    )
    sak = sak_new(as_saksbehandler, soker, katalog["15"])
    fattet(as_saksbehandler, sak, innvilget(katalog["15"], enhet))
    # when
    assert deliver(ORIENTERING_MOTTAKER) == ["levert"]
    # then nothing is sent, and the office sees why
    melding = UtgaaendeMelding.objects.get()
    assert melding.status == UtgaaendeStatus.FEILET
    assert melding.varsel == Varsel.IKKE_SENDT
    assert melding.feil == "Pasienten har ingen fastlege registrert."
    assert not Levering.objects.filter(mottaker=EDI_MOTTAKER).exists()
    assert [m.pk for m in utgaaende_list(actor=as_saksbehandler, bare_varsler=True)] == [melding.pk]
