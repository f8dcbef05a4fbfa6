"""POST /api/v1/velferdsteknologi/hendelser/batch/: many signed events in one request,
stored at once (deduplicated), acted on by a worker or the sweep, never lost; and the
hardening of the signed endpoints (absurd timestamps, floods of refused calls)."""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

import pytest
from django.test import Client

from core.audit import AuditEvent
from core.models import AuditLogg
from integrasjoner.velferdsteknologi.lib.signatur import TIDSPUNKT_HEADER, signed_headers
from integrasjoner.velferdsteknologi.models import (
    Alarm,
    Avsendersystem,
    HendelseStatus,
    Utstyr,
    Velferdshendelse,
)
from integrasjoner.velferdsteknologi.services import hendelser_process
from integrasjoner.velferdsteknologi.tasks import hendelser_behandle, hendelser_sveip
from journal.models import Maaling, Pasient
from tests.integrasjoner.conftest import URL, event, post_signed

pytestmark = pytest.mark.django_db

Avsender = tuple[Avsendersystem, str]
BATCH_URL = "/api/v1/velferdsteknologi/hendelser/batch/"


def post_batch(avsender: Avsender, events: list[dict[str, Any]], **kwargs: Any) -> Any:
    return _post(avsender, BATCH_URL, {"hendelser": events}, **kwargs)


def _post(
    avsender: Avsender, url: str, payload: Any, *, secret: str | None = None, **headers: str
) -> Any:
    body = json.dumps(payload).encode()
    signed = signed_headers(
        nokkel_id=avsender[0].nokkel_id,
        hemmelighet=secret or avsender[1],
        body=body,
        tidspunkt=int(time.time()),
    )
    signed.pop("Content-Type")
    return Client().post(
        url, data=body, content_type="application/json", headers={**signed, **headers}
    )


def _blodtrykk(n: int, systolisk: int = 130) -> dict[str, Any]:
    return event(
        n,
        type="blodtrykk",
        utstyr_id="BT-1",
        verdier={"systolisk": systolisk, "diastolisk": 80, "puls": 70},
    )


@pytest.fixture
def blodtrykksmaaler(avsender: Avsender, pasient: Pasient, utstyr: Utstyr) -> Utstyr:
    from core.context import system_context
    from integrasjoner.velferdsteknologi.models import UtstyrType
    from integrasjoner.velferdsteknologi.services import utstyr_register

    with system_context():
        return utstyr_register(
            actor=None,
            avsender_id=avsender[0].pk,
            ekstern_id="BT-1",
            type=UtstyrType.BLODTRYKKSMALER,
            pasient_id=pasient.pk,
            enhet_id=utstyr.enhet_id,
        )


def test_a_batch_is_stored_at_once_and_acted_on_by_the_worker(
    avsender: Avsender, utstyr: Utstyr, blodtrykksmaaler: Utstyr, pasient: Pasient
) -> None:
    # given an alarm, a measurement, an invalid event and a repeat inside one batch
    batch = [event(1), _blodtrykk(2), {"hendelse_id": "x", "type": "ukjent"}, event(1)]
    # when
    response = post_batch(avsender, batch)
    # then every event has its answer, in order
    assert response.status_code == 202, response.json()
    body = response.json()
    assert (body["mottatt"], body["duplikater"], body["ugyldige"]) == (2, 1, 1)
    statuses = [(r["indeks"], r["status"]) for r in body["resultater"]]
    assert statuses == [(0, "mottatt"), (1, "mottatt"), (2, "ugyldig"), (3, "duplikat")]
    assert body["resultater"][3]["id"] == body["resultater"][0]["id"]
    assert "type" in body["resultater"][2]["feil"]
    # and the two are stored, not yet acted on
    assert set(Velferdshendelse.objects.values_list("status", flat=True)) == {"mottatt"}
    assert not Alarm.objects.exists()
    # when the worker takes the batch (the task it was queued as)
    hendelser_behandle([r["id"] for r in body["resultater"][:2]])
    # then the alarm is in the queue, the measurement in the journal, both audited
    assert Alarm.objects.get().pasient_id == pasient.pk
    assert Maaling.objects.get(pasient=pasient).systolisk == 130
    assert set(Velferdshendelse.objects.values_list("status", flat=True)) == {"behandlet"}
    assert (
        AuditLogg.objects.filter(
            hendelse=AuditEvent.VFT_HENDELSE_RECEIVED, pasient_id=pasient.pk
        ).count()
        == 2
    )


def test_a_repeated_batch_stores_nothing_new(avsender: Avsender, utstyr: Utstyr) -> None:
    # given a batch already received (the sender never saw our answer)
    first = post_batch(avsender, [event(1), event(2)])
    # when it comes again
    again = post_batch(avsender, [event(1), event(2)])
    # then the same ids, as duplicates
    assert (first.status_code, again.status_code) == (202, 202)
    assert again.json()["duplikater"] == 2
    assert [r["id"] for r in again.json()["resultater"]] == [
        r["id"] for r in first.json()["resultater"]
    ]
    assert Velferdshendelse.objects.count() == 2


def test_an_event_received_singly_is_a_duplicate_in_a_batch(
    avsender: Avsender, utstyr: Utstyr
) -> None:
    # given
    single = post_signed(avsender, event(5))
    # when
    batch = post_batch(avsender, [event(5)])
    # then
    assert batch.json()["resultater"][0] == {
        "indeks": 0,
        "hendelse_id": "evt-5",
        "id": single.json()["id"],
        "status": "duplikat",
    }


