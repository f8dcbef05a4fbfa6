"""Assessment pages: choose a form, answer every item on one page (errors name the item),
drafts, the detail with labels and the Barthel total /100, the history, IPLOS over time,
feilregistrering, the print, and a list page whose queries do not grow."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.audit import AuditEvent
from core.klokke import idag
from core.models import Ansatt, AuditLogg, Enhet
from journal.models import Kartlegging, KartleggingStatus, Pasient
from journal.seeds import skjema_load_all
from journal.selectors import journal_utskrift_get, kartlegginger_for_utskrift
from journal.views.oversikt import utskrift_html
from tests.acting import acting_as
from tests.conftest import logged_in
from tests.factories import IPLOS_SVAR, KartleggingFactory
from tests.html_tables import table_rows

pytestmark = pytest.mark.django_db

BARTHEL_85 = {
    "avforing": 10,
    "vannlating": 5,
    "personlig_stell": 5,
    "toalettbesok": 10,
    "spising": 10,
    "forflytning": 15,
    "mobilitet": 10,
    "paakledning": 10,
    "trapper": 5,
    "bading": 5,
}


@pytest.fixture(autouse=True)
def _skjemaer(db: None) -> None:
    skjema_load_all()


def liste_url(pasient_id: object) -> str:
    return f"/pasienter/{pasient_id}/kartlegging/"


def ny_url(pasient_id: object, skjema: str = "iplos") -> str:
    return f"/pasienter/{pasient_id}/kartlegging/ny/?skjema={skjema}"


def _post_data(svar: dict[str, int], handling: str = "fullfor", **extra: str) -> dict[str, str]:
    return {**{f"svar_{k}": str(v) for k, v in svar.items()}, "handling": handling, **extra}


def test_new_assessment_offers_the_forms_in_use(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # when
    html = (
        logged_in(lege_med_relasjon)
        .get(f"/pasienter/{pasient.pk}/kartlegging/ny/")
        .content.decode()
    )
    # then
    assert "IPLOS funksjonsvurdering" in html
    assert "Barthels ADL-indeks" in html
    assert "?skjema=iplos" in html


def test_the_iplos_form_has_one_fieldset_per_variable_with_labelled_radios(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # when
    html = logged_in(lege_med_relasjon).get(ny_url(pasient.pk)).content.decode()
    # then
    legends = re.findall(r"<legend>(.*?)</legend>", html)
    assert legends[0] == "1. Sosial deltakelse"
    assert legends[16] == "17. Styre atferd"
    assert len(legends) == 17
    assert html.count('type="radio"') == 17 * 5 + 7  # 9 where it applies
    assert 'name="svar_spise" value="3"' in html
    assert "Middels behov for bistand" in html


def test_nurse_completes_iplos_and_sees_it_in_the_history(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    client = logged_in(lege_med_relasjon)
    # when
    response = client.post(
        ny_url(pasient.pk), _post_data(IPLOS_SVAR, kommentar="Hjemmebesøk"), follow=True
    )
    # then
    kartlegging = Kartlegging.objects.get()
    assert response.redirect_chain == [
        (f"/pasienter/{pasient.pk}/kartlegging/{kartlegging.pk}/", 302)
    ]
    html = response.content.decode()
    assert "Kartleggingen er fullført." in html
    rows = table_rows(html, "svar")
    assert rows[10] == [["10"], ["1"], ["Ingen behov for bistand"]]  # rows[0]: the header
    assert rows[12] == [["12"], ["9"], ["Ikke relevant"]]
    assert (kartlegging.status, kartlegging.kommentar) == (
        KartleggingStatus.FULLFORT,
        "Hjemmebesøk",
    )
    history = client.get(liste_url(pasient.pk)).content.decode()
    assert "IPLOS funksjonsvurdering" in history
    assert idag().strftime("%d.%m.%Y") in history


def test_missing_answers_are_listed_by_item_and_nothing_is_saved(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    svar = {k: v for k, v in IPLOS_SVAR.items() if k != "hukommelse"}
    # when
    response = logged_in(lege_med_relasjon).post(ny_url(pasient.pk), _post_data(svar))
    # then
    assert response.status_code == 400
    html = response.content.decode()
    assert '<a href="#felt-svar_hukommelse">15 Hukommelse: velg et svar.</a>' in html
    assert re.search(r'name="svar_spise" value="1"[^>]*checked', html)  # answers are kept
    assert not Kartlegging.objects.exists()


def test_a_value_the_item_does_not_allow_is_refused(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # when
    response = logged_in(lege_med_relasjon).post(
        ny_url(pasient.pk), _post_data({**IPLOS_SVAR, "spise": 9})
    )
    # then
    assert response.status_code == 400
    assert "10 Spise: velg et av svarene." in response.content.decode()


def test_a_draft_is_saved_edited_and_completed_by_its_author(
    lege_med_relasjon: Ansatt, kollega_samme_enhet: Ansatt, pasient: Pasient
) -> None:
    # given
    client = logged_in(lege_med_relasjon)
    half = dict(list(BARTHEL_85.items())[:4])
    client.post(ny_url(pasient.pk, "barthel"), _post_data(half, "utkast"))
    draft = Kartlegging.objects.get()
    detail = f"/pasienter/{pasient.pk}/kartlegging/{draft.pk}/"
    # when: she opens it again (the form, filled in), then completes it
    form_html = client.get(detail).content.decode()
    response = client.post(f"{detail}rediger/", _post_data(BARTHEL_85), follow=True)
    # then
    assert draft.status == KartleggingStatus.UTKAST
    assert 'name="svar_forflytning"' in form_html
    assert re.search(r'name="svar_avforing" value="10"[^>]*checked', form_html)
    html = response.content.decode()
    assert "Sum: 85 / 100" in html
    draft.refresh_from_db()
    assert (draft.status, draft.total) == (KartleggingStatus.FULLFORT, 85)
    # a colleague never saw the draft, and cannot post to a completed one
    assert (
        logged_in(kollega_samme_enhet).post(f"{detail}rediger/", _post_data(BARTHEL_85)).status_code
        == 404
    )


def test_readers_without_the_right_to_assess_get_403_on_the_form(
    kollega_samme_enhet: Ansatt, pasient: Pasient
) -> None:
    # when
    client = logged_in(kollega_samme_enhet)
    # then
    assert client.get(ny_url(pasient.pk)).status_code == 403
    assert client.post(ny_url(pasient.pk), _post_data(IPLOS_SVAR)).status_code == 403
    assert 'data-testid="ny-kartlegging"' not in client.get(liste_url(pasient.pk)).content.decode()


def test_strangers_get_404_on_the_writes(
    ansatt_annen_enhet: Ansatt, enhet: Enhet, pasient: Pasient
) -> None:
    # given
    kartlegging = KartleggingFactory(pasient=pasient, enhet=enhet)
    client = logged_in(ansatt_annen_enhet)
    base = f"/pasienter/{pasient.pk}/kartlegging/{kartlegging.pk}/"
    # when / then
    assert client.post(f"{base}feilregistrer/", {"grunn": "x"}).status_code == 404
    assert client.post(f"{base}rediger/", _post_data(IPLOS_SVAR)).status_code == 404
    assert client.post(ny_url(pasient.pk), _post_data(IPLOS_SVAR)).status_code == 404
    assert client.post(ny_url(uuid.uuid4()), _post_data(IPLOS_SVAR)).status_code == 404


def test_feilregistrering_from_the_detail_page(
    lege_med_relasjon: Ansatt, enhet: Enhet, pasient: Pasient
) -> None:
    # given
    kartlegging = KartleggingFactory(pasient=pasient, enhet=enhet)
    client = logged_in(lege_med_relasjon)
    url = f"/pasienter/{pasient.pk}/kartlegging/{kartlegging.pk}/"
    # when
    empty = client.post(f"{url}feilregistrer/", {"grunn": ""}, follow=True)
    done = client.post(f"{url}feilregistrer/", {"grunn": "Feil pasient"}, follow=True)
    # then
    assert "Skriv hvorfor kartleggingen er feilregistrert." in empty.content.decode()
    html = done.content.decode()
    assert "Kartleggingen er markert som feilregistrert." in html
    assert "Begrunnelse: Feil pasient" in html
    kartlegging.refresh_from_db()
    assert kartlegging.status == KartleggingStatus.FEILREGISTRERT


def test_iplos_over_time_puts_dates_in_columns_and_marks_changes(
    lege_med_relasjon: Ansatt, enhet: Enhet, pasient: Pasient
) -> None:
    # given
    today = idag()
    KartleggingFactory(pasient=pasient, enhet=enhet, dato=today - dt.timedelta(days=60))
    KartleggingFactory(
        pasient=pasient,
        enhet=enhet,
        dato=today - dt.timedelta(days=1),
        svar={**IPLOS_SVAR, "toalett": 4},
    )
    # when
    html = (
        logged_in(lege_med_relasjon)
        .get(f"/pasienter/{pasient.pk}/kartlegging/utvikling/")
        .content.decode()
    )
    # then
    rows = table_rows(html, "utvikling")
    assert len([r for r in rows if r]) == 17
    toalett = next(r for r in rows if r and r[0] == ["2"] and "▲" in " ".join(r[1]))
    assert toalett[1][0] == "4"
    assert (today - dt.timedelta(days=60)).strftime("%d.%m.%Y") in html


def _list_queries(client: Client, pasient: Pasient) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(liste_url(pasient.pk))
    assert response.status_code == 200
    return len(queries)


def test_list_page_queries_do_not_grow_with_the_number_of_assessments(
    lege_med_relasjon: Ansatt, enhet: Enhet, pasient: Pasient, django_assert_max_num_queries: object
) -> None:
    # given
    client = logged_in(lege_med_relasjon)
    client.get("/pasienter/")  # the first request stores the acting unit in the session
    KartleggingFactory(pasient=pasient, enhet=enhet)
    few = _list_queries(client, pasient)
    for _ in range(12):
        KartleggingFactory(pasient=pasient, enhet=enhet)
    # when
    many = _list_queries(client, pasient)
    # then
    assert many == few
    with django_assert_max_num_queries(few):  # type: ignore[operator]
        client.get(liste_url(pasient.pk))


def test_the_print_has_the_completed_assessments_of_the_period(
    lege_med_relasjon: Ansatt, enhet: Enhet, pasient: Pasient
) -> None:
    # given
    today = idag()
    KartleggingFactory(pasient=pasient, enhet=enhet, dato=today - dt.timedelta(days=3))
    KartleggingFactory(pasient=pasient, enhet=enhet, dato=today - dt.timedelta(days=90))  # before
    KartleggingFactory(
        pasient=pasient,
        enhet=enhet,
        status=KartleggingStatus.UTKAST,
        fullfort_at=None,
        utfort_av=lege_med_relasjon,
    )
    fra = today - dt.timedelta(days=30)
    # when
    with acting_as(lege_med_relasjon):
        utskrift = journal_utskrift_get(
            actor=lege_med_relasjon, pasient_id=pasient.pk, fra=fra, til=today, deler=("notater",)
        )
        kartlegginger = kartlegginger_for_utskrift(
            actor=lege_med_relasjon, pasient_id=pasient.pk, fra=fra, til=today
        )
        html = utskrift_html(utskrift, kartlegginger)
    # then
    assert len(kartlegginger) == 1
    assert "Kartlegginger i perioden" in html
    assert (today - dt.timedelta(days=3)).strftime("%d.%m.%Y") in html
    assert "1:&nbsp;2, 2:&nbsp;3" in html
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.KARTLEGGING_LISTED, ekstra__utskrift=True, pasient_id=pasient.pk
    ).exists()


def test_the_print_page_makes_a_pdf_with_the_assessments(
    lege_med_relasjon: Ansatt, enhet: Enhet, pasient: Pasient
) -> None:
    # given
    KartleggingFactory(pasient=pasient, enhet=enhet)
    today = idag()
    # when
    response = logged_in(lege_med_relasjon).post(
        f"/pasienter/{pasient.pk}/utskrift/",
        {
            "fra": (today - dt.timedelta(days=7)).isoformat(),
            "til": today.isoformat(),
            "deler": ["notater"],
        },
    )
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
