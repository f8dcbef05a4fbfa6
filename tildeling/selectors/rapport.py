"""Reports for leaders: case processing time and decisions by service type and outcome.

Aggregated in PostgreSQL (GROUP BY with percentile_cont), never by looping over cases.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Aggregate, Avg, Count, F, FloatField, Func, IntegerField, QuerySet
from django.db.models.functions import Trunc
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.exceptions import ApplicationError
from core.models import Action, Ansatt
from journal.access import AccessDenied, actor_can, restrict_unit_records
from journal.services import leader_scope
from tildeling.models import Utfall, Vedtak, VedtakStatus

PERIODER = {"maaned": "month", "kvartal": "quarter", "aar": "year"}


class PercentileCont(Aggregate):
    """PostgreSQL percentile_cont(p) WITHIN GROUP (ORDER BY expression)."""

    function = "percentile_cont"
    template = "%(function)s(%(p)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression: Any, p: float, **extra: Any) -> None:
        super().__init__(expression, p=float(p), **extra)


@dataclass(frozen=True)
class Rapport:
    fra: dt.date
    til: dt.date
    periode: str
    behandlingstid: list[dict[str, Any]]
    utfall: list[dict[str, Any]]


def _dager() -> Func:
    # date - date is an integer number of days in PostgreSQL
    return Func(
        F("vedtaksdato"),
        F("sak__mottatt_dato"),
        template="(%(expressions)s)",
        arg_joiner=" - ",
        output_field=IntegerField(),
    )


def _decided(actor: Ansatt, fra: dt.date, til: dt.date) -> QuerySet[Vedtak]:
    """The acting office's decisions, or for a leader those of the units they lead."""
    if actor_can(actor, Action.HANDLE_CASE):
        rows = restrict_unit_records(Vedtak.objects.all(), actor, action=Action.HANDLE_CASE)
    else:
        rows = Vedtak.objects.filter(enhet_id__in=leader_scope(actor))
    return rows.filter(
        status__in=[VedtakStatus.FATTET, VedtakStatus.AVSLUTTET],
        vedtaksdato__gte=fra,
        vedtaksdato__lte=til,
    )


def rapport_get(*, actor: Ansatt, fra: dt.date, til: dt.date, periode: str = "maaned") -> Rapport:
    """Processing time (received → decided, days: count, mean, median, p90) per service
    type and period, and decisions per service type and outcome per period, for the
    acting office. Case officers and leaders (REVIEW_LOG) only. Audited (no patient)."""
    if not (actor_can(actor, Action.HANDLE_CASE) or actor_can(actor, Action.REVIEW_LOG)):
        raise AccessDenied(_("Rollen din i denne enheten gir ikke tilgang til dette."))
    if fra > til:
        raise ApplicationError(_("Fra-datoen må være før til-datoen."))
    if periode not in PERIODER:
        raise ApplicationError(_("Velg måned, kvartal eller år."))
    bucket = Trunc("vedtaksdato", PERIODER[periode])
    base = _decided(actor, fra, til)
    tider = list(
        base.annotate(p=bucket, dager=_dager())
        .values("p", "tjenestetype__kode", "tjenestetype__navn")
        .annotate(
            antall=Count("id"),
            snitt=Avg("dager"),
            median=PercentileCont("dager", 0.5),
            p90=PercentileCont("dager", 0.9),
        )
        .order_by("p", "tjenestetype__navn")
    )
    utfall = list(
        base.annotate(p=bucket)
        .values("p", "tjenestetype__kode", "tjenestetype__navn", "utfall")
        .annotate(antall=Count("id"))
        .order_by("p", "tjenestetype__navn", "utfall")
    )
    with transaction.atomic():
        audit_log(
            actor=actor,
            event=AuditEvent.RAPPORT_READ,
            extra={"fra": fra.isoformat(), "til": til.isoformat(), "periode": periode},
        )
    return Rapport(
        fra=fra,
        til=til,
        periode=periode,
        behandlingstid=[dict(r) for r in tider],
        utfall=[{**r, "utfall_navn": Utfall(r["utfall"]).label} for r in utfall],
    )
