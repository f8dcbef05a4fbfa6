"""The overview with a whole record: the same number of queries for a small and a large
history (notes, measurements — also old and entered-in-error ones — problems, critical
information, a plan and services), and the API's rows are what its serializers write."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.utils.encoders import JSONEncoder

from core.context import system_context
from core.klokke import idag, naa
from core.models import Ansatt, Enhet
from journal.apis.kritisk import DiagnoseSerializer
from journal.apis.maaling import MaalingSerializer
from journal.apis.oversikt import (
    KritiskKortSerializer,
    RelasjonSerializer,
    TjenesteKortSerializer,
)
from journal.apis.tiltaksplan import (
    BehovSerializer,
    MaalSerializer,
    PlanSerializer,
    TiltakSerializer,
)
from journal.models import Kode, Maaling, Pasient
from journal.seeds import kodeverk_startsett_load
from journal.selectors.oversikt import oversikt_get
from journal.services import MaalingData, maaling_create
from journal.services.kritisk import diagnose_create, kritisk_create
from journal.services.tjeneste import TjenesteData, tjeneste_start
from tests.acting import acting_as
from tests.conftest import api_client
from tests.factories import JournalnotatFactory
from tests.journal.tiltaksplan_data import behov_make, maal_make, plan_make, tiltak_make

pytestmark = pytest.mark.django_db

VERDIER = {
    "respirasjon": 21,
    "spo2": 97,
    "oksygen": False,
    "systolisk": 130,
    "puls": 70,
    "bevissthet": "A",
    "temperatur": 37,
}
DIAGNOSER = ["T90", "K86", "P76", "R96", "L90"]


@pytest.fixture(autouse=True)
def _startsett(db: None) -> None:
    kodeverk_startsett_load()


def _history(ansatt: Ansatt, pasient: Pasient, enhet: Enhet, n: int, start: int = 0) -> None:
    """n notes, 2n measurements (half of them older than the overview's period, one in
    three entered in error), min(n, 5) problems and critical entries, n services."""
    now = naa()
    with acting_as(ansatt):
        for i in range(start, start + n):
            JournalnotatFactory(pasient=pasient, enhet=enhet, tittel=f"Notat {i}", signert=True)
            for hours in (6 * i + 1, 24 * 30 + 6 * i):
                maaling_create(
                    actor=ansatt,
                    pasient_id=pasient.pk,
                    data=MaalingData(tidspunkt=now - dt.timedelta(hours=hours), **VERDIER),  # type: ignore[arg-type]
                )
            if i < len(DIAGNOSER):
                diagnose_create(
                    actor=ansatt,
                    pasient_id=pasient.pk,
                    kode_id=Kode.objects.get(kodeverk="ICPC-2", kode=DIAGNOSER[i]).pk,
                )
                kritisk_create(
                    actor=ansatt,
                    pasient_id=pasient.pk,
                    type="allergi",
                    tittel=f"Stoff {i}",
                    sikkerhet="bekreftet",
                    alvorlighet="alvorlig",
                )
    ids = list(Maaling.objects.filter(pasient=pasient).values_list("pk", flat=True))
    Maaling.objects.filter(pk__in=ids[::3]).update(feilregistrert_at=now, feilregistrert_av=ansatt)
    with system_context():
        for i in range(start, start + n):
            tjeneste_start(
                actor=None,
                pasient_id=pasient.pk,
                enhet_id=enhet.pk,
                data=TjenesteData("15", f"Tjeneste {i}", fra_dato=idag(), omfang=Decimal(3)),
            )


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/pasienter/{id}/oversikt/", "/api/v1/pasienter/{id}/oversikt/"])
def test_queries_are_the_same_for_a_small_and_a_large_record(
    url: str, lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given: a small record with a plan
    client = api_client(lege_med_relasjon)
    client.force_login(lege_med_relasjon)
    path = url.format(id=pasient.pk)
    plan = plan_make(pasient)
    tiltak_make(plan, behov=maal_make(behov_make(plan)).behov, frekvens="daglig")
    _history(lege_med_relasjon, pasient, enhet, 1)
    client.get(path)  # warm the per-process caches
    small = _count(client, path)
    # when: 25 notes, 50 measurements, 5 problems and allergies, 25 services
    _history(lege_med_relasjon, pasient, enhet, 24, start=1)
    large = _count(client, path)
    # then
    assert large == small
    assert small <= 32


def test_api_rows_are_what_the_serializers_write(
    lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given
    plan = plan_make(pasient, individuell_plan=True, koordinator=lege_med_relasjon)
    behov = behov_make(plan)
    maal_make(behov)
    tiltak_make(plan, behov=behov, frekvens="daglig")
    _history(lege_med_relasjon, pasient, enhet, 4)
    # when
    data = api_client(lege_med_relasjon).get(f"/api/v1/pasienter/{pasient.pk}/oversikt/").json()
    # then: field by field what a new serializer per call gives
    with acting_as(lege_med_relasjon):
        o = oversikt_get(actor=lege_med_relasjon, pasient_id=pasient.pk)
        assert o.plan is not None
        assert o.malinger.siste is not None
        expected = {
            "kritisk_info": KritiskKortSerializer(o.visning.kritisk, many=True).data,
            "diagnoser": [DiagnoseSerializer(d).data for d, _b in o.diagnoser.rader()],
            "siste_maling": MaalingSerializer(o.malinger.siste.maling).data,
            "relasjoner": RelasjonSerializer(o.visning.relasjoner, many=True).data,
            "tjenester": TjenesteKortSerializer(o.tjenester, many=True).data,
            "tiltaksplan": {
                "plan": PlanSerializer(o.plan.plan).data,
                "behov": BehovSerializer([b.behov for b in o.plan.aktive_behov], many=True).data,
                "maal": MaalSerializer(
                    [m for b in o.plan.aktive_behov for m in b.maal if m.status == "aktiv"],
                    many=True,
                ).data,
                "tiltak_i_dag": TiltakSerializer([t.tiltak for t in o.plan.i_dag], many=True).data,
            },
        }
    assert {k: data[k] for k in expected} == json.loads(json.dumps(expected, cls=JSONEncoder))
    assert len(data["kritisk_info"]) == 4
    assert len(data["diagnoser"]) == 4
    assert len(data["tjenester"]) == 4
    assert data["tiltaksplan"]["plan"]["individuell_plan"] is True
    assert data["siste_maling"]["feilregistrert"] is False
