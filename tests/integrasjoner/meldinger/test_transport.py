"""The EDI 2.0 transport against the real stand-in: the poller fetches a message dropped in
our mailbox, receives it, marks it read, and its AppRec reaches the service through the
outbox; a service that is down or drops connections never crashes the poller, and nothing
is lost or processed twice."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from lxml import etree

from core import http
from core.models import Enhet, Levering
from core.outbox import levering_deliver
from integrasjoner.meldinger import client
from integrasjoner.meldinger.models import Applikasjonskvittering, EnhetHerId, Melding
from integrasjoner.meldinger.services import MELDINGSTJENER, meldinger_poll
from integrasjoner.standin import edi
from integrasjoner.standin.server import Standin
from tests.integrasjoner.meldinger.conftest import eksempel, pasient_fra

pytestmark = pytest.mark.django_db


def slipp(standin: Standin, herid: str, xml: bytes | str) -> str:
    tekst = xml.decode("utf-8") if isinstance(xml, bytes) else xml
    svar = http.post_json(
        f"{standin.url}/_kontroll/edi/slipp", {"mottaker_herid": herid, "xml": tekst}
    )
    return str(svar.json()["id"])


def oppforsel(standin: Standin, **body: Any) -> None:
    http.post_json(f"{standin.url}/_kontroll/oppforsel", {"integrasjon": "edi", **body})


def kvitteringer(standin: Standin) -> list[dict[str, str]]:
    return list(
        http.request("GET", f"{standin.url}/_kontroll/edi/kvitteringer").json()["kvitteringer"]
    )


def lever_alle() -> list[str]:
    return [
        levering_deliver(levering_id=lev.pk)
        for lev in Levering.objects.filter(mottaker=MELDINGSTJENER).order_by("koet_at", "id")
    ]


def test_poller_receives_marks_read_and_the_apprec_reaches_the_sender(
    standin: Standin, enhet: Enhet, herider: list[EnhetHerId]
) -> None:
    # given a hospital's logistics message in our mailbox
    pasient_fra("15076500565", enhet)
    transport_id = slipp(standin, "5078", eksempel("Pasientlogistikk_Innlagt").read_bytes())

    # when
    runde = meldinger_poll()
    levert = lever_alle()

    # then it was received once, is read, and one OK AppRec went back for it
    assert runde.mottatt == 1
    melding = Melding.objects.get()
    assert melding.transport_id == transport_id
    assert client.uleste_list(["5078"]) == []
    assert levert == ["levert"]
    [kv] = kvitteringer(standin)
    assert kv["melding"] == transport_id
    assert kv["herId"] == "5078"
    apprec = etree.fromstring(base64.b64decode(kv["appRec"]))
    status = apprec.find("{http://www.kith.no/xmlstds/apprec/2012-02-15}Status")
    assert status is not None
    assert status.get("V") == "1"
    assert client.status_get(transport_id)["receivers"][0]["appRecs"] == 1
    # and a second round finds nothing new
    assert meldinger_poll().mottatt == 0


def test_service_down_then_back_loses_nothing_and_processes_once(
    standin: Standin, enhet: Enhet, herider: list[EnhetHerId]
) -> None:
    # given a message waiting, and the service answering 503
    pasient_fra("15076500565", enhet)
    slipp(standin, "5078", eksempel("Pasientlogistikk_Melding_om_utskrevet").read_bytes())
    oppforsel(standin, modus="feil", status=503)

    # when the poller runs while it is down
    nede = meldinger_poll()

    # then nothing was received and nothing crashed
    assert nede.feilet == 1
    assert not Melding.objects.exists()

    # when the service is back, and the poller runs twice
    oppforsel(standin, modus="ok")
    forste = meldinger_poll()
    andre = meldinger_poll()

    # then the message was processed once, and receipted once per fetch
    assert forste.mottatt == 1
    assert Melding.objects.count() == 1
    assert andre.mottatt == 0
    assert Applikasjonskvittering.objects.count() == 1


def test_read_mark_lost_means_fetched_again_processed_once_receipted_once(
    standin: Standin, enhet: Enhet, herider: list[EnhetHerId]
) -> None:
    # given a message in our mailbox
    pasient_fra("15076500565", enhet)
    melding_id = slipp(standin, "5078", eksempel("Pasientlogistikk_Utskrivningsklar").read_bytes())

    # when the first round's "mark read" is lost (the service forgets it) and we poll again
    runde1 = meldinger_poll()
    edi.postkasser(standin.state).meldinger[melding_id].lest.clear()
    runde2 = meldinger_poll()
    levert = lever_alle()

    # then it is processed once, and the sender gets one receipt for its one message (the
    # first receipt is already on its way through the outbox)
    assert runde1.mottatt == runde2.mottatt == 1
    assert Melding.objects.count() == 1
    assert Applikasjonskvittering.objects.count() == 1
    assert levert == ["levert"]
    assert client.status_get(melding_id)["receivers"][0]["appRecs"] == 1
    assert client.uleste_list(["5078"]) == []


def test_an_outbound_message_reaches_the_receivers_mailbox_once(
    standin: Standin, enhet: Enhet, herider: list[EnhetHerId]
) -> None:
    # given an outbound document published by the sending side
    from django.db import transaction

    from core.outbox import outbox_publish
    from integrasjoner.meldinger.services.transport import SEND_HENDELSE

    xml = eksempel("Innleggelsesrapport").read_text(encoding="utf-8")
    with transaction.atomic():
        outbox_publish(
            hendelse=SEND_HENDELSE,
            payload={"avsender_herid": "5078", "mottaker_herid": "91090", "xml": xml},
        )
    [levering] = Levering.objects.filter(mottaker=MELDINGSTJENER)

    # when delivered twice (a retry after a lost answer)
    levering_deliver(levering_id=levering.pk)
    Levering.objects.filter(pk=levering.pk).update(status="venter")
    levering_deliver(levering_id=levering.pk)

    # then the receiver has it once, as sent
    [ulest] = client.uleste_list(["91090"])
    assert client.dokument_get(ulest.id).decode("utf-8") == xml


def test_the_beat_task_polls_the_service(
    standin: Standin, enhet: Enhet, herider: list[EnhetHerId]
) -> None:
    from integrasjoner.meldinger.tasks import meldinger_poll as poll_task

    pasient_fra("15076500565", enhet)
    slipp(standin, "5078", eksempel("Pasientlogistikk_Innlagt").read_bytes())
    poll_task()
    assert Melding.objects.get().status == "behandlet"
