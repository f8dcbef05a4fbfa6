"""The cost of auditing a patient read, measured in-process against the benchmark database.

Django runs in this process (as for the EXPLAIN). The demo user acts in their unit with a
core.context.RequestContext built the way tests/acting.py builds it, and reads N patients of
the unit three ways, interleaved (the order rotates per patient, so cache warmth and drift
fall on all three alike):

- "with audit": journal.selectors.pasient_get as it is: access check, read and the audit
  row in one statement (on the unit's relationship), committed together.
- "no audit row": journal.selectors.pasient_read_audit_later, the same read with its audit
  row returned instead of written (what the overview uses inside its own transaction): here
  called alone, so exactly the audit write (the row and the commit of a write) is missing.
  (Before the read and its row became one statement this variant replaced the selector's
  audit_log with a no-op; that no longer takes the row out.)
- "check + read": only access_scoped + access_basis inside transaction.atomic() (what is in
  pasient_get's transaction apart from the audit row), for comparison.

Timings are wall clock around each call in this process (no HTTP, no serialisation).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import time
import uuid
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from bench_db import DEMO_USER, BenchError
from bench_explain import django_setup
from bench_load import percentile

REQUEST_ID_PREFIX = "bench-audit-"


@dataclass
class AuditOverhead:
    patients: int
    warmup: int
    timings_ms: dict[str, list[float]] = field(default_factory=dict)
    audit_rows: int = 0  # PASIENT_READ rows the measured "with audit" calls wrote
    unit_name: str = ""
    role: str = ""

    def p(self, variant: str, q: float) -> float:
        return percentile(self.timings_ms.get(variant, []), q)

    def ratio(self, variant: str, baseline: str) -> float:
        base = self.p(baseline, 50)
        return self.p(variant, 50) / base if base else float("nan")


WITH_AUDIT = "with audit"
NO_AUDIT_ROW = "no audit row"
CHECK_AND_READ = "check + read"
VARIANTS = (WITH_AUDIT, NO_AUDIT_ROW, CHECK_AND_READ)


def demo_actor() -> tuple[Any, Any, Any]:
    """The demo user, their first unit membership, and a request context acting in it
    (built the way tests/acting.py builds it). Django must be set up."""
    from core.context import RequestContext
    from core.models import Ansatt, Tilknytning

    actor = Ansatt.objects.get(username=DEMO_USER)
    tilknytning = Tilknytning.objects.filter(ansatt=actor).select_related("rolle", "enhet").first()
    if tilknytning is None:
        raise BenchError(f"{DEMO_USER} has no unit.")
    base = RequestContext(
        request_id="",
        ip="127.0.0.1",
        kanal="api",
        enhet_id=tilknytning.enhet_id,
        virksomhet_id=tilknytning.enhet.virksomhet_id,
        rolle_kode=tilknytning.rolle.kode,
        actions=frozenset(tilknytning.rolle.rettigheter.values_list("action", flat=True)),
    )
    return actor, tilknytning, base


def audit_overhead(url: str, pasient_ids: Sequence[str], *, warmup: int = 50) -> AuditOverhead:
    """Time the three variants for every id (after `warmup` unmeasured rounds)."""
    django_setup(url)
    from django.db import connection, transaction

    import journal.selectors.pasient as pasient_selectors
    from core.audit import AuditEvent
    from core.context import request_context
    from core.models import Action, AuditLogg
    from journal.access import access_basis, access_scoped
    from journal.models import Pasient

    actor, tilknytning, base = demo_actor()

    def read(pasient_id: str) -> None:
        pasient_selectors.pasient_get(actor=actor, pasient_id=pasient_id)

    def read_unwritten(pasient_id: str) -> None:
        pasient_selectors.pasient_read_audit_later(actor=actor, pasient_id=pasient_id)

    def check_and_read(pasient_id: str) -> None:
        with transaction.atomic():
            pasient = access_scoped(
                actor,
                Pasient.objects.select_related("kommune", "fastlege"),
                pasient_id,
                action=Action.VIEW,
                pasient_field="pk",
            )
            access_basis(actor, pasient.pk)

    # (what is patched around the call, outside the timing; the call itself)
    calls: dict[str, tuple[Callable[[], AbstractContextManager[Any]], Callable[[str], None]]] = {
        WITH_AUDIT: (contextlib.nullcontext, read),
        NO_AUDIT_ROW: (contextlib.nullcontext, read_unwritten),
        CHECK_AND_READ: (contextlib.nullcontext, check_and_read),
    }
    result = AuditOverhead(
        patients=len(pasient_ids),
        warmup=min(warmup, len(pasient_ids)),
        timings_ms={v: [] for v in VARIANTS},
        unit_name=tilknytning.enhet.navn,
        role=tilknytning.rolle.kode,
    )
    run_id = uuid.uuid4().hex[:12]
    started_at = time.time()
    rounds = [(i, pid, False) for i, pid in enumerate(pasient_ids[: result.warmup])]
    rounds += [(i, pid, True) for i, pid in enumerate(pasient_ids)]
    for index, pasient_id, measured in rounds:
        shift = index % len(VARIANTS)
        order = VARIANTS[shift:] + VARIANTS[:shift]
        for variant in order:
            prefix = REQUEST_ID_PREFIX + ("m-" if measured else "w-") + run_id
            ctx = dataclasses.replace(base, request_id=f"{prefix}-{index}")
            patched, call = calls[variant]
            with request_context(ctx), patched():
                begun = time.perf_counter()
                call(pasient_id)
                elapsed = (time.perf_counter() - begun) * 1000
            if measured:
                result.timings_ms[variant].append(elapsed)
    # Every measured "with audit" call must have committed exactly one row, the others none.
    since = dt.datetime.fromtimestamp(started_at - 5, tz=dt.UTC)
    result.audit_rows = AuditLogg.objects.filter(
        tidspunkt__gte=since,
        hendelse=AuditEvent.PASIENT_READ,
        request_id__startswith=f"{REQUEST_ID_PREFIX}m-{run_id}-",
    ).count()
    connection.close()
    return result
