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
from typing import Any, TypeVar, cast

from django.db import connection, transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.api.pagination import side_of
from core.audit import AuditEvent, Revisjonsrad, audit_log, audit_log_rows
from core.context import context_get
from core.db import model_from_row, select_list, select_sql, sql_rows_batch
from core.exceptions import ApplicationError, NotFound
from core.klokke import idag, naa
from core.models import Action, Ansatt
from journal.access import (
    access_decided,
    access_memo,
    actor_can,
    blocked_entries,
    blocked_entries_decided,
    restrict_scoped,
)
from journal.models import (
    Alvorlighet,
    Behandlingsrelasjon,
    Behov,
    Diagnose,
    DiagnoseStatus,
    Journalnotat,
    JournalnotatVersjon,
    KritiskInformasjon,
    KritiskType,
    Maal,
    Maaling,
    PlanStatus,
    Tiltak,
    Tiltaksplan,
    Tjeneste,
    TjenesteStatus,
)
from journal.selectors.kritisk import (
    BANNER_FELTER,
    DIAGNOSE_OBJEKT_TYPE,
    Diagnoseside,
    diagnose_list,
)
from journal.selectors.maaling import (
    MAX_TRENDPUNKTER,
    TRENDFELT,
    Maalingsoversikt,
    Maalingsrad,
    maalinger_for_pasient,
    trend_series,
)
from journal.selectors.notat import Notatliste, _blocked_ids, _rad, journalnotater_for_pasient
from journal.selectors.pasient import (
    Pasientvisning,
    pasient_get,
    pasient_read_audit_later,
    pasient_read_refused_audit,
)
from journal.selectors.tiltaksplan import (
    Planvisning,
    planvisning_group,
    tiltaksplan_active_for,
)
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
            visning, lest = pasient_read_audit_later(actor=actor, pasient_id=pasient_id)
            return _areas(actor, visning, idag(), lest)
    except NotFound:
        pasient_read_refused_audit(actor, pasient_id)
        raise


def _areas(actor: Ansatt, visning: Pasientvisning, til: dt.date, lest: Revisjonsrad) -> Oversikt:
    """The sections, with the patient read's audit row `lest` first of the read's rows."""
    if access_decided(actor, visning.pasient.pk, action=Action.VIEW):
        return _areas_decided(actor, visning, til, lest)
    audit_log_rows(actor=actor, rows=[lest])
    return _areas_selectors(actor, visning, til)


def _areas_selectors(actor: Ansatt, visning: Pasientvisning, til: dt.date) -> Oversikt:
    """The sections from the area selectors (without a decision to reuse: no request
    context, so no access_memo key)."""
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


# --- task oversikt (issue 12, target 2): the sections as constant SQL -------------------
# Once the patient read has granted access (journal.access.access_decided), each section is
# the patient's rows: one constant statement per section, prepared once per connection
# (core.db), instead of a QuerySet compiled on every request (two thirds of an overview's
# Python time went to compiling them). Rows, order, limits, the related objects loaded and
# the audit rows are those of the area selectors (_areas_selectors, used without a
# decision); tests/journal/test_oversikt_ytelse.py compares the two.

# Staff shown by name (get_full_name, __str__, yrke); the rest of the row stays deferred.
_ANSATT = (
    "username",
    "first_name",
    "last_name",
    "hpr_nummer",
    "helsepersonellkategori",
    "stilling",
)


def _plain(model: type[Model], fields: Sequence[str] | None) -> tuple[str, ...]:
    """select_list without fields that have a database converter (JSON): model_from_row
    takes values as psycopg gives them, so those stay deferred (none of the overview shows)."""
    converted = {f.attname for f in model._meta.concrete_fields if f.get_db_converters(connection)}
    return tuple(a for a in select_list(model, fields) if a not in converted)


