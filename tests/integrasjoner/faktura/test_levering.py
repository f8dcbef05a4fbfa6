"""Sending a run: the outbox delivers its file to the stand-in economy system over real
HTTP with the delivery's idempotency key; a repeat is harmless, a refusal dead-letters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core.models import Ansatt, Enhet, Levering, Utbokshendelse
from core.outbox import levering_deliver, mottakere
from integrasjoner.faktura.models import Fakturafil, Fakturakjoering
from integrasjoner.faktura.services import HENDELSE_KLAR, OKONOMISYSTEM, eksport, kjoering_send
from integrasjoner.standin.server import Oppforsel, Standin
from tests.acting import acting_as
from tests.integrasjoner.faktura.conftest import JUNI, beboer, inntekt_make, opphold_make, run_month
from tjenester.sykehjem.models import Oppholdstype

pytestmark = pytest.mark.django_db


def _sent_run(avdeling: Enhet, admin: Ansatt, capture: Any) -> Fakturakjoering:
    kari = beboer()
    opphold_make(avdeling, kari, Oppholdstype.LANGTID, dt.date(2025, 1, 1))
    inntekt_make(kari, 2025, "300000")
    kjoring = run_month(admin, JUNI, capture)
    with capture(execute=False), acting_as(admin):
        kjoering_send(actor=admin, kjoring_id=kjoring.pk)
    return kjoring


def test_the_receiver_is_registered_for_the_dashboard() -> None:
    # then
    assert OKONOMISYSTEM in {m.navn for m in mottakere()}


def test_a_sent_run_reaches_the_economy_system_once_with_its_key(
    avdeling: Enhet,
    fakturaadmin: Ansatt,
    standin: Standin,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given a sent run (its event and delivery committed with the status change)
    kjoring = _sent_run(avdeling, fakturaadmin, django_capture_on_commit_callbacks)
    event = Utbokshendelse.objects.get(hendelse=HENDELSE_KLAR)
    levering = Levering.objects.get(hendelse=event, mottaker=OKONOMISYSTEM)
    # when the first answer is lost (accepted, connection dropped) and it is retried
    standin.state.oppforsel["faktura"] = Oppforsel(modus="kutt_etter", antall=1)
    assert levering_deliver(levering_id=levering.id) == "venter"
    Levering.objects.filter(id=levering.id).update(neste_forsok_at=levering.neste_forsok_at)
    assert levering_deliver(levering_id=levering.id) == "levert"
    # then the stand-in has the file twice under one key, the second as a duplicate
    seen = [m for m in standin.state.mottatt if m.integrasjon == "faktura"]
    assert [m.nokkel for m in seen] == [str(levering.id)] * 2
    assert [m.duplikat for m in seen] == [False, True]
    fil = Fakturafil.objects.get(kjoring=kjoring)
    assert seen[0].innhold["sha256"] == fil.sha256
    assert seen[0].innhold["csv"] == eksport.fil_innhold(fil)
    assert seen[0].innhold["maned"] == "2025-06"


def test_a_refused_file_is_dead_lettered(
    avdeling: Enhet,
    fakturaadmin: Ansatt,
    standin: Standin,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given the economy system refuses the file
    _sent_run(avdeling, fakturaadmin, django_capture_on_commit_callbacks)
    levering = Levering.objects.get(mottaker=OKONOMISYSTEM)
    standin.state.oppforsel["faktura"] = Oppforsel(modus="feil", status=422)
    # when
    status = levering_deliver(levering_id=levering.id)
    # then
    levering.refresh_from_db()
    assert status == "dod"
    assert "HTTP 422" in levering.siste_feil
