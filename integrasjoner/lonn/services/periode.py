"""Writes for payroll: periods (create, build, close) and the outbox
receiver that sends a closed period's file to the payroll system.

Rules:
- Periods of a municipality follow each other without gaps or overlap (each starts the
  day after the previous one ends) and are closed in order.
- Building (a Celery task) reads every hour source for the period and replaces the open
  period's lines. It also re-reads the closed periods of the last TILBAKE_DAGER days:
  where an item's hours now differ from what was paid (a check-out corrected, a shift
  changed or removed, a service ended earlier), the difference goes as a delta line in
  this period, referring to the original line. Closed lines are never edited.
- Closing freezes the lines (a status check here, and a trigger in PostgreSQL), stores
  the CSV file and publishes `lonn.periode_lukket` on the outbox in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.exceptions import ApplicationError, IntegrationError, NotFound
from core.models import Action, Ansatt, Enhet, Kommune, Levering, Utbokshendelse
from core.outbox import outbox_publish
from integrasjoner.lonn.client import loennsfil_send
from integrasjoner.lonn.lib.csvfil import loennsfil_build
from integrasjoner.lonn.models import (
    ByggStatus,
    Kilde,
    Loennslinje,
    Loennsperiode,
    PeriodeStatus,
)
from integrasjoner.lonn.selectors import kommune_for, loennslinjer_for_fil, loennsperiode_get
from integrasjoner.lonn.selectors.kilder import TimeRad, timekilder
from integrasjoner.lonn.services.loennsart import loennsarter_ensure, loennsarter_for
from journal.access import actor_can

logger = logging.getLogger(__name__)

LONNSSYSTEM = "lonn.lonnssystem"
HENDELSE_LUKKET = "lonn.periode_lukket"
LONNSSYSTEM_HENDELSER = {HENDELSE_LUKKET}
MAX_DAGER = 62
# Closed periods ending within this many days before a period's start are re-read for
# corrections when it is built (the home-care reads allow at most 93 days per call).
TILBAKE_DAGER = 92
# A build left in "paagaar" this long (its worker died) may be ordered again.
BYGG_TIDSAVBRUDD = dt.timedelta(minutes=30)


# --- outbox receiver -----------------------------------------------------------------------


def loennsfil_deliver(hendelse: Utbokshendelse, levering: Levering) -> None:
    """Outbox receiver: the closed period's stored file goes to the payroll system, keyed
    by the delivery. A period that no longer exists is a permanent failure."""
    periode = Loennsperiode.objects.filter(
        pk=hendelse.payload.get("periode_id"), status=PeriodeStatus.LUKKET
    ).first()
    if periode is None:
        raise IntegrationError(_("Lønnsperioden finnes ikke eller er ikke lukket."), permanent=True)
    loennsfil_send(
        innhold=periode.fil,
        filnavn=periode.filnavn,
        sha256=periode.fil_sha256,
        idempotency_key=str(levering.id),
    )


# --- periods -------------------------------------------------------------------------------


def _kommune(actor: Ansatt | None, kommune_id: uuid.UUID | None) -> uuid.UUID:
    # A person acts for the acting unit's municipality; the system names one.
    if actor is not None:
        return kommune_for(actor)
    if kommune_id is None or not actor_can(None, Action.ADMIN):
        raise NotFound
    return kommune_id


@transaction.atomic
def loennsperiode_create(
    *,
    actor: Ansatt | None,
    fra_dato: dt.date,
    til_dato: dt.date,
    kommune_id: uuid.UUID | None = None,
) -> Loennsperiode:
    """A new open period for the acting unit's municipality (ADMIN; or, as the system, for
    `kommune_id`). It must start the day after the previous period ends (the first one may
    start any day), and last at most MAX_DAGER days. Audited (LONN_PERIODE_CREATED)."""
    kommune_id = _kommune(actor, kommune_id)
    # One period at a time per municipality: the order rule needs a stable "previous".
    Kommune.objects.select_for_update().filter(pk=kommune_id).first()
    if til_dato < fra_dato:
        raise ValidationError({"til_dato": [_("Til-datoen må være etter fra-datoen.")]})
    if (til_dato - fra_dato).days >= MAX_DAGER:
        raise ValidationError(
            {"til_dato": [_("En lønnsperiode kan vare høyst %(n)s dager.") % {"n": MAX_DAGER}]}
        )
    forrige = Loennsperiode.objects.filter(kommune_id=kommune_id).order_by("-til_dato").first()
    if forrige is not None and fra_dato != forrige.til_dato + dt.timedelta(days=1):
        riktig = forrige.til_dato + dt.timedelta(days=1)
        raise ValidationError(
            {
                "fra_dato": [
                    _("Perioden må begynne dagen etter forrige periode, %(dato)s.")
                    % {"dato": f"{riktig:%d.%m.%Y}"}
                ]
            }
        )
    periode = Loennsperiode(
        kommune_id=kommune_id, fra_dato=fra_dato, til_dato=til_dato, opprettet_av=actor
    )
    periode.full_clean()
    periode.save()
    loennsarter_ensure(actor=actor, kommune_id=kommune_id)
    audit_log(
        actor=actor,
        event=AuditEvent.LONN_PERIODE_CREATED,
        target=periode,
        extra={"fra": fra_dato.isoformat(), "til": til_dato.isoformat()},
    )
    return periode


def _require_open(periode: Loennsperiode) -> None:
    if periode.status != PeriodeStatus.AAPEN:
        raise ApplicationError(_("Perioden er lukket; linjene kan ikke endres."))


def _periode_lock(actor: Ansatt | None, periode_id: uuid.UUID | str) -> Loennsperiode:
    if actor is not None:
        return loennsperiode_get(actor=actor, periode_id=periode_id, lock=True)
    if not actor_can(None, Action.ADMIN):
        raise NotFound
    periode = Loennsperiode.objects.select_for_update().filter(pk=periode_id).first()
    if periode is None:
        raise NotFound
    return periode


@transaction.atomic
def loennsperiode_build_request(
    *, actor: Ansatt | None, periode_id: uuid.UUID | str, queue: bool = True
) -> Loennsperiode:
    """Order a (re)build of an open period (ADMIN, or the system); the Celery task runs it
    after commit (`queue=False`: the caller runs lonnsperiode_build itself, as the demo
    command does). Audited (LONN_PERIODE_BUILD_REQUESTED)."""
    periode = _periode_lock(actor, periode_id)
    _require_open(periode)
    now = timezone.now()
    running = periode.bygg_status in (ByggStatus.KOET, ByggStatus.PAAGAAR)
    if running and periode.updated_at > now - BYGG_TIDSAVBRUDD:
        raise ApplicationError(_("Perioden bygges allerede."))
    periode.bygg_status = ByggStatus.KOET
    periode.fremdrift = 0
    periode.bygg_feil = ""
    periode.full_clean()
    periode.save(update_fields=["bygg_status", "fremdrift", "bygg_feil", "updated_at"])
    audit_log(actor=actor, event=AuditEvent.LONN_PERIODE_BUILD_REQUESTED, target=periode)
    from integrasjoner.lonn.tasks import loennsperiode_build as lonnsperiode_build_task

    periode_key = str(periode.pk)
    if queue:
        transaction.on_commit(lambda: lonnsperiode_build_task.delay(periode_key), robust=True)
    return periode


def _progress(periode_id: uuid.UUID, fremdrift: int) -> None:
    # Outside the build's final transaction, so the page's polling sees it move.
    Loennsperiode.objects.filter(
        pk=periode_id, status=PeriodeStatus.AAPEN, bygg_status=ByggStatus.PAAGAAR
    ).update(fremdrift=min(99, fremdrift), updated_at=timezone.now())


@dataclass
class _Betalt:
    """What the closed periods paid for one source item: the sum and the original line."""

    timer: Decimal
    original: Loennslinje


class _Steg:
    """Counts the build's steps (one per source and range) into fremdrift 0–99."""

    def __init__(self, periode_id: uuid.UUID, total: int) -> None:
        self.periode_id = periode_id
        self.total = max(1, total)
        self.done = 0

    def __call__(self) -> None:
        self.done += 1
        _progress(self.periode_id, int(self.done * 95 / self.total))


