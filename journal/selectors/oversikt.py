"""Reads for the clinical summary (oversikt) and the journal print (utskrift).

Both are built from the area selectors (pasient_get, journalnotater_for_pasient,
diagnose_list, malinger_for_pasient, kritisk_active_qs, tiltaksplan_active_for), so
access, entry blocks and their audit rows are the same as on the area pages. Each read
asks for one bounded page or period, so the number of queries does not grow with the
length of the record.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.exceptions import ApplicationError, NotFound
from core.klokke import idag, naa
from core.models import Action, Ansatt
from journal.access import access_memo, blocked_entries, restrict_scoped
from journal.models import (
    Diagnose,
    DiagnoseStatus,
    JournalnotatVersjon,
    KritiskInformasjon,
    Maaling,
    Tjeneste,
)
from journal.selectors.kritisk import DIAGNOSE_OBJEKT_TYPE, Diagnoseside, diagnose_list
from journal.selectors.maaling import Maalingsoversikt, Maalingsrad, maalinger_for_pasient
from journal.selectors.notat import Notatliste, journalnotater_for_pasient
from journal.selectors.pasient import (
    Pasientvisning,
    pasient_get,
    pasient_read_in_transaction,
    pasient_read_refused_audit,
)
from journal.selectors.tiltaksplan import Planvisning, tiltaksplan_active_for
from journal.selectors.tjeneste import tjenester_for_pasient
from journal.services.notat import NOTAT_OBJEKT

OVERSIKT_NOTATER = 5
OVERSIKT_DIAGNOSER = 20
OVERSIKT_TRENDDAGER = 14
# One print is one document a person can read; a longer period is split by the user.
MAX_UTSKRIFT_RADER = 1000

T = TypeVar("T")


@dataclass(frozen=True)
class Oversikt:
    """The clinical summary: banner and CAVE, active problems, latest vitals, latest notes."""

    visning: Pasientvisning
    diagnoser: Diagnoseside  # active only, first page; blocked ones flagged
    malinger: Maalingsoversikt  # the last OVERSIKT_TRENDDAGER days, with trends and `siste`
    notater: Notatliste  # the first page only
    plan: Planvisning | None = None  # the active care plan (problems, goals, today's tiltak)
    tjenester: tuple[Tjeneste, ...] = ()  # active services (from decisions), any unit


def oversikt_get(*, actor: Ansatt, pasient_id: uuid.UUID | str) -> Oversikt:
    """Everything the summary page shows, in a fixed number of queries.

    Audited: the patient read (with basis) and the area reads from the reused selectors,
    and one OVERSIKT_READ row for the summary itself. Access to the patient is decided
    once (access_memo); the section queries then filter by the patient only
    (access.restrict_decided, access.blocked_entries_decided). The patient read, the area
    reads and all their audit rows commit together, in one transaction.
    """
    with access_memo():
        return _oversikt(actor, pasient_id)


def _oversikt(actor: Ansatt, pasient_id: uuid.UUID | str) -> Oversikt:
    # One transaction for the patient read and the sections: access is decided by the
    # patient read before anything is written, so a refusal has nothing to undo and is
    # audited after the transaction, as pasient_get does.
    try:
        with transaction.atomic():
            visning = pasient_read_in_transaction(actor=actor, pasient_id=pasient_id)
            return _areas(actor, visning, idag())
    except NotFound:
        pasient_read_refused_audit(actor, pasient_id)
        raise


def _areas(actor: Ansatt, visning: Pasientvisning, til: dt.date) -> Oversikt:
    pk = visning.pasient.pk
    notater = journalnotater_for_pasient(
        actor=actor, pasient_id=pk, side=1, storrelse=OVERSIKT_NOTATER
    )
    diagnoser = diagnose_list(
        actor=actor, pasient_id=pk, status=DiagnoseStatus.AKTIV, storrelse=OVERSIKT_DIAGNOSER
    )
    malinger = maalinger_for_pasient(
        actor=actor,
        pasient_id=pk,
        fra=til - dt.timedelta(days=OVERSIKT_TRENDDAGER - 1),
        til=til,
        storrelse=1,
        trender=True,
    )
    # The active plan: four queries however long the plan (one when there is none); its
    # read is covered by the OVERSIKT_READ row below.
    plan = tiltaksplan_active_for(pk, til)
    tjenester = tjenester_for_pasient(actor=actor, pasient_id=pk, bare_aktive=True)
    audit_log(
        actor=actor,
        event=AuditEvent.OVERSIKT_READ,
        target=visning.pasient,
        pasient_id=pk,
        grunnlag=visning.tilgang.kode,
        begrunnelse=visning.tilgang.begrunnelse,
    )
    return Oversikt(
        visning=visning,
        diagnoser=diagnoser,
        malinger=malinger,
        notater=notater,
        plan=plan,
        tjenester=tuple(tjenester),
    )


# --- print -------------------------------------------------------------------------------


class Del:
    """The parts of the record a print can hold."""

    NOTATER = "notater"
    KRITISK = "kritisk"
    DIAGNOSER = "diagnoser"
    MALINGER = "malinger"
    PLAN = "plan"
    ALLE = (NOTATER, KRITISK, DIAGNOSER, MALINGER, PLAN)


@dataclass(frozen=True)
class Utskriftsdel:
    """A section an app above journal adds to the print (e.g. helsestasjon: the growth
    charts of a child): a heading and markup the app has already escaped."""

    tittel: str
    html: SafeString
    testid: str = "utskrift-tillegg"


# Apps above journal register a function (actor, patient, period, parts → sections) in
# AppConfig.ready(); journal never imports them. Each is called once per print, after access
# was granted and inside the print's transaction (it may audit its own read), and returns
# nothing for a patient it has nothing for.
UtskriftKilde = Callable[
    [Ansatt, Pasientvisning, dt.date, dt.date, tuple[str, ...]], Sequence[Utskriftsdel]
]
_UTSKRIFT_KILDER: list[UtskriftKilde] = []


def utskrift_section_register(kilde: UtskriftKilde) -> None:
    """Add a source of print sections (idempotent)."""
    if kilde not in _UTSKRIFT_KILDER:
        _UTSKRIFT_KILDER.append(kilde)


@dataclass(frozen=True)
class Utskrift:
    """What one print holds: only signed note versions, never blocked entries."""

    visning: Pasientvisning
    fra: dt.date
    til: dt.date
    deler: tuple[str, ...]
    notater: list[JournalnotatVersjon]
    kritisk: list[KritiskInformasjon]
    diagnoser: list[Diagnose]
    malinger: list[Maalingsrad]
    skrevet_ut_av: str
    skrevet_ut_at: dt.datetime
    plan: Planvisning | None = None  # the care plan active at the end of the period
    tillegg: list[Utskriftsdel] = field(default_factory=list)  # from apps above journal


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _bounded(rows: list[T]) -> list[T]:
    if len(rows) > MAX_UTSKRIFT_RADER:
        raise ApplicationError(
            _("Perioden har for mange oppføringer for én utskrift. Velg en kortere periode.")
        )
    return rows


def _ids(values: set[str]) -> set[uuid.UUID]:
    ids = set()
    for value in values:
        try:
            ids.add(uuid.UUID(value))
        except ValueError:
            continue
    return ids


def journal_utskrift_get(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    fra: dt.date,
    til: dt.date,
    deler: tuple[str, ...],
) -> Utskrift:
    """The content of a journal print for the period [fra, til] (local dates, both included).

    Notes: the signed current version of each note documented in the period (drafts are
    never printed). Entries the patient has blocked for this person are left out. Critical
    information is the active list, as in the banner. Audited as an export
    (JOURNAL_PRINTED, with the period and parts) on top of the patient read.
    """
    if fra > til:
        raise ApplicationError(_("Fra-datoen må være før til-datoen."))
    unknown = set(deler) - set(Del.ALLE)
    if not deler or unknown:
        raise ApplicationError(_("Velg hva som skal skrives ut."))
    visning = pasient_get(actor=actor, pasient_id=pasient_id)
    pasient = visning.pasient
    start, slutt = _midnight(fra), _midnight(til + dt.timedelta(days=1))
    notater: list[JournalnotatVersjon] = []
    diagnoser: list[Diagnose] = []
    malinger: list[Maalingsrad] = []
    with transaction.atomic():
        if Del.NOTATER in deler:
            versjoner = (
                restrict_scoped(
                    JournalnotatVersjon.objects.filter(pasient=pasient), actor, action=Action.VIEW
                )
                .filter(
                    nummer=F("notat__gjeldende_versjon"),
                    notat__dokumentert_tid__gte=start,
                    notat__dokumentert_tid__lt=slutt,
                )
                .exclude(notat_id__in=_ids(blocked_entries(actor, pasient.pk, NOTAT_OBJEKT)))
                .select_related("notat", "notat__type", "signert_av")
                .order_by("notat__dokumentert_tid", "notat__created_at", "id")
            )
            notater = _bounded(list(versjoner[: MAX_UTSKRIFT_RADER + 1]))
        if Del.DIAGNOSER in deler:
            rows = (
                restrict_scoped(Diagnose.objects.filter(pasient=pasient), actor, action=Action.VIEW)
                .exclude(id__in=_ids(blocked_entries(actor, pasient.pk, DIAGNOSE_OBJEKT_TYPE)))
                .select_related("kode", "satt_av", "enhet")
                .order_by("status", "-created_at", "id")
            )
            diagnoser = _bounded(list(rows[: MAX_UTSKRIFT_RADER + 1]))
        if Del.MALINGER in deler:
            rows_m = (
                restrict_scoped(Maaling.objects.filter(pasient=pasient), actor, action=Action.VIEW)
                .filter(tidspunkt__gte=start, tidspunkt__lt=slutt)
                .select_related("registrert_av", "enhet")
                .order_by("tidspunkt", "id")
            )
            malinger = [Maalingsrad(m) for m in _bounded(list(rows_m[: MAX_UTSKRIFT_RADER + 1]))]
        plan = tiltaksplan_active_for(pasient.pk, til) if Del.PLAN in deler else None
        tillegg = [d for kilde in _UTSKRIFT_KILDER for d in kilde(actor, visning, fra, til, deler)]
        audit_log(
            actor=actor,
            event=AuditEvent.JOURNAL_PRINTED,
            target=pasient,
            pasient_id=pasient.pk,
            grunnlag=visning.tilgang.kode,
            begrunnelse=visning.tilgang.begrunnelse,
            extra={
                "fra": fra.isoformat(),
                "til": til.isoformat(),
                "deler": list(deler),
                "notater": [str(v.notat_id) for v in notater],
                "antall": {
                    "notater": len(notater),
                    "diagnoser": len(diagnoser),
                    "malinger": len(malinger),
                    "plan": 1 if plan is not None else 0,
                    "tillegg": len(tillegg),
                },
            },
        )
    return Utskrift(
        visning=visning,
        fra=fra,
        til=til,
        deler=deler,
        notater=notater,
        kritisk=list(visning.kritisk) if Del.KRITISK in deler else [],
        diagnoser=diagnoser,
        malinger=malinger,
        skrevet_ut_av=actor.get_full_name() or actor.username,
        skrevet_ut_at=naa(),
        plan=plan,
        tillegg=tillegg,
    )
