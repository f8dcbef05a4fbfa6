"""The note pages as a nurse uses them: write, sign, correct, see the history; conflicts keep
the text; blocked notes show as "Sperret notat"; the list does not grow queries per note."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg, Enhet
from journal.models import Journalnotat, NotatStatus, Notattype, Pasient, SperringMal
from journal.services import sperring_create
from tests.acting import acting_as
from tests.conftest import actor, logged_in
from tests.factories import JournalnotatFactory, NotattypeFactory

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

pytestmark = pytest.mark.django_db


@pytest.fixture
def sykepleier(enhet: Enhet) -> Ansatt:
    return actor(
        enhet,
        "sykepleier",
        username="spl1",
        helsepersonellkategori="SP",
        first_name="Siri",
        last_name="Sykepleier",
    )


@pytest.fixture
def sykepleienotat(db: None) -> Notattype:
    notattype: Notattype = NotattypeFactory()
    return notattype


def url(pasient: Pasient, rest: str = "") -> str:
    return f"/pasienter/{pasient.pk}/notater/{rest}"


def html(response: _MonkeyPatchedWSGIResponse) -> str:
    return response.content.decode()


def create_draft(client: Client, pasient: Pasient, notattype: Notattype) -> Journalnotat:
    response = client.post(
        url(pasient, "ny/"),
        {
            "type": str(notattype.pk),
            "tittel": "Nattevakt",
            "dokumentert_tid": "2025-03-01T03:15",
            "seksjon_0": "",
            "seksjon_1": "Pasienten var urolig og ropte.",
            "seksjon_2": "Ga Paracet 1 g.",
            "seksjon_3": "",
        },
    )
    assert response.status_code == 302
    notat = Journalnotat.objects.get(tittel="Nattevakt")
    assert response["Location"] == url(pasient, f"{notat.pk}/")
    return notat


def post_draft(
    client: Client,
    pasient: Pasient,
    notat: Journalnotat,
    handling: str,
    lasversjon: int,
    **text: str,
) -> _MonkeyPatchedWSGIResponse:
    headings = ["Sykepleiediagnose", "Observasjon", "Tiltak", "Evaluering"]
    data: dict[str, object] = {
        "handling": handling,
        "lasversjon": lasversjon,
        "overskrift": headings,
        "tittel": text.pop("tittel", "Nattevakt"),
    }
    data.update({f"seksjon_{i}": text.get(f"s{i}", "") for i in range(4)})
    return client.post(url(pasient, f"{notat.pk}/"), data)


def test_nurse_writes_signs_and_corrects_and_the_history_shows_both(
    sykepleier: Ansatt, lege_med_relasjon: Ansatt, pasient: Pasient, sykepleienotat: Notattype
) -> None:
    # given
    client = logged_in(sykepleier)
    form = client.get(url(pasient, f"ny/?type={sykepleienotat.pk}"))
    # when: write and sign
    notat = create_draft(client, pasient, sykepleienotat)
    draft_page = client.get(url(pasient, f"{notat.pk}/"))
    signed = post_draft(
        client,
        pasient,
        notat,
        "signer",
        0,
        s1="Pasienten var urolig og ropte.",
        s2="Ga Paracet 1 g.",
    )
    # when: correct
    started = client.post(
        url(pasient, f"{notat.pk}/"),
        {"handling": "korriger", "korriger-grunn": "Feil dose", "korriger-lasversjon": "1"},
    )
    correcting = client.get(url(pasient, f"{notat.pk}/"))
    corrected = post_draft(
        client,
        pasient,
        notat,
        "signer",
        2,
        s1="Pasienten var urolig og ropte.",
        s2="Ga Paracet 500 mg.",
    )
    history = client.get(url(pasient, f"{notat.pk}/historikk/"))
    shown = logged_in(lege_med_relasjon).get(url(pasient, f"{notat.pk}/"))
    # then
    assert form.status_code == 200
    for heading in ("Sykepleiediagnose", "Observasjon", "Tiltak", "Evaluering"):
        assert heading in html(form)
    assert 'name="lasversjon" value="0"' in html(draft_page)
    assert "Utkast – ikke signert. Bare du ser det." in html(draft_page)
    assert signed.status_code == started.status_code == corrected.status_code == 302
    assert "Korrigering (utkast)" in html(correcting)
    assert "Ga Paracet 1 g." in html(correcting)  # signed text shown, and in the form
    notat.refresh_from_db()
    assert (notat.status, notat.gjeldende_versjon) == (NotatStatus.SIGNERT, 2)
    page = html(history)
    assert history.status_code == 200
    assert "Versjon 2" in page
    assert "Versjon 1" in page
    assert "Feil dose" in page
    assert re.search(r"<del>.*Ga Paracet 1 g\.</del>", page)
    assert re.search(r"<ins>.*Ga Paracet 500 mg\.</ins>", page)
    assert "Ga Paracet 500 mg." in html(shown)
    assert "Ga Paracet 1 g." not in html(shown)
    assert "versjon 2" in html(shown)


def test_a_stale_form_is_a_409_that_keeps_the_text(
    sykepleier: Ansatt, pasient: Pasient, sykepleienotat: Notattype
) -> None:
    # given: two tabs; the first saves
    client = logged_in(sykepleier)
    notat = create_draft(client, pasient, sykepleienotat)
    post_draft(client, pasient, notat, "lagre", 0, s1="Tekst fra fane 1.")
    # when: the second tab saves with the counter it read
    response = post_draft(client, pasient, notat, "lagre", 0, s1="Tekst fra fane 2 – lang.")
    # then
    page = html(response)
    assert response.status_code == 409
    assert "Notatet er endret av noen andre siden du åpnet det. Last på nytt." in page
    assert "Tekst fra fane 2 – lang." in page  # the person's text is kept in the form
    assert "Tekst fra fane 1." in page  # and what is stored is shown next to it
    assert 'name="lasversjon" value="1"' in page
    notat.refresh_from_db()
    assert notat.utkast["Observasjon"] == "Tekst fra fane 1."


def test_invalid_correction_shows_the_error_and_changes_nothing(
    sykepleier: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    notat = JournalnotatFactory(pasient=pasient, forfatter=sykepleier, enhet=enhet, signert=True)
    client = logged_in(sykepleier)
    # when
    response = client.post(
        url(pasient, f"{notat.pk}/"), {"handling": "korriger", "korriger-grunn": ""}
    )
    # then
    assert response.status_code == 400
    assert "Skriv en begrunnelse." in html(response)
    notat.refresh_from_db()
    assert notat.utkast_av is None


def test_feilregistrert_note_stays_readable_and_clearly_marked(
    sykepleier: Ansatt, lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    notat = JournalnotatFactory(pasient=pasient, forfatter=sykepleier, enhet=enhet, signert=True)
    # when
    marked = logged_in(sykepleier).post(
        url(pasient, f"{notat.pk}/"),
        {"handling": "feilregistrer", "feilregistrer-grunn": "Feil pasient"},
    )
    page = logged_in(lege_med_relasjon).get(url(pasient, f"{notat.pk}/"))
    listing = logged_in(lege_med_relasjon).get(url(pasient))
    # then
    assert marked.status_code == 302
    assert page.status_code == 200
    assert 'data-testid="feilregistrert"' in html(page)
    assert "Feil pasient" in html(page)
    assert "Pasienten sov godt i natt." in html(page)
    assert "Feilregistrert" in html(listing)
    assert "Korriger notatet" not in html(page)


def test_countersign_button_only_for_authorised_staff(
    sykepleier: Ansatt, enhet: Enhet, pasient: Pasient
) -> None:
    # given
    student = actor(
        enhet, "helsefagarbeider", username="student1", helsepersonellkategori="", hpr_nummer=None
    )
    notat = JournalnotatFactory(
        pasient=pasient, forfatter=student, enhet=enhet, signert=True, krever_kontrasignering=True
    )
    # when
    as_student = logged_in(student).get(url(pasient, f"{notat.pk}/"))
    as_nurse = logged_in(sykepleier).get(url(pasient, f"{notat.pk}/"))
    done = logged_in(sykepleier).post(
        url(pasient, f"{notat.pk}/"), {"handling": "kontrasigner", "versjon": "1"}
    )
    # then
    assert "Venter på kontrasignering" in html(as_student)
    assert 'value="kontrasigner"' not in html(as_student)
    assert 'value="kontrasigner"' in html(as_nurse)
    assert done.status_code == 302
    notat.refresh_from_db()
    assert notat.kontrasignert_av == sykepleier


def test_refused_action_shows_the_reason(
    sykepleier: Ansatt, lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given: the nurse is correcting; the doctor tries to save over it with a forged form
    notat = JournalnotatFactory(pasient=pasient, forfatter=sykepleier, enhet=enhet, signert=True)
    logged_in(sykepleier).post(
        url(pasient, f"{notat.pk}/"),
        {"handling": "korriger", "korriger-grunn": "Skrivefeil", "korriger-lasversjon": "0"},
    )
    notat.refresh_from_db()
    # when
    response = post_draft(
        logged_in(lege_med_relasjon), pasient, notat, "lagre", notat.lasversjon, s1="Overskrevet"
    )
    # then
    assert response.status_code == 403
    assert "Bare den som skriver utkastet" in html(response)
    notat.refresh_from_db()
    assert notat.utkast["Observasjon"] == "Pasienten sov godt i natt."


def test_list_shows_blocked_notes_as_sperret_without_content(
    sykepleier: Ansatt, lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    blocked = JournalnotatFactory(
        pasient=pasient, enhet=enhet, tittel="Hemmelig tittel", signert=True
    )
    leder = actor(enhet, "leder", username="leder1")
    with acting_as(leder):
        sperring_create(
            actor=leder,
            pasient_id=pasient.pk,
            mal=SperringMal.ANSATT,
            ansatt_id=lege_med_relasjon.pk,
            objekt_type="journal.Journalnotat",
            objekt_id=str(blocked.pk),
        )
    # when
    listing = logged_in(lege_med_relasjon).get(url(pasient))
    opened = logged_in(lege_med_relasjon).get(url(pasient, f"{blocked.pk}/"))
    nurse = logged_in(sykepleier).get(url(pasient))
    # then
    assert "Sperret notat" in html(listing)
    assert "Hemmelig tittel" not in html(listing)
    assert str(blocked.pk) not in html(listing)
    assert opened.status_code == 404
    assert "Hemmelig tittel" in html(nurse)


def test_list_page_query_count_does_not_grow_with_the_notes(
    lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    client = logged_in(lege_med_relasjon)
    JournalnotatFactory.create_batch(2, pasient=pasient, enhet=enhet, signert=True)
    client.get(url(pasient))  # warm the session and acting unit
    with CaptureQueriesContext(connection) as few:
        client.get(url(pasient))
    JournalnotatFactory.create_batch(15, pasient=pasient, enhet=enhet, signert=True)
    # when
    with CaptureQueriesContext(connection) as many:
        response = client.get(url(pasient))
    # then
    assert response.status_code == 200
    assert html(response).count('class="notat"') == 17
    assert len(many) == len(few)
    assert len(many) <= 25


def test_list_is_paged(lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet) -> None:
    # given
    JournalnotatFactory.create_batch(21, pasient=pasient, enhet=enhet, signert=True)
    client = logged_in(lege_med_relasjon)
    # when
    first = client.get(url(pasient))
    second = client.get(url(pasient) + "?side=2")
    # then
    assert html(first).count('class="notat"') == 20
    assert "Neste side" in html(first)
    assert html(second).count('class="notat"') == 1


def test_search_box_finds_notes_and_marks_hits(
    sykepleier: Ansatt, lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    JournalnotatFactory(
        pasient=pasient,
        enhet=enhet,
        tittel="Kveld",
        utkast={"Observasjon": "Klager over smertene i kneet."},
        signert=True,
    )
    JournalnotatFactory(pasient=pasient, enhet=enhet, tittel="Natt", signert=True)
    # when
    response = logged_in(lege_med_relasjon).get(url(pasient), {"q": "smerter"})
    # then
    page = html(response)
    assert response.status_code == 200
    assert "<mark>smertene</mark>" in page
    assert "Kveld" in page
    assert "Natt" not in page.split('data-testid="sokeresultat"')[1]
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.NOTAT_SEARCHED, pasient_id=pasient.pk
    ).exists()


def test_new_note_page_needs_the_right_to_write(enhet: Enhet, pasient: Pasient) -> None:
    # given: a unit leader may read the record but not write notes
    leder = actor(enhet, "leder", username="leder1")
    # when
    response = logged_in(leder).get(url(pasient, "ny/"))
    listing = logged_in(leder).get(url(pasient))
    # then
    assert response.status_code == 403
    assert listing.status_code == 200
    assert "Nytt notat" not in html(listing)


def test_patient_page_links_to_the_notes(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # when
    response = logged_in(lege_med_relasjon).get(f"/pasienter/{pasient.pk}/")
    # then
    assert f'href="{url(pasient)}"' in html(response)


def test_free_text_type_has_one_field_and_no_heading(sykepleier: Ansatt, pasient: Pasient) -> None:
    # given
    telefon = NotattypeFactory(kode="telefonnotat", navn="Telefonnotat", overskrifter=[])
    client = logged_in(sykepleier)
    chooser = client.get(url(pasient, "ny/"))
    # when
    created = client.post(
        url(pasient, "ny/"),
        {"type": str(telefon.pk), "tittel": "", "seksjon_0": "Datter ringte, alt vel."},
    )
    notat = Journalnotat.objects.get(type=telefon)
    signed = client.post(
        url(pasient, f"{notat.pk}/"),
        {
            "handling": "signer",
            "lasversjon": "0",
            "overskrift": ["Tekst"],
            "tittel": "",
            "seksjon_0": "Datter ringte, alt vel.",
        },
    )
    page = client.get(url(pasient, f"{notat.pk}/"))
    # then
    assert chooser.status_code == 200
    assert "Velg type" in html(chooser)
    assert created.status_code == signed.status_code == 302
    assert "<h2>Telefonnotat</h2>" in html(page)  # an empty title becomes the type's name
    assert "Datter ringte, alt vel." in html(page)
    assert "<h3>Tekst</h3>" not in html(page)
