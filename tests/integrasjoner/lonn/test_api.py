"""API under /api/v1/lonn/: the access matrix, create / build / close, lines and file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from core.audit import AuditEvent
from core.models import Ansatt, AuditLogg
from integrasjoner.lonn import tasks
from integrasjoner.lonn.models import Loennsperiode
from tests.conftest import api_client
from tests.integrasjoner.lonn.conftest import Oppsett

pytestmark = pytest.mark.django_db

BASE = "/api/v1/lonn/perioder/"
MISSING = "00000000-0000-4000-8000-000000000000"


def _calls(periode_id: object) -> list[tuple[str, str]]:
    url = f"{BASE}{periode_id}/"
    return [
        ("get", url),
        ("post", f"{url}bygg/"),
        ("post", f"{url}lukk/"),
        ("get", f"{url}linjer/"),
        ("get", f"{url}fil.csv"),
    ]


def test_api_access_matrix(
    oppsett: Oppsett,
    admin: Ansatt,
    admin_annen_kommune: Ansatt,
    kollega_samme_enhet: Ansatt,
    bygget_mars: Loennsperiode,
) -> None:
    # given / when / then: anonymous → 401/403
    assert api_client(None).get(BASE).status_code in (401, 403)
    # no ADMIN right → 403 everywhere
    client = api_client(kollega_samme_enhet)
    assert client.get(BASE).status_code == 403
    assert (
        client.post(BASE, {"fra_dato": "2026-04-01", "til_dato": "2026-04-30"}).status_code == 403
    )
    for method, url in _calls(bygget_mars.pk):
        assert getattr(client, method)(url).status_code == 403, url
    # another municipality's admin: the same 404 as for a missing period, and an empty list
    other = api_client(admin_annen_kommune)
    assert other.get(BASE).json()["resultater"] == []
    for method, url in _calls(bygget_mars.pk):
        response = getattr(other, method)(url)
        missing = getattr(api_client(admin), method)(url.replace(str(bygget_mars.pk), MISSING))
        assert (response.status_code, response.json()) == (404, missing.json()), url
    bygget_mars.refresh_from_db()
    assert bygget_mars.status == "aapen"


def test_create_build_close_and_read_through_the_api(
    oppsett: Oppsett, admin: Ansatt, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    # given
    client = api_client(admin)
    # when
    created = client.post(BASE, {"fra_dato": "2026-03-01", "til_dato": "2026-03-31"})
    periode_id = created.json()["id"]
    with django_capture_on_commit_callbacks() as callbacks:
        bygg = client.post(f"{BASE}{periode_id}/bygg/")
    tasks.loennsperiode_build(periode_id)
    status = client.get(f"{BASE}{periode_id}/").json()
    linjer = client.get(f"{BASE}{periode_id}/linjer/", {"ansatt": str(oppsett.per.pk)}).json()
    lukket = client.post(f"{BASE}{periode_id}/lukk/")
    fil = client.get(f"{BASE}{periode_id}/fil.csv")
    liste = client.get(BASE).json()
    # then
    assert created.status_code == 201
    assert (bygg.status_code, bygg.json()["bygg_status"], len(callbacks)) == (202, "koet", 1)
    assert (status["bygg_status"], status["fremdrift"]) == ("ferdig", 100)
    assert [(r["ansatt_navn"], r["kilde"], r["timer"]) for r in linjer["resultater"]] == [
        ("Per Pleier", "vakt_hjemmetjeneste", "8.00")
    ]
    assert (lukket.status_code, lukket.json()["status"]) == (200, "lukket")
    assert fil.status_code == 200
    assert fil["Content-Disposition"] == 'attachment; filename="lonn_20260301_20260331.csv"'
    periode = Loennsperiode.objects.get(pk=periode_id)
    assert fil.content.decode() == periode.fil
    assert [p["id"] for p in liste["resultater"]] == [periode_id]
    assert AuditLogg.objects.filter(hendelse=AuditEvent.LONN_PERIODE_CREATED).count() == 1
    assert AuditLogg.objects.filter(hendelse=AuditEvent.LONN_FIL_DOWNLOADED).exists()


def test_clear_norwegian_400s(oppsett: Oppsett, admin: Ansatt, bygget_mars: Loennsperiode) -> None:
    # given
    client = api_client(admin)
    # when
    too_long = client.post(BASE, {"fra_dato": "2026-04-01", "til_dato": "2026-06-30"})
    backwards = client.post(BASE, {"fra_dato": "2026-04-30", "til_dato": "2026-04-01"})
    bad_filter = client.get(f"{BASE}{bygget_mars.pk}/linjer/", {"ansatt": "x"})
    client.post(f"{BASE}{bygget_mars.pk}/bygg/")
    twice = client.post(f"{BASE}{bygget_mars.pk}/bygg/")
    # then
    assert too_long.status_code == 400
    assert too_long.json()["til_dato"] == ["En lønnsperiode kan vare høyst 62 dager."]
    assert backwards.json()["til_dato"] == ["Til-datoen må være etter fra-datoen."]
    assert bad_filter.status_code == 400
    assert (twice.status_code, twice.json()["detail"]) == (400, "Perioden bygges allerede.")


def test_lines_page(oppsett: Oppsett, admin: Ansatt, bygget_mars: Loennsperiode) -> None:
    # given
    client = api_client(admin)
    url = f"{BASE}{bygget_mars.pk}/linjer/"
    # when
    first = client.get(url).json()
    bad = client.get(url, {"side": "0"})
    # then
    assert len(first["resultater"]) == 6
    assert first["neste"] is None
    assert bad.status_code == 400
