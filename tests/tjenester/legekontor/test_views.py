"""The GP office pages: the book, the waiting room, the consultation with the unverified
fee mark, and the list overview; bad input stays on the page with a Norwegian message."""

from __future__ import annotations

import pytest

from tests.conftest import actor, logged_in
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


def test_the_gp_puts_a_patient_on_the_list_and_takes_him_off_on_the_list_page(
    kontor: Kontor,
) -> None:
    import datetime as dt

    from tests.acting import acting_as
    from tests.conftest import actor
    from tests.factories import EnhetFactory
    from tjenester.legekontor.models import Listeplass
    from tjenester.legekontor.services import fastlegeliste_create

    with acting_as(kontor.lege):
        liste = fastlegeliste_create(actor=kontor.lege, lege_id=kontor.lege.pk, kapasitet=10)
    pasient = PasientFactory(fornavn="Per", etternavn="Listesen")
    gp = logged_in(kontor.lege)
    url = f"/legekontor/lister/{liste.pk}/"
    assert url in gp.get("/legekontor/lister/").content.decode()
    # a number nobody has: the message next to the field, what was typed kept
    bad = gp.post(f"{url}meld-inn/", {"identifikator": "12345678901", "fra": ""})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "Fant ingen pasient med dette nummeret." in html
    assert 'value="12345678901"' in html
    bad_date = gp.post(
        f"{url}meld-inn/", {"identifikator": pasient.identifikator, "fra": "9999-99"}
    )
    assert bad_date.status_code == 400
    assert not Listeplass.objects.exists()
    fra = kontor.dag - dt.timedelta(days=10)
    ok = gp.post(
        f"{url}meld-inn/", {"identifikator": pasient.identifikator, "fra": fra.isoformat()}
    )
    assert ok.status_code == 302
    plass = Listeplass.objects.get()
    assert plass.fra == fra
    html = gp.get(url).content.decode()
    assert "Per Listesen" in html
    assert 'data-testid="meld-ut"' in html
    # leaving needs a reason; the error stays on the row
    no_reason = gp.post(f"{url}plass/{plass.pk}/meld-ut/", {"grunn": "", "til": ""})
    assert no_reason.status_code == 400
    assert "Dette feltet er påkrevd" in no_reason.content.decode()
    gp.post(
        f"{url}plass/{plass.pk}/meld-ut/",
        {"grunn": "Flyttet fra kommunen", "til": kontor.dag.isoformat()},
    )
    plass.refresh_from_db()
    assert plass.til == kontor.dag
    history = gp.get(url).content.decode()
    assert "Flyttet fra kommunen" in history
    assert kontor.dag.strftime("%d.%m.%Y") in history

    # the desk sees the list but is offered no joining or leaving, and may not post them
    desk = logged_in(kontor.sekretaer)
    seen = desk.get(url).content.decode()
    assert "Per Listesen" in seen
    assert 'data-testid="meld-inn"' not in seen
    denied = desk.post(f"{url}meld-inn/", {"identifikator": pasient.identifikator})
    assert denied.status_code in (403, 404)
    assert Listeplass.objects.count() == 1
    # another office's GP gets the same 404 as for a list that does not exist
    annet = EnhetFactory(type="legekontor", virksomhet=kontor.enhet.virksomhet)
    fremmed = logged_in(actor(annet, "lege", username="lk-fremmed"))
    assert fremmed.get(url).status_code == 404
    assert (
        fremmed.get("/legekontor/lister/00000000-0000-0000-0000-000000000000/").status_code == 404
    )