def _read(
    kommune_id: uuid.UUID,
    fra: dt.date,
    til: dt.date,
    on_step: _Steg,
) -> list[TimeRad]:
    enheter = list(
        Enhet.objects.filter(virksomhet__kommune_id=kommune_id).values_list("id", "type")
    )
    rows: list[TimeRad] = []
    for kilde in timekilder():
        ids = [pk for pk, type_ in enheter if not kilde.enhetstyper or type_ in kilde.enhetstyper]
        if ids:
            rows.extend(kilde.hent(fra, til, ids))
        on_step()
    return rows


def _line(
    periode: Loennsperiode, row: TimeRad, koder: dict[str, str], **extra: object
) -> Loennslinje:
    return Loennslinje(
        periode=periode,
        enhet_id=row.enhet_id,
        kilde=row.kilde,
        kilde_ref=row.kilde_ref,
        lonnsart=koder.get(row.kilde, ""),
        ansatt_id=row.ansatt_id,
        # Visits name no patient on a payroll line (data minimisation); decision hours do,
        # since the payroll system maps the patient's service to the assistant it pays.
        pasient_id=row.pasient_id if row.kilde in (Kilde.BPA, Kilde.OMSORGSSTONAD) else None,
        tjeneste_id=row.tjeneste_id,
        dato=row.dato,
        timer=row.timer,
        **extra,
    )


