"""The transactional outbox: events commit with the change that caused them, then are delivered.

A domain service calls `outbox_publish` inside its own `transaction.atomic`. The event row and
one `Levering` (delivery) row per registered receiver commit together with the change, or not
at all. After commit a task per delivery is queued; the worker then

  1. claims the delivery with a compare-and-set (venter → sender, forsøk + 1); 0 rows means
     another worker owns it or it is not due, so the task is a no-op;
  2. calls the receiver's handler outside any transaction; the delivery's id is the
     idempotency key the handler passes on, so the other side can drop a repeat;
  3. records the outcome in a second short transaction: levert, venter again with an
     exponential backoff (transient failure), or dod (dead letter: permanent failure or
     attempts exhausted; audited).

A periodic sweep (config/celery.py) re-queues due retries and deliveries whose task was lost
(broker down at commit, worker killed with the task reserved), and reclaims deliveries stuck
in `sender` longer than a timeout (worker killed mid-call). So a crash never loses a message;
at worst it is sent twice, with the same key. Admins replay dead letters (audited).

Receivers are registered in code by the integration apps (core knows no app), from their
`AppConfig.ready()`: `mottaker_register("velferdsteknologi.alarmsentral", {...}, handler)`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.context import context_get
from core.exceptions import ApplicationError, Forbidden, IntegrationError, NotFound
from core.models import (
    Action,
    Ansatt,
    Levering,
    LeveringForsoek,
    LeveringStatus,
    LeveringUtfall,
    Utbokshendelse,
)

logger = logging.getLogger(__name__)

Handler = Callable[[Utbokshendelse, Levering], None]
MAX_FEIL = 2000  # characters of an error kept on the row
# pg_try_advisory_xact_lock key of the sweep, so two beat ticks never overlap.
SWEEP_LOCK = 0x6B6A_0001


@dataclass(frozen=True)
class Mottaker:
    """A receiver of outbox events: a name (shown on the dashboard) and its handler."""

    navn: str
    hendelser: frozenset[str]
    handler: Handler


_mottakere: dict[str, Mottaker] = {}


def mottaker_register(navn: str, hendelser: set[str], handler: Handler) -> None:
    """Register a receiver for the given event types (call from AppConfig.ready()).

    The handler gets the event and the delivery; it must send `str(levering.id)` as the
    idempotency key, raise IntegrationError(permanent=...) on failure, and return on success.
    Registering a name again replaces the receiver (tests, autoreload).
    """
    if not navn or not hendelser:
        raise ValueError("A receiver needs a name and at least one event type.")
    _mottakere[navn] = Mottaker(navn=navn, hendelser=frozenset(hendelser), handler=handler)


def mottaker_unregister(navn: str) -> None:
    _mottakere.pop(navn, None)


def mottakere() -> list[Mottaker]:
    """Every registered receiver, by name."""
    return sorted(_mottakere.values(), key=lambda m: m.navn)


def mottakere_for(hendelse: str) -> list[Mottaker]:
    return [m for m in mottakere() if hendelse in m.hendelser]


# --- settings ------------------------------------------------------------------------------


def _max_forsoek() -> int:
    return int(settings.UTBOKS_MAX_FORSOK)


def backoff(forsok: int) -> dt.timedelta:
    """Delay before attempt `forsok + 1`: base * 2^(forsok-1), capped."""
    base = float(settings.UTBOKS_BACKOFF_SEKUNDER)
    cap = float(settings.UTBOKS_BACKOFF_MAKS_SEKUNDER)
    return dt.timedelta(seconds=min(cap, base * 2 ** max(0, forsok - 1)))


# --- publish -------------------------------------------------------------------------------


def _enqueue(ids: list[uuid.UUID]) -> None:
    from core.tasks import levering_deliver as levering_deliver_task

    for levering_id in ids:
        try:
            levering_deliver_task.delay(str(levering_id))
        except Exception:  # broker down: the sweep re-queues it later; the row is safe
            logger.warning("Could not queue delivery %s; the sweep will retry", levering_id)


def outbox_publish(
    *, hendelse: str, payload: Mapping[str, Any], pasient_id: uuid.UUID | None = None
) -> Utbokshendelse:
    """Write an outbox event and one delivery per receiver registered for `hendelse`.

    Must be called inside the caller's transaction.atomic (raises RuntimeError otherwise),
    so the event commits if and only if the caller's change does. Delivery is queued on
    commit. An event type nobody receives is still stored (it shows on the dashboard as
    having no receiver), so a receiver added later can be replayed onto it.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("outbox_publish must be called inside transaction.atomic()")
    # Round-trip through JSON now: a payload that cannot be stored fails the caller's
    # transaction, not a worker later.
    data = DjangoJSONEncoder().encode(dict(payload))
    event = Utbokshendelse(hendelse=hendelse, payload=json.loads(data), pasient_id=pasient_id)
    event.full_clean(validate_unique=False)  # a fresh UUID and no unique fields: no look-up
    event.save()
    now = timezone.now()
    rows = [
        Levering(hendelse=event, mottaker=m.navn, neste_forsok_at=now, koet_at=now)
        for m in mottakere_for(hendelse)
    ]
    Levering.objects.bulk_create(rows)
    ids = [row.id for row in rows]
    if ids:
        transaction.on_commit(lambda: _enqueue(ids), robust=True)
    return event