class _Select:
    """A model's rows with foreign keys joined as select_related joins them: the columns and
    FROM as constant text (names from the models), and the instances built from a row."""

    def __init__(
        self,
        model: type[Model],
        alias: str,
        fields: Sequence[str] | None = None,
        joins: Sequence[tuple[str, Sequence[str] | None]] = (),
    ) -> None:
        self.model = model
        self.attnames = _plain(model, fields)
        columns = [select_sql(model, alias, self.attnames)]
        tables = [f"{model._meta.db_table} {alias}"]
        self.joins: list[tuple[Any, type[Model], tuple[str, ...], int]] = []
        for i, (name, rel_fields) in enumerate(joins):
            field: Any = model._meta.get_field(name)
            rel = cast(type[Model], field.related_model)
            attnames = _plain(rel, rel_fields)
            a = f"{alias}{i}"
            columns.append(select_sql(rel, a, attnames, f"kj_{a}_"))
            join = "LEFT JOIN" if field.null else "JOIN"
            pk = cast(Any, rel._meta.pk)
            tables.append(
                f'{join} {rel._meta.db_table} {a} ON {a}."{pk.column}" = {alias}."{field.column}"'
            )
            self.joins.append((field, rel, attnames, attnames.index(pk.attname)))
        self.kolonner = ", ".join(columns)
        self.fra = " ".join(tables)
        self.bredde = len(self.attnames) + sum(len(j[2]) for j in self.joins)

    def obj(self, row: Sequence[Any]) -> Any:
        n = len(self.attnames)
        obj = model_from_row(self.model, self.attnames, row[:n])
        for fk, rel, attnames, pk_index in self.joins:
            values = row[n : n + len(attnames)]
            n += len(attnames)
            related = model_from_row(rel, attnames, values) if values[pk_index] else None
            fk.set_cached_value(obj, related)
        return obj


_NOTAT = _Select(
    Journalnotat, "n", joins=(("type", ("kode", "navn", "aktiv")), ("forfatter", _ANSATT))
)
_NOTAT_SQL = (
    f"SELECT {_NOTAT.kolonner}, v.tittel, v.signert_at FROM {_NOTAT.fra}"  # noqa: S608
    " LEFT JOIN LATERAL (SELECT x.tittel, x.signert_at FROM journal_journalnotatversjon x"
    " WHERE x.notat_id = n.id AND x.nummer = n.gjeldende_versjon LIMIT 1) v ON true"
    " WHERE n.pasient_id = %s AND (n.gjeldende_versjon > 0 OR n.utkast_av_id = %s)"
    " ORDER BY n.dokumentert_tid DESC, n.created_at DESC, n.id DESC LIMIT %s"
)
_DIAGNOSE = _Select(
    Diagnose,
    "d",
    joins=(("kode", None), ("satt_av", _ANSATT), ("avsluttet_av", _ANSATT), ("enhet", None)),
)
_DIAGNOSE_SQL = (
    f"SELECT {_DIAGNOSE.kolonner} FROM {_DIAGNOSE.fra}"  # noqa: S608
    " WHERE d.pasient_id = %s AND d.status = %s ORDER BY d.created_at DESC, d.id LIMIT %s"
)
_MAALING = _Select(
    Maaling,
    "m",
    joins=(("registrert_av", _ANSATT), ("feilregistrert_av", _ANSATT), ("enhet", None)),
)
# The period's first page (kj_del 0) and the newest valid measurement of all (1, found on
# maling_pasient_tid first, then joined by key: see maalinger_for_pasient).
_MAALING_SQL = (
    f"(SELECT 0 AS kj_del, {_MAALING.kolonner} FROM {_MAALING.fra}"  # noqa: S608
    " WHERE m.pasient_id = %s AND m.tidspunkt >= %s AND m.tidspunkt < %s"
    " ORDER BY m.tidspunkt DESC, m.id DESC LIMIT %s)"
    f" UNION ALL (SELECT 1, {_MAALING.kolonner} FROM {_MAALING.fra}"
    " WHERE m.id = (SELECT s.id FROM journal_maling s"
    " WHERE s.pasient_id = %s AND s.feilregistrert_at IS NULL"
    " ORDER BY s.tidspunkt DESC, s.id DESC LIMIT 1))"
    " ORDER BY kj_del, tidspunkt DESC, id DESC"
)
_TREND_SQL = (
    f"SELECT m.tidspunkt, {', '.join('m.' + f for f in TRENDFELT)} FROM journal_maling m"  # noqa: S608
    " WHERE m.pasient_id = %s AND m.feilregistrert_at IS NULL"
    " AND m.tidspunkt >= %s AND m.tidspunkt < %s ORDER BY m.tidspunkt DESC, m.id DESC LIMIT %s"
)
_PLAN = _Select(
    Tiltaksplan,
    "p",
    joins=(("koordinator", _ANSATT), ("opprettet_av", _ANSATT), ("enhet", None)),
)
_PLAN_SQL = (
    f"SELECT {_PLAN.kolonner} FROM {_PLAN.fra} WHERE p.pasient_id = %s AND p.status = %s"  # noqa: S608
    " ORDER BY p.gyldig_fra DESC, p.created_at DESC, p.id LIMIT 1"
)
# The children of the active plan (at most one: tiltaksplan_en_aktiv_per_pasient) by the
# plan's own key, so that the four statements need no result of each other.
_AKTIV_PLAN = (
    "(SELECT a.id FROM journal_tiltaksplan a WHERE a.pasient_id = %s AND a.status = %s"
    " ORDER BY a.gyldig_fra DESC, a.created_at DESC, a.id LIMIT 1)"
)
_BEHOV = _Select(Behov, "b", joins=(("kode", None),))
_BEHOV_SQL = (
    f"SELECT {_BEHOV.kolonner} FROM {_BEHOV.fra}"  # noqa: S608
    f" WHERE b.plan_id = {_AKTIV_PLAN} ORDER BY b.created_at, b.id"
)
_MAAL = _Select(Maal, "g")
_MAAL_SQL = (
    f"SELECT {_MAAL.kolonner} FROM {_MAAL.fra}"  # noqa: S608
    f" WHERE g.plan_id = {_AKTIV_PLAN} ORDER BY g.created_at, g.id"
)
_TILTAK = _Select(Tiltak, "t", joins=(("ansvarlig_enhet", None),))
_TILTAK_SQL = (
    f"SELECT {_TILTAK.kolonner} FROM {_TILTAK.fra} WHERE t.plan_id = {_AKTIV_PLAN}"  # noqa: S608
    " AND (t.slutt_dato IS NULL OR t.slutt_dato >= %s) ORDER BY t.start_dato, t.created_at, t.id"
)
_TJENESTE = _Select(Tjeneste, "j", joins=(("enhet", None),))
_TJENESTE_SQL = (
    f"SELECT {_TJENESTE.kolonner} FROM {_TJENESTE.fra}"  # noqa: S608
    " WHERE j.pasient_id = %s AND j.status = %s ORDER BY j.status, j.fra_dato DESC, j.id"
)
# The banner's critical information as kritisk_active_qs reads it (its fields, its order).
_KRITISK = _Select(KritiskInformasjon, "k", BANNER_FELTER)
_KRITISK_SQL = (
    f"SELECT {_KRITISK.kolonner} FROM {_KRITISK.fra} WHERE k.pasient_id = %s AND k.aktiv"  # noqa: S608
    " ORDER BY CASE WHEN k.type = %s THEN 0 ELSE 1 END, CASE k.alvorlighet"
    + "".join(f" WHEN %s THEN {i}" for i in range(len(Alvorlighet.values)))
    + " ELSE %s END, k.tittel, k.id"
)
_KRITISK_ORDER = [KritiskType.BESLUTNING, *Alvorlighet.values, len(Alvorlighet.values)]
# The acting unit's active relationships with the patient, as Pasientvisning.relasjoner.
_RELASJON = _Select(Behandlingsrelasjon, "r", joins=(("enhet", None),))
_RELASJON_SQL = (
    f"SELECT {_RELASJON.kolonner} FROM {_RELASJON.fra}"  # noqa: S608
    " WHERE r.pasient_id = %s AND r.enhet_id = %s AND r.gyldig_fra <= %s"
    " AND (r.gyldig_til IS NULL OR r.gyldig_til > %s) ORDER BY r.created_at, r.id"
)


