"""Issue 13 §1 and §5: each hostile input reported on eaf2f13 (a 500, or a record that
should not exist) is now a 400 with a Norwegian message, on the API and on the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from rest_framework.test import APIClient

from core.klokke import idag, naa
from core.models import Ansatt, Enhet
from journal.models import Journalnotat, Maaling, Notattype, Pasient
from tests.conftest import actor, api_client, logged_in
from tests.factories import EnhetFactory, NotattypeFactory

pytestmark = pytest.mark.django_db

HUGE = "9223372036854775808"


def _client(ansatt: Ansatt) -> APIClient:
    client = api_client(ansatt)
    client.force_login(ansatt)
    return client


def _norwegian_400(response: object) -> None:
    # 414 where the whole query string is past what any page takes (core.middleware)
    status = response.status_code  # type: ignore[attr-defined]
    assert status in (400, 414), response.content[:300]  # type: ignore[attr-defined]
    body = response.content.decode()  # type: ignore[attr-defined]
    assert "Traceback" not in body
    assert any(word in body for word in ("må", "kan ikke", "tillatt", "for lang", "Ugyldig"))


# --- page numbers past anything the database can take ---------------------------------

PAGED = [
    "/api/v1/pasienter/?sok=Kari&side={side}",
    "/api/v1/pasienter/{pasient}/journalnotater/?side={side}",
    "/api/v1/pasienter/{pasient}/tilgangslogg/?side={side}",
    "/api/v1/pasienter/{pasient}/kritisk-info/?side={side}",
    "/api/v1/pasienter/{pasient}/kartlegginger/?side={side}",
    "/pasienter/?sok=Kari&side={side}",
    "/pasienter/{pasient}/notater/?side={side}",
    "/pasienter/{pasient}/tilgangslogg/?side={side}",
    "/pasienter/{pasient}/kritisk/?kside={side}",
    "/pasienter/{pasient}/kartlegging/?side={side}",
]


@pytest.mark.parametrize("side", [HUGE, "-1", "0", "²", "１", "9" * 5000])
@pytest.mark.parametrize("path", PAGED)
def test_a_page_number_out_of_range_is_a_400(
    path: str, side: str, lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # when
    response = _client(lege_med_relasjon).get(path.format(pasient=pasient.pk, side=side))
    # then a 400, or (the search page) the search form with the message
    if path.startswith("/pasienter/?") and response.status_code == 200:
        assert "Sidenummer må være" in response.content.decode()
    else:
        _norwegian_400(response)


@pytest.fixture
def avdelingsleder(db: None) -> Ansatt:
    avdeling: Enhet = EnhetFactory(navn="Avdeling 1", type="sykehjemsavdeling")
    return actor(avdeling, "leder", username="avdleder-h")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/sykehjem/opphold/?side={side}",
        "/api/v1/sykehjem/venteliste/?side={side}",
        "/sykehjem/venteliste/?side={side}",
    ],
)
def test_stays_and_waiting_list_refuse_a_huge_page_number(
    path: str, avdelingsleder: Ansatt
) -> None:
    # when
    response = _client(avdelingsleder).get(path.format(side=HUGE))
    # then
    _norwegian_400(response)


# --- NUL and other control characters in a search -------------------------------------


@pytest.mark.parametrize("q", ["%00", "natt%00", "%E2%80%AEnatt", "%1B[31m"])
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/pasienter/{pasient}/journalnotater/sok/?q={q}",
        "/pasienter/{pasient}/notater/?q={q}",
        "/pasienter/?sok={q}",
    ],
)
def test_control_characters_in_a_search_are_a_400(
    path: str, q: str, lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # when
    response = _client(lege_med_relasjon).get(path.format(pasient=pasient.pk, q=q))
    # then
    _norwegian_400(response)


def test_a_10000_character_search_is_a_400(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # when
    response = _client(lege_med_relasjon).get(f"/pasienter/{pasient.pk}/notater/?q={'a' * 10_000}")
    # then
    _norwegian_400(response)


# --- dates at the ends of the calendar --------------------------------------------------


@pytest.mark.parametrize("dato", ["9999-12-31", "0001-01-01"])
def test_vitals_period_at_the_calendar_ends_is_a_400(
    dato: str, lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    client = _client(lege_med_relasjon)
    for path in (
        f"/api/v1/pasienter/{pasient.pk}/malinger/?fra={dato}",
        f"/api/v1/pasienter/{pasient.pk}/malinger/?fra=2024-01-01&til={dato}",
    ):
        # when
        response = client.get(path)
        # then
        _norwegian_400(response)
        assert "må ligge mellom" in response.content.decode(), path


@pytest.mark.parametrize("dato", ["9999-12-31", "0001-01-01"])
def test_home_care_day_list_at_the_calendar_ends_is_not_a_500(
    dato: str, lege_med_relasjon: Ansatt
) -> None:
    client = _client(lege_med_relasjon)
    for path in (
        f"/hjemmetjeneste/dagsliste/?dato={dato}",
        f"/api/v1/hjemmetjeneste/dagsliste/?dato={dato}",
    ):
        # when
        response = client.get(path)
        # then
        assert response.status_code in (200, 400), path
        assert "må ligge mellom" in response.content.decode(), path


def test_journal_print_until_9999_is_a_form_error(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # when
    response = logged_in(lege_med_relasjon).post(
        f"/pasienter/{pasient.pk}/utskrift/",
        {"fra": "2024-01-01", "til": "9999-12-31", "deler": ["notater"]},
    )
    # then
    assert response.status_code == 400
    assert "må ligge mellom" in response.content.decode()


# --- identifiers in other digits ---------------------------------------------------------


def _registration(identifikator: str, **extra: str) -> dict[str, str]:
    return {
        "identifikator": identifikator,
        "fornavn": "Test",
        "etternavn": "Testesen",
        "fodselsdato": "1931-02-01",
        "kjonn": "kvinne",
        "malform": "nb",
        **extra,
    }


@pytest.fixture
def registrerer(enhet: Enhet) -> Ansatt:
    return actor(enhet, "saksbehandler", username="saksbeh-h")


@pytest.mark.parametrize("identifikator", ["²1023110098", "0102311009⁸", "٠١٠٢٣١١٠٠٩x"])
def test_an_identifier_with_other_digit_signs_is_refused(
    identifikator: str, lege_med_relasjon: Ansatt, registrerer: Ansatt
) -> None:
    # when
    api = api_client(registrerer).post(
        "/api/v1/pasienter/", _registration(identifikator), format="json"
    )
    form = logged_in(registrerer).post("/pasienter/ny/", _registration(identifikator))
    search = _client(lege_med_relasjon).get(f"/api/v1/pasienter/?sok={identifikator}")
    # then
    assert api.status_code == 400
    assert "11 sifre" in str(api.json())
    assert form.status_code == 400
    assert "11 sifre" in form.content.decode()
    assert search.status_code == 200


def test_full_width_digits_are_the_same_number(registrerer: Ansatt, pasient: Pasient) -> None:
    # given the same number in full-width digits
    full_width = "".join(chr(0xFF10 + int(c)) for c in pasient.identifikator)
    # when
    response = api_client(registrerer).post(
        "/api/v1/pasienter/", _registration(full_width), format="json"
    )
    # then no second patient with the same number
    assert response.status_code == 400
    assert "finnes allerede" in str(response.json())
    assert Pasient.objects.filter(identifikator=pasient.identifikator).count() == 1


def test_a_full_width_number_is_stored_in_ascii(registrerer: Ansatt) -> None:
    # given a valid synthetic number typed in full-width digits
    from tests.factories import _unique_fnr

    ascii_fnr = _unique_fnr(dt.date(1931, 2, 1))
    full_width = "".join(chr(0xFF10 + int(c)) for c in ascii_fnr)
    # when
    response = api_client(registrerer).post(
        "/api/v1/pasienter/", _registration(full_width), format="json"
    )
    # then
    assert response.status_code == 201, response.json()
    assert Pasient.objects.get(pk=response.json()["id"]).identifikator == ascii_fnr


@pytest.mark.parametrize("postnummer", ["２２００", "٢٢٠٠", "22²0"])
def test_postal_code_and_hpr_take_ascii_digits_only(registrerer: Ansatt, postnummer: str) -> None:
    from tests.factories import _unique_fnr

    data = _registration(_unique_fnr(dt.date(1931, 2, 1)), postnummer=postnummer)
    # when
    response = api_client(registrerer).post("/api/v1/pasienter/", data, format="json")
    # then
    assert response.status_code == 400
    assert "Postnummer" in str(response.json())


# --- names with control and bidi characters -----------------------------------------------


@pytest.mark.parametrize(
    "navn", ["\u202eKari", "Ka\u2066ri", "Kari\u0000", "Kari\nOla", "K\x1bari"]
)
def test_a_name_with_control_or_bidi_characters_is_refused(registrerer: Ansatt, navn: str) -> None:
    from tests.factories import _unique_fnr

    data = _registration(_unique_fnr(dt.date(1931, 2, 1)), fornavn=navn)
    # when
    api = api_client(registrerer).post("/api/v1/pasienter/", data, format="json")
    form = logged_in(registrerer).post("/pasienter/ny/", data)
    # then
    assert api.status_code == 400
    assert form.status_code == 400
    assert not Pasient.objects.filter(etternavn="Testesen").exists()


# --- clinical times between birth and now -------------------------------------------------


@pytest.mark.parametrize(
    "tidspunkt", ["0001-01-01T00:00:00Z", "1900-01-01T12:00:00Z", "9999-12-31T00:00:00Z"]
)
def test_vitals_before_birth_or_far_ahead_are_refused(
    tidspunkt: str, lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # when
    response = api_client(lege_med_relasjon).post(
        f"/api/v1/pasienter/{pasient.pk}/malinger/",
        {"tidspunkt": tidspunkt, "puls": 70},
        format="json",
    )
    # then
    assert response.status_code == 400
    assert "tidspunkt" in response.json()
    assert not Maaling.objects.filter(pasient=pasient).exists()


def test_vitals_a_minute_ahead_are_taken(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # when
    response = api_client(lege_med_relasjon).post(
        f"/api/v1/pasienter/{pasient.pk}/malinger/",
        {"tidspunkt": (naa() + dt.timedelta(minutes=1)).isoformat(), "puls": 70},
        format="json",
    )
    # then
    assert response.status_code == 201, response.json()


@pytest.mark.parametrize("dokumentert_tid", ["0001-01-01T00:00:00Z", "1900-01-01T12:00:00Z"])
def test_a_note_dated_before_birth_is_refused(
    dokumentert_tid: str, lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # given
    notattype: Notattype = NotattypeFactory()
    # when
    response = api_client(lege_med_relasjon).post(
        f"/api/v1/pasienter/{pasient.pk}/journalnotater/",
        {"type_id": str(notattype.pk), "dokumentert_tid": dokumentert_tid},
        format="json",
    )
    # then
    assert response.status_code == 400
    assert "dokumentert_tid" in response.json()
    assert not Journalnotat.objects.filter(pasient=pasient).exists()


def test_critical_info_dated_before_birth_is_refused(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # when
    response = api_client(lege_med_relasjon).post(
        f"/api/v1/pasienter/{pasient.pk}/kritisk-info/",
        {"type": "allergi", "tittel": "Penicillin", "sikkerhet": "bekreftet", "dato": "1850-01-02"},
        format="json",
    )
    # then
    assert response.status_code == 400
    assert "født" in str(response.json())


def test_assessment_dated_before_birth_is_refused(
    lege_med_relasjon: Ansatt, pasient: Pasient
) -> None:
    # when
    response = api_client(lege_med_relasjon).post(
        f"/api/v1/pasienter/{pasient.pk}/kartlegginger/",
        {"skjema": "iplos", "dato": (pasient.fodselsdato - dt.timedelta(days=1)).isoformat()},
        format="json",
    )
    # then
    assert response.status_code == 400
    assert "født" in str(response.json())


def test_today_is_still_a_fine_date(lege_med_relasjon: Ansatt, pasient: Pasient) -> None:
    # when
    response = api_client(lege_med_relasjon).post(
        f"/api/v1/pasienter/{pasient.pk}/kartlegginger/",
        {"skjema": "iplos", "dato": idag().isoformat()},
        format="json",
    )
    # then
    assert response.status_code == 201, response.json()


def test_anonymous_client_gets_no_500_either() -> None:
    assert Client().get(f"/pasienter/?side={HUGE}").status_code in (302, 400)
