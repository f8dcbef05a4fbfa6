"""The day list stays a fixed number of queries whatever the number of visits (page and
API), writes its BESOK_LISTED rows (one per patient shown) in one INSERT, and the API's
directly built rows are what the serializer of its schema writes."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.utils.encoders import JSONEncoder

from core.audit import AuditEvent
from core.klokke import idag, naa
from core.models import Ansatt, AuditLogg, Enhet, Rolle
from tests.acting import acting_as
from tests.conftest import actor, api_client, logged_in
from tests.factories import TilknytningFactory
from tests.tjenester.hjemmetjeneste.conftest import many_visits
from tests.tjenester.hjemmetjeneste.factories import BesoekFactory, BesoeksoppgaveFactory
from tjenester.hjemmetjeneste.apis.dagsliste import DagslisteradSerializer
from tjenester.hjemmetjeneste.models import Besoek, BesoekStatus
from tjenester.hjemmetjeneste.selectors import ansatte_for_tildeling, dagsliste_get

pytestmark = pytest.mark.django_db
API = "/api/v1/hjemmetjeneste/dagsliste/"
PAGE = "/hjemmetjeneste/dagsliste/"


def _captured(client: object, url: str) -> tuple[Any, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)  # type: ignore[attr-defined]
    assert response.status_code == 200
    return response, [q["sql"] for q in ctx.captured_queries]


def _audit_inserts(sqls: list[str]) -> int:
    return sum(1 for s in sqls if s.startswith('INSERT INTO "core_auditlogg"'))


@pytest.mark.parametrize("url", [API, PAGE])
def test_queries_and_audit_inserts_do_not_grow_with_the_visits(
    url: str, sykepleier: Ansatt, enhet: Enhet
) -> None:
    # given: two visits, the caches of the request pipeline warm
    client = api_client(sykepleier) if url == API else logged_in(sykepleier)
    many_visits(enhet, sykepleier, 2)
    client.get(url)
    _response, few = _captured(client, url)
    # when: forty visits
    many_visits(enhet, sykepleier, 38)
    response, many = _captured(client, url)
    # then
    assert len(many) == len(few)
    assert _audit_inserts(many) == 1
    if url == API:
        assert response.json()["antall"] == 40
    else:
        assert response.content.decode().count('data-testid="dagsliste-rad"') == 40


def test_one_audit_row_per_patient_shown(sykepleier: Ansatt, enhet: Enhet) -> None:
    # given: 5 patients, one of them with two visits that day
    visits = many_visits(enhet, sykepleier, 5)
    BesoekFactory(
        enhet=enhet,
        pasient=visits[0].pasient,
        dato=idag(),
        fra_tid=dt.time(18),
        til_tid=dt.time(19),
    )
    # when
    response = api_client(sykepleier).get(API)
    # then
    assert response.json()["antall"] == 6
    rows = AuditLogg.objects.filter(hendelse=AuditEvent.BESOK_LISTED, aktor_id=sykepleier.pk)
    assert sorted(str(r.pasient_id) for r in rows) == sorted(str(v.pasient_id) for v in visits)
    assert {r.objekt_type for r in rows} == {"hjemmetjeneste.Besoek"}
    assert {r.enhet_id for r in rows} == {enhet.pk}
    assert {r.ekstra["dato"] for r in rows} == {idag().isoformat()}
    assert all(r.kjede_nr and len(r.hash) == 64 for r in rows)


def test_api_rows_are_what_the_row_serializer_writes(sykepleier: Ansatt, enhet: Enhet) -> None:
    # given: assigned and unassigned visits, one started and one done, one with a late alert
    visits = many_visits(enhet, sykepleier, 6)
    now = naa()
    Besoek.objects.filter(pk=visits[1].pk).update(
        status=BesoekStatus.PAAGAAR, innsjekk_at=now - dt.timedelta(minutes=10)
    )
    Besoek.objects.filter(pk=visits[3].pk).update(
        status=BesoekStatus.UTFORT,
        innsjekk_at=now - dt.timedelta(hours=2),
        utsjekk_at=now - dt.timedelta(hours=1, minutes=35),
        faktisk_min=25,
    )
    Besoek.objects.filter(pk=visits[4].pk).update(varslet_at=now)
    BesoeksoppgaveFactory(besok=visits[5])
    # when
    data = api_client(sykepleier).get(API).json()
    # then
    with acting_as(sykepleier):
        liste = dagsliste_get(actor=sykepleier, dato=idag())
    expected = [
        json.loads(json.dumps(DagslisteradSerializer(al.rader, many=True).data, cls=JSONEncoder))
        for al in liste.lister
    ]
    assert [al["besok"] for al in data["lister"]] == expected
    rows = [r for al in data["lister"] for r in al["besok"]]
    assert {r["besok"]["status"] for r in rows} >= {"pagaar", "utfort", "planlagt"}
    assert any(r["besok"]["innsjekk_at"] and r["besok"]["utsjekk_at"] for r in rows)
    assert any(r["besok"]["varslet"] for r in rows)


def test_an_assignment_that_ended_here_does_not_count_with_one_elsewhere(
    sykepleier: Ansatt, enhet: Enhet, annen_enhet: Enhet
) -> None:
    # given: a nurse whose assignment to the district ended yesterday, still active elsewhere
    tidligere = actor(annen_enhet, "sykepleier", username="spl-tidligere")
    TilknytningFactory(
        ansatt=tidligere,
        enhet=enhet,
        rolle=Rolle.objects.get(kode="sykepleier"),
        gyldig_fra=idag() - dt.timedelta(days=100),
        gyldig_til=idag() - dt.timedelta(days=1),
    )
    # when
    ansatte = set(ansatte_for_tildeling(enhet.pk, idag()))
    # then
    assert sykepleier in ansatte
    assert tidligere not in ansatte
