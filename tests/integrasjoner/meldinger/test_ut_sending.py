"""Outgoing messages end to end: built from our data, validated, stored, sent over the outbox
to the EDI stand-in (real HTTP), tracked until the receipt; a missing or error receipt
raises an alert on the unit's list; invalid input is refused and never sent."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from core.exceptions import NotFound
from core.klokke import idag, klokke_reset, klokke_set
from core.models import Ansatt, Enhet, Levering, LeveringStatus
from core.outbox import levering_deliver
from integrasjoner.kith.lib.xsd import xml_parse
from integrasjoner.meldinger.lib.bygg_msghead import MH, Person
from integrasjoner.meldinger.lib.bygg_plo import SKJEMA, Orientering, Rapport, orientering_build
from integrasjoner.meldinger.models import (
    MeldingType,
    UtgaaendeMelding,
    UtgaaendeStatus,
    Varsel,
)
from integrasjoner.meldinger.selectors import utgaaende_get, utgaaende_list
from integrasjoner.meldinger.services import (
    apprec_register,
    dialog_send,
    dodsfall_orienter,
    innleggelsesrapport_send,
    utgaaende_create,
    utgaaende_frist_check,
    varsel_close,
)
from integrasjoner.meldinger.services.utgaaende import EDI_MOTTAKER
from integrasjoner.standin.server import Oppforsel, Standin
from journal.models import Pasient
from tests.acting import acting_as
from tests.conftest import actor
from tests.integrasjoner.meldinger.ut_fixtures import *  # noqa: F403
from tests.integrasjoner.meldinger.ut_fixtures import Adressebok

pytestmark = pytest.mark.django_db


def send_all() -> list[str]:
    """Deliver every pending delivery to the message service (as the worker would)."""
    ids = list(
        Levering.objects.filter(mottaker=EDI_MOTTAKER, status=LeveringStatus.VENTER)
        .order_by("koet_at", "id")
        .values_list("id", flat=True)
    )
    return [levering_deliver(levering_id=i) for i in ids]


def innleggelse(
    sykepleier: Ansatt, enhet: Enhet, pasient: Pasient, adressebok: Adressebok
) -> UtgaaendeMelding:
    with acting_as(sykepleier, enhet):
        return innleggelsesrapport_send(
            actor=sykepleier,
            pasient_id=pasient.pk,
            enhet_id=enhet.pk,
            mottaker_herid=adressebok.sykehus.herid,
            aarsak="Falt i stua i dag morges, smerter i venstre hofte.",
            viktige_opplysninger="Nøkkel i nøkkelboks ved inngangsdøra.",
        )


def test_an_innleggelsesrapport_reaches_the_message_service_once_and_waits_for_its_receipt(
    sykepleier: Ansatt, enhet: Enhet, pasient: Pasient, adressebok: Adressebok, edi: Standin
) -> None:
    # given a nurse sends an admission report for her patient to the hospital ward
    melding = innleggelse(sykepleier, enhet, pasient, adressebok)
    assert melding.status == UtgaaendeStatus.KLAR
    # when the worker delivers it (twice, as after a lost answer)
    assert send_all() == ["levert"]
    levering = Levering.objects.get(mottaker=EDI_MOTTAKER)
    levering.status, levering.neste_forsok_at = LeveringStatus.VENTER, levering.created_at
    levering.save(update_fields=["status", "neste_forsok_at"])
    assert send_all() == ["levert"]
    # then the service got the message once, addressed to the ward
    seen = [m for m in edi.state.mottatt if m.integrasjon == "edi"]
    assert [m.duplikat for m in seen] == [False]
    body = seen[0].innhold
    assert body["receiverHerIds"] == ["8200010"]
    xml = base64.b64decode(body["businessDocument"])
    root = xml_parse(xml)
    assert root.find(f"{{{MH}}}MsgInfo/{{{MH}}}Type").get("V") == "INNLEGGELSESRAPPORT"  # type: ignore[union-attr]
    assert root.findtext(f"{{{MH}}}MsgInfo/{{{MH}}}MsgId") == melding.msg_id
    assert b"Falt i stua" in xml
    melding.refresh_from_db()
    assert melding.status == UtgaaendeStatus.SENDT
    assert melding.kvittering_frist is not None
    assert melding.sendt_at is not None
    assert melding.kvittering_frist - melding.sendt_at == dt.timedelta(minutes=60)


def test_no_receipt_within_the_deadline_raises_an_alert_that_a_late_receipt_closes(
    sykepleier: Ansatt, enhet: Enhet, pasient: Pasient, adressebok: Adressebok, edi: Standin
) -> None:
    melding = innleggelse(sykepleier, enhet, pasient, adressebok)
    send_all()
    # nothing before the deadline
    assert utgaaende_frist_check() == 0
    # when an hour and a bit passes without a receipt
    klokke_set(dt.timedelta(minutes=61))
    try:
        assert utgaaende_frist_check() == 1
        assert utgaaende_frist_check() == 0  # raised once
    finally:
        klokke_reset()
    melding.refresh_from_db()
    assert melding.varsel == Varsel.INGEN_KVITTERING
    with acting_as(sykepleier, enhet):
        varsler = list(utgaaende_list(actor=sykepleier, bare_varsler=True))
    assert [m.pk for m in varsler] == [melding.pk]
    # a late OK receipt closes the tracking and the alert
    apprec_register(msg_id=melding.msg_id, status="1")
    melding.refresh_from_db()
    assert melding.status == UtgaaendeStatus.KVITTERT
    assert not melding.varsel_aapent


def test_an_error_receipt_raises_an_alert_the_nurse_can_close(
    sykepleier: Ansatt, enhet: Enhet, pasient: Pasient, adressebok: Adressebok, edi: Standin
) -> None:
    melding = innleggelse(sykepleier, enhet, pasient, adressebok)
    send_all()
    # when the hospital rejects it: receiver unknown (E21)
    apprec_register(
        msg_id=melding.msg_id, status="2", feil=[{"kode": "E21", "tekst": "Mottaker finnes ikke"}]
    )
    melding.refresh_from_db()
    assert melding.status == UtgaaendeStatus.AVVIST
    assert melding.varsel == Varsel.AVVIST
    assert melding.apprec_feil == [{"kode": "E21", "tekst": "Mottaker finnes ikke"}]
    # the same receipt again changes nothing; an unknown message id is not ours
    assert apprec_register(msg_id=melding.msg_id, status="2") is not None
    assert apprec_register(msg_id="ukjent", status="1") is None
    with acting_as(sykepleier, enhet):
        assert [m.pk for m in utgaaende_list(actor=sykepleier, bare_varsler=True)] == [melding.pk]
        varsel_close(actor=sykepleier, melding_id=melding.pk)
        assert list(utgaaende_list(actor=sykepleier, bare_varsler=True)) == []
        with pytest.raises(ValidationError):
            varsel_close(actor=sykepleier, melding_id=melding.pk)


def test_text_that_cannot_be_sent_is_refused_and_nothing_is_stored_or_queued(
    sykepleier: Ansatt, enhet: Enhet, pasient: Pasient, adressebok: Adressebok
) -> None:
    with acting_as(sykepleier, enhet), pytest.raises(ValidationError) as exc:
        dialog_send(
            actor=sykepleier,
            pasient_id=pasient.pk,
            enhet_id=enhet.pk,
            type=MeldingType.DIALOG_FORESPORSEL,
            tekst="Kontrolltegn \x01 her",
        )
    assert "tegn som ikke kan sendes" in " ".join(exc.value.messages)
    assert not UtgaaendeMelding.objects.exists()
    assert not Levering.objects.filter(mottaker=EDI_MOTTAKER).exists()


def test_a_message_invalid_against_its_schema_is_refused_with_why(
    sykepleier: Ansatt, enhet: Enhet, pasient: Pasient, adressebok: Adressebok
) -> None:
    # an orientation without any service breaks the schema (EksisterendeTjeneste 1..n)
    tom = orientering_build(
        Orientering(Rapport(Person("Omsorg", "Gunn"), dt.date(2026, 12, 5)), tjenester=[])
    )
    with acting_as(sykepleier, enhet), pytest.raises(ValidationError) as exc:
        utgaaende_create(
            actor=sykepleier,
            pasient=pasient,
            enhet_id=enhet.pk,
            type=MeldingType.ORIENTERING_TJENESTETILBUD,
            avsender=adressebok.hjemmetjeneste,
            mottaker=adressebok.fastlege,
            dokument=tom,
            skjema=SKJEMA["ORIENTERING_TJENESTETILBUD"],
        )
    assert "ikke gyldig og er ikke sendt" in exc.value.messages[0]
    assert "Fagdokument" in exc.value.messages[0]
    assert not UtgaaendeMelding.objects.exists()
    assert not Levering.objects.filter(mottaker=EDI_MOTTAKER).exists()


def test_a_dialog_to_a_gp_without_an_address_is_refused_in_norwegian(
    sykepleier: Ansatt, enhet: Enhet, pasient: Pasient, adressebok: Adressebok
) -> None:
    adressebok.fastlege.aktiv = False
    adressebok.fastlege.save(update_fields=["aktiv"])
    with acting_as(sykepleier, enhet), pytest.raises(ValidationError) as exc:
        dialog_send(
            actor=sykepleier,
            pasient_id=pasient.pk,
            enhet_id=enhet.pk,
            type=MeldingType.DIALOG_FORESPORSEL,
            tekst="Kan du fornye resepten?",
        )
    assert exc.value.messages == ["Fastlegen har ingen HER-id i adresseboken."]


def test_another_unit_sees_neither_the_list_nor_the_message(
    sykepleier: Ansatt,
    enhet: Enhet,
    annen_enhet: Enhet,
    pasient: Pasient,
    adressebok: Adressebok,
) -> None:
    melding = innleggelse(sykepleier, enhet, pasient, adressebok)
    with acting_as(sykepleier, enhet):
        assert utgaaende_get(actor=sykepleier, melding_id=melding.pk).pk == melding.pk
    andre = actor(annen_enhet, "sykepleier", username="spl_annen")
    with acting_as(andre, annen_enhet):
        assert list(utgaaende_list(actor=andre)) == []
        with pytest.raises(NotFound):
            utgaaende_get(actor=andre, melding_id=melding.pk)
        with pytest.raises(NotFound):
            utgaaende_get(actor=andre, melding_id="ikke-en-id")
        with pytest.raises(NotFound):
            varsel_close(actor=andre, melding_id=melding.pk)


def test_a_message_the_service_refuses_is_marked_unsent_with_an_alert(
    sykepleier: Ansatt, enhet: Enhet, pasient: Pasient, adressebok: Adressebok, edi: Standin
) -> None:
    melding = innleggelse(sykepleier, enhet, pasient, adressebok)
    edi.state.oppforsel["edi"] = Oppforsel(modus="feil", status=400)  # the service refuses
    assert send_all() == ["dod"]
    melding.refresh_from_db()
    assert melding.status == UtgaaendeStatus.FEILET
    assert melding.varsel == Varsel.IKKE_SENDT
    assert "400" in melding.feil


def test_a_death_is_told_to_the_gp_and_a_future_date_is_refused(
    sykepleier: Ansatt, enhet: Enhet, pasient: Pasient, adressebok: Adressebok, edi: Standin
) -> None:
    with acting_as(sykepleier, enhet):
        with pytest.raises(ValidationError) as exc:
            dodsfall_orienter(
                actor=sykepleier,
                pasient_id=pasient.pk,
                enhet_id=enhet.pk,
                dato=dt.date.max,
            )
        assert "fremtiden" in exc.value.messages[0]
        melding = dodsfall_orienter(
            actor=sykepleier,
            pasient_id=pasient.pk,
            enhet_id=enhet.pk,
            dato=idag(),
            beskrivelse="Døde hjemme i natt.",
        )
    assert melding.type == MeldingType.LOG_DOD
    assert melding.mottaker_herid == "8300011"
    assert send_all() == ["levert"]
