"""The hospital's AppRec for our Innleggelsesrapport arrives in our mailbox at the EDI
stand-in: the poller hands it to the tracking (rejected → alert on the unit's list) and
never receipts a receipt or records it as a received message."""

from __future__ import annotations

import datetime as dt

import pytest

from core import http
from core.context import system_context
from core.models import Ansatt, Enhet, Levering, LeveringStatus
from core.outbox import levering_deliver
from integrasjoner.meldinger.lib.apprec import Part, apprec_build
from integrasjoner.meldinger.lib.apprec_les import apprec_les
from integrasjoner.meldinger.models import Melding, UtgaaendeStatus, Varsel
from integrasjoner.meldinger.services import innleggelsesrapport_send, meldinger_poll
from integrasjoner.meldinger.services.utgaaende import EDI_MOTTAKER
from integrasjoner.standin.server import Standin
from journal.models import Pasient
from tests.acting import acting_as
from tests.integrasjoner.meldinger.ut_fixtures import *  # noqa: F403
from tests.integrasjoner.meldinger.ut_fixtures import Adressebok

pytestmark = pytest.mark.django_db


def apprec(msg_id: str, status: str, feil: list[tuple[str, str]]) -> bytes:
    return apprec_build(
        id="apprec-1",
        tidspunkt=dt.datetime(2026, 12, 5, 12, 0, tzinfo=dt.UTC),
        avsender=Part("Medisinsk sengepost", "8200010"),
        mottaker=Part("Sykepleietjeneste PLO", "8100001"),
        status=status,
        feil=feil,
        original_type="INNLEGGELSESRAPPORT",
        original_id=msg_id,
        original_dato=None,
    )


def test_reading_an_apprec_and_refusing_anything_else() -> None:
    kv = apprec_les(apprec("m-1", "2", [("E21", "")]))
    assert kv is not None
    assert (kv.original_msg_id, kv.status) == ("m-1", "2")
    assert kv.feil[0]["kode"] == "E21"
    assert apprec_les(b"<MsgHead/>") is None
    assert apprec_les(b"ikke xml") is None
    # a receipt in UTF-16 is still read (the quick "not an AppRec" check is for UTF-8 only)
    tekst = apprec("m-2", "1", []).decode("utf-8")
    utf16 = apprec_les(tekst.replace("encoding='UTF-8'", "encoding='UTF-16'").encode("utf-16"))
    assert utf16 is not None
    assert utf16.original_msg_id == "m-2"


def test_a_rejecting_apprec_in_the_mailbox_raises_the_alert(
    sykepleier: Ansatt, enhet: Enhet, pasient: Pasient, adressebok: Adressebok, edi: Standin
) -> None:
    # given our Innleggelsesrapport was sent
    with acting_as(sykepleier, enhet):
        melding = innleggelsesrapport_send(
            actor=sykepleier,
            pasient_id=pasient.pk,
            enhet_id=enhet.pk,
            mottaker_herid="8200010",
            aarsak="Falt i stua.",
        )
    levering = Levering.objects.get(mottaker=EDI_MOTTAKER, status=LeveringStatus.VENTER)
    assert levering_deliver(levering_id=levering.pk) == "levert"
    # when the hospital's rejecting receipt lands in our mailbox and the poller runs
    http.post_json(
        f"{edi.url}/_kontroll/edi/slipp",
        {
            "mottaker_herid": "8100001",
            "xml": apprec(melding.msg_id, "2", [("E21", "Mottaker finnes ikke")]).decode(),
        },
    )
    with system_context():
        runde = meldinger_poll()
    # then
    assert runde.mottatt == 1
    melding.refresh_from_db()
    assert melding.status == UtgaaendeStatus.AVVIST
    assert melding.varsel == Varsel.AVVIST
    assert melding.apprec_feil[0]["kode"] == "E21"
    assert not Melding.objects.exists()  # not a received message, and not receipted
    kvitteringer = http.request("GET", f"{edi.url}/_kontroll/edi/kvitteringer").json()
    assert kvitteringer["kvitteringer"] == []
