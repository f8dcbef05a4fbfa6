"""A nurse's answer in a conversation (the inbound side's `dialog_reply`, event
"melding.dialog_svar") becomes a validated Dialogmelding that reaches the GP's HER-id at the
EDI stand-in once; without the GP in the address book it stays unsent with an alert."""

from __future__ import annotations

import base64

import pytest

from core.context import system_context
from core.models import Ansatt, Enhet, Levering, LeveringStatus
from core.outbox import levering_deliver
from integrasjoner.meldinger.models import (
    EnhetHerId,
    MeldingType,
    Tjenestetype,
    UtgaaendeMelding,
    UtgaaendeStatus,
    Varsel,
)
from integrasjoner.meldinger.services import melding_receive
from integrasjoner.meldinger.services.utgaaende import DIALOG_MOTTAKER, EDI_MOTTAKER
from integrasjoner.standin.server import Standin
from tests.conftest import logged_in
from tests.integrasjoner.meldinger.conftest import eksempel, pasient_fra
from tests.integrasjoner.meldinger.ut_fixtures import edi, part, sykepleier

pytestmark = pytest.mark.django_db
__all__ = ["edi", "sykepleier"]
GP_HERID = "258521"  # the GP's HER-id in the official "Helsefaglig dialog" example


def deliver(mottaker: str) -> list[str]:
    ids = list(
        Levering.objects.filter(mottaker=mottaker, status=LeveringStatus.VENTER).values_list(
            "id", flat=True
        )
    )
    return [levering_deliver(levering_id=i) for i in ids]


def svar(enhet: Enhet, sykepleier: Ansatt) -> None:
    pasient = pasient_fra("13116900216", enhet)
    with system_context():
        melding_receive(xml=eksempel("Helsefaglig").read_bytes())
    url = f"/meldinger/pasient/{pasient.pk}/samtaler/"
    from integrasjoner.meldinger.models import Dialogmelding

    samtale_id = Dialogmelding.objects.get().samtale_id
    ok = logged_in(sykepleier).post(url, {"samtale": samtale_id, "tekst": "Takk, BT 135/85."})
    assert ok.status_code == 302


def test_the_nurses_answer_reaches_the_gp_as_a_dialog_message_once(
    enhet: Enhet, herider: list[EnhetHerId], sykepleier: Ansatt, edi: Standin
) -> None:
    # given our unit and the GP in the address book
    part(
        herid="8100001",
        navn="Sykepleietjeneste PLO",
        tjenestetype=Tjenestetype.SYKEPLEIETJENESTE,
        enhet=enhet,
    )
    part(herid=GP_HERID, navn="Lin Rita", forelder_herid="91096", forelder_navn="Legesenteret")
    svar(enhet, sykepleier)
    # when the outbox delivers the answer event (twice) and then the message
    assert deliver(DIALOG_MOTTAKER) == ["levert"]
    Levering.objects.filter(mottaker=DIALOG_MOTTAKER).update(status=LeveringStatus.VENTER)
    assert deliver(DIALOG_MOTTAKER) == ["levert"]
    assert deliver(EDI_MOTTAKER) == ["levert"]
    # then
    melding = UtgaaendeMelding.objects.get()
    assert melding.type == MeldingType.DIALOG_HELSEFAGLIG
    assert melding.status == UtgaaendeStatus.SENDT
    assert melding.opprettet_av == sykepleier
    assert melding.transport_id
    sendt = [m for m in edi.state.mottatt if m.sti.endswith("/Messages") and m.metode == "POST"]
    assert len(sendt) == 1
    assert sendt[0].innhold["receiverHerIds"] == [GP_HERID]
    assert "Takk, BT 135/85." in base64.b64decode(sendt[0].innhold["businessDocument"]).decode()


def test_an_answer_to_a_gp_not_in_the_address_book_is_kept_unsent_with_an_alert(
    enhet: Enhet, herider: list[EnhetHerId], sykepleier: Ansatt, edi: Standin
) -> None:
    part(
        herid="8100001",
        navn="Sykepleietjeneste PLO",
        tjenestetype=Tjenestetype.SYKEPLEIETJENESTE,
        enhet=enhet,
    )
    svar(enhet, sykepleier)
    assert deliver(DIALOG_MOTTAKER) == ["levert"]
    melding = UtgaaendeMelding.objects.get()
    assert melding.status == UtgaaendeStatus.FEILET
    assert melding.varsel == Varsel.IKKE_SENDT
    assert "adresseboken" in melding.feil
    assert not Levering.objects.filter(mottaker=EDI_MOTTAKER).exists()
