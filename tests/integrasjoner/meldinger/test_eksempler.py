"""Every official PLO 1.6 and Dialogmelding example, run through `manage.py melding_motta`
(the same code path as the poller), gets an OK receipt and the records it should become."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from core.context import system_context
from core.models import Enhet
from integrasjoner.kith.lib.xsd import xsd_errors
from integrasjoner.meldinger.models import (
    Applikasjonskvittering,
    EnhetHerId,
    Melding,
    MeldingStatus,
    Samtale,
)
from integrasjoner.meldinger.selectors import herid_batch
from integrasjoner.meldinger.services import melding_receive
from journal.models import Pasient
from legemidler.models import Legemiddelsamstemming
from tests.integrasjoner.meldinger.conftest import EKSEMPLER, pasient_fra
from tildeling.models import Kanal, Sak

FNR = re.compile(rb"<Patient>.*?<Id>(\d{11})</Id>", re.S)


def motta(sti: Path) -> str:
    out = io.StringIO()
    call_command("melding_motta", str(sti), stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("sti", EKSEMPLER, ids=lambda p: p.stem)
def test_every_official_example_is_receipted_ok_and_recorded(
    sti: Path, enhet: Enhet, herider: list[EnhetHerId]
) -> None:
    # given the patient of the example is known to the receiving unit
    match = FNR.search(sti.read_bytes())
    assert match is not None
    pasient = pasient_fra(match.group(1).decode(), enhet)

    # when
    utskrift = motta(sti)

    # then one OK receipt, valid against AppRec 1.1, and the message processed
    assert "AppRec 1 OK" in utskrift, utskrift
    melding = Melding.objects.get()
    assert melding.status == MeldingStatus.BEHANDLET
    assert melding.pasient == pasient
    assert melding.enhet == enhet
    kvittering = Applikasjonskvittering.objects.get(melding=melding)
    assert xsd_errors(kvittering.xml.encode(), "AppRec-v1.1.xsd") == []
    assert kvittering.status == "1"
    assert kvittering.feil == []
    # and the records the message type becomes
    typer = [r["type"] for r in melding.resultat]
    if melding.meldingstype == "HELSEOPPL_SOKNAD":
        sak = Sak.objects.get(pasient=pasient)
        assert sak.soknad.kanal == Kanal.SYKEHUS
        assert sak.dokumenter.filter(mimetype="application/xml").count() == 1
        assert typer == ["sak"]
    elif melding.meldingstype == "MEDISINSKE_OPPLYSNINGER":
        samstemming = Legemiddelsamstemming.objects.get(pasient=pasient)
        innkommende = list(
            samstemming.linjer.exclude(innkommende="").values_list("innkommende", flat=True)
        )
        assert "Burinex tablett 1 mg: 2 tabl kl 08 og 13" in innkommende
        assert len(innkommende) == 7
    elif melding.meldingstype == "LOG_DOD":
        pasient.refresh_from_db()
        assert pasient.dodsdato == dt.date(2018, 2, 20)
    elif melding.meldingstype.startswith("DIALOG_"):
        samtale = Samtale.objects.get(pasient=pasient)
        assert samtale.meldinger.get().melding == melding
    elif melding.meldingstype.startswith("LOG_"):
        assert typer == ["hendelse"]
    else:
        assert typer == ["dokument"]


def test_same_msgid_twice_is_processed_once_and_receipted_again(
    enhet: Enhet, herider: list[EnhetHerId]
) -> None:
    # given
    sti = next(p for p in EKSEMPLER if p.name.startswith("Helseopplysninger_Varsel"))
    pasient = pasient_fra("12057900499", enhet)
    motta(sti)

    # when
    utskrift = motta(sti)

    # then
    assert "(duplikat)" in utskrift
    assert "AppRec 1 OK" in utskrift
    assert Melding.objects.count() == 1
    assert Sak.objects.filter(pasient=pasient).count() == 1
    assert Applikasjonskvittering.objects.count() == 2


def test_unknown_patient_is_parked_and_rejected_with_e35(
    enhet: Enhet, herider: list[EnhetHerId]
) -> None:
    # given no patient with the example's fødselsnummer
    sti = next(p for p in EKSEMPLER if p.name.startswith("Pasientlogistikk_Innlagt"))

    # when
    utskrift = motta(sti)

    # then
    assert "AppRec 2 Avvist\tfeil: E35" in utskrift
    melding = Melding.objects.get()
    assert melding.status == MeldingStatus.PARKERT
    assert melding.enhet == enhet
    assert not Pasient.objects.exists()


def test_a_logistics_message_is_received_in_a_bounded_number_of_queries(
    enhet: Enhet, herider: list[EnhetHerId], django_assert_max_num_queries: Any
) -> None:
    # given (speed: ≥ 50 messages/s needs few round trips per message)
    pasient_fra("15076500565", enhet)
    xml = next(p for p in EKSEMPLER if p.name.startswith("Pasientlogistikk_Innlagt")).read_bytes()

    # when / then: route, match, store (deduped by the MsgId constraint), receipt, outbox
    # and one audit row, inside the message's own savepoint
    with django_assert_max_num_queries(9), system_context():
        mottak = melding_receive(xml=xml)
    assert mottak.kvittering.status == "1"


def test_in_a_batch_the_receiving_unit_is_looked_up_once(
    enhet: Enhet, herider: list[EnhetHerId], django_assert_max_num_queries: Any
) -> None:
    # given two logistics messages for a known patient, received in one poller round
    pasient_fra("15076500565", enhet)
    xml = next(p for p in EKSEMPLER if p.name.startswith("Pasientlogistikk_Innlagt")).read_bytes()
    andre = re.sub(rb"<MsgId>[^<]*</MsgId>", b"<MsgId>andre-i-runden</MsgId>", xml, count=1)

    with system_context(), herid_batch():
        assert melding_receive(xml=xml).kvittering.status == "1"
        # when / then: the second one does not ask for the HER-id's unit again
        with django_assert_max_num_queries(8):
            mottak = melding_receive(xml=andre)
    assert mottak.kvittering.status == "1"
    assert mottak.melding.enhet == enhet
    assert Melding.objects.filter(status=MeldingStatus.BEHANDLET).count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_dialog_message_commits_with_its_thread(enhet: Enhet, herider: list[EnhetHerId]) -> None:
    # given (committed for real: the thread's line is written before its message row, and
    # the foreign key is checked at commit)
    sti = next(p for p in EKSEMPLER if p.name.startswith("Dialogmelding_foresporsel"))
    match = FNR.search(sti.read_bytes())
    assert match is not None
    pasient = pasient_fra(match.group(1).decode(), enhet)

    # when
    with system_context():
        mottak = melding_receive(xml=sti.read_bytes())

    # then
    assert mottak.kvittering.status == "1"
    samtale = Samtale.objects.get(pasient=pasient)
    [linje] = samtale.meldinger.all()
    assert linje.melding_id == mottak.melding.pk