def _deltas(
    periode: Loennsperiode, lukket: Loennsperiode, rows: list[TimeRad], koder: dict[str, str]
) -> list[Loennslinje]:
    """Delta lines for the items of one closed period's range whose hours changed."""
    betalt: dict[str, _Betalt] = {}
    paid_lines = Loennslinje.objects.filter(
        periode__kommune_id=periode.kommune_id,
        periode__status=PeriodeStatus.LUKKET,
        dato__gte=lukket.fra_dato,
        dato__lte=lukket.til_dato,
    ).order_by("created_at", "id")
    for linje in paid_lines:
        entry = betalt.get(linje.kilde_ref)
        if entry is None:
            betalt[linje.kilde_ref] = _Betalt(timer=linje.timer, original=linje)
        else:
            entry.timer += linje.timer
            if entry.original.korreksjon and not linje.korreksjon:
                entry.original = linje
    now = {row.kilde_ref: row for row in rows}
    linjer: list[Loennslinje] = []
    for ref in sorted(set(now) | set(betalt)):
        row, paid = now.get(ref), betalt.get(ref)
        diff = (row.timer if row else Decimal(0)) - (paid.timer if paid else Decimal(0))
        if not diff:
            continue
        original = None if paid is None or paid.original.korreksjon else paid.original
        if row is None:
            if paid is None:
                continue
            o = paid.original
            row = TimeRad(
                kilde=o.kilde,
                kilde_ref=o.kilde_ref,
                enhet_id=o.enhet_id,
                dato=o.dato,
                timer=Decimal(0),
                ansatt_id=o.ansatt_id,
                pasient_id=o.pasient_id,
                tjeneste_id=o.tjeneste_id,
            )
        linje = _line(periode, row, koder, korreksjon=True, korreksjon_av=original)
        linje.timer = diff
        linjer.append(linje)
    return linjer


def loennsperiode_build(*, periode_id: uuid.UUID) -> str:
    """Build an open period (the system, from the Celery task; never in a request).

    Claims the period with a compare-and-set (koet → paagaar; 0 rows: not ours, returns
    "opptatt"), reads the sources outside any transaction while reporting progress, then
    replaces the lines in one short transaction (if the period is still open). A failure
    marks the build failed with its error (audited). Returns the new build status.
    """
    if not actor_can(None, Action.ADMIN):
        raise NotFound
    claimed = Loennsperiode.objects.filter(
        pk=periode_id, status=PeriodeStatus.AAPEN, bygg_status=ByggStatus.KOET
    ).update(bygg_status=ByggStatus.PAAGAAR, fremdrift=0, updated_at=timezone.now())
    if not claimed:
        return "opptatt"
    periode = Loennsperiode.objects.get(pk=periode_id)
    try:
        linjer = _compute(periode)
    except Exception as exc:
        logger.exception("Building pay period %s failed", periode_id)
        _failed(periode, f"{type(exc).__name__}: {exc}"[:2000])
        return ByggStatus.FEILET
    return _store(periode, linjer)


def _compute(periode: Loennsperiode) -> list[Loennslinje]:
    lukkede = list(
        Loennsperiode.objects.filter(
            kommune_id=periode.kommune_id,
            status=PeriodeStatus.LUKKET,
            til_dato__gte=periode.fra_dato - dt.timedelta(days=TILBAKE_DAGER),
            fra_dato__lt=periode.fra_dato,
        ).order_by("fra_dato")
    )
    steg = _Steg(periode.pk, (1 + len(lukkede)) * len(timekilder()))
    koder = loennsarter_for(kommune_id=periode.kommune_id, dato=periode.fra_dato)
    rows = _read(periode.kommune_id, periode.fra_dato, periode.til_dato, steg)
    linjer = [_line(periode, row, koder) for row in rows]
    for lukket in lukkede:
        old_rows = _read(periode.kommune_id, lukket.fra_dato, lukket.til_dato, steg)
        linjer.extend(_deltas(periode, lukket, old_rows, koder))
    return linjer


