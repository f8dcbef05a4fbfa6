"""Reads for invoicing (admins of the kommune): runs, their lines (patient data: every line
shown is audited per patient), the exported file (audited per patient in it), rates.

Who may read: the ADMIN right in the acting unit, for runs of that unit's kommune only
(acting_kommune). Invoicing is an administrative purpose that needs no care
relationship; what is shown is limited to what the invoice holds (name, id number,
address, service, amounts), and every patient shown is in the audit log.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q, QuerySet

from core.api.pagination import Side, side_fetch
from core.audit import AuditEvent, audit_log, audit_log_many
from core.context import context_get
from core.exceptions import NotFound
from core.models import Action, Ansatt, Kommune
from integrasjoner.faktura.models import (
    Fakturafil,
    Fakturagrunnlag,
    Fakturakjoering,
    Grunnbeloep,
    Satser,
)
from journal.access import actor_require
from journal.lib.soek import name_normalize
from journal.models import Pasient

LINJER_SIDE = 50
AUDIT_BATCH = 2000


def acting_kommune(actor: Ansatt) -> Kommune:
    """The kommune an admin invoices for: that of the acting unit's virksomhet."""
    actor_require(actor, Action.ADMIN)
    ctx = context_get()
    kommune = (
        Kommune.objects.filter(virksomheter__id=ctx.virksomhet_id).first()
        if ctx is not None and ctx.virksomhet_id is not None
        else None
    )
    if kommune is None:
        raise NotFound
    return kommune


def kjoeringer_list(*, actor: Ansatt) -> QuerySet[Fakturakjoering]:
    """The kommune's runs, newest month first (the caller pages them). No patient data."""
    kommune = acting_kommune(actor)
    return (
        Fakturakjoering.objects.filter(kommune=kommune)
        .select_related("kommune", "startet_av", "sendt_av")
        .order_by("-maned", "id")
    )


def kjoering_get(*, actor: Ansatt, kjoring_id: uuid.UUID | str) -> Fakturakjoering:
    """One run of the actor's kommune; the same NotFound for missing and another kommune's."""
    try:
        key = uuid.UUID(str(kjoring_id))
    except ValueError as exc:
        raise NotFound from exc
    kjoring = kjoeringer_list(actor=actor).filter(pk=key).first()
    if kjoring is None:
        raise NotFound
    return kjoring


def kjoering_has_fil(*, kjoring: Fakturakjoering) -> bool:
    return Fakturafil.objects.filter(kjoring=kjoring).exists()


@dataclass(frozen=True)
class Avviksrad:
    """A line that could not be charged: whose, and why (the run's own words)."""

    pasient: Pasient | None
    tekst: str


@dataclass(frozen=True)
class Linjeside:
    kjoring: Fakturakjoering
    side: Side[Fakturagrunnlag]
    pasient_id: uuid.UUID | None
    # what was typed in the patient filter (a name, a fødselsnummer or a patient id)
    pasient_sok: str = ""
    avvik: list[Avviksrad] = field(default_factory=list)


def linjer_list(
    *,
    actor: Ansatt,
    kjoring_id: uuid.UUID | str,
    pasient_id: uuid.UUID | str | None = None,
    side: int = 1,
    storrelse: int = LINJER_SIDE,
) -> Linjeside:
    """A page of a run's lines, optionally of one patient; each line shown is audited as
    FAKTURA_LINJER_LISTED for its patient."""
    kjoring = kjoering_get(actor=actor, kjoring_id=kjoring_id)
    qs = (
        Fakturagrunnlag.objects.filter(kjoring=kjoring)
        .select_related("pasient")
        .order_by("pasient__etternavn", "pasient_id", "periode_fra", "tjeneste", "type", "id")
    )
    wanted: uuid.UUID | None = None
    sok = str(pasient_id or "").strip()[:MAX_PASIENT_SOK]
    if sok:
        try:
            wanted = uuid.UUID(sok)
        except ValueError:
            qs = qs.filter(_pasient_match(sok))
        else:
            qs = qs.filter(pasient_id=wanted)
    with transaction.atomic():
        page = side_fetch(qs, nummer=side, storrelse=storrelse)
        audit_log_many(
            actor=actor,
            event=AuditEvent.FAKTURA_LINJER_LISTED,
            targets=page.items,
            extra={"kjoring": str(kjoring.pk)},
        )
        avvik = _avvik_list(actor, kjoring, wanted) if side == 1 else []
    return Linjeside(kjoring=kjoring, side=page, pasient_id=wanted, pasient_sok=sok, avvik=avvik)


