"""Bad input gets the right rejecting receipt and an entry an administrator can see, and
never crashes the poller; Endring replaces and Kansellering withdraws earlier content."""

from __future__ import annotations

import uuid

import pytest

from core.context import system_context
from core.models import Enhet
from integrasjoner.meldinger.models import EnhetHerId, Melding, MeldingStatus
from integrasjoner.meldinger.services import Mottak, melding_receive, meldinger_poll
from integrasjoner.standin.server import Standin
from tests.integrasjoner.meldinger.conftest import eksempel, pasient_fra
from tests.integrasjoner.meldinger.test_transport import slipp
from tildeling.models import Sak, SakStatus

pytestmark = pytest.mark.django_db

SOKNAD = "Helseopplysninger_Varsel"
SOKNAD_FNR = "12057900499"


def motta(xml: bytes) -> Mottak:
    with system_context():
        return melding_receive(xml=xml)


def koder(mottak: Mottak) -> list[str]:
    return [f["kode"] for f in mottak.kvittering.feil]


def variant(navn: str, *, status: str = "N", msg_id: str | None = None) -> bytes:
    """An official example with another Forsendelsesstatus and/or MsgId."""
    xml = eksempel(navn).read_bytes()
    xml = xml.replace(
        b'<Forsendelsesstatus V="N" DN="Ny"/>', f'<Forsendelsesstatus V="{status}"/>'.encode()
    )
    if msg_id is not None:
        start = xml.index(b"<MsgId>") + len(b"<MsgId>")
        slutt = xml.index(b"</MsgId>")
        xml = xml[:start] + msg_id.encode() + xml[slutt:]
    return xml


def test_not_xml_is_rejected_t01_and_kept(herider: list[EnhetHerId]) -> None:
    mottak = motta(b"dette er ikke XML")
    assert mottak.kvittering.status == "2"
    assert koder(mottak) == ["T01"]
    assert Melding.objects.get().status == MeldingStatus.AVVIST


def test_xml_of_another_schema_is_rejected_t10(herider: list[EnhetHerId]) -> None:
    mottak = motta(b'<?xml version="1.0"?><Faktura xmlns="urn:x"><Belop>1</Belop></Faktura>')
    assert koder(mottak) == ["T10"]


def test_payload_not_valid_against_its_xsd_is_rejected_t02(herider: list[EnhetHerId]) -> None:
    xml = eksempel("Pasientlogistikk_Innlagt").read_bytes()
    xml = xml.replace(b'<Forsendelsesstatus V="N" DN="Ny"/>', b"")
    mottak = motta(xml)
    assert koder(mottak) == ["T02"]
    assert "Pasientlogistikk-v1.6.xsd" in mottak.melding.feil[0]["tekst"]


def test_valid_message_for_a_her_id_we_do_not_have_is_rejected_e21(enhet: Enhet) -> None:
    pasient_fra("15076500565", enhet)
    mottak = motta(eksempel("Pasientlogistikk_Innlagt").read_bytes())
    assert mottak.kvittering.status == "2"
    assert koder(mottak) == ["E21"]
    assert mottak.melding.status == MeldingStatus.AVVIST
    assert mottak.melding.msg_id  # kept with its MsgId: the same message again is a repeat


def test_cancellation_of_a_message_we_never_got_is_rejected_e10(
    enhet: Enhet, herider: list[EnhetHerId]
) -> None:
    pasient_fra(SOKNAD_FNR, enhet)
    mottak = motta(variant(SOKNAD, status="C"))
    assert koder(mottak) == ["E10"]
    assert not Sak.objects.exists()


def test_a_20_mb_message_is_rejected_without_being_read(
    settings: object, herider: list[EnhetHerId]
) -> None:
    xml = eksempel("Helsefaglig").read_bytes()
    start = xml.index(b"<Base64Container")
    start = xml.index(b">", start) + 1
    slutt = xml.index(b"</Base64Container>")
    stor = xml[:start] + b"QUFB" * 5_000_000 + xml[slutt:]
    mottak = motta(stor)
    assert mottak.kvittering.status == "2"
    assert koder(mottak) == ["T99"]
    assert mottak.melding.xml == ""
    assert mottak.melding.storrelse == len(stor)


def test_bad_messages_in_the_mailbox_never_stop_the_poller(
    standin: Standin, enhet: Enhet, herider: list[EnhetHerId]
) -> None:
    pasient_fra("15076500565", enhet)
    slipp(standin, "5078", "ikke xml")
    slipp(standin, "5078", eksempel("Pasientlogistikk_Innlagt").read_bytes())
    runde = meldinger_poll()
    assert runde.mottatt == 2
    assert sorted(Melding.objects.values_list("status", flat=True)) == ["avvist", "behandlet"]


def test_endring_replaces_the_application_keeping_the_earlier_version(
    enhet: Enhet, herider: list[EnhetHerId]
) -> None:
    # given a hospital's application, not yet acted on
    pasient = pasient_fra(SOKNAD_FNR, enhet)
    forste = motta(eksempel(SOKNAD).read_bytes()).melding

    # when the hospital sends an Endring
    endring = motta(variant(SOKNAD, status="M", msg_id=str(uuid.uuid4())))

    # then the earlier message is kept as replaced, its case closed, and a new one made
    assert endring.kvittering.status == "1"
    forste.refresh_from_db()
    assert forste.status == MeldingStatus.ERSTATTET
    assert endring.melding.forrige_versjon == forste
    saker = Sak.objects.filter(pasient=pasient).order_by("created_at")
    assert [s.status for s in saker] == [SakStatus.AVSLUTTET, SakStatus.MOTTATT]


def test_kansellering_after_the_case_was_taken_up_tells_the_user(
    enhet: Enhet, herider: list[EnhetHerId]
) -> None:
    # given an application from a message that a case officer has started on
    pasient = pasient_fra(SOKNAD_FNR, enhet)
    forste = motta(eksempel(SOKNAD).read_bytes()).melding
    Sak.objects.filter(pasient=pasient).update(status=SakStatus.UNDER_BEHANDLING)

    # when the hospital cancels it
    kansellering = motta(variant(SOKNAD, status="C", msg_id=str(uuid.uuid4())))

    # then the case stays, the earlier message is withdrawn, and the user is told
    assert kansellering.kvittering.status == "1"
    forste.refresh_from_db()
    assert forste.status == MeldingStatus.KANSELLERT
    assert Sak.objects.get(pasient=pasient).status == SakStatus.UNDER_BEHANDLING
    varsler = [r["tekst"] for r in kansellering.melding.resultat if r["type"] == "varsel"]
    assert varsler == ["Søknaden er allerede under behandling: vurder den på nytt"]