def outbox_publish_many(
    *, hendelse: str, events: Iterable[tuple[Mapping[str, Any], uuid.UUID | None]]
) -> int:
    """`outbox_publish` for many events of one type in two INSERTs (payload, patient id per
    event); for bulk writers such as demo builders. Same rules: inside the caller's
    transaction, delivery queued on commit. Returns how many events were written."""
    if not connection.in_atomic_block:
        raise RuntimeError("outbox_publish_many must be called inside transaction.atomic()")
    encoder = DjangoJSONEncoder()
    rows = [
        Utbokshendelse(
            hendelse=hendelse,
            payload=json.loads(encoder.encode(dict(payload))),
            pasient_id=pasient_id,
        )
        for payload, pasient_id in events
    ]
    if not rows:
        return 0
    Utbokshendelse.objects.bulk_create(rows)
    now = timezone.now()
    leveringer = [
        Levering(hendelse=event, mottaker=m.navn, neste_forsok_at=now, koet_at=now)
        for event in rows
        for m in mottakere_for(hendelse)
    ]
    Levering.objects.bulk_create(leveringer)
    ids = [row.id for row in leveringer]
    if ids:
        transaction.on_commit(lambda: _enqueue(ids), robust=True)
    return len(rows)


# --- delivery ------------------------------------------------------------------------------


def _claim(levering_id: uuid.UUID, now: dt.datetime) -> int:
    return Levering.objects.filter(
        id=levering_id, status=LeveringStatus.VENTER, neste_forsok_at__lte=now
    ).update(status=LeveringStatus.SENDER, forsok=F("forsok") + 1, sendt_at=now, updated_at=now)


def _dead_letter_audit(levering: Levering, feil: str) -> None:
    audit_log(
        actor=None,
        event=AuditEvent.LEVERING_DOD,
        target=levering,
        pasient_id=levering.hendelse.pasient_id,
        extra={"mottaker": levering.mottaker, "forsok": levering.forsok, "feil": feil[:500]},
    )


def _record(levering: Levering, *, startet_at: dt.datetime, error: IntegrationError | None) -> str:
    """Write the outcome of the attempt `levering.forsok`, if we still own the delivery."""
    now = timezone.now()
    feil = "" if error is None else str(error.message)[:MAX_FEIL]
    if error is None:
        status, utfall = LeveringStatus.LEVERT, LeveringUtfall.LEVERT
    elif error.permanent or levering.forsok >= _max_forsoek():
        status, utfall = LeveringStatus.DOD, LeveringUtfall.DOD
    else:
        status, utfall = LeveringStatus.VENTER, LeveringUtfall.FEIL
    changes: dict[str, Any] = {"status": status, "updated_at": now, "siste_feil": feil}
    if status == LeveringStatus.LEVERT:
        changes["levert_at"] = now
    if status == LeveringStatus.VENTER:
        changes["neste_forsok_at"] = now + backoff(levering.forsok)
        changes["koet_at"] = None  # the sweep queues it when it is due
    with transaction.atomic():
        # Compare-and-set again: if the sweep reclaimed a delivery we held too long and
        # another worker took it, that worker records the outcome, not us.
        owned = Levering.objects.filter(
            id=levering.id, status=LeveringStatus.SENDER, forsok=levering.forsok
        ).update(**changes)
        if not owned:
            return "tapt"
        LeveringForsoek.objects.create(
            levering=levering,
            nummer=levering.forsok,
            startet_at=startet_at,
            ferdig_at=now,
            utfall=utfall,
            feil=feil,
        )
        if status == LeveringStatus.DOD:
            _dead_letter_audit(levering, feil)
    return str(status)


def levering_deliver(*, levering_id: uuid.UUID) -> str:
    """Claim, send and record one delivery. Returns the new status, or "opptatt" when the
    delivery was not ours to send (already claimed, delivered, dead or not due).

    Never call inside a transaction: the handler talks to another system, and its outcome
    must be recorded even when it was slow.
    """
    startet_at = timezone.now()
    if not _claim(levering_id, startet_at):
        return "opptatt"
    levering = Levering.objects.select_related("hendelse").get(id=levering_id)
    mottaker = _mottakere.get(levering.mottaker)
    error: IntegrationError | None = None
    if mottaker is None:
        error = IntegrationError(
            _("Mottakeren %(navn)s er ikke registrert.") % {"navn": levering.mottaker},
            permanent=True,
        )
    else:
        try:
            mottaker.handler(levering.hendelse, levering)
        except IntegrationError as exc:
            error = exc
        except Exception as exc:  # a bug in a handler: retried, then dead-lettered
            logger.exception("Receiver %s failed on delivery %s", levering.mottaker, levering.id)
            error = IntegrationError(f"{type(exc).__name__}: {exc}", permanent=False)
    return _record(levering, startet_at=startet_at, error=error)


