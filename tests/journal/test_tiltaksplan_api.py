"""Care-plan API: build a plan end to end, Norwegian 400s, the same 404 for strangers, and
the task-list endpoint /api/v1/tiltak/forekomster/."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from core.klokke import idag
from core.models import Ansatt, Enhet
from journal.models import Pasient
from tests.conftest import api_client
from tests.journal.tiltaksplan_data import MANDAG, behov_make, maal_make, plan_make, tiltak_make

pytestmark = pytest.mark.django_db


def _base(pasient: Pasient | uuid.UUID) -> str:
    pk = pasient.pk if isinstance(pasient, Pasient) else pasient
    return f"/api/v1/pasienter/{pk}/"


def test_plan_built_through_the_api(
    lege_med_relasjon: Ansatt, kollega_samme_enhet: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    client = api_client(lege_med_relasjon)
    base = _base(pasient)
    # when
    plan = client.post(f"{base}tiltaksplaner/", {}, format="json").json()["plan"]
    plan_url = f"{base}tiltaksplaner/{plan['id']}/"
    behov = client.post(f"{plan_url}behov/", {"tekst": "Fare for fall"}, format="json").json()
    maal = client.post(
        f"{base}behov/{behov['id']}/maal/", {"tekst": "Ingen fall"}, format="json"
    ).json()
    tiltak = client.post(
        f"{plan_url}tiltak/",
        {
            "behov": behov["id"],
            "tekst": "Følge til toalett",
            "ansvarlig_enhet": str(enhet.pk),
            "frekvens": "ukentlig",
            "ukedager": [1, 3, 5],
            "tidspunkter": ["08:00", "20:00"],
        },
        format="json",
    )
    ip = client.post(
        f"{plan_url}individuell-plan/",
        {"individuell_plan": True, "koordinator": str(kollega_samme_enhet.pk)},
        format="json",
    )
    evaluering = client.post(
        f"{plan_url}evalueringer/", {"maal": maal["id"], "tekst": "Ingen fall"}, format="json"
    )
    detail = client.get(plan_url).json()
    # then
    assert tiltak.status_code == 201
    assert tiltak.json()["timeplan_tekst"] == "Man, ons, fre kl. 08:00 og 20:00, 15 min"
    assert ip.json()["plan"]["koordinator"] == str(kollega_samme_enhet.pk)
    assert evaluering.status_code == 201
    assert [b["tekst"] for b in detail["behov"]] == ["Fare for fall"]
    assert [t["tidspunkter"] for t in detail["tiltak"]] == [["08:00", "20:00"]]
    assert client.get(f"{plan_url}evalueringer/").json()["resultater"][0]["tekst"] == "Ingen fall"
    assert len(client.get(f"{base}tiltaksplaner/").json()["resultater"]) == 1


def test_change_end_resolve_and_close_through_the_api(
    lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    plan = plan_make(pasient)
    behov = behov_make(plan)
    maal = maal_make(behov)
    tiltak = tiltak_make(plan, behov=behov)
    client = api_client(lege_med_relasjon)
    base = _base(pasient)
    fra = idag() + dt.timedelta(days=1)
    # when
    ny = client.post(
        f"{base}tiltak/{tiltak.pk}/endre/",
        {"fra": fra.isoformat(), "tekst": "Tilby saft", "ansvarlig_enhet": str(enhet.pk)},
        format="json",
    )
    slutt = client.post(f"{base}tiltak/{ny.json()['id']}/avslutt/", {}, format="json")
    naadd = client.post(f"{base}maal/{maal.pk}/naadd/")
    los = client.post(f"{base}behov/{behov.pk}/los/")
    avslutt = client.post(
        f"{base}tiltaksplaner/{plan.pk}/avslutt/", {"grunn": "Ferdig"}, format="json"
    )
    # then
    assert ny.status_code == 201
    assert ny.json()["start_dato"] == fra.isoformat()
    assert slutt.json()["status"] == "avsluttet"
    assert naadd.json()["status"] == "naadd"
    assert los.json()["status"] == "loest"
    assert avslutt.json()["plan"]["status"] == "avsluttet"


def test_norwegian_400s(lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet) -> None:
    # given
    plan = plan_make(pasient)
    client = api_client(lege_med_relasjon)
    base = _base(pasient)
    # when
    second = client.post(f"{base}tiltaksplaner/", {}, format="json")
    no_days = client.post(
        f"{base}tiltaksplaner/{plan.pk}/tiltak/",
        {"tekst": "X", "ansvarlig_enhet": str(enhet.pk), "frekvens": "ukentlig"},
        format="json",
    )
    no_coordinator = client.post(
        f"{base}tiltaksplaner/{plan.pk}/individuell-plan/",
        {"individuell_plan": True},
        format="json",
    )
    # then
    assert second.status_code == 400
    assert "allerede en aktiv tiltaksplan" in second.json()["detail"]
    assert no_days.status_code == 400
    assert no_days.json()["ukedager"] == ["Velg minst én ukedag."]
    assert no_coordinator.status_code == 400
    assert "koordinator" in no_coordinator.json()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "tiltaksplaner/"),
        ("post", "tiltaksplaner/"),
        ("get", "tiltaksplaner/{plan}/"),
        ("post", "tiltaksplaner/{plan}/avslutt/"),
        ("post", "tiltaksplaner/{plan}/individuell-plan/"),
        ("post", "tiltaksplaner/{plan}/behov/"),
        ("post", "tiltaksplaner/{plan}/tiltak/"),
        ("get", "tiltaksplaner/{plan}/evalueringer/"),
        ("post", "behov/{behov}/los/"),
        ("post", "behov/{behov}/maal/"),
        ("post", "maal/{maal}/naadd/"),
        ("post", "tiltak/{tiltak}/endre/"),
        ("post", "tiltak/{tiltak}/avslutt/"),
    ],
)
def test_stranger_gets_the_same_404_as_for_a_missing_patient(
    method: str, path: str, ansatt_annen_enhet: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    plan = plan_make(pasient)
    behov = behov_make(plan)
    ids = {
        "plan": plan.pk,
        "behov": behov.pk,
        "maal": maal_make(behov).pk,
        "tiltak": tiltak_make(plan).pk,
    }
    client = api_client(ansatt_annen_enhet)
    data = {
        "tekst": "X",
        "ansvarlig_enhet": str(enhet.pk),
        "individuell_plan": False,
        "fra": idag().isoformat(),
    }
    # when
    denied = getattr(client, method)(_base(pasient) + path.format(**ids), data, format="json")
    missing = getattr(client, method)(_base(uuid.uuid4()) + path.format(**ids), data, format="json")
    # then
    assert denied.status_code == missing.status_code == 404
    assert denied.json() == missing.json()


def test_helsefagarbeider_may_read_but_not_write(
    kollega_samme_enhet: Ansatt, pasient: Pasient
) -> None:
    # given
    plan = plan_make(pasient)
    client = api_client(kollega_samme_enhet)
    # when
    read = client.get(f"{_base(pasient)}tiltaksplaner/{plan.pk}/")
    write = client.post(
        f"{_base(pasient)}tiltaksplaner/{plan.pk}/behov/", {"tekst": "X"}, format="json"
    )
    # then
    assert read.status_code == 200
    assert write.status_code == 403


def test_occurrences_endpoint_for_the_acting_unit(
    lege_med_relasjon: Ansatt, ansatt_annen_enhet: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given: Mon/Wed/Fri 08:00
    tiltak_make(plan_make(pasient))
    til = MANDAG + dt.timedelta(days=6)
    query = f"?enhet={enhet.pk}&fra={MANDAG.isoformat()}&til={til.isoformat()}"
    # when
    own = api_client(lege_med_relasjon).get(f"/api/v1/tiltak/forekomster/{query}")
    stranger = api_client(ansatt_annen_enhet).get(f"/api/v1/tiltak/forekomster/{query}")
    too_long = api_client(lege_med_relasjon).get(
        f"/api/v1/tiltak/forekomster/?fra={MANDAG.isoformat()}&til=2026-12-31"
    )
    # then
    assert own.status_code == 200
    assert [(r["dato"], r["tidspunkt"]) for r in own.json()] == [
        ("2026-03-02", "08:00"),
        ("2026-03-04", "08:00"),
        ("2026-03-06", "08:00"),
    ]
    assert own.json()[0]["pasient_id"] == str(pasient.pk)
    assert stranger.json() == []
    assert too_long.status_code == 400
    assert "høyst 92 dager" in too_long.json()["detail"]
