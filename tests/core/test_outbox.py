"""The transactional outbox: publish in the caller's transaction, claim, backoff, dead letter,
sweep and replay (core/outbox.py). Delivery is called directly here; tests/system/ runs it
through real worker processes."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from core.audit import AuditEvent
from core.exceptions import ApplicationError, Forbidden, IntegrationError
from core.models import (
    Ansatt,
    AuditLogg,
    Enhet,
    Levering,
    LeveringForsoek,
    LeveringStatus,
    Utbokshendelse,
)
from core.outbox import (
    backoff,
    levering_deliver,
    levering_replay,
    levering_sweep,
    mottaker_register,
    mottaker_unregister,
    outbox_publish,
)
from tests.acting import acting_as
from tests.conftest import actor

pytestmark = pytest.mark.django_db

HENDELSE = "test.noe_skjedde"


class Mottak:
    """A receiver whose next outcomes the test decides."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        self.outcomes: list[IntegrationError | Exception | None] = []

    def __call__(self, hendelse: Utbokshendelse, levering: Levering) -> None:
        self.calls.append((hendelse.hendelse, str(levering.id)))
        outcome = self.outcomes.pop(0) if self.outcomes else None
        if outcome is not None:
            raise outcome


@pytest.fixture
def mottak() -> Iterator[Mottak]:
    receiver = Mottak()
    mottaker_register("test.a", {HENDELSE}, receiver)
    yield receiver
    mottaker_unregister("test.a")


@pytest.fixture
def to_mottakere(mottak: Mottak) -> Iterator[tuple[Mottak, Mottak]]:
    other = Mottak()
    mottaker_register("test.b", {HENDELSE, "test.annet"}, other)
    yield mottak, other
    mottaker_unregister("test.b")


def _publish(**payload: Any) -> Levering:
    with transaction.atomic():
        event = outbox_publish(hendelse=HENDELSE, payload=payload or {"n": 1})
    return Levering.objects.get(hendelse=event, mottaker="test.a")


def _due_now(levering: Levering) -> None:
    Levering.objects.filter(id=levering.id).update(neste_forsok_at=timezone.now())


