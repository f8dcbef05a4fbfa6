"""Home-care pages: the day list (query guard), the nurse's list and visit page, ticking
with HTMX, check-in/out, vitals through journal's form, the leader's page, missed visits."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core.context import system_context
from core.klokke import idag, naa
from core.models import Ansatt, AuditLogg, Enhet
from journal.models import KritiskInformasjon, Maaling, Pasient
from journal.services.tjeneste import TjenesteData, tjeneste_start
from tests.conftest import logged_in
from tests.factories import PasientFactory
from tests.tjenester.hjemmetjeneste.conftest import many_visits
from tests.tjenester.hjemmetjeneste.factories import BesoekFactory
from tjenester.hjemmetjeneste.models import Besoek, BesoekStatus
from tjenester.hjemmetjeneste.services import besoek_flag_late

pytestmark = pytest.mark.django_db


def test_day_list_shows_visits_flags_and_no_print(
    sykepleier: Ansatt, besoek_i_dag: Besoek, enhet: Enhet, pasient: Pasient
) -> None:
    # given: an unassigned visit too
    BesoekFactory(
        enhet=enhet,
        pasient=pasient,
        dato=idag(),
        fra_tid=dt.time(12),
        til_tid=dt.time(13),
    )
    # when
    response = logged_in(sykepleier).get("/hjemmetjeneste/dagsliste/")
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kari Østby" in html
    assert "Storgata 1" in html
    assert "1 ikke tildelt" in html
    assert "0/2 oppgaver" in html
    assert "bevisst ingen utskrift" in html
    assert "window.print" not in html
    assert "@media print" not in html


def test_day_list_query_count_does_not_grow_with_visits(
    sykepleier: Ansatt, enhet: Enhet, django_assert_max_num_queries: Any
) -> None:
    # given
    many_visits(enhet, sykepleier, 40)
    client = logged_in(sykepleier)
    # when / then
    with django_assert_max_num_queries(25):
        response = client.get("/hjemmetjeneste/dagsliste/")
    assert response.content.decode().count('data-testid="dagsliste-rad"') == 40


def test_day_list_rejects_a_bad_date_in_norwegian(sykepleier: Ansatt) -> None:
    response = logged_in(sykepleier).get("/hjemmetjeneste/dagsliste/?dato=i-morgen")
    assert response.status_code == 400
    assert "gyldig dato" in response.content.decode()


def test_move_down_and_assign_from_the_day_list(
    sykepleier: Ansatt, enhet: Enhet, pasient: Pasient
) -> None:
    # given: two visits on the nurse's list
    today = idag()
    first = BesoekFactory(enhet=enhet, pasient=pasient, ansatt=sykepleier, rekkefolge=1)
    second = BesoekFactory(enhet=enhet, pasient=pasient, ansatt=sykepleier, rekkefolge=2)
    other = BesoekFactory(enhet=enhet, pasient=pasient)
    client = logged_in(sykepleier)
    # when
    client.post(f"/hjemmetjeneste/besok/{first.pk}/flytt/", {"retning": "ned", "dato": today})
    client.post(
        f"/hjemmetjeneste/besok/{other.pk}/tildel/", {"ansatt": sykepleier.pk, "dato": today}
    )
    # then
    order = list(
        Besoek.objects.filter(ansatt=sykepleier).order_by("rekkefolge").values_list("pk", flat=True)
    )
    assert order == [second.pk, first.pk, other.pk]


def test_optimise_from_the_day_list(sykepleier: Ansatt, enhet: Enhet) -> None:
    # given
    many_visits(enhet, sykepleier, 8)
    # when
    response = logged_in(sykepleier).post(
        "/hjemmetjeneste/dagsliste/optimaliser/", {"dato": idag(), "fordel": "on"}
    )
    # then: every planned visit is given to the nurse on shift (the only one who may)
    assert response.status_code == 302
    assert not Besoek.objects.filter(ansatt__isnull=True).exists()


def test_my_visits_and_the_visit_page_show_allergies_before_tasks(
    sykepleier: Ansatt, besoek_i_dag: Besoek, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    KritiskInformasjon.objects.create(
        pasient=pasient, enhet=enhet, type="allergi", tittel="Penicillin", registrert_av=sykepleier
    )
    client = logged_in(sykepleier)
    # when
    mine = client.get("/hjemmetjeneste/mine-besok/").content.decode()
    page = client.get(f"/hjemmetjeneste/besok/{besoek_i_dag.pk}/").content.decode()
    # then
    assert f"/hjemmetjeneste/besok/{besoek_i_dag.pk}/" in mine
    assert page.index("Penicillin") < page.index("Gi morgenmedisin")
    assert "Nøkkelboks" in page
    assert "geo:60.19000,11.99000" in page
    assert "openstreetmap.org" in page


def test_tick_with_htmx_check_in_and_out(sykepleier: Ansatt, besoek_i_dag: Besoek) -> None:
    client = logged_in(sykepleier)
    oppgave = besoek_i_dag.oppgaver.order_by("tekst").first()
    assert oppgave is not None
    url = f"/hjemmetjeneste/besok/{besoek_i_dag.pk}"
    # when
    client.post(f"{url}/sjekk-inn/")
    missing = client.post(
        f"{url}/oppgaver/{oppgave.pk}/", {"utfort": "nei"}, HTTP_HX_REQUEST="true"
    )
    ticked = client.post(f"{url}/oppgaver/{oppgave.pk}/", {"utfort": "ja"}, HTTP_HX_REQUEST="true")
    out = client.post(f"{url}/sjekk-ut/")
    # then
    assert missing.status_code == 400
    assert "Skriv hvorfor" in missing.content.decode()
    assert ticked.status_code == 200
    assert "Gjort" in ticked.content.decode()
    assert out.status_code == 302
    besoek_i_dag.refresh_from_db()
    assert besoek_i_dag.status == BesoekStatus.UTFORT
    assert besoek_i_dag.faktisk_min == 1


def test_vitals_from_the_visit_use_journal_and_come_back(
    sykepleier: Ansatt, besoek_i_dag: Besoek
) -> None:
    # when
    response = logged_in(sykepleier).post(
        f"/hjemmetjeneste/besok/{besoek_i_dag.pk}/maling/",
        {
            "respirasjon": "22",
            "spo2": "95",
            "spo2_skala": "1",
            "oksygen": "oksygen",
            "systolisk": "105",
            "puls": "95",
            "bevissthet": "A",
            "temperatur": "37,0",
        },
    )
    # then
    assert response.status_code == 302
    assert response["Location"] == f"/hjemmetjeneste/besok/{besoek_i_dag.pk}/"
    assert Maaling.objects.get(pasient_id=besoek_i_dag.pasient_id).news2 == 7


def test_nurse_of_another_district_gets_404(
    ansatt_annen_enhet: Ansatt, besoek_i_dag: Besoek
) -> None:
    client = logged_in(ansatt_annen_enhet)
    for path in ("", "sjekk-inn/", "maling/"):
        method = client.get if path in ("", "maling/") else client.post
        response = method(f"/hjemmetjeneste/besok/{besoek_i_dag.pk}/{path}")
        assert response.status_code == 404
    assert not AuditLogg.objects.filter(
        aktor_id=ansatt_annen_enhet.pk, pasient_id=besoek_i_dag.pasient_id
    ).exists()


def test_leader_sees_missed_visits_and_performed_time(
    leder: Ansatt, sykepleier: Ansatt, enhet: Enhet, pasient: Pasient
) -> None:
    # given: one visit done (25 min), one missed this morning
    today = idag()
    start = naa() - dt.timedelta(hours=1)
    BesoekFactory(
        enhet=enhet,
        pasient=pasient,
        status=BesoekStatus.UTFORT,
        utfort_av=sykepleier,
        innsjekk_at=start,
        utsjekk_at=start + dt.timedelta(minutes=25),
        faktisk_min=25,
    )
    BesoekFactory(
        enhet=enhet, pasient=pasient, dato=today, fra_tid=dt.time(0), til_tid=dt.time(0, 1)
    )
    with system_context():
        besoek_flag_late()
    # when
    response = logged_in(leder).get("/hjemmetjeneste/leder/")
    patient_page = logged_in(sykepleier).get(f"/hjemmetjeneste/pasient/{pasient.pk}/besok/")
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kari Østby" in html.split('data-testid="uteblitte"')[1]
    assert "Siri Sykepleier" in html
    assert "0 t 25 min" in html
    assert "Ikke startet i tide" in patient_page.content.decode()


def test_leader_page_is_for_leaders(sykepleier: Ansatt) -> None:
    assert logged_in(sykepleier).get("/hjemmetjeneste/leder/").status_code == 403


def test_leader_sees_granted_services_without_planned_visits(
    leder: Ansatt, enhet: Enhet, pasient: Pasient
) -> None:
    # given: a granted home-nursing service for the district, and no visits planned
    other = PasientFactory(fornavn="Ola", etternavn="Planlagt", relasjon_til=enhet)
    with system_context():
        for p in (pasient, other):
            tjeneste_start(
                actor=None,
                pasient_id=p.pk,
                enhet_id=enhet.pk,
                data=TjenesteData("15", "Helsetjenester i hjemmet", fra_dato=idag()),
            )
    BesoekFactory(enhet=enhet, pasient=other, dato=idag() + dt.timedelta(days=2))
    # when
    html = logged_in(leder).get("/hjemmetjeneste/leder/").content.decode()
    # then: only the patient without visits is flagged
    flagged = html.split('data-testid="uten-besoksplan"')[1].split("</ul>")[0]
    assert "Kari Østby" in flagged
    assert "Planlagt" not in flagged


@pytest.mark.parametrize(
    ("navn", "lenke"),
    [
        ("sykepleier", "/hjemmetjeneste/mine-besok/"),  # a district nurse: her visits
        ("ansatt_annen_enhet", None),  # a nursing-home ward: no home-care link
    ],
)
def test_main_menu_links_home_care_for_its_staff(
    navn: str, lenke: str | None, request: pytest.FixtureRequest
) -> None:
    # given
    ansatt: Ansatt = request.getfixturevalue(navn)
    # when
    html = logged_in(ansatt).get("/", follow=True).content.decode()
    # then
    nav = html[html.index('class="mainnav"') : html.index("</nav>")]
    if lenke is None:
        assert ">Hjemmetjeneste</a>" not in nav
    else:
        assert f'href="{lenke}">Hjemmetjeneste</a>' in nav
