"""The vital-signs pages: registration on a phone, NEWS2 in colour with its response, trends."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.audit import AuditEvent
from core.klokke import idag, naa
from core.models import Ansatt, AuditLogg, Enhet
from journal.models import KritiskInformasjon, KritiskType, Maaling, News2Nivaa, Pasient
from journal.selectors import Pasientvisning
from journal.services import MaalingData, maaling_create, maaling_invalidate
from tests.acting import acting_as
from tests.conftest import actor, logged_in
from tests.html_tables import table_rows

pytestmark = pytest.mark.django_db

HOY_TILTAK = "Akutt vurdering av team med kritisk kompetanse, vurder overflytting"
# What a nurse types on the phone: respiration 22 (2), SpO2 95 (1), oxygen (2),
# systolic 105 (1), pulse 95 (1), alert (0), 37,0 °C (0) = NEWS2 7.
SKJEMA_SJU = {
    "systolisk": "105",
    "diastolisk": "70",
    "puls": "95",
    "respirasjon": "22",
    "spo2": "95",
    "spo2_skala": "1",
    "oksygen": "oksygen",
    "temperatur": "37,0",
    "bevissthet": "A",
}


def liste_url(pasient_id: object) -> str:
    return f"/pasienter/{pasient_id}/malinger/"


def ny_url(pasient_id: object) -> str:
    return f"/pasienter/{pasient_id}/malinger/ny/"


def _maaling(ansatt: Ansatt, pasient: Pasient, **values: object) -> Maaling:
    with acting_as(ansatt):
        return maaling_create(
            actor=ansatt,
            pasient_id=pasient.pk,
            data=MaalingData(**values),  # type: ignore[arg-type]
        )


def _news2_blocks(html: str) -> list[str]:
    return re.findall(r'<div class="news2 [^"]*"[^>]*>.*?</div>', html, flags=re.S)


def test_nurse_enters_vitals_giving_news2_7_shown_in_red_with_the_response(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    client = logged_in(lege_med_relasjon)
    # when
    response = client.post(ny_url(pasient.pk), SKJEMA_SJU, follow=True)
    # then
    html = response.content.decode()
    assert response.redirect_chain == [(liste_url(pasient.pk), 302)]
    assert "Målingen er registrert." in html
    maling = Maaling.objects.get()
    assert (maling.news2, maling.news2_niva) == (7, News2Nivaa.HOY)
    assert maling.temperatur == Decimal("37.0")
    blocks = _news2_blocks(html)
    assert len(blocks) == 2  # the latest-NEWS2 card and the row in the list
    for block in blocks:
        assert "news2-hoy" in block
        assert "NEWS2 7" in block
        assert "Klinisk risiko: høy" in block
        assert HOY_TILTAK in block
    assert ".news2-hoy { background: var(--red)" in _stylesheet(client)


def _stylesheet(client: Client) -> str:
    response = client.get("/static/core/app.css")
    return b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("values", "css", "tiltak"),
    [
        (
            {"respirasjon": 22, "puls": 115, "systolisk": 130},  # 2 + 2 + 0 (+ 1 from temp)
            "news2-middels",
            "Akutt vurdering av lege/team med akuttkompetanse",
        ),
        ({"bevissthet": "C"}, "news2-lav_middels", "Rask vurdering av lege"),
        ({"puls": 95}, "news2-lav", "Vurdering av kompetent sykepleier"),
    ],
)
def test_medium_is_orange_and_low_medium_yellow(
    values: dict[str, object], css: str, tiltak: str, lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    full = {
        "respirasjon": 16,
        "spo2": 97,
        "oksygen": False,
        "systolisk": 130,
        "puls": 70,
        "bevissthet": "A",
        "temperatur": Decimal("38.5") if css == "news2-middels" else Decimal("37.0"),
    }
    _maaling(lege_med_relasjon, pasient, **{**full, **values})
    # when
    html = logged_in(lege_med_relasjon).get(liste_url(pasient.pk)).content.decode()
    # then
    (card, row) = _news2_blocks(html)
    assert css in card
    assert css in row
    assert tiltak in card


def test_incomplete_set_says_what_is_missing(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # given
    client = logged_in(lege_med_relasjon)
    # when
    response = client.post(ny_url(pasient.pk), {"puls": "72", "spo2_skala": "1"}, follow=True)
    # then
    html = response.content.decode()
    assert "NEWS2 kan ikke beregnes: mangler respirasjonsfrekvens, SpO₂" in html
    assert Maaling.objects.get().news2 is None


def test_impossible_values_are_rejected_with_a_clear_message(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    client = logged_in(lege_med_relasjon)
    # when
    response = client.post(ny_url(pasient.pk), {**SKJEMA_SJU, "puls": "400", "temperatur": "52,0"})
    # then
    html = response.content.decode()
    assert response.status_code == 400
    assert "Puls 400 /min er ikke mulig. Oppgi en verdi mellom 20 og 250." in html
    assert "Temperatur 52,0 °C er ikke mulig. Oppgi en verdi mellom 25,0 og 45,0." in html
    assert 'aria-invalid="true"' in html
    assert 'value="400"' in html  # what was typed stays in the form
    assert not Maaling.objects.exists()


def test_empty_form_asks_for_a_value(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # when
    response = logged_in(lege_med_relasjon).post(ny_url(pasient.pk), {"spo2_skala": "1"})
    # then
    assert response.status_code == 400
    assert "Registrer minst én måleverdi." in response.content.decode()


def test_text_in_a_number_field_is_a_norwegian_error(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # when
    response = logged_in(lege_med_relasjon).post(
        ny_url(pasient.pk), {"puls": "sytti", "temperatur": "37.5.1", "spo2_skala": "1"}
    )
    # then
    html = response.content.decode()
    assert response.status_code == 400
    assert "Skriv et helt tall." in html
    assert "Skriv et tall, for eksempel 37,5." in html


def test_form_is_phone_friendly(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # when
    response = logged_in(lege_med_relasjon).get(ny_url(pasient.pk))
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert pasient.fullt_navn in html  # the banner: the right patient
    inputs = {
        re.search(r'name="([^"]+)"', tag).group(1): tag  # type: ignore[union-attr]
        for tag in re.findall(r"<input[^>]*>", html)
    }
    for name in ("systolisk", "diastolisk", "puls", "respirasjon", "spo2"):
        assert 'inputmode="numeric"' in inputs[name]
    for name in ("temperatur", "vekt", "blodsukker"):
        assert 'inputmode="decimal"' in inputs[name]
    assert 'type="datetime-local"' in html
    assert "<legend>Bevissthet (ACVPU)</legend>" in html
    assert AuditLogg.objects.filter(
        hendelse=AuditEvent.PASIENT_READ, pasient_id=pasient.pk
    ).exists()


def test_leader_may_read_but_not_open_the_form(enhet: Enhet, pasient: Pasient) -> None:
    # given
    client = logged_in(actor(enhet, "leder", username="leder1"))
    # when
    liste = client.get(liste_url(pasient.pk))
    skjema = client.get(ny_url(pasient.pk))
    lagre = client.post(ny_url(pasient.pk), {"puls": "70", "spo2_skala": "1"})
    # then
    assert liste.status_code == 200
    assert 'data-testid="ny-maling"' not in liste.content.decode()
    assert skjema.status_code == lagre.status_code == 403
    assert not Maaling.objects.exists()


def test_stranger_gets_the_same_404_on_every_page_and_post(
    ansatt_annen_enhet: Ansatt, lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    maling = _maaling(lege_med_relasjon, pasient, puls=70)
    client = logged_in(ansatt_annen_enhet)
    missing = client.get(liste_url(uuid.uuid4()))
    # when
    responses = [
        client.get(liste_url(pasient.pk)),
        client.get(ny_url(pasient.pk)),
        client.post(ny_url(pasient.pk), SKJEMA_SJU),
        client.post(ny_url(pasient.pk), {"puls": "999", "spo2_skala": "1"}),
        client.post(f"{liste_url(pasient.pk)}{maling.pk}/feilregistrer/", {"grunn": "x"}),
    ]
    # then
    for response in responses:
        assert response.status_code == 404
        assert response.content == missing.content
    assert Maaling.objects.count() == 1
    # nothing was read or written; the refused attempts are logged as refused
    assert (
        not AuditLogg.objects.filter(aktor_id=ansatt_annen_enhet.pk)
        .exclude(hendelse=AuditEvent.PASIENT_READ_REFUSED)
        .exists()
    )


def test_list_page_is_audited(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # when
    logged_in(lege_med_relasjon).get(liste_url(pasient.pk))
    # then
    row = AuditLogg.objects.get(hendelse=AuditEvent.MALING_READ)
    assert (row.pasient_id, row.aktor_id, row.kanal) == (pasient.pk, lege_med_relasjon.pk, "web")


def test_trend_charts_are_accessible_svg_with_norwegian_dates(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    now = naa()
    _maaling(lege_med_relasjon, pasient, tidspunkt=now - dt.timedelta(days=2), puls=80)
    _maaling(lege_med_relasjon, pasient, tidspunkt=now, puls=92, temperatur=Decimal("38.4"))
    # when
    html = logged_in(lege_med_relasjon).get(liste_url(pasient.pk)).content.decode()
    # then
    assert html.count('data-testid="trend"') == 2  # pulse and temperature
    assert '<title id="trend-puls-tittel">Puls (slag/min)</title>' in html
    assert 'aria-labelledby="trend-puls-tittel trend-puls-beskrivelse"' in html
    assert "siste 38,4 °C" in html
    today = idag()
    assert today.strftime("%d.%m.") in html
    assert (
        "<script" not in html.split('<section aria-labelledby="trender">')[1].split("</section>")[0]
    )
    assert "Ikke målt i perioden: Blodtrykk, Respirasjonsfrekvens, SpO₂, NEWS2, Vekt" in html


def test_period_choice_shows_older_measurements(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    _maaling(lege_med_relasjon, pasient, tidspunkt=naa() - dt.timedelta(days=20), puls=66)
    client = logged_in(lege_med_relasjon)
    # when
    week = client.get(liste_url(pasient.pk)).content.decode()
    month = client.get(liste_url(pasient.pk), {"periode": "30"}).content.decode()
    nonsense = client.get(liste_url(pasient.pk), {"periode": "1000"})
    # then
    assert "Ingen målinger i perioden." in week
    assert len(table_rows(month, "malinger")) == 2  # header + one row
    assert 'href="?periode=30" aria-current="page"' in month
    assert nonsense.status_code == 200  # falls back to 7 days


def test_feilregistrert_is_struck_through_with_its_reason(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    maling = _maaling(lege_med_relasjon, pasient, puls=170)
    client = logged_in(lege_med_relasjon)
    # when
    response = client.post(
        f"{liste_url(pasient.pk)}{maling.pk}/feilregistrer/",
        {"grunn": "Målt på feil pasient", "periode": "30"},
        follow=True,
    )
    # then
    html = response.content.decode()
    assert response.redirect_chain == [(f"{liste_url(pasient.pk)}?periode=30", 302)]
    assert "Målingen er markert som feilregistrert." in html
    assert '<tr class="feilregistrert"' in html
    assert "Målt på feil pasient" in html
    assert 'data-testid="trend"' not in html  # nothing left to chart
    assert "tr.feilregistrert td.verdi { text-decoration: line-through; }" in _stylesheet(client)
    assert AuditLogg.objects.filter(hendelse=AuditEvent.MALING_FEILREGISTRERT).exists()


def test_feilregistrering_without_a_reason_says_so(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    maling = _maaling(lege_med_relasjon, pasient, puls=170)
    # when
    response = logged_in(lege_med_relasjon).post(
        f"{liste_url(pasient.pk)}{maling.pk}/feilregistrer/", {"grunn": " "}, follow=True
    )
    # then
    assert "Skriv hvorfor målingen er feilregistrert." in response.content.decode()
    maling.refresh_from_db()
    assert maling.feilregistrert_at is None


@pytest.mark.parametrize("page", [liste_url, ny_url])
def test_banner_is_the_one_of_every_patient_page_with_critical_information(
    page: object, lege_med_relasjon: Ansatt, enhet: Enhet, pasient: Pasient
) -> None:
    # given
    KritiskInformasjon.objects.create(
        pasient=pasient,
        enhet=enhet,
        type=KritiskType.choices[0][0],
        tittel="Penicillin",
        registrert_av=lege_med_relasjon,
    )
    # when
    response = logged_in(lege_med_relasjon).get(page(pasient.pk))  # type: ignore[operator]
    # then
    assert isinstance(response.context["visning"], Pasientvisning)
    assert "Penicillin" in response.content.decode()


def test_patient_pages_link_to_the_vitals(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # when
    html = logged_in(lege_med_relasjon).get(f"/pasienter/{pasient.pk}/").content.decode()
    # then
    assert f'href="{liste_url(pasient.pk)}"' in html


def _list_queries(client: Client, pasient: Pasient) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(liste_url(pasient.pk))
    assert response.status_code == 200
    return len(queries)


def test_list_page_queries_do_not_grow_with_the_number_of_measurements(
    lege_med_relasjon: Ansatt, kollega_samme_enhet: Ansatt, pasient: Pasient
) -> None:
    # given
    client = logged_in(lege_med_relasjon)
    client.get("/pasienter/")  # the first request stores the acting unit in the session
    _maaling(lege_med_relasjon, pasient, puls=70)
    few = _list_queries(client, pasient)
    now = naa()
    for i in range(30):
        maling = _maaling(
            kollega_samme_enhet,
            pasient,
            tidspunkt=now - dt.timedelta(hours=i + 1),
            puls=70 + i,
            systolisk=120,
            temperatur=Decimal("37.1"),
        )
        if i % 5 == 0:
            with acting_as(lege_med_relasjon):
                maaling_invalidate(
                    actor=lege_med_relasjon, pasient_id=pasient.pk, maling_id=maling.pk, grunn="x"
                )
    # when
    many = _list_queries(client, pasient)
    # then
    assert many == few
    assert many <= 25