def test_publish_writes_event_and_one_delivery_per_receiver(
    to_mottakere: tuple[Mottak, Mottak],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    # given two receivers of the event type
    pasient_id = uuid.uuid4()
    # when
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        event = outbox_publish(
            hendelse=HENDELSE, payload={"tid": timezone.now()}, pasient_id=pasient_id
        )
    # then
    assert event.pasient_id == pasient_id
    assert isinstance(event.payload["tid"], str)  # stored as JSON
    rows = Levering.objects.filter(hendelse=event).order_by("mottaker")
    assert [(r.mottaker, r.status, r.forsok) for r in rows] == [
        ("test.a", "venter", 0),
        ("test.b", "venter", 0),
    ]
    assert len(callbacks) == 1  # one on-commit enqueue for the event's deliveries


@pytest.mark.django_db(transaction=True)
def test_publish_outside_a_transaction_is_refused(mottak: Mottak) -> None:
    # given no transaction.atomic around the call
    # when / then
    with pytest.raises(RuntimeError, match="transaction"):
        outbox_publish(hendelse=HENDELSE, payload={})
    assert not Utbokshendelse.objects.exists()


def test_rollback_publishes_nothing(
    mottak: Mottak, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    # given a change that fails after publishing
    # when
    with (  # noqa: PT012
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(ValueError, match="failed"),
        transaction.atomic(),
    ):
        outbox_publish(hendelse=HENDELSE, payload={"n": 1})
        raise ValueError("the domain change failed")
    # then
    assert not Utbokshendelse.objects.exists()
    assert not Levering.objects.exists()
    assert callbacks == []


def test_delivery_calls_the_handler_with_the_delivery_id_as_key(mottak: Mottak) -> None:
    # given
    levering = _publish()
    # when
    result = levering_deliver(levering_id=levering.id)
    # then
    assert result == "levert"
    assert mottak.calls == [(HENDELSE, str(levering.id))]
    levering.refresh_from_db()
    assert levering.status == LeveringStatus.LEVERT
    assert levering.forsok == 1
    assert levering.levert_at is not None
    assert list(levering.forsoksliste.values_list("utfall", flat=True)) == ["levert"]


def test_claim_is_compare_and_set(mottak: Mottak) -> None:
    # given a delivery that is already delivered, one claimed by another worker, one not due
    levert = _publish(n=1)
    levering_deliver(levering_id=levert.id)
    claimed = _publish(n=2)
    Levering.objects.filter(id=claimed.id).update(status=LeveringStatus.SENDER, forsok=1)
    later = _publish(n=3)
    Levering.objects.filter(id=later.id).update(
        neste_forsok_at=timezone.now() + dt.timedelta(minutes=5)
    )
    mottak.calls.clear()
    # when the tasks run again
    results = [levering_deliver(levering_id=r.id) for r in (levert, claimed, later)]
    # then nothing is sent twice and nothing early
    assert results == ["opptatt", "opptatt", "opptatt"]
    assert mottak.calls == []
    claimed.refresh_from_db()
    assert (claimed.status, claimed.forsok) == (LeveringStatus.SENDER, 1)


def test_transient_failure_retries_with_exponential_backoff(mottak: Mottak, settings: Any) -> None:
    # given a receiver that fails twice with a transient error
    settings.UTBOKS_BACKOFF_SEKUNDER = 10
    settings.UTBOKS_MAX_FORSOK = 5
    mottak.outcomes = [
        IntegrationError("503", permanent=False),
        IntegrationError("tidsavbrudd", permanent=False),
    ]
    levering = _publish()
    delays = []
    # when
    for _ in range(2):
        before = timezone.now()
        assert levering_deliver(levering_id=levering.id) == "venter"
        levering.refresh_from_db()
        delays.append((levering.neste_forsok_at - before).total_seconds())
        assert levering_deliver(levering_id=levering.id) == "opptatt"  # not due yet
        _due_now(levering)
    result = levering_deliver(levering_id=levering.id)
    # then: 10 s, then 20 s, then delivered on the third attempt
    assert 9 < delays[0] <= 11
    assert 19 < delays[1] <= 21
    assert result == "levert"
    levering.refresh_from_db()
    assert levering.forsok == 3
    assert levering.siste_feil == ""
    assert list(levering.forsoksliste.values_list("utfall", "feil")) == [
        ("feil", "503"),
        ("feil", "tidsavbrudd"),
        ("levert", ""),
    ]


def test_backoff_is_capped(settings: Any) -> None:
    # given
    settings.UTBOKS_BACKOFF_SEKUNDER = 10
    settings.UTBOKS_BACKOFF_MAKS_SEKUNDER = 60
    # when / then
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4, 5)] == [10, 20, 40, 60, 60]


def test_permanent_failure_dead_letters_at_once_and_is_audited(mottak: Mottak) -> None:
    # given
    mottak.outcomes = [IntegrationError("HTTP 400: ugyldig", permanent=True)]
    levering = _publish()
    # when
    result = levering_deliver(levering_id=levering.id)
    # then
    assert result == "dod"
    levering.refresh_from_db()
    assert (levering.status, levering.forsok, levering.siste_feil) == (
        "dod",
        1,
        "HTTP 400: ugyldig",
    )
    row = AuditLogg.objects.get(hendelse=AuditEvent.LEVERING_DOD)
    assert row.objekt_id == str(levering.id)
    assert row.ekstra["mottaker"] == "test.a"


def test_exhausted_attempts_dead_letter(mottak: Mottak, settings: Any) -> None:
    # given a receiver that keeps failing transiently, and at most 2 attempts
    settings.UTBOKS_MAX_FORSOK = 2
    mottak.outcomes = [RuntimeError("bug"), IntegrationError("503", permanent=False)]
    levering = _publish()
    # when
    first = levering_deliver(levering_id=levering.id)
    _due_now(levering)
    second = levering_deliver(levering_id=levering.id)
    # then: an unexpected exception counts as transient; the second failure is the last
    assert (first, second) == ("venter", "dod")
    assert AuditLogg.objects.filter(hendelse=AuditEvent.LEVERING_DOD).count() == 1


