"""The ward task-list page: the list by part of day and resident, ticking with and without
HTMX, read-only days, and who may see it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core.klokke import idag
from core.models import Ansatt
from tests.conftest import logged_in
from tests.tjenester.sykehjem.conftest import Oppgaveoppsett
from tjenester.sykehjem.models import Avdelingsoppgave, OppgaveStatus

pytestmark = pytest.mark.django_db

I_DAG = idag()
URL = "/sykehjem/oppgaver/"
KVITTER = "/sykehjem/oppgaver/kvitter/"


def _rad(oppgaver: Oppgaveoppsett) -> str:
    return f"oppg-{oppgaver.drikke.pk}-{I_DAG:%Y%m%d}-0800"


def _post(oppgaver: Oppgaveoppsett, **fields: str) -> dict[str, str]:
    return {
        "tiltak": str(oppgaver.drikke.pk),
        "dato": I_DAG.isoformat(),
        "tidspunkt": "08:00",
        "rad": _rad(oppgaver),
        **fields,
    }


def test_nurse_sees_todays_tasks_by_part_of_day_with_tick_buttons(
    oppgaver: Oppgaveoppsett, sykepleier_avd: Ansatt, django_assert_max_num_queries: Any
) -> None:
    # when
    client = logged_in(sykepleier_avd)
    with django_assert_max_num_queries(30):
        response = client.get(URL)
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("I løpet av dagen") < html.index("Morgen (06–10)") < html.index("Kveld")
    assert "Kari Østby" in html
    assert "rom 101 A" in html
    assert "Berit Beboer" in html
    assert "Hjemmebesøk" not in html
    assert html.count('data-testid="oppgave"') == 4
    assert html.count('value="utfort"') == 4
    assert f'id="{_rad(oppgaver)}"' in html
    assert "0 av 4 kvittert" in html


def test_nav_links_the_task_list(oppgaver: Oppgaveoppsett, sykepleier_avd: Ansatt) -> None:
    # when
    html = logged_in(sykepleier_avd).get("/sykehjem/belegg/").content.decode()
    # then
    assert 'href="/sykehjem/oppgaver/"' in html


def test_htmx_tick_swaps_the_row(oppgaver: Oppgaveoppsett, sykepleier_avd: Ansatt) -> None:
    # when
    response = logged_in(sykepleier_avd).post(
        KVITTER, _post(oppgaver, status="utfort"), HTTP_HX_REQUEST="true"
    )
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith(f'<li id="{_rad(oppgaver)}" class="shj-oppgave utfort"')
    assert "Utført" in html
    assert sykepleier_avd.get_full_name() in html
    assert Avdelingsoppgave.objects.get().status == OppgaveStatus.UTFORT


def test_htmx_not_done_without_reason_shows_the_message_in_the_row(
    oppgaver: Oppgaveoppsett, sykepleier_avd: Ansatt
) -> None:
    # when
    response = logged_in(sykepleier_avd).post(
        KVITTER, _post(oppgaver, status="ikke_utfort", grunn=""), HTTP_HX_REQUEST="true"
    )
    # then
    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#{_rad(oppgaver)}-feil"
    assert response.content.decode() == "Skriv hvorfor oppgaven ikke ble utført."
    assert not Avdelingsoppgave.objects.exists()


def test_htmx_error_with_a_forged_row_id_swaps_nothing(
    oppgaver: Oppgaveoppsett, sykepleier_avd: Ansatt
) -> None:
    # when
    response = logged_in(sykepleier_avd).post(
        KVITTER,
        _post(oppgaver, status="ikke_utfort", rad="x, body"),
        HTTP_HX_REQUEST="true",
    )
    # then
    assert response["HX-Reswap"] == "none"
    assert "HX-Retarget" not in response


def test_tick_without_js_redirects_back_with_a_message(
    oppgaver: Oppgaveoppsett, hfa_avd: Ansatt
) -> None:
    # when
    client = logged_in(hfa_avd)
    response = client.post(KVITTER, _post(oppgaver, status="ikke_utfort", grunn="Avslo"))
    # then
    assert response.status_code == 302
    assert response["Location"] == f"{URL}#{_rad(oppgaver)}"
    html = client.get(URL).content.decode()
    assert "Lagret: Tilby drikke." in html
    assert "Ikke utført</strong>: Avslo" in html
    assert "1 av 4 kvittert" in html


def test_other_days_are_read_only(oppgaver: Oppgaveoppsett, sykepleier_avd: Ansatt) -> None:
    # when
    i_gar = (I_DAG - dt.timedelta(days=1)).isoformat()
    response = logged_in(sykepleier_avd).get(URL, {"dato": i_gar})
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "Andre dager vises bare" in html
    assert 'value="utfort"' not in html
    assert html.count('data-testid="oppgave"') == 4


def test_leader_sees_the_list_without_buttons(oppgaver: Oppgaveoppsett, leder: Ansatt) -> None:
    # when
    response = logged_in(leder).get(URL)
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "Du kan se listen, men ikke kvittere her." in html
    assert 'value="utfort"' not in html


@pytest.mark.parametrize(
    ("navn", "status"),
    [("lege_med_relasjon", 400), ("ansatt_annen_enhet", 200), ("admin_uten_pasienttilgang", 403)],
)
def test_others_see_no_residents(
    navn: str, status: int, oppgaver: Oppgaveoppsett, request: pytest.FixtureRequest
) -> None:
    # given: acting in home care (no ward), in another ward, or without patient access
    ansatt: Ansatt = request.getfixturevalue(navn)
    # when
    response = logged_in(ansatt).get(URL)
    # then
    html = response.content.decode()
    assert response.status_code == status
    assert "Kari Østby" not in html
    assert "Berit Beboer" not in html
    if status == 400:
        assert "Velg avdelingen du jobber på" in html


def test_tick_by_another_ward_is_the_404_page(
    oppgaver: Oppgaveoppsett, ansatt_annen_enhet: Ansatt
) -> None:
    # when
    response = logged_in(ansatt_annen_enhet).post(KVITTER, _post(oppgaver, status="utfort"))
    # then
    assert response.status_code == 404
    assert not Avdelingsoppgave.objects.exists()


def test_anonymous_is_sent_to_login() -> None:
    # when
    from django.test import Client

    response = Client().get(URL)
    # then
    assert response.status_code == 302
    assert "/logg-inn/" in response["Location"]


@pytest.mark.parametrize(
    ("navn", "vises"),
    [
        ("sykepleier_avd", True),  # acting in a ward
        ("leder", True),
        ("lege_med_relasjon", False),  # home care, no stays to manage
        ("admin_uten_pasienttilgang", False),
    ],
)
def test_main_menu_links_the_nursing_home(
    navn: str, vises: bool, request: pytest.FixtureRequest
) -> None:
    # given
    ansatt: Ansatt = request.getfixturevalue(navn)
    # when
    response = logged_in(ansatt).get("/", follow=True)
    html = response.content.decode()
    # then
    nav = html[html.index('class="mainnav"') : html.index("</nav>")]
    assert ('href="/sykehjem/belegg/">Sykehjem</a>' in nav) is vises
