"""Reads of the GP lists: the office's overview with counts by age group."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q

from core.api.pagination import Side, side_fetch
from core.audit import AuditEvent, audit_log, audit_log_many
from core.exceptions import NotFound
from core.models import Action, Ansatt
from journal.access import restrict_unit_records
from tjenester.legekontor.models import Fastlegeliste, Listeplass

# Age groups of the list overview (years, inclusive lower bound).
ALDERSGRUPPER: list[tuple[str, int, int | None]] = [
    ("0–15", 0, 15),
    ("16–39", 16, 39),
    ("40–66", 40, 66),
    ("67–79", 67, 79),
    ("80+", 80, None),
]


@dataclass
class ListeOversikt:
    liste: Fastlegeliste
    antall: int
    ledige: int
    aldersgrupper: dict[str, int] = field(default_factory=dict)


def _foedt_etter(dag: dt.date, alder: int) -> dt.date:
    """Born after this date = younger than `alder` years on `dag`."""
    try:
        return dag.replace(year=dag.year - alder)
    except ValueError:  # 29 February
        return dag.replace(year=dag.year - alder, day=28)


@transaction.atomic
def liste_oversikt(*, actor: Ansatt | None, dag: dt.date) -> list[ListeOversikt]:
    """Every list of the acting office with its count, free places and age groups; one
    query. Audited as one row (no patient is shown)."""
    aktive = Q(plasser__til__isnull=True)
    annotations = {"antall": Count("plasser", filter=aktive)}
    for _navn, fra, til in ALDERSGRUPPER:
        betingelse = aktive & Q(plasser__pasient__fodselsdato__lte=_foedt_etter(dag, fra))
        if til is not None:
            betingelse &= Q(plasser__pasient__fodselsdato__gt=_foedt_etter(dag, til + 1))
        annotations[f"gruppe_{fra}"] = Count("plasser", filter=betingelse)
    lister = list(
        restrict_unit_records(
            Fastlegeliste.objects.select_related("lege"), actor, action=Action.BOOK_TIME
        )
        .annotate(**annotations)
        .order_by("lege__last_name", "lege__first_name")
    )
    audit_log(actor=actor, event=AuditEvent.FASTLEGELISTE_LISTED, extra={"lister": len(lister)})
    return [
        ListeOversikt(
            liste=liste,
            antall=liste.antall,  # type: ignore[attr-defined]
            ledige=max(liste.kapasitet - liste.antall, 0),  # type: ignore[attr-defined]
            aldersgrupper={
                navn: getattr(liste, f"gruppe_{fra}") for navn, fra, _til in ALDERSGRUPPER
            },
        )
        for liste in lister
    ]


@dataclass
class ListeSide:
    liste: Fastlegeliste
    plasser: Side[Listeplass]


@transaction.atomic
def liste_plasser(
    *,
    actor: Ansatt | None,
    liste_id: uuid.UUID | str,
    side: int = 1,
    storrelse: int = 50,
) -> ListeSide:
    """One list of the acting office with its places, the current ones first, then the
    ended ones (the list's history of changes), newest first. Same rule as the overview
    (the office's own records, for those who book); another office's list is 404. One
    LISTEPLASSER_LISTED row per patient shown."""
    try:
        liste = (
            restrict_unit_records(
                Fastlegeliste.objects.select_related("lege"), actor, action=Action.BOOK_TIME
            )
            .filter(pk=liste_id)
            .first()
        )
    except (ValueError, ValidationError) as exc:
        raise NotFound from exc
    if liste is None:
        raise NotFound
    queryset = (
        Listeplass.objects.filter(liste=liste)
        .select_related("pasient")
        .order_by(F("til").desc(nulls_first=True), "-fra", "id")
    )
    page = side_fetch(queryset, nummer=side, storrelse=storrelse)
    audit_log_many(
        actor=actor,
        event=AuditEvent.LISTEPLASSER_LISTED,
        targets=page.items,
        extra={"liste_id": str(liste.pk)},
    )
    return ListeSide(liste=liste, plasser=page)
