"""The ward's shift page: the ward manager registers shifts (payroll reads them); nurses may not."""

from __future__ import annotations

import pytest

from core.klokke import idag
from core.models import Ansatt, Vakt
from tests.conftest import logged_in

pytestmark = pytest.mark.django_db


def test_the_ward_manager_registers_a_night_shift_and_sees_it(
    leder: Ansatt, sykepleier_avd: Ansatt
) -> None:
    # given
    client = logged_in(leder)
    # when: a night shift for the ward's nurse, tonight
    response = client.post(
        "/sykehjem/vakter/",
        {
            "ansatt": str(sykepleier_avd.pk),
            "dato": idag().isoformat(),
            "fra_tid": "22:00",
            "til_tid": "07:30",
        },
    )
    page = client.get("/sykehjem/vakter/")
    # then
    assert response.status_code == 302
    vakt = Vakt.objects.get(ansatt=sykepleier_avd)
    assert vakt.minutter == 570
    assert page.status_code == 200
    listed = page.content.decode().split('data-testid="vakter"')[1].split("</ul>")[0]
    assert "22:00–07:30" in listed
    assert "(570 min)" in listed


def test_a_bad_shift_is_a_norwegian_400_and_nothing_is_saved(
    leder: Ansatt, sykepleier_avd: Ansatt
) -> None:
    response = logged_in(leder).post(
        "/sykehjem/vakter/",
        {
            "ansatt": str(sykepleier_avd.pk),
            "dato": "2026-03-06",
            "fra_tid": "07:30",
            "til_tid": "07:30",
        },
    )
    assert response.status_code == 400
    assert "ulik start- og sluttid" in response.content.decode()
    assert not Vakt.objects.exists()


def test_a_nurse_cannot_open_the_shift_page(sykepleier_avd: Ansatt) -> None:
    assert logged_in(sykepleier_avd).get("/sykehjem/vakter/").status_code == 403