def test_events_no_worker_finished_are_acted_on_by_the_sweep(
    avsender: Avsender, utstyr: Utstyr
) -> None:
    # given two received events whose worker died: one received a minute ago, one just now
    post_batch(avsender, [event(1), event(2)])
    old = Velferdshendelse.objects.get(ekstern_id="evt-1")
    Velferdshendelse.objects.filter(pk=old.pk).update(
        created_at=old.created_at - dt.timedelta(minutes=1)
    )
    # when the sweep runs (beat, every half minute)
    hendelser_sveip()
    # then the old one is acted on; the fresh one is left to its worker
    statuses = dict(Velferdshendelse.objects.values_list("ekstern_id", "status"))
    assert statuses == {"evt-1": HendelseStatus.BEHANDLET, "evt-2": HendelseStatus.MOTTATT}
    assert Alarm.objects.count() == 1
    # and acting twice does nothing twice
    assert hendelser_process(ids=[old.pk]) == 0


def test_a_batch_with_a_bad_signature_stores_nothing(avsender: Avsender, utstyr: Utstyr) -> None:
    # when
    response = post_batch(avsender, [event(1)], secret="feil")
    # then
    assert response.status_code == 401
    assert response.json()["detail"] == "Signaturen stemmer ikke med innholdet."
    assert not Velferdshendelse.objects.exists()


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ([], "Send minst én hendelse."),
        ([event(n) for n in range(501)], "Høyst 500 hendelser per forespørsel."),
    ],
)
def test_an_empty_or_too_big_batch_is_400_in_norwegian(
    avsender: Avsender, events: list[dict[str, Any]], message: str
) -> None:
    # when
    response = post_batch(avsender, events)
    # then
    assert response.status_code == 400
    assert response.json()["hendelser"] == [message]
    assert not Velferdshendelse.objects.exists()


def test_a_batch_of_only_invalid_events_is_400(avsender: Avsender) -> None:
    # when
    response = post_batch(avsender, [{"hendelse_id": "a"}])
    # then
    assert response.status_code == 400
    assert response.json()["detail"] == "Ingen gyldige hendelser i forespørselen."
    assert response.json()["resultater"][0]["status"] == "ugyldig"


# --- hardening -----------------------------------------------------------------------------


def test_a_timestamp_of_a_one_and_400_zeros_is_a_norwegian_400(
    avsender: Avsender, utstyr: Utstyr
) -> None:
    # given a valid key id and an absurd timestamp (it once gave a 500: too big for a float)
    body = json.dumps(event()).encode()
    # when
    response = Client().post(
        URL,
        data=body,
        content_type="application/json",
        headers={
            "X-Api-Nokkel": avsender[0].nokkel_id,
            TIDSPUNKT_HEADER: "1" + "0" * 400,
            "X-Signatur": "sha256=00",
        },
    )
    # then
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "X-Tidspunkt må være Unix-tid i hele sekunder (høyst 12 siffer)."
    )
    assert not Velferdshendelse.objects.exists()


def test_refused_calls_are_limited_so_they_cannot_flood_the_audit_log(
    avsender: Avsender, utstyr: Utstyr
) -> None:
    # given someone sending forged requests with a real key id
    codes = [post_signed(avsender, event(n), secret="gjettet").status_code for n in range(30)]
    # then the first 20 are refused and audited, the rest answered 429 without a row
    assert codes == [401] * 20 + [429] * 10
    assert AuditLogg.objects.filter(hendelse=AuditEvent.VFT_HENDELSE_REFUSED).count() == 20
    limited = post_signed(avsender, event(99), secret="gjettet")
    assert limited.json()["detail"] == (
        "For mange avviste forespørsler. Vent 60 sekunder og prøv igjen."
    )
    assert limited["Retry-After"] == "60"
    # and the real sender, signing correctly, is still let in
    assert post_signed(avsender, event(100)).status_code == 201


def test_unknown_keys_are_limited_per_address(avsender: Avsender) -> None:
    # given a flood with made-up key ids
    stranger = (Avsendersystem(nokkel_id="vkp_ukjent"), "hemmelig")
    # when
    codes = [post_signed(stranger, event(n)).status_code for n in range(22)]
    # then
    assert codes == [401] * 20 + [429] * 2


def test_storing_a_batch_takes_the_same_queries_for_5_events_as_for_200(
    avsender: Avsender, utstyr: Utstyr
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # given two batches of new events, a small and a big one
    counts = []
    for first, size in ((0, 5), (100, 200)):
        batch = [event(first + n) for n in range(size)]
        # when each is received
        with CaptureQueriesContext(connection) as queries:
            assert post_batch(avsender, batch).status_code == 202
        counts.append(len(queries))
    # then the database work does not grow with the batch
    assert counts[0] == counts[1]
    assert counts[0] <= 12
    assert Velferdshendelse.objects.count() == 205


def test_a_single_alarm_takes_a_fixed_number_of_queries(avsender: Avsender, utstyr: Utstyr) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # when
    with CaptureQueriesContext(connection) as queries:
        assert post_signed(avsender, event(1)).status_code == 201
    # then (auth, dedupe, insert, device, status, alarm, two audit rows, savepoints)
    assert len(queries) <= 14, [q["sql"][:80] for q in queries.captured_queries]
