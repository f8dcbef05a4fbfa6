"""The overview with a whole record: the same number of queries for a small and a large
history (notes, measurements — also old and entered-in-error ones — problems, critical
information, a plan and services), and the API's rows are what its serializers write."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework.utils.encoders import JSONEncoder

from core.audit import AuditEvent
from core.context import system_context
from core.klokke import idag, naa
from core.models import Ansatt, AuditLogg, Enhet
from journal.access import access_memo
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
from journal.models import BehovStatus, Diagnose, Kode, Maaling, Pasient, SperringMal
from journal.seeds import kodeverk_startsett_load
from journal.selectors.oversikt import _areas_decided, _areas_selectors, oversikt_get
from journal.selectors.pasient import pasient_read_audit_later, pasient_read_in_transaction
from journal.services import MaalingData, maaling_create, sperring_create
from journal.services.kritisk import diagnose_create, kritisk_create
from journal.services.tjeneste import TjenesteData, tjeneste_start
from tests.acting import acting_as
from tests.conftest import actor, api_client
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
    assert small <= 18  # 18 (page) and 17 (API), session and login included


def test_api_rows_are_what_the_serializers_write(
    lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given: a plan with a coded problem, a goal with a date, a tiltak tied to the problem
    # at two times and one on its own that replaced another
    plan = plan_make(pasient, individuell_plan=True, koordinator=lege_med_relasjon)
    behov = behov_make(plan)
    behov.kode = Kode.objects.get(kodeverk="ICPC-2", kode="T90")
    behov.save(update_fields=["kode"])
    maal = maal_make(behov)
    maal.maldato = idag() + dt.timedelta(days=30)
    maal.save(update_fields=["maldato"])
    tiltak_make(plan, behov=behov, frekvens="daglig", tidspunkter=[dt.time(8, 0), dt.time(20, 30)])
    gammelt = tiltak_make(plan, tekst="Gammelt", slutt=idag() - dt.timedelta(days=1))
    nytt = tiltak_make(plan, tekst="Nytt", frekvens="daglig")
    nytt.forrige = gammelt
    nytt.save(update_fields=["forrige"])
    _history(lege_med_relasjon, pasient, enhet, 4)
    # when
    response = api_client(lege_med_relasjon).get(f"/api/v1/pasienter/{pasient.pk}/oversikt/")
    data = response.json()
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
    # the same values, and the same keys in the same order (the same bytes)
    assert json.dumps({k: data[k] for k in expected}) == json.dumps(
        json.loads(json.dumps(expected, cls=JSONEncoder))
    )
    assert len(data["tiltaksplan"]["tiltak_i_dag"]) == 2
    assert data["tiltaksplan"]["behov"][0]["kode"] == "ICPC-2 T90"
    assert data["tjenester"][0]["omfang"] == "3.00"
    assert len(data["kritisk_info"]) == 4
    assert len(data["diagnoser"]) == 4
    assert len(data["tjenester"]) == 4
    assert data["tiltaksplan"]["plan"]["individuell_plan"] is True
    assert data["siste_maling"]["feilregistrert"] is False


# --- oversikt (issue 12, target 2): the sections as constant SQL ------------------------


def _sections(o: Any) -> dict[str, Any]:
    """What a page or the API can show of an overview, by value."""
    p = o.plan
    return {
        "notater": [
            (r.notat.pk, r.sperret, r.tittel, r.eget_utkast, r.signert_at, r.notat.type.kode)
            for r in o.notater.rader
        ],
        "flere_notater": o.notater.side.har_neste,
        "diagnoser": [(d.pk, b, d.kode.kode, str(d.satt_av)) for d, b in o.diagnoser.rader()],
        "flere_diagnoser": o.diagnoser.side.har_neste,
        "malinger": [m.pk for m in o.malinger.side.items],
        "flere_malinger": o.malinger.side.har_neste,
        "siste": o.malinger.siste.maling.pk if o.malinger.siste else None,
        "trender": o.malinger.trender,
        "plan": p
        and (
            p.plan.pk,
            str(p.plan.koordinator),
            [
                (b.behov.pk, [m.pk for m in b.maal], [t.tiltak.pk for t in b.tiltak])
                for b in p.behov
            ],
            [t.tiltak.pk for t in p.uten_behov],
            [t.tiltak.pk for t in p.i_dag],
        ),
        "tjenester": [(t.pk, t.enhet.navn) for t in o.tjenester],
        "kritisk": [k.pk for k in o.visning.kritisk],
        "relasjoner": [(r.pk, r.enhet.navn) for r in o.visning.relasjoner],
    }


def _read(actor: Ansatt, pasient: Pasient, decided: bool) -> tuple[dict[str, Any], list[Any]]:
    """The overview's sections and the audit rows of the read, from the constant statements
    (`decided`, the patient read's row written with the others, last) or from the area
    selectors (the row written by the patient read's own statement)."""
    last = AuditLogg.objects.order_by("-id").values_list("id", flat=True).first() or 0
    with acting_as(actor), access_memo(), transaction.atomic():
        if decided:
            visning, lest = pasient_read_audit_later(actor=actor, pasient_id=pasient.pk)
            sections = _sections(_areas_decided(actor, visning, idag(), lest))
        else:
            visning = pasient_read_in_transaction(actor=actor, pasient_id=pasient.pk)
            sections = _sections(_areas_selectors(actor, visning, idag()))
    rows = list(
        AuditLogg.objects.filter(id__gt=last)
        .order_by("id")
        .values_list(
            "hendelse",
            "pasient_id",
            "objekt_type",
            "objekt_id",
            "grunnlag",
            "begrunnelse",
            "ekstra",
        )
    )
    return sections, rows


def test_sections_as_constant_sql_are_what_the_area_selectors_read(
    lege_med_relasjon: Ansatt, pasient: Pasient, enhet: Enhet
) -> None:
    # given: a rich record: more notes, problems and measurements than the overview shows,
    # drafts (the reader's own and another's), a note and a problem blocked for the unit,
    # old and entered-in-error measurements, and a plan with a resolved problem, an ended
    # and a free-standing tiltak
    _history(lege_med_relasjon, pasient, enhet, 7)
    JournalnotatFactory(
        pasient=pasient, enhet=enhet, tittel="Eget utkast", forfatter=lege_med_relasjon
    )
    JournalnotatFactory(pasient=pasient, enhet=enhet, tittel="Annens utkast")
    blokkert = JournalnotatFactory(pasient=pasient, enhet=enhet, tittel="Sperret", signert=True)
    saksbehandler = actor(enhet, "saksbehandler", username="saksb1", helsepersonellkategori="")
    diagnose = Diagnose.objects.filter(pasient=pasient).order_by("created_at").last()
    assert diagnose is not None
    with acting_as(saksbehandler):
        for objekt_type, objekt_id in (
            ("journal.Journalnotat", blokkert.pk),
            ("journal.Diagnose", diagnose.pk),
        ):
            sperring_create(
                actor=saksbehandler,
                pasient_id=pasient.pk,
                mal=SperringMal.ENHET,
                enhet_id=enhet.pk,
                objekt_type=objekt_type,
                objekt_id=str(objekt_id),
            )
    plan = plan_make(pasient, individuell_plan=True, koordinator=lege_med_relasjon)
    behov = behov_make(plan)
    maal_make(behov)
    maal_make(behov, tekst="Går ut hver dag")
    loest = behov_make(plan, tekst="Løst problem")
    loest.status = BehovStatus.LOEST
    loest.save(update_fields=["status"])
    maal_make(loest)
    tiltak_make(plan, behov=behov, frekvens="daglig")
    tiltak_make(plan, behov=behov, tekst="Avsluttet", slutt=idag() - dt.timedelta(days=3))
    tiltak_make(plan, tekst="Uten problem", frekvens="daglig")
    # when: read both ways
    decided, decided_rows = _read(lege_med_relasjon, pasient, decided=True)
    selectors, selector_rows = _read(lege_med_relasjon, pasient, decided=False)
    # then: the same sections and the same audit rows, the patient read's first
    assert decided == selectors
    assert decided_rows == selector_rows
    assert decided["flere_notater"]
    assert len(decided["notater"]) == 5
    assert any(sperret for _pk, sperret, *_rest in decided["notater"])
    assert any(sperret for _pk, sperret, *_rest in decided["diagnoser"])
    assert decided["plan"]
    assert len(decided["plan"][2]) == 2  # both problems (the page shows the active one)
    assert decided["plan"][3]
    assert decided["relasjoner"]
    assert decided["kritisk"]
    assert decided["tjenester"]
    assert decided_rows[0][0] == AuditEvent.PASIENT_READ
    assert [r[0] for r in decided_rows].count(AuditEvent.NOTAT_LISTED) == 4
