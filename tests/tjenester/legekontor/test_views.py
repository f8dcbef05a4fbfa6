"""The GP office pages: the book, the waiting room, the consultation with the unverified
fee mark, and the list overview; bad input stays on the page with a Norwegian message."""

from __future__ import annotations

import pytest

from tests.conftest import logged_in
from tests.factories import PasientFactory
from tests.tjenester.legekontor.conftest import Kontor
from tjenester.legekontor.models import Konsultasjon, Timeavtale, TimeStatus

pytestmark = pytest.mark.django_db


def test_book_arrive_open_code_and_sign_in_the_pages(kontor: Kontor) -> None:
    barn = PasientFactory(fodselsdato=kontor.dag.replace(year=kontor.dag.year - 6), fornavn="Lille")
    desk = logged_in(kontor.sekretaer)
    page = desk.get("/legekontor/")
    assert page.status_code == 200
    booked = desk.post(
        "/legekontor/",
        {
            "ressurs": str(kontor.ressurs.pk),
            "identifikator": barn.identifikator,
            "start": kontor.kl(10).strftime("%Y-%m-%dT%H:%M"),
            "aarsak": "Øreverk",
        },
    )
    assert booked.status_code == 302, booked.content.decode()[:2000]
    time = Timeavtale.objects.get()
    desk.post(f"/legekontor/timer/{time.pk}/ankommet/", {"ressurs": str(kontor.ressurs.pk)})
    time.refresh_from_db()
    assert time.status == TimeStatus.ANKOMMET
    gp = logged_in(kontor.lege)
    assert "Lille" in gp.get("/legekontor/venterom/").content.decode()
    opened = gp.post(f"/legekontor/timer/{time.pk}/konsultasjon/")
    k = Konsultasjon.objects.get()
    assert opened["Location"] == f"/legekontor/konsultasjon/{k.pk}/"
    gp.post(f"/legekontor/konsultasjon/{k.pk}/diagnose/", {"kode": "T90"})
    gp.post(f"/legekontor/konsultasjon/{k.pk}/takst/", {"kode": "2ad"})
    html = gp.get(f"/legekontor/konsultasjon/{k.pk}/").content.decode()
    assert 'data-testid="egenandel">0.00 kr' in html or 'data-testid="egenandel">0,00 kr' in html
    assert "ikke verifisert" in html
    signed = gp.post(f"/legekontor/konsultasjon/{k.pk}/signer/", {"seksjon_2": "Otitt."})
    assert signed.status_code == 302
    k.refresh_from_db()
    assert k.status == "signert"


def test_bad_booking_stays_on_the_page_with_the_message(kontor: Kontor) -> None:
    desk = logged_in(kontor.sekretaer)
    response = desk.post(
        "/legekontor/",
        {
            "ressurs": str(kontor.ressurs.pk),
            "identifikator": "12345678901",
            "start": kontor.kl(7).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 400
    assert "Fant ingen pasient" in response.content.decode()


def test_a_code_that_excludes_another_is_shown_next_to_the_field(kontor: Kontor) -> None:
    desk = logged_in(kontor.sekretaer)
    pasient = PasientFactory()
    desk.post(
        "/legekontor/",
        {
            "ressurs": str(kontor.ressurs.pk),
            "identifikator": pasient.identifikator,
            "start": kontor.kl(10).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    time = Timeavtale.objects.get()
    gp = logged_in(kontor.lege)
    gp.post(f"/legekontor/timer/{time.pk}/konsultasjon/")
    k = Konsultasjon.objects.get()
    gp.post(f"/legekontor/konsultasjon/{k.pk}/takst/", {"kode": "2ad"})
    response = gp.post(f"/legekontor/konsultasjon/{k.pk}/takst/", {"kode": "2ak"})
    assert response.status_code == 400
    assert "kan ikke kombineres" in response.content.decode()


def test_week_and_list_pages(kontor: Kontor) -> None:
    desk = logged_in(kontor.sekretaer)
    assert desk.get(f"/legekontor/uke/{kontor.ressurs.pk}/").status_code == 200
    assert desk.get("/legekontor/lister/").status_code == 200
    assert desk.get("/legekontor/?dato=i-morgen").status_code == 400
    assert desk.get("/legekontor/?ressurs=ikke-en-id").status_code == 404


def test_the_gp_registers_payment_at_the_desk_after_signing(kontor: Kontor) -> None:
    desk = logged_in(kontor.sekretaer)
    voksen = PasientFactory(fodselsdato=kontor.dag.replace(year=kontor.dag.year - 40))
    desk.post(
        "/legekontor/",
        {
            "ressurs": str(kontor.ressurs.pk),
            "identifikator": voksen.identifikator,
            "start": kontor.kl(10).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    time = Timeavtale.objects.get()
    gp = logged_in(kontor.lege)
    gp.post(f"/legekontor/timer/{time.pk}/konsultasjon/")
    k = Konsultasjon.objects.get()
    gp.post(f"/legekontor/konsultasjon/{k.pk}/diagnose/", {"kode": "K86"})
    gp.post(f"/legekontor/konsultasjon/{k.pk}/takst/", {"kode": "2ad"})
    gp.post(f"/legekontor/konsultasjon/{k.pk}/signer/", {"seksjon_2": "Stabil."})
    assert "Betalt i skranken" in gp.get(f"/legekontor/konsultasjon/{k.pk}/").content.decode()
    gp.post(f"/legekontor/konsultasjon/{k.pk}/betaling/", {"betaling": "skranke"})
    k.refresh_from_db()
    assert k.betaling == "skranke"
    assert k.egenandel == 160
    again = gp.post(
        f"/legekontor/konsultasjon/{k.pk}/betaling/", {"betaling": "skranke"}, follow=True
    )
    assert "allerede registrert" in again.content.decode()


HOSTILE = ["9223372036854775808", "-1", "\x00", "\u202eevil", "x" * 3000, "2026-13-45T99:99"]


def test_hostile_values_never_give_a_server_error(kontor: Kontor) -> None:
    desk = logged_in(kontor.sekretaer)
    pasient = PasientFactory()
    desk.post(
        "/legekontor/",
        {
            "ressurs": str(kontor.ressurs.pk),
            "identifikator": pasient.identifikator,
            "start": kontor.kl(10).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    time = Timeavtale.objects.get()
    gp = logged_in(kontor.lege)
    gp.post(f"/legekontor/timer/{time.pk}/konsultasjon/")
    k = Konsultasjon.objects.get()
    for value in HOSTILE:
        for field in ("identifikator", "start", "lengde_min", "aarsak", "dato", "ressurs"):
            data = {
                "ressurs": str(kontor.ressurs.pk),
                "identifikator": pasient.identifikator,
                "start": kontor.kl(13).strftime("%Y-%m-%dT%H:%M"),
                field: value,
            }
            assert desk.post("/legekontor/", data).status_code < 500, (field, value)
        assert desk.post(f"/legekontor/timer/{time.pk}/avlys/", {"grunn": value}).status_code < 500
        for path, field in (
            ("lagre", "kontaktaarsak"),
            ("lagre", "tidsbruk_min"),
            ("lagre", "fritak"),
            ("diagnose", "kode"),
            ("takst", "kode"),
            ("signer", "seksjon_0"),
            ("betaling", "betaling"),
        ):
            response = gp.post(f"/legekontor/konsultasjon/{k.pk}/{path}/", {field: value})
            assert response.status_code < 500, (path, field, value)
