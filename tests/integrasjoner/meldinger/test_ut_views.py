"""The pages: a nurse sends an Innleggelsesrapport and a dialog message from the patient's
page (Norwegian errors, text kept on failure), answers a GP's question, sees the unit's
outbox with its alerts; another unit gets 404; an admin adds an address from a look-up in
the address register stand-in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.models import Ansatt, Enhet
from integrasjoner.meldinger.models import (
    Kommunikasjonspart,
    MeldingType,
    Tjenestetype,
    UtgaaendeMelding,
)
from integrasjoner.meldinger.selectors import enhet_for_herid, herid_for_mottaker
from integrasjoner.meldinger.services import apprec_register
from integrasjoner.standin.server import Standin
from journal.models import Pasient
from tests.conftest import actor, logged_in
from tests.integrasjoner.meldinger.ut_fixtures import *  # noqa: F403
from tests.integrasjoner.meldinger.ut_fixtures import GP_HPR, Adressebok

pytestmark = pytest.mark.django_db


def test_a_nurse_sends_an_innleggelsesrapport_from_the_patients_page(
    sykepleier: Ansatt, pasient: Pasient, adressebok: Adressebok
) -> None:
    client = logged_in(sykepleier)
    url = reverse("meldinger:innleggelsesrapport", args=[pasient.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Medisinsk sengepost" in page.content.decode()
    # a missing reason: Norwegian error next to the field, what was typed kept
    bad = client.post(url, {"mottaker": "8200010", "aarsak": "", "viktige_opplysninger": "Hund"})
    assert bad.status_code == 400
    assert "Dette feltet er påkrevd." in bad.content.decode()
    assert "Hund" in bad.content.decode()
    # text that cannot go in a message: refused with why, nothing stored
    bad = client.post(url, {"mottaker": "8200010", "aarsak": "Falt \uffff i stua"})
    assert bad.status_code == 400
    assert "tegn som ikke kan sendes" in bad.content.decode()
    assert not UtgaaendeMelding.objects.exists()
    # then a good one
    ok = client.post(url, {"mottaker": "8200010", "aarsak": "Falt i stua, smerter i hofta."})
    assert ok.status_code == 302
    melding = UtgaaendeMelding.objects.get()
    assert melding.type == MeldingType.INNLEGGELSESRAPPORT
    assert melding.opprettet_av == sykepleier
    listed = client.get(reverse("meldinger:pasient", args=[pasient.pk])).content.decode()
    assert "Innleggelsesrapport" in listed


def test_a_dialog_to_a_gp_not_in_the_address_book_shows_why_and_keeps_the_text(
    sykepleier: Ansatt, pasient: Pasient, adressebok: Adressebok
) -> None:
    Kommunikasjonspart.objects.filter(hpr_nummer=GP_HPR).update(aktiv=False)
    client = logged_in(sykepleier)
    url = reverse("meldinger:dialog", args=[pasient.pk])
    bad = client.post(url, {"type": MeldingType.DIALOG_FORESPORSEL, "tekst": "Fornye resept?"})
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Fastlegen har ingen HER-id i adresseboken." in body
    assert "Fornye resept?" in body
    Kommunikasjonspart.objects.filter(hpr_nummer=GP_HPR).update(aktiv=True)
    ok = client.post(url, {"type": MeldingType.DIALOG_FORESPORSEL, "tekst": "Fornye resept?"})
    assert ok.status_code == 302
    assert UtgaaendeMelding.objects.get().mottaker_herid == "8300011"


def test_a_nurse_answers_a_gps_question(
    sykepleier: Ansatt, pasient: Pasient, adressebok: Adressebok
) -> None:
    client = logged_in(sykepleier)
    url = reverse("meldinger:dialog_svar", args=[pasient.pk])
    form = client.get(
        url, {"svar_paa": "gp-msg-1", "mottaker_herid": "8300011", "sporsmal": "Blodtrykk?"}
    )
    assert form.status_code == 200
    assert "Blodtrykk?" in form.content.decode()
    ok = client.post(
        url,
        {
            "svar_paa": "gp-msg-1",
            "mottaker_herid": "8300011",
            "sporsmal": "Blodtrykk?",
            "tekst": "135/85 i dag morges.",
        },
    )
    assert ok.status_code == 302
    svar = UtgaaendeMelding.objects.get()
    assert svar.type == MeldingType.DIALOG_SVAR
    assert svar.svar_paa == "gp-msg-1"
    assert "<RefToParent>gp-msg-1</RefToParent>" in svar.xml


def test_the_outbox_shows_an_alert_and_another_unit_gets_404(
    sykepleier: Ansatt,
    enhet: Enhet,
    annen_enhet: Enhet,
    pasient: Pasient,
    adressebok: Adressebok,
) -> None:
    client = logged_in(sykepleier)
    client.post(
        reverse("meldinger:innleggelsesrapport", args=[pasient.pk]),
        {"mottaker": "8200010", "aarsak": "Falt."},
    )
    melding = UtgaaendeMelding.objects.get()
    apprec_register(msg_id=melding.msg_id, status="2", feil=[{"kode": "E21", "tekst": "Ukjent"}])
    page = client.get(reverse("meldinger:utboks"), {"varsler": "1"})
    assert page.status_code == 200
    assert "Avvist av mottaker" in page.content.decode()
    detalj = client.get(reverse("meldinger:utgaaende_detalj", args=[melding.pk]))
    assert detalj.status_code == 200
    assert "E21" in detalj.content.decode()
    lukk = client.post(reverse("meldinger:varsel_lukk", args=[melding.pk]))
    assert lukk.status_code == 302
    assert (
        "Ingen åpne varsler."
        in client.get(reverse("meldinger:utboks"), {"varsler": "1"}).content.decode()
    )
    # another unit
    andre = logged_in(actor(annen_enhet, "sykepleier", username="spl_andre"))
    assert andre.get(reverse("meldinger:utgaaende_detalj", args=[melding.pk])).status_code == 404
    assert andre.post(reverse("meldinger:varsel_lukk", args=[melding.pk])).status_code == 404
    assert andre.get(reverse("meldinger:pasient", args=[pasient.pk])).status_code == 404
    assert "Falt." not in andre.get(reverse("meldinger:utboks")).content.decode()


def test_an_admin_adds_a_party_from_the_address_register(
    enhet: Enhet, sykepleier: Ansatt, edi: Standin
) -> None:
    admin = logged_in(actor(enhet, "admin", username="admin_ut"))
    page = admin.get(reverse("meldinger:adressebok"), {"q": "Testkommune"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Sykepleietjeneste PLO" in body
    assert "8100001" in body
    assert admin.get(reverse("meldinger:adressebok"), {"q": "x"}).status_code == 400
    ok = admin.post(
        reverse("meldinger:adresse_legg_til"),
        {
            "herid": "8100001",
            "navn": "Sykepleietjeneste PLO",
            "forelder_herid": "8100000",
            "forelder_navn": "Testkommune helse og omsorg",
            "tjenestetype": Tjenestetype.SYKEPLEIETJENESTE,
            "enhet": str(enhet.pk),
        },
    )
    assert ok.status_code == 302
    assert enhet_for_herid("8100001") == enhet
    assert enhet_for_herid("999") is None
    part = herid_for_mottaker(enhet_id=enhet.pk, tjenestetype=Tjenestetype.SYKEPLEIETJENESTE)
    assert part is not None
    assert part.herid == "8100001"
    # a second address for the same unit and service is refused in Norwegian
    clash = admin.post(
        reverse("meldinger:adresse_legg_til"),
        {
            "herid": "8100009",
            "navn": "Annen",
            "forelder_herid": "8100000",
            "forelder_navn": "Testkommune",
            "tjenestetype": Tjenestetype.SYKEPLEIETJENESTE,
            "enhet": str(enhet.pk),
        },
    )
    assert clash.status_code == 400
    assert "Enheten har allerede en adresse for denne tjenesten." in clash.content.decode()
    # a nurse may not see the address book
    assert logged_in(sykepleier).get(reverse("meldinger:adressebok")).status_code == 403