def test_the_desk_moves_a_booking_on_the_page(kontor: Kontor) -> None:
    from tests.conftest import actor
    from tests.factories import EnhetFactory

    desk = logged_in(kontor.sekretaer)
    pasient = PasientFactory(fornavn="Flytte")
    desk.post(
        "/legekontor/",
        {
            "ressurs": str(kontor.ressurs.pk),
            "identifikator": pasient.identifikator,
            "start": kontor.kl(10).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    desk.post(
        "/legekontor/",
        {
            "ressurs": str(kontor.ressurs.pk),
            "identifikator": PasientFactory().identifikator,
            "start": kontor.kl(10, 20).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    time = Timeavtale.objects.get(pasient=pasient)
    day = desk.get(f"/legekontor/?ressurs={kontor.ressurs.pk}&dato={kontor.dag.isoformat()}")
    assert f"/legekontor/timer/{time.pk}/flytt/" in day.content.decode()
    page = desk.get(f"/legekontor/timer/{time.pk}/flytt/")
    assert page.status_code == 200
    # onto the other booking: the Norwegian message, the typed time kept, nothing moved
    typed = kontor.kl(10, 20).strftime("%Y-%m-%dT%H:%M")
    taken = desk.post(f"/legekontor/timer/{time.pk}/flytt/", {"start": typed})
    assert taken.status_code == 400
    assert "Tiden er allerede booket" in taken.content.decode()
    assert f'value="{typed}"' in taken.content.decode()
    garbage = desk.post(f"/legekontor/timer/{time.pk}/flytt/", {"start": "i morgen"})
    assert garbage.status_code == 400
    time.refresh_from_db()
    assert time.start == kontor.kl(10)
    moved = desk.post(
        f"/legekontor/timer/{time.pk}/flytt/",
        {"start": kontor.kl(12, 20).strftime("%Y-%m-%dT%H:%M")},
    )
    assert moved.status_code == 302
    time.refresh_from_db()
    assert time.start == kontor.kl(12, 20)
    # another office: the same 404 as for a booking that does not exist
    annet = EnhetFactory(type="legekontor", virksomhet=kontor.enhet.virksomhet)
    fremmed = logged_in(actor(annet, "helsesekretaer", username="lk-fremmed-sekr"))
    assert fremmed.get(f"/legekontor/timer/{time.pk}/flytt/").status_code == 404
    assert (
        fremmed.get("/legekontor/timer/00000000-0000-0000-0000-000000000000/flytt/").status_code
        == 404
    )


def test_the_gp_keeps_the_slot_templates_and_the_desk_only_reads_them(kontor: Kontor) -> None:
    import datetime as dt

    from tests.conftest import actor
    from tests.factories import EnhetFactory
    from tjenester.legekontor.models import Timemal

    url = f"/legekontor/maler/{kontor.ressurs.pk}/"
    gp = logged_in(kontor.lege)
    page = gp.get(url)
    assert page.status_code == 200
    assert 'data-testid="ny-timemal"' in page.content.decode()
    before = Timemal.objects.filter(ressurs=kontor.ressurs).count()
    # overlapping the morning template: the message next to the field, the typed time kept
    overlap = gp.post(
        url, {"ukedag": "0", "fra": "10:00", "til": "12:00", "lengde_min": "20", "type": "akutt"}
    )
    assert overlap.status_code == 400
    html = overlap.content.decode()
    assert "Tiden overlapper en annen timemal denne dagen." in html
    assert 'value="12:00"' in html
    backwards = gp.post(
        url, {"ukedag": "0", "fra": "18:00", "til": "17:00", "lengde_min": "20", "type": "akutt"}
    )
    assert backwards.status_code == 400
    assert "Slutt må være etter start." in backwards.content.decode()
    garbage = gp.post(url, {"ukedag": "9", "fra": "kl 8", "til": "", "lengde_min": "x"})
    assert garbage.status_code == 400
    assert Timemal.objects.filter(ressurs=kontor.ressurs).count() == before
    ok = gp.post(
        url, {"ukedag": "0", "fra": "16:00", "til": "17:00", "lengde_min": "15", "type": "akutt"}
    )
    assert ok.status_code == 302
    ny = Timemal.objects.get(ressurs=kontor.ressurs, ukedag=0, fra=dt.time(16))
    assert (ny.til, ny.lengde_min, ny.type) == (dt.time(17), 15, "akutt")
    assert "16:00–17:00" in gp.get(url).content.decode()

    # the receptionist sees the templates but may not change them
    desk = logged_in(kontor.sekretaer)
    seen = desk.get(url).content.decode()
    assert "16:00–17:00" in seen
    assert 'data-testid="ny-timemal"' not in seen
    assert desk.post(url, {"ukedag": "1", "fra": "16:00", "til": "17:00"}).status_code == 404
    desk.post(f"{url}{ny.pk}/slett/")
    assert Timemal.objects.filter(pk=ny.pk).exists()
    # another office: the same 404 as for a resource that does not exist
    annet = EnhetFactory(type="legekontor", virksomhet=kontor.enhet.virksomhet)
    fremmed = logged_in(actor(annet, "lege", username="lk-fremmed-lege"))
    assert fremmed.get(url).status_code == 404
    assert fremmed.get(f"/legekontor/maler/{ny.pk}/").status_code == 404
    fremmed.post(f"{url}{ny.pk}/slett/")
    assert Timemal.objects.filter(pk=ny.pk).exists()
    # the GP removes it
    gp.post(f"{url}{ny.pk}/slett/")
    assert not Timemal.objects.filter(pk=ny.pk).exists()


def test_the_offices_leader_may_keep_the_templates(kontor: Kontor) -> None:
    leder = actor(kontor.enhet, "leder", username="lk-leder")
    page = logged_in(leder).get(f"/legekontor/maler/{kontor.ressurs.pk}/")
    assert page.status_code == 200
    assert 'data-testid="ny-timemal"' in page.content.decode()