def _areas_decided(
    actor: Ansatt, visning: Pasientvisning, til: dt.date, lest: Revisjonsrad
) -> Oversikt:
    pasient = visning.pasient
    pk, basis = pasient.pk, visning.tilgang
    fra = til - dt.timedelta(days=OVERSIKT_TRENDDAGER - 1)
    start, slutt = _midnight(fra), _midnight(til + dt.timedelta(days=1))
    ctx = context_get()
    enhet_id = ctx.enhet_id if ctx is not None else None
    moment = naa()
    aktiv_plan = [pk, PlanStatus.AKTIV]
    # Every section's statement in one round trip (core.db.sql_rows_batch).
    (
        notat_rows,
        diagnose_rows,
        maaling_rows,
        trend_rows,
        plan_rows,
        behov_rows,
        maal_rows,
        tiltak_rows,
        tjeneste_rows,
        kritisk_rows,
        relasjon_rows,
    ) = sql_rows_batch(
        [
            (_NOTAT_SQL, [pk, actor.pk, OVERSIKT_NOTATER + 1]),
            (_DIAGNOSE_SQL, [pk, DiagnoseStatus.AKTIV, OVERSIKT_DIAGNOSER + 1]),
            (_MAALING_SQL, [pk, start, slutt, 2, pk]),
            (_TREND_SQL, [pk, start, slutt, MAX_TRENDPUNKTER]),
            (_PLAN_SQL, aktiv_plan),
            (_BEHOV_SQL, aktiv_plan),
            (_MAAL_SQL, aktiv_plan),
            (_TILTAK_SQL, [*aktiv_plan, til]),
            (_TJENESTE_SQL, [pk, TjenesteStatus.AKTIV]),
            (_KRITISK_SQL, [pk, *_KRITISK_ORDER]),
            # no acting unit (no request context): no relationships, as Pasientvisning
            (_RELASJON_SQL, [pk, enhet_id, moment, moment]),
        ]
    )
    # notes: the first page, as journalnotater_for_pasient(side=1)
    notater_rows = []
    for row in notat_rows:
        notat = _NOTAT.obj(row)
        notat.v_tittel, notat.v_signert_at = row[_NOTAT.bredde :]
        notater_rows.append(notat)
    notat_side = side_of(notater_rows, nummer=1, storrelse=OVERSIKT_NOTATER)
    blocked_notes = _blocked_ids(actor, pk)
    rader = [_rad(actor, n, n.pk in blocked_notes) for n in notat_side.items]
    # active problems, as diagnose_list(status=AKTIV, side=1)
    diagnose_side = side_of(
        [_DIAGNOSE.obj(r) for r in diagnose_rows], nummer=1, storrelse=OVERSIKT_DIAGNOSER
    )
    sperrede = frozenset(blocked_entries_decided(actor, pk, DIAGNOSE_OBJEKT_TYPE))
    # measurements, as maalinger_for_pasient(fra, til, storrelse=1, trender=True)
    side_rows = [_MAALING.obj(r[1:]) for r in maaling_rows if r[0] == 0]
    siste = next((_MAALING.obj(r[1:]) for r in maaling_rows if r[0] == 1), None)
    maaling_side = side_of(side_rows, nummer=1, storrelse=1)
    trend_rows.reverse()
    malinger = Maalingsoversikt(
        pasient=pasient,
        tilgang=basis,
        side=maaling_side,
        fra=fra,
        til=til,
        siste=Maalingsrad(siste) if siste else None,
        kan_registrere=actor_can(actor, Action.WRITE_NOTE),
        trender=trend_series(trend_rows),
    )
    # the active plan, as tiltaksplan_active_for
    plan = None
    if plan_rows:
        plan_obj = _PLAN.obj(plan_rows[0])
        tiltak = [_TILTAK.obj(r) for r in tiltak_rows]
        plan_obj.gjeldende_tiltak = tiltak
        plan = planvisning_group(
            plan_obj,
            [_BEHOV.obj(r) for r in behov_rows],
            [_MAAL.obj(r) for r in maal_rows],
            tiltak,
            til,
        )
    tjenester = tuple(_TJENESTE.obj(r) for r in tjeneste_rows)
    # the banner's two lazy reads, filled here (Pasientvisning's cached properties)
    visning.__dict__["kritisk"] = tuple(_KRITISK.obj(r) for r in kritisk_rows)
    visning.__dict__["relasjoner"] = [_RELASJON.obj(r) for r in relasjon_rows]
    # the patient read's audit row, the area selectors' and the overview's own, in their
    # order, in one INSERT, last: the audit chain's lock is then held only until the commit
    # (see pasient_read_audit_later)
    om_pasienten: dict[str, Any] = {
        "target": pasient,
        "pasient_id": pk,
        "grunnlag": basis.kode,
        "begrunnelse": basis.begrunnelse,
    }
    audit_log_rows(
        actor=actor,
        rows=[
            lest,
            *(
                Revisjonsrad(
                    AuditEvent.NOTAT_LISTED, r.notat, r.notat.pasient_id, extra={"side": 1}
                )
                for r in rader
                if not r.sperret
            ),
            Revisjonsrad(
                AuditEvent.DIAGNOSE_READ,
                pasient_id=pk,
                extra={"side": 1, "antall": len(diagnose_side.items)},
            ),
            Revisjonsrad(
                AuditEvent.MALING_READ,
                **om_pasienten,
                extra={
                    "fra": fra.isoformat(),
                    "til": til.isoformat(),
                    "side": 1,
                    "antall": len(maaling_side.items),
                },
            ),
            Revisjonsrad(
                AuditEvent.TJENESTE_READ,
                **om_pasienten,
                extra={"antall": len(tjenester)},
            ),
            Revisjonsrad(AuditEvent.OVERSIKT_READ, **om_pasienten),
        ],
    )
    return Oversikt(
        visning=visning,
        diagnoser=Diagnoseside(side=diagnose_side, sperrede=sperrede),
        malinger=malinger,
        notater=Notatliste(pasient=pasient, side=notat_side, rader=rader),
        plan=plan,
        tjenester=tjenester,
    )


# --- end task oversikt


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
