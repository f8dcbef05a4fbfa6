"""The closed period's file reaches the payroll stand-in over real HTTP through the outbox,
with the delivery's id as idempotency key: retried after a failure, never paid twice."""

from __future__ import annotations

import pytest

from core.http import request
from core.models import Ansatt, Levering
from core.outbox import levering_deliver
from integrasjoner.lonn.models import Loennsperiode
from integrasjoner.lonn.services import LONNSSYSTEM
from integrasjoner.standin.server import Standin
from tests.integrasjoner.lonn.conftest import Oppsett, periode_close

pytestmark = pytest.mark.django_db


def _levering(periode: Loennsperiode) -> Levering:
    return Levering.objects.get(hendelse_id=periode.utbokshendelse_id, mottaker=LONNSSYSTEM)


def _due(levering: Levering) -> None:
    from django.utils import timezone

    Levering.objects.filter(pk=levering.pk).update(neste_forsok_at=timezone.now())


def test_the_file_is_delivered_once_with_the_delivery_as_key(
    oppsett: Oppsett, admin: Ansatt, bygget_mars: Loennsperiode, standin: Standin
) -> None:
    # given
    periode = periode_close(admin, bygget_mars)
    levering = _levering(periode)
    # when
    first = levering_deliver(levering_id=levering.pk)
    again = levering_deliver(levering_id=levering.pk)  # a repeated task
    # then
    assert (first, again) == ("levert", "opptatt")
    seen = standin.state.mottatt
    assert [(m.integrasjon, m.sti, m.status, m.duplikat) for m in seen] == [
        ("lonn", "/lonn/filer", 201, False)
    ]
    assert seen[0].nokkel == str(levering.pk)
    assert seen[0].innhold == periode.fil


def test_a_lost_answer_is_retried_and_the_stand_in_drops_the_repeat(
    oppsett: Oppsett, admin: Ansatt, bygget_mars: Loennsperiode, standin: Standin
) -> None:
    # given the payroll system is down once, then accepts but the answer is lost once
    periode = periode_close(admin, bygget_mars)
    levering = _levering(periode)
    request(
        "POST",
        f"{standin.url}/_kontroll/oppforsel",
        json_body={"integrasjon": "lonn", "modus": "feil", "status": 503, "antall": 1},
    )
    # when
    results = [levering_deliver(levering_id=levering.pk)]
    request(
        "POST",
        f"{standin.url}/_kontroll/oppforsel",
        json_body={"integrasjon": "lonn", "modus": "kutt_etter", "antall": 1},
    )
    for _ in range(2):
        _due(levering)
        results.append(levering_deliver(levering_id=levering.pk))
    # then
    assert results == ["venter", "venter", "levert"]
    seen = [(m.status, m.duplikat, m.nokkel) for m in standin.state.mottatt]
    key = str(levering.pk)
    assert seen == [(503, False, key), (201, False, key), (200, True, key)]
    assert sum(1 for m in standin.state.mottatt if m.status == 201) == 1  # paid once


def test_a_file_the_payroll_system_refuses_is_a_dead_letter(
    oppsett: Oppsett, admin: Ansatt, bygget_mars: Loennsperiode, standin: Standin
) -> None:
    # given the payroll system refuses the file (422: the request itself is wrong)
    periode = periode_close(admin, bygget_mars)
    levering = _levering(periode)
    request(
        "POST",
        f"{standin.url}/_kontroll/oppforsel",
        json_body={"integrasjon": "lonn", "modus": "feil", "status": 422},
    )
    # when
    result = levering_deliver(levering_id=levering.pk)
    # then
    levering.refresh_from_db()
    assert result == "dod"
    assert "HTTP 422" in levering.siste_feil


def test_the_stand_in_checks_the_file_layout(standin: Standin) -> None:
    from core.exceptions import IntegrationError

    # when a file without the header is sent
    with pytest.raises(IntegrationError, match="ukjent filformat") as error:
        request(
            "POST",
            f"{standin.url}/lonn/filer",
            body=b"a;b\r\n1;2\r\n",
            headers={"Idempotency-Key": "k1"},
        )
    # then
    assert error.value.permanent