MAX_PASIENT_SOK = 100


def _pasient_match(sok: str) -> Q:
    """Lines of the patient with this fødselsnummer, or whose names start with the words
    typed ("ols kar" finds Kari Olsen), as the patient search matches names."""
    digits = sok.replace(" ", "")
    if digits.isdigit():
        return Q(pasient__identifikator=digits)
    match = Q()
    for word in sok.split():
        part = name_normalize(word)
        match &= Q(pasient__sok_fornavn__startswith=part) | Q(
            pasient__sok_etternavn__startswith=part
        )
    return match


def _avvik_list(
    actor: Ansatt, kjoring: Fakturakjoering, wanted: uuid.UUID | None
) -> list[Avviksrad]:
    """The run's deviations (of one patient when filtered), each patient shown audited."""
    rows = [r for r in kjoring.avvik or [] if wanted is None or r.get("pasient_id") == str(wanted)]
    pasienter = Pasient.objects.in_bulk([r["pasient_id"] for r in rows if r.get("pasient_id")])
    shown = [
        Avviksrad(pasient=pasienter.get(uuid.UUID(r["pasient_id"])), tekst=r.get("tekst", ""))
        for r in rows
    ]
    if pasienter:
        audit_log_many(
            actor=actor,
            event=AuditEvent.FAKTURA_LINJER_LISTED,
            targets=list(pasienter.values()),
            extra={"kjoring": str(kjoring.pk), "avvik": True},
        )
    return sorted(shown, key=lambda a: (a.pasient.etternavn if a.pasient else "", a.tekst))


def _pasient_ids(kjoring: Fakturakjoering) -> Iterator[list[uuid.UUID]]:
    ids = (
        Fakturagrunnlag.objects.filter(kjoring=kjoring)
        .order_by("pasient_id")
        .values_list("pasient_id", flat=True)
        .distinct()
    )
    batch: list[uuid.UUID] = []
    for pasient_id in ids.iterator(chunk_size=AUDIT_BATCH):
        batch.append(pasient_id)
        if len(batch) >= AUDIT_BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def fil_get(*, actor: Ansatt, kjoring_id: uuid.UUID | str) -> Fakturafil:
    """The run's CSV for download. Audited: one FAKTURA_FIL_DOWNLOADED row for the run and
    one per patient in the file (inserted in batches, in the same transaction)."""
    kjoring = kjoering_get(actor=actor, kjoring_id=kjoring_id)
    fil = Fakturafil.objects.filter(kjoring=kjoring).first()
    if fil is None:
        raise NotFound
    with transaction.atomic():
        audit_log(
            actor=actor,
            event=AuditEvent.FAKTURA_FIL_DOWNLOADED,
            target=kjoring,
            extra={"sha256": fil.sha256, "linjer": fil.antall_linjer},
        )
        for batch in _pasient_ids(kjoring):
            audit_log_many(
                actor=actor,
                event=AuditEvent.FAKTURA_FIL_DOWNLOADED,
                targets=[Pasient(pk=pasient_id) for pasient_id in batch],
                extra={"kjoring": str(kjoring.pk)},
            )
    return fil


def kjoeringer_recent(*, actor: Ansatt, antall: int = 10) -> list[Fakturakjoering]:
    """The latest runs with whether they have a file, for the integration dashboard."""
    return list(kjoeringer_list(actor=actor)[:antall])


def satser_list(*, actor: Ansatt) -> list[Satser]:
    """The rates that apply to the kommune (its own and the national default), newest first."""
    kommune = acting_kommune(actor)
    return list(
        Satser.objects.filter(Q(kommune=kommune) | Q(kommune__isnull=True))
        .select_related("kommune")
        .prefetch_related("trinn")
        .order_by("kommune__nummer", "-gyldig_fra")
    )


def grunnbeloep_list() -> list[Grunnbeloep]:
    return list(Grunnbeloep.objects.order_by("-gyldig_fra"))
