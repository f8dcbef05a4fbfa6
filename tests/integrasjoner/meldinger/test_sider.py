"""The pages: a unit's inbox (open first, its own messages only), the matching queue, a
patient's conversations where a nurse answers a GP, and the dashboard's counts."""

from __future__ import annotations

import pytest

from core.context import system_context
from core.models import Ansatt, AuditLogg, Enhet, Utbokshendelse
from integrasjoner.meldinger.models import (
    Applikasjonskvittering,
    Dialogmelding,
    EnhetHerId,
    Melding,
    MeldingStatus,
    Retning,
)
from integrasjoner.meldinger.services import DIALOG_SVAR_HENDELSE, melding_receive
from tests.conftest import actor, logged_in
from tests.integrasjoner.meldinger.conftest import eksempel, pasient_fra

pytestmark = pytest.mark.django_db


def motta(navn: str) -> Melding:
    with system_context():
        return melding_receive(xml=eksempel(navn).read_bytes()).melding


@pytest.fixture
def sykepleier(enhet: Enhet) -> Ansatt:
    return actor(enhet, "sykepleier", username="spl-meldinger")


def test_inbox_shows_open_messages_first_and_only_the_units_own(
    enhet: Enhet, herider: list[EnhetHerId], sykepleier: Ansatt, ansatt_annen_enhet: Ansatt
) -> None:
    # given two received messages, the older one still open
    pasient_fra("15076500565", enhet)
    innlagt = motta("Pasientlogistikk_Innlagt")
    rapport = motta("Utskrivningsrapport")
    client = logged_in(sykepleier)
    assert client.post(f"/meldinger/{rapport.pk}/haandter/").status_code == 302

    # when
    side = client.get("/meldinger/")

    # then
    tekst = side.content.decode()
    assert side.status_code == 200
    assert tekst.index("LOG_INNLAGT") < tekst.index("UTSKRIVNINGSRAPPORT")
    assert "Utskrivningsrapport mottatt" in tekst
    assert AuditLogg.objects.filter(hendelse=512, pasient_id=innlagt.pasient_id).exists()
    # and another unit sees neither the list entries nor the message (same 404)
    annen = logged_in(ansatt_annen_enhet)
    assert "LOG_INNLAGT" not in annen.get("/meldinger/").content.decode()
    assert annen.get(f"/meldinger/{innlagt.pk}/").status_code == 404
    assert annen.get("/meldinger/00000000-0000-4000-8000-000000000000/").status_code == 404
    assert client.get(f"/meldinger/{innlagt.pk}/").status_code == 200


def test_a_parked_message_is_matched_from_the_queue(
    enhet: Enhet, herider: list[EnhetHerId], sykepleier: Ansatt
) -> None:
    # given a message for a patient not yet registered
    melding = motta("Pasientlogistikk_Utskrivningsklar")
    client = logged_in(sykepleier)
    assert "Roland Gundersen" in client.get("/meldinger/kobling/").content.decode()

    # when matched to a patient who does not exist: the message next to the field
    feil = client.post(f"/meldinger/{melding.pk}/kobl/", {"identifikator": "15076500565"})
    assert feil.status_code == 400
    assert "Fant ingen pasient" in feil.content.decode()

    # when the patient is registered and matched
    pasient_fra("15076500565", enhet)
    svar = client.post(f"/meldinger/{melding.pk}/kobl/", {"identifikator": "15076500565"})

    # then it is processed, with no second receipt to the sender
    assert svar.status_code == 302
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.BEHANDLET
    assert melding.koblet_av == sykepleier
    assert Applikasjonskvittering.objects.filter(melding=melding).count() == 1


