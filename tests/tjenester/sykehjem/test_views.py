"""The nursing-home pages: board, admission from the waiting list, stay events, beds;
access for the named actors and the nurse who may not admit."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from core.klokke import idag
from core.models import Ansatt, Enhet
from journal.models import Pasient
from tests.acting import acting_as
from tests.conftest import logged_in
from tests.factories import PasientFactory
from tjenester.sykehjem.models import (
    Fravaer,
    Opphold,
    OppholdStatus,
    Oppholdstype,
    Seng,
    Venteliste,
    VentelisteStatus,
)
from tjenester.sykehjem.services import opphold_create, venteliste_create

pytestmark = pytest.mark.django_db

I_DAG = idag()


@pytest.fixture
def opphold(leder: Ansatt, senger: list[Seng], pasient: Pasient) -> Opphold:
    with acting_as(leder):
        return opphold_create(
            actor=leder,
            seng_id=senger[0].pk,
            pasient_id=pasient.pk,
            type=Oppholdstype.LANGTID,
            fra=I_DAG - dt.timedelta(days=30),
        )


def test_board_page_shows_counts_and_beds(leder: Ansatt, opphold: Opphold) -> None:
    # when
    response = logged_in(leder).get("/sykehjem/belegg/")
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="sum-ledig">2<' in html
    assert 'data-testid="sum-belagt">1<' in html
    assert opphold.pasient.fullt_navn in html
    assert "Legg inn" in html


def test_board_page_with_a_bad_date_is_a_clear_400(leder: Ansatt) -> None:
    # when
    response = logged_in(leder).get("/sykehjem/belegg/?dato=i-morgen")
    # then
    assert response.status_code == 400
    assert "ÅÅÅÅ-MM-DD" in response.content.decode()


def test_admission_from_the_waiting_list(
    leder: Ansatt, avdeling: Enhet, senger: list[Seng]
) -> None:
    # given
    pasient = PasientFactory(relasjon_til=avdeling, fornavn="Ventende")
    with acting_as(leder):
        entry = venteliste_create(actor=leder, pasient_id=pasient.pk, prioritet=1)
    client = logged_in(leder)
    form = client.get(f"/sykehjem/opphold/ny/?venteliste={entry.pk}&seng={senger[1].pk}")
    assert pasient.fullt_navn in form.content.decode()
    # when
    response = client.post(
        "/sykehjem/opphold/ny/",
        {
            "venteliste": str(entry.pk),
            "seng": str(senger[1].pk),
            "type": Oppholdstype.LANGTID,
            "fra": I_DAG.isoformat(),
        },
    )
    # then
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == VentelisteStatus.INNLAGT
    assert Opphold.objects.get(pasient=pasient).seng_id == senger[1].pk
    assert (
        'data-testid="venteliste-rad"' not in client.get("/sykehjem/venteliste/").content.decode()
    )


def test_admission_to_a_bed_reserved_later_shows_the_norwegian_message(
    leder: Ansatt, senger: list[Seng]
) -> None:
    # given: the bed is free today but reserved from next week
    with acting_as(leder):
        opphold_create(
            actor=leder,
            seng_id=senger[1].pk,
            pasient_id=PasientFactory().pk,
            type=Oppholdstype.LANGTID,
            fra=I_DAG + dt.timedelta(days=7),
        )
    # when: an open-ended stay from today
    response = logged_in(leder).post(
        "/sykehjem/opphold/ny/",
        {
            "identifikator": PasientFactory().identifikator,
            "seng": str(senger[1].pk),
            "type": Oppholdstype.KORTTID,
            "fra": I_DAG.isoformat(),
        },
    )
    # then
    assert response.status_code == 400
    assert "Sengen er allerede belagt i perioden." in response.content.decode()


def test_a_nurse_cannot_open_admission_or_beds(sykepleier_avd: Ansatt) -> None:
    # when
    client = logged_in(sykepleier_avd)
    # then
    assert client.get("/sykehjem/opphold/ny/").status_code == 403
    assert client.get("/sykehjem/senger/").status_code == 403
    assert client.get("/sykehjem/belegg/").status_code == 200  # the board is for everyone


def test_stay_page_access_matrix(
    opphold: Opphold,
    leder: Ansatt,
    lege_med_relasjon: Ansatt,
    ansatt_annen_enhet: Ansatt,
    admin_uten_pasienttilgang: Ansatt,
) -> None:
    # when
    url = f"/sykehjem/opphold/{opphold.pk}/"
    missing = logged_in(ansatt_annen_enhet).get(f"/sykehjem/opphold/{uuid.uuid4()}/")
    # then
    leder_side = logged_in(leder).get(url)
    assert leder_side.status_code == 200
    assert "Utskrivning" in leder_side.content.decode()
    lege_side = logged_in(lege_med_relasjon).get(url)
    assert lege_side.status_code == 200
    assert "Utskrivning" not in lege_side.content.decode()  # reads, may not manage
    for stranger in (ansatt_annen_enhet, admin_uten_pasienttilgang):
        denied = logged_in(stranger).get(url)
        assert denied.status_code == missing.status_code == 404


def test_leave_return_and_discharge_from_the_stay_page(leder: Ansatt, opphold: Opphold) -> None:
    # given
    client = logged_in(leder)
    base = f"/sykehjem/opphold/{opphold.pk}"
    # when
    client.post(f"{base}/fravar/", {"type": "sykehus", "fra": I_DAG.isoformat()})
    fravar = Fravaer.objects.get(opphold=opphold)
    page = client.get(f"{base}/").content.decode()
    client.post(f"{base}/fravar_slutt/", {"fravar": str(fravar.pk), "dato": I_DAG.isoformat()})
    ut = client.post(f"{base}/utskriv/", {"dato": I_DAG.isoformat()}, follow=True)
    # then
    assert "Pasienten er tilbake" in page
    fravar.refresh_from_db()
    assert fravar.til == I_DAG
    opphold.refresh_from_db()
    assert opphold.status == OppholdStatus.AVSLUTTET
    assert "Sengen er ledig" in ut.content.decode()


def test_discharge_in_the_future_is_refused_with_a_message(leder: Ansatt, opphold: Opphold) -> None:
    # when
    response = logged_in(leder).post(
        f"/sykehjem/opphold/{opphold.pk}/utskriv/",
        {"dato": (I_DAG + dt.timedelta(days=2)).isoformat()},
        follow=True,
    )
    # then
    assert "fram i tid" in response.content.decode()
    opphold.refresh_from_db()
    assert opphold.status == OppholdStatus.AKTIV


def test_transfer_and_unknown_event(leder: Ansatt, opphold: Opphold, senger: list[Seng]) -> None:
    # when
    client = logged_in(leder)
    moved = client.post(
        f"/sykehjem/opphold/{opphold.pk}/overflytt/",
        {"seng": str(senger[2].pk), "dato": I_DAG.isoformat()},
    )
    unknown = client.post(f"/sykehjem/opphold/{opphold.pk}/tull/")
    # then
    assert moved.status_code == 302
    opphold.refresh_from_db()
    assert opphold.seng_id == senger[2].pk
    assert unknown.status_code == 400


def test_a_stranger_cannot_act_on_a_stay(ansatt_annen_enhet: Ansatt, opphold: Opphold) -> None:
    # when
    response = logged_in(ansatt_annen_enhet).post(
        f"/sykehjem/opphold/{opphold.pk}/utskriv/", {"dato": I_DAG.isoformat()}
    )
    # then: the stranger's unit is no ward of this municipality (403) or sees nothing (404)
    assert response.status_code in (403, 404)
    opphold.refresh_from_db()
    assert opphold.status == OppholdStatus.AKTIV


def test_waiting_list_page_add_and_remove(leder: Ansatt, avdeling: Enhet) -> None:
    # given
    pasient = PasientFactory(relasjon_til=avdeling)
    client = logged_in(leder)
    # when
    added = client.post(
        "/sykehjem/venteliste/",
        {
            "identifikator": pasient.identifikator,
            "prioritet": "2",
            "soknadsdato": I_DAG.isoformat(),
        },
    )
    entry = Venteliste.objects.get(pasient=pasient)
    listed = client.get("/sykehjem/venteliste/").content.decode()
    client.post(f"/sykehjem/venteliste/{entry.pk}/fjern/")
    # then
    assert added.status_code == 302
    assert pasient.fullt_navn in listed
    entry.refresh_from_db()
    assert entry.status == VentelisteStatus.TRUKKET


def test_waiting_list_unknown_patient(leder: Ansatt) -> None:
    # when
    response = logged_in(leder).post(
        "/sykehjem/venteliste/",
        {"identifikator": "01010100000", "prioritet": "2", "soknadsdato": I_DAG.isoformat()},
    )
    # then: the ordinary 404, the same as for a patient one has no access to
    assert response.status_code == 404


def test_rooms_and_beds_page(leder: Ansatt, avdeling: Enhet) -> None:
    # given
    client = logged_in(leder)
    # when
    client.post("/sykehjem/senger/", {"handling": "rom", "navn": "110"})
    rom_id = avdeling.pk and client.get("/sykehjem/senger/").context["rom"][0].pk
    client.post(
        "/sykehjem/senger/", {"handling": "seng", "rom": str(rom_id), "navn": "A", "type": "demens"}
    )
    seng = Seng.objects.get(rom_id=rom_id)
    client.post(f"/sykehjem/senger/{seng.pk}/aktiv/", {"aktiv": "0"})
    page = client.get("/sykehjem/senger/").content.decode()
    # then
    seng.refresh_from_db()
    assert seng.type == "demens"
    assert not seng.aktiv
    assert "ute av drift" in page