def _reclaim_stuck(now: dt.datetime) -> int:
    """Deliveries left in `sender` by a worker that died: back to venter (or dod when
    attempts are exhausted), with an 'avbrutt' attempt in the history."""
    timeout = dt.timedelta(seconds=int(settings.UTBOKS_SENDER_TIMEOUT_SEKUNDER))
    stuck = list(
        Levering.objects.select_related("hendelse")
        .select_for_update(skip_locked=True, of=("self",))
        .filter(status=LeveringStatus.SENDER, sendt_at__lt=now - timeout)
    )
    feil = _("Arbeideren stoppet under levering; sendes på nytt med samme nøkkel.")
    for levering in stuck:
        dead = levering.forsok >= _max_forsoek()
        changes: dict[str, Any] = {
            "status": LeveringStatus.DOD if dead else LeveringStatus.VENTER,
            "neste_forsok_at": now,
            "koet_at": None,
            "siste_feil": feil,
            "updated_at": now,
        }
        Levering.objects.filter(id=levering.id, status=LeveringStatus.SENDER).update(**changes)
        LeveringForsoek.objects.create(
            levering=levering,
            nummer=levering.forsok,
            startet_at=levering.sendt_at or now,
            ferdig_at=now,
            utfall=LeveringUtfall.DOD if dead else LeveringUtfall.AVBRUTT,
            feil=feil,
        )
        if dead:
            _dead_letter_audit(levering, feil)
    return len(stuck)


@dataclass(frozen=True)
class Sveip:
    gjenopptatt: int
    koet: int


def levering_sweep() -> Sveip:
    """Reclaim stuck deliveries and queue due ones whose task is not (or no longer) queued.

    Runs under an advisory lock, so overlapping beat ticks do nothing twice.
    """
    now = timezone.now()
    requeue = dt.timedelta(seconds=int(settings.UTBOKS_REKO_SEKUNDER))
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [SWEEP_LOCK])
            (locked,) = cursor.fetchone() or (False,)
        if not locked:
            return Sveip(0, 0)
        reclaimed = _reclaim_stuck(now)
        due = list(
            Levering.objects.filter(status=LeveringStatus.VENTER, neste_forsok_at__lte=now)
            .filter(Q(koet_at__isnull=True) | Q(koet_at__lt=now - requeue))
            .order_by("neste_forsok_at")
            .values_list("id", flat=True)[: int(settings.UTBOKS_SVEIP_BATCH)]
        )
        Levering.objects.filter(id__in=due).update(koet_at=now)
        transaction.on_commit(lambda: _enqueue(due), robust=True)
    return Sveip(gjenopptatt=reclaimed, koet=len(due))


def _require_admin(actor: Ansatt) -> None:
    ctx = context_get()
    if not actor.is_active or ctx is None or Action.ADMIN.value not in ctx.actions:
        raise Forbidden(_("Bare administratorer kan sende leveringer på nytt."))


def levering_replay(*, actor: Ansatt, levering_id: uuid.UUID | str) -> Levering:
    """Send a dead-lettered delivery again (admin only): attempts start over, same key.

    Audited as LEVERING_REPLAYED with the error it had. Raises NotFound for an unknown id
    and ApplicationError when the delivery is not dead-lettered.
    """
    _require_admin(actor)
    try:
        key = uuid.UUID(str(levering_id))
    except ValueError as exc:
        raise NotFound from exc
    now = timezone.now()
    with transaction.atomic():
        levering = (
            Levering.objects.select_for_update(of=("self",))
            .select_related("hendelse")
            .filter(id=key)
            .first()
        )
        if levering is None:
            raise NotFound
        if levering.status != LeveringStatus.DOD:
            raise ApplicationError(_("Bare stoppede leveringer kan sendes på nytt."))
        old_error = levering.siste_feil
        levering.status = LeveringStatus.VENTER
        levering.forsok = 0
        levering.neste_forsok_at = now
        levering.koet_at = now
        levering.full_clean()
        levering.save(
            update_fields=["status", "forsok", "neste_forsok_at", "koet_at", "updated_at"]
        )
        audit_log(
            actor=actor,
            event=AuditEvent.LEVERING_REPLAYED,
            target=levering,
            pasient_id=levering.hendelse.pasient_id,
            extra={"mottaker": levering.mottaker, "feil": old_error[:500]},
        )
        ids = [levering.id]
        transaction.on_commit(lambda: _enqueue(ids), robust=True)
    return levering


def leveringer_replay_all(*, actor: Ansatt, mottaker: str) -> int:
    """Replay every dead-lettered delivery of one receiver; returns how many."""
    _require_admin(actor)
    ids: Iterable[uuid.UUID] = Levering.objects.filter(
        mottaker=mottaker, status=LeveringStatus.DOD
    ).values_list("id", flat=True)
    count = 0
    for levering_id in list(ids):
        try:
            levering_replay(actor=actor, levering_id=levering_id)
            count += 1
        except ApplicationError:  # replayed meanwhile
            continue
    return count