def test_a_nurse_answers_a_gps_dialog_message(
    enhet: Enhet, herider: list[EnhetHerId], sykepleier: Ansatt, ansatt_annen_enhet: Ansatt
) -> None:
    # given a GP's message in a conversation about our patient
    pasient = pasient_fra("13116900216", enhet)
    motta("Helsefaglig")
    url = f"/meldinger/pasient/{pasient.pk}/samtaler/"
    client = logged_in(sykepleier)
    side = client.get(url)
    assert side.status_code == 200
    assert "EKG tatt i dag" in side.content.decode()
    samtale_id = Dialogmelding.objects.get().samtale_id

    # when the nurse sends an empty answer, then a real one
    tom = client.post(url, {"samtale": samtale_id, "tekst": " "})
    svar = client.post(url, {"samtale": samtale_id, "tekst": "Takk, vi følger opp blodtrykket."})

    # then
    assert tom.status_code == 400
    assert "Skriv et svar." in tom.content.decode()
    assert svar.status_code == 302
    ut = Dialogmelding.objects.get(retning=Retning.UT)
    assert ut.skrevet_av == sykepleier
    hendelse = Utbokshendelse.objects.get(hendelse=DIALOG_SVAR_HENDELSE)
    assert hendelse.payload["tekst"] == "Takk, vi følger opp blodtrykket."
    assert hendelse.payload["mottaker_herid"] == "258521"
    assert "Takk, vi følger opp" in client.get(url).content.decode()
    # and someone without access to the patient gets the same 404
    assert logged_in(ansatt_annen_enhet).get(url).status_code == 404


def test_dashboard_shows_waiting_parked_and_rejected_per_type(
    enhet: Enhet, herider: list[EnhetHerId], admin_uten_pasienttilgang: Ansatt
) -> None:
    pasient_fra("15076500565", enhet)
    motta("Pasientlogistikk_Innlagt")
    with system_context():
        melding_receive(xml=b"ikke xml")
    side = logged_in(admin_uten_pasienttilgang).get("/integrasjoner/")
    tekst = side.content.decode()
    assert side.status_code == 200
    assert 'data-testid="meldingstall"' in tekst
    assert "LOG_INNLAGT" in tekst


def test_rejected_messages_are_listed_for_admins_only(
    enhet: Enhet,
    herider: list[EnhetHerId],
    admin_uten_pasienttilgang: Ansatt,
    sykepleier: Ansatt,
) -> None:
    # given a message that is not XML and one for a HER-id we do not have
    with system_context():
        melding_receive(xml=b"ikke xml")
    EnhetHerId.objects.filter(herid="5078").delete()
    motta("Pasientlogistikk_Innlagt")

    # when
    side = logged_in(admin_uten_pasienttilgang).get("/meldinger/avviste/")

    # then
    tekst = side.content.decode()
    assert side.status_code == 200
    assert "T01" in tekst
    assert "E21" in tekst
    assert "Gundersen" not in tekst  # no patient data on the admin list
    assert logged_in(sykepleier).get("/meldinger/avviste/").status_code == 403


def test_the_patients_page_shows_the_hospitals_events_and_what_was_withdrawn(
    enhet: Enhet, herider: list[EnhetHerId], sykepleier: Ansatt, ansatt_annen_enhet: Ansatt
) -> None:
    # given an admission and a discharge-ready message about our patient
    pasient = pasient_fra("15076500565", enhet)
    innlagt = motta("Pasientlogistikk_Innlagt")
    motta("Pasientlogistikk_Utskrivningsklar")
    client = logged_in(sykepleier)

    # when the nurse follows the message to the patient's messages
    detalj = client.get(f"/meldinger/{innlagt.pk}/").content.decode()
    url = f"/meldinger/pasient/{pasient.pk}/samtaler/"

    # then both events are there with what the hospital wrote
    assert url in detalj
    side = client.get(url).content.decode()
    assert side.count('data-testid="pasient-melding"') == 2
    assert "Pasienten ble innlagt 29.01.2018 ved Ortopedisk avdeling" in side
    # and another unit does not see them
    assert logged_in(ansatt_annen_enhet).get(url).status_code == 404