def test_unregistered_receiver_is_dead_lettered(mottak: Mottak) -> None:
    # given a delivery whose receiver was removed from the code
    levering = _publish()
    mottaker_unregister("test.a")
    # when
    result = levering_deliver(levering_id=levering.id)
    # then
    assert result == "dod"
    levering.refresh_from_db()
    assert "ikke registrert" in levering.siste_feil


def test_sweep_reclaims_deliveries_stuck_in_sender(mottak: Mottak, settings: Any) -> None:
    # given a delivery claimed by a worker that died 10 minutes ago
    settings.UTBOKS_SENDER_TIMEOUT_SEKUNDER = 300
    levering = _publish()
    long_ago = timezone.now() - dt.timedelta(minutes=10)
    Levering.objects.filter(id=levering.id).update(
        status=LeveringStatus.SENDER, forsok=1, sendt_at=long_ago
    )
    recent = _publish(n=2)
    Levering.objects.filter(id=recent.id).update(
        status=LeveringStatus.SENDER, forsok=1, sendt_at=timezone.now()
    )
    # when
    sweep = levering_sweep()
    # then: the stuck one is back in the queue (same key), the one in progress is left alone
    assert sweep.gjenopptatt == 1
    levering.refresh_from_db()
    assert (levering.status, levering.forsok) == ("venter", 1)
    assert LeveringForsoek.objects.get(levering=levering).utfall == "avbrutt"
    recent.refresh_from_db()
    assert recent.status == "sender"
    assert levering_deliver(levering_id=levering.id) == "levert"
    assert mottak.calls == [(HENDELSE, str(levering.id))]


def test_sweep_requeues_due_deliveries_not_queued_recently(
    mottak: Mottak, settings: Any, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    # given a retry that is due, one just queued, and one due later
    settings.UTBOKS_REKO_SEKUNDER = 60
    due = _publish(n=1)
    Levering.objects.filter(id=due.id).update(koet_at=None)
    just_queued = _publish(n=2)
    later = _publish(n=3)
    Levering.objects.filter(id=later.id).update(
        koet_at=None, neste_forsok_at=timezone.now() + dt.timedelta(minutes=1)
    )
    # when
    with django_capture_on_commit_callbacks() as callbacks:
        sweep = levering_sweep()
    # then
    assert sweep.koet == 1
    assert len(callbacks) == 1
    due.refresh_from_db()
    just_queued.refresh_from_db()
    assert due.koet_at is not None
    assert just_queued.status == "venter"


def _admin(enhet: Enhet) -> Ansatt:
    return actor(enhet, "admin", username="drift1", hpr_nummer=None)


def test_replay_resends_a_dead_letter_with_the_same_key(mottak: Mottak, enhet: Enhet) -> None:
    # given a dead-lettered delivery
    mottak.outcomes = [IntegrationError("HTTP 404", permanent=True)]
    levering = _publish()
    levering_deliver(levering_id=levering.id)
    admin = _admin(enhet)
    # when an admin replays it
    with acting_as(admin):
        levering_replay(actor=admin, levering_id=levering.id)
    result = levering_deliver(levering_id=levering.id)
    # then
    assert result == "levert"
    assert [key for _, key in mottak.calls] == [str(levering.id), str(levering.id)]
    row = AuditLogg.objects.get(hendelse=AuditEvent.LEVERING_REPLAYED)
    assert row.aktor_id == admin.pk
    assert row.ekstra["feil"] == "HTTP 404"


def test_replay_needs_admin_and_a_dead_letter(
    mottak: Mottak, enhet: Enhet, lege_med_relasjon: Ansatt
) -> None:
    # given a delivered delivery
    levering = _publish()
    levering_deliver(levering_id=levering.id)
    admin = _admin(enhet)
    # when / then
    with acting_as(lege_med_relasjon), pytest.raises(Forbidden):
        levering_replay(actor=lege_med_relasjon, levering_id=levering.id)
    with acting_as(admin), pytest.raises(ApplicationError, match="stoppede"):
        levering_replay(actor=admin, levering_id=levering.id)
    assert not AuditLogg.objects.filter(hendelse=AuditEvent.LEVERING_REPLAYED).exists()
