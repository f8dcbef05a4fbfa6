"""Pages under /lonn/: the access matrix, create / build / close, lines with filter and
paging, build progress by polling, and the audited CSV download."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg
from integrasjoner.lonn import tasks
from integrasjoner.lonn.models import ByggStatus, Loennsperiode
from tests.conftest import logged_in
from tests.integrasjoner.lonn.conftest import MARS, Oppsett, periode_create

pytestmark = pytest.mark.django_db

MISSING = "00000000-0000-4000-8000-000000000000"


def _urls(periode_id: object) -> list[tuple[str, str]]:
    base = f"/lonn/{periode_id}/"
    return [
        ("get", base),
        ("get", f"{base}fremdrift/"),
        ("get", f"{base}fil.csv"),
        ("post", f"{base}bygg/"),
        ("post", f"{base}lukk/"),
    ]


def test_only_admins_of_the_municipality_see_payroll(
    oppsett: Oppsett,
    admin: Ansatt,
    admin_annen_kommune: Ansatt,
    kollega_samme_enhet: Ansatt,
    lege_med_relasjon: Ansatt,
    bygget_mars: Loennsperiode,
) -> None:
    # given / when / then: not logged in → login page
    assert Client().get("/lonn/").status_code == 302
    assert Client().get(f"/lonn/{bygget_mars.pk}/").status_code == 302
    # staff without the ADMIN right → 403
    for ansatt in (kollega_samme_enhet, lege_med_relasjon):
        client = logged_in(ansatt)
        assert client.get("/lonn/").status_code == 403
        for method, url in _urls(bygget_mars.pk):
            assert getattr(client, method)(url).status_code == 403, url
    # an admin of another municipality → the same 404 as a period that does not exist
    other = logged_in(admin_annen_kommune)
    assert other.get("/lonn/").status_code == 200
    assert "01.03.2026" not in other.get("/lonn/").content.decode()
    for method, url in _urls(bygget_mars.pk):
        assert getattr(other, method)(url).status_code == 404, url
    for method, url in _urls(MISSING):
        assert getattr(logged_in(admin), method)(url).status_code == 404, url
    bygget_mars.refresh_from_db()
    assert bygget_mars.status == "aapen"


def test_admin_creates_builds_and_closes_a_period(
    oppsett: Oppsett, admin: Ansatt, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    # given
    client = logged_in(admin)
    # when: create
    response = client.post("/lonn/", {"fra_dato": "2026-03-01", "til_dato": "2026-03-31"})
    # then
    periode = Loennsperiode.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/lonn/{periode.pk}/"
    page = client.get(f"/lonn/{periode.pk}/").content.decode()
    assert "Bygg perioden" in page
    assert "kommunenr" in page  # the file layout is shown
    # when: build (queued after commit; the worker runs the task)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(f"/lonn/{periode.pk}/bygg/")
    assert response.status_code == 302
    assert len(callbacks) == 1
    periode.refresh_from_db()
    assert periode.bygg_status == ByggStatus.KOET
    polling = client.get(f"/lonn/{periode.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in polling
    tasks.loennsperiode_build(str(periode.pk))
    # then polling sees it done and reloads the page
    partial = client.get(f"/lonn/{periode.pk}/fremdrift/", headers={"HX-Request": "true"})
    assert partial["HX-Refresh"] == "true"
    assert "Ferdig" in partial.content.decode()
    page = client.get(f"/lonn/{periode.pk}/").content.decode()
    assert page.count('data-testid="linje-rad"') == 6
    assert "Lukk og send til lønnssystemet" in page
    # when: close
    response = client.post(f"/lonn/{periode.pk}/lukk/")
    # then
    assert response.status_code == 302
    page = client.get(f"/lonn/{periode.pk}/").content.decode()
    assert "Lukket" in page
    assert 'data-testid="bygg"' not in page
    assert "Last ned lønnsfilen (CSV)" in page


def test_form_errors_are_shown_in_norwegian(oppsett: Oppsett, admin: Ansatt) -> None:
    # given an existing March period
    periode_create(admin, MARS)
    client = logged_in(admin)
    # when
    gap = client.post("/lonn/", {"fra_dato": "2026-04-05", "til_dato": "2026-04-30"})
    empty = client.post("/lonn/", {})
    # then
    assert gap.status_code == 400
    assert "Perioden må begynne dagen etter forrige periode, 01.04.2026." in gap.content.decode()
    assert "Velg første dag i perioden." in empty.content.decode()


def test_closing_an_unbuilt_period_says_why(oppsett: Oppsett, admin: Ansatt) -> None:
    # given
    periode = periode_create(admin, MARS)
    client = logged_in(admin)
    # when
    response = client.post(f"/lonn/{periode.pk}/lukk/", follow=True)
    # then
    assert "Bygg perioden ferdig før den lukkes." in response.content.decode()
    periode.refresh_from_db()
    assert periode.status == "aapen"


def test_lines_filter_by_staff_member_and_unit_and_page(
    oppsett: Oppsett,
    admin: Ansatt,
    bygget_mars: Loennsperiode,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    # given
    client = logged_in(admin)
    url = f"/lonn/{bygget_mars.pk}/"
    # when
    with django_assert_max_num_queries(20):
        alle = client.get(url)
    hanne = client.get(url, {"ansatt": str(oppsett.hanne.pk)}).content.decode()
    avdeling = client.get(url, {"enhet": str(oppsett.avdeling.pk)}).content.decode()
    # then
    assert alle.content.decode().count('data-testid="linje-rad"') == 6
    assert hanne.count('data-testid="linje-rad"') == 3
    assert "Per Pleier" not in hanne.split('data-testid="linjer"')[1]
    assert avdeling.count('data-testid="linje-rad"') == 2
    # reading lines naming a patient (BPA, omsorgsstønad) is audited per patient
    rows = AuditLogg.objects.filter(hendelse=AuditEvent.LONN_LINJER_READ, aktor_id=admin.pk)
    assert {oppsett.bpa.pasient_id, oppsett.pasient.pk} <= set(
        rows.values_list("pasient_id", flat=True)
    )


def test_period_list_pages_without_growing_queries(
    oppsett: Oppsett, admin: Ansatt, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    # given 25 monthly periods
    fra = dt.date(2024, 1, 1)
    for _ in range(25):
        til = (fra + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        periode_create(admin, (fra, til))
        fra = til + dt.timedelta(days=1)
    client = logged_in(admin)
    # when
    with django_assert_max_num_queries(12):
        first = client.get("/lonn/").content.decode()
    second = client.get("/lonn/", {"side": "2"}).content.decode()
    # then
    assert first.count('data-testid="periode-rad"') == 20
    assert second.count('data-testid="periode-rad"') == 5
    assert "01.01.2026" in first  # newest first


def test_csv_download_is_audited(
    oppsett: Oppsett, admin: Ansatt, bygget_mars: Loennsperiode
) -> None:
    # given
    client = logged_in(admin)
    # when: the draft of the open period
    response = client.get(f"/lonn/{bygget_mars.pk}/fil.csv")
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="lonn_20260301_20260331_utkast.csv"' in response["Content-Disposition"]
    assert response.content.decode().startswith("kommunenr;periode_fra;")
    rows = AuditLogg.objects.filter(hendelse=AuditEvent.LONN_FIL_DOWNLOADED, aktor_id=admin.pk)
    assert rows.filter(pasient_id__isnull=True, objekt_id=str(bygget_mars.pk)).count() == 1
    assert set(rows.exclude(pasient_id__isnull=True).values_list("pasient_id", flat=True)) == {
        oppsett.bpa.pasient_id,
        oppsett.pasient.pk,
    }