@transaction.atomic
def _store(periode: Loennsperiode, linjer: list[Loennslinje]) -> str:
    locked = (
        Loennsperiode.objects.select_for_update()
        .filter(pk=periode.pk, status=PeriodeStatus.AAPEN, bygg_status=ByggStatus.PAAGAAR)
        .first()
    )
    if locked is None:  # closed or re-ordered meanwhile: this build's result is stale
        return "opptatt"
    Loennslinje.objects.filter(periode=locked).delete()
    for linje in linjer:
        linje.periode = locked
    Loennslinje.objects.bulk_create(linjer, batch_size=1000)
    locked.bygg_status = ByggStatus.FERDIG
    locked.fremdrift = 100
    locked.bygget_at = timezone.now()
    locked.bygg_feil = ""
    locked.save(update_fields=["bygg_status", "fremdrift", "bygget_at", "bygg_feil", "updated_at"])
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for linje in linjer:
        sums[linje.kilde] += linje.timer
    audit_log(
        actor=None,
        event=AuditEvent.LONN_PERIODE_BUILT,
        target=locked,
        extra={
            "linjer": len(linjer),
            "korreksjoner": sum(1 for linje in linjer if linje.korreksjon),
            "timer": {k: str(v) for k, v in sorted(sums.items())},
        },
    )
    return ByggStatus.FERDIG


@transaction.atomic
def _failed(periode: Loennsperiode, feil: str) -> None:
    Loennsperiode.objects.filter(
        pk=periode.pk, status=PeriodeStatus.AAPEN, bygg_status=ByggStatus.PAAGAAR
    ).update(bygg_status=ByggStatus.FEILET, bygg_feil=feil, updated_at=timezone.now())
    audit_log(
        actor=None,
        event=AuditEvent.LONN_PERIODE_BUILD_FAILED,
        target=periode,
        extra={"feil": feil[:500]},
    )


@transaction.atomic
def loennsperiode_close(*, actor: Ansatt, periode_id: uuid.UUID | str) -> Loennsperiode:
    """Close a built open period (ADMIN): freeze its lines, store its CSV file and publish
    `lonn.periode_lukket` for the payroll system, all in one transaction. The previous
    period must be closed first. Audited (LONN_PERIODE_CLOSED)."""
    periode = loennsperiode_get(actor=actor, periode_id=periode_id, lock=True)
    _require_open(periode)
    if periode.bygg_status != ByggStatus.FERDIG:
        raise ApplicationError(_("Bygg perioden ferdig før den lukkes."))
    forrige = Loennsperiode.objects.filter(
        kommune_id=periode.kommune_id, til_dato=periode.fra_dato - dt.timedelta(days=1)
    ).first()
    if forrige is not None and forrige.status != PeriodeStatus.LUKKET:
        raise ApplicationError(
            _("Lukk forrige periode (%(periode)s) først.") % {"periode": str(forrige)}
        )
    fil = loennsfil_build(periode, loennslinjer_for_fil(periode))
    antall = Loennslinje.objects.filter(periode=periode).count()
    periode.fil = fil
    periode.fil_sha256 = hashlib.sha256(fil.encode("utf-8")).hexdigest()
    hendelse = outbox_publish(
        hendelse=HENDELSE_LUKKET,
        payload={
            "periode_id": str(periode.pk),
            "kommunenr": periode.kommune.nummer,
            "fra": periode.fra_dato.isoformat(),
            "til": periode.til_dato.isoformat(),
            "filnavn": periode.filnavn,
            "sha256": periode.fil_sha256,
            "linjer": antall,
        },
    )
    periode.status = PeriodeStatus.LUKKET
    periode.lukket_at = timezone.now()
    periode.lukket_av = actor
    periode.utbokshendelse_id = hendelse.pk
    periode.full_clean()
    periode.save(
        update_fields=[
            "status",
            "lukket_at",
            "lukket_av",
            "fil",
            "fil_sha256",
            "utbokshendelse_id",
            "updated_at",
        ]
    )
    audit_log(
        actor=actor,
        event=AuditEvent.LONN_PERIODE_CLOSED,
        target=periode,
        extra={"linjer": antall, "sha256": periode.fil_sha256},
    )
    return periode
