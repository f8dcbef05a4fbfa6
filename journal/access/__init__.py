"""The one place that decides who may see or do what with patient data (tjenstlig behov).

A person acting in unit U may use action A on patient P when
  1. the role they hold in U grants A (role rights are data: core.RolleRettighet), and
  2. U has an active care relationship (Behandlingsrelasjon) with P, or the person holds an
     active reasoned or emergency access (UtvidetTilgang) to P from U, and
  3. P has not blocked (Sperring) the person, U or U's virksomhet — unless the access is an
     emergency access, which overrides a block and is flagged in the audit log.
Lists are filtered in SQL with the same rule; single objects that are missing or not
allowed raise the same NotFound.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from django.db.models import BooleanField, CharField, Exists, Model, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from core.context import context_get
from core.db import model_from_row, select_list, select_sql, sql_rows
from core.exceptions import Forbidden, NotFound
from core.klokke import naa
from core.models import Action, Ansatt, Kommune
from journal.models import (
    Behandlingsrelasjon,
    Pasient,
    Sperring,
    SperringMal,
    TilgangType,
    UtvidetTilgang,
)

M = TypeVar("M", bound=Model)

# Access decisions remembered within one composite read (see access_memo).
_memo: ContextVar[dict[tuple[Any, ...], Any] | None] = ContextVar("kj_access_memo", default=None)


@contextmanager
def access_memo() -> Iterator[None]:
    """Decide access to a patient once for a read built from several selectors.

    The patient overview reuses the notes, diagnoses and vitals selectors, and each of them
    checks access to the same patient. Inside this block a granted decision about a patient
    (access_scoped on the patient itself, and access_basis) is remembered for the same
    actor, acting unit and action, and reused. Refusals are never remembered, and the
    block is meant to last one request, so nothing outlives the read that made it.
    """
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def _memo_key(kind: str, actor: Ansatt | None, *parts: Any) -> tuple[Any, ...] | None:
    ctx = context_get()
    if _memo.get() is None or actor is None or ctx is None:
        return None
    return (kind, actor.pk, ctx.enhet_id, *parts)


class AccessDenied(Forbidden):
    """An action the person's role does not grant (not about a specific patient)."""


class Grunnlag:
    """The basis of an access, as written to the audit log."""

    RELASJON = "relasjon"
    BESLUTNINGSSTYRT = "beslutningsstyrt"
    AKUTT = "akutt"
    SYSTEM = "system"


@dataclass(frozen=True)
class Tilgangsgrunnlag:
    kode: str
    begrunnelse: str = ""
    utvidet_tilgang: UtvidetTilgang | None = None
    sperring_overstyrt: bool = False


def actor_can(actor: Ansatt | None, action: Action) -> bool:
    """Whether the actor's role in the acting unit of this request grants `action`.

    actor=None means the system itself and is only allowed in a system context
    (management commands, tasks), never in a web or API request.
    """
    ctx = context_get()
    if actor is None:
        return ctx is not None and ctx.kanal == "system"
    if ctx is None or not actor.is_active or ctx.enhet_id is None:
        return False
    return action.value in ctx.actions


def actor_require(actor: Ansatt | None, action: Action) -> None:
    if not actor_can(actor, action):
        raise AccessDenied(_("Rollen din i denne enheten gir ikke tilgang til dette."))


def _unit() -> tuple[uuid.UUID, uuid.UUID | None]:
    ctx = context_get()
    if ctx is None or ctx.enhet_id is None:  # actor_can() already refused such requests
        raise NotFound
    return ctx.enhet_id, ctx.virksomhet_id


def _block_targets(actor: Ansatt) -> Q:
    enhet_id, virksomhet_id = _unit()
    targets = Q(mal=SperringMal.ANSATT, ansatt_id=actor.pk) | Q(
        mal=SperringMal.ENHET, enhet_id=enhet_id
    )
    if virksomhet_id is not None:
        targets |= Q(mal=SperringMal.VIRKSOMHET, virksomhet_id=virksomhet_id)
    return targets


def blocks_for(actor: Ansatt, pasient_ref: OuterRef | uuid.UUID) -> QuerySet[Sperring]:
    return Sperring.objects.active().filter(
        _block_targets(actor), pasient_id=pasient_ref, objekt_type=""
    )


def _grants_for(actor: Ansatt, pasient_ref: OuterRef | uuid.UUID) -> QuerySet[UtvidetTilgang]:
    enhet_id, _virksomhet_id = _unit()
    return UtvidetTilgang.objects.active().filter(
        ansatt_id=actor.pk, enhet_id=enhet_id, pasient_id=pasient_ref
    )


def _relations_for(pasient_ref: OuterRef | uuid.UUID) -> QuerySet[Behandlingsrelasjon]:
    enhet_id, _virksomhet_id = _unit()
    return Behandlingsrelasjon.objects.active().filter(enhet_id=enhet_id, pasient_id=pasient_ref)


def _related_patient_ids(actor: Ansatt) -> QuerySet[Any, Any]:
    """Ids of the patients the acting unit relates to, or the actor holds access to."""
    enhet_id, _virksomhet_id = _unit()
    relations = Behandlingsrelasjon.objects.active().filter(enhet_id=enhet_id)
    grants = UtvidetTilgang.objects.active().filter(ansatt_id=actor.pk, enhet_id=enhet_id)
    return (
        relations.order_by()
        .values("pasient_id")
        .union(grants.order_by().values("pasient_id"), all=True)
    )


def patient_condition(
    actor: Ansatt, pasient_field: str, *, per_row: bool = False, model: type[Model] = Pasient
) -> Q:
    """SQL condition on `pasient_field` (a patient id column) for rules 2 and 3.

    For a list (per_row=False) rule 2 is an IN over the unit's set of related patients:
    PostgreSQL hashes the set once, so a name search over a million patients stays fast
    for a district with a few thousand (benchmarks/README.md).

    For a query that already finds its few rows by a unique or selective index (an id, an
    identifier, a birth date: per_row=True) rule 2 is a correlated EXISTS instead, one
    index probe per row found. Hashing the unit's whole set first costs 90 ms for a unit
    related to 100,000 patients; the probe costs microseconds whatever the unit's size.
    """
    column = _column(pasient_field, model) if per_row else None
    if column is not None:
        return Q(_rule_sql(actor, column))
    ref = OuterRef(pasient_field)
    if per_row:  # through a relation: the same rule as ORM subqueries
        related = Q(Exists(_relations_for(ref))) | Q(Exists(_grants_for(actor, ref)))
    else:
        related = Q(**{f"{pasient_field}__in": _related_patient_ids(actor)})
    emergency = Exists(_grants_for(actor, ref).filter(type=TilgangType.AKUTT))
    return related & (~Q(Exists(blocks_for(actor, ref))) | Q(emergency))


# Rules 2 and 3 per row as SQL text: the same conditions as _relations_for, _grants_for and
# blocks_for (tests/journal/test_access_matrix.py checks single reads and lists alike), written
# once so a lookup by key does not pay for building and compiling five ORM subqueries on every
# request (most of the Python time of a patient read). {p} is the patient id column.
_REL = (
    "EXISTS (SELECT 1 FROM journal_behandlingsrelasjon r WHERE r.pasient_id = {p}"
    " AND r.enhet_id = %s AND r.gyldig_fra <= %s AND (r.gyldig_til IS NULL OR r.gyldig_til > %s))"
)
_GRANT = (
    "EXISTS (SELECT 1 FROM journal_utvidettilgang g WHERE g.pasient_id = {p}"
    " AND g.ansatt_id = %s AND g.enhet_id = %s AND g.gyldig_fra <= %s AND g.gyldig_til > %s{akutt})"
)
_BLOCK = (
    "EXISTS (SELECT 1 FROM journal_sperring s WHERE s.pasient_id = {p} AND s.objekt_type {typ}"
    " AND s.opphevet_at IS NULL AND ((s.mal = 'ansatt' AND s.ansatt_id = %s)"
    " OR (s.mal = 'enhet' AND s.enhet_id = %s)"
    " OR (s.mal = 'virksomhet' AND s.virksomhet_id IS NOT DISTINCT FROM %s AND %s)))"
)


def _column(pasient_field: str, model: type[Model]) -> str | None:
    """The quoted patient id column of `model`'s own table, or None for a path through a
    relation (those use the ORM form)."""
    if "__" in pasient_field:
        return None
    field = model._meta.pk if pasient_field == "pk" else None
    if field is None:
        name = pasient_field.removesuffix("_id")
        field = next((f for f in model._meta.concrete_fields if f.name == name), None)
    if field is None:
        return None
    return f'"{model._meta.db_table}"."{field.column}"'


def _raw(sql: str, params: list[Any]) -> RawSQL:
    # Constant SQL text from this module; every value is a bound parameter.
    return RawSQL(sql, params, output_field=BooleanField())  # noqa: S611


def _sql_parts(actor: Ansatt, p: str) -> dict[str, tuple[str, list[Any]]]:
    enhet_id, virksomhet_id = _unit()
    now = naa()
    rel = (_REL.format(p=p), [enhet_id, now, now])
    grant = (_GRANT.format(p=p, akutt=""), [actor.pk, enhet_id, now, now])
    akutt = (
        _GRANT.format(p=p, akutt=f" AND g.type = '{TilgangType.AKUTT.value}'"),
        [actor.pk, enhet_id, now, now],
    )
    targets = [actor.pk, enhet_id, virksomhet_id, virksomhet_id is not None]
    block = (_BLOCK.format(p=p, typ="= ''"), targets)
    entry_block = (_BLOCK.format(p=p, typ="<> ''"), list(targets))
    return {"rel": rel, "grant": grant, "akutt": akutt, "block": block, "entry": entry_block}


@dataclass(frozen=True)
class _Regel:
    """_rule_sql's text and values, and _sql_parts' `rel`, `block` and `entry`, for the
    lookups by key (pasient_read_access, pasienter_med_identifikator)."""

    sql: str
    params: list[Any]
    rel: tuple[str, list[Any]]
    block: tuple[str, list[Any]]
    entry: tuple[str, list[Any]]


@functools.lru_cache(maxsize=16)
def _regel_tekst(p: str) -> tuple[str, str, str, str]:
    """The texts of _rule_sql and of _sql_parts' rel, block and entry for column `p`: the
    same for every request, so built once (issue 12)."""
    rel = _REL.format(p=p)
    grant = _GRANT.format(p=p, akutt="")
    akutt = _GRANT.format(p=p, akutt=f" AND g.type = '{TilgangType.AKUTT.value}'")
    block = _BLOCK.format(p=p, typ="= ''")
    entry = _BLOCK.format(p=p, typ="<> ''")
    return f"(({rel}) OR ({grant})) AND (NOT ({block}) OR ({akutt}))", rel, block, entry


def _regel(actor: Ansatt, p: str) -> _Regel:
    """What _sql_parts and _rule_sql give for column `p` (the same texts, the same values in
    the same order), without building their dictionary and ORM expression on every request."""
    sql, rel, block, entry = _regel_tekst(p)
    enhet_id, virksomhet_id = _unit()
    now = naa()
    rel_params = [enhet_id, now, now]
    grant_params = [actor.pk, enhet_id, now, now]
    targets = [actor.pk, enhet_id, virksomhet_id, virksomhet_id is not None]
    return _Regel(
        sql,
        [*rel_params, *grant_params, *targets, *grant_params],
        rel=(rel, rel_params),
        block=(block, targets),
        entry=(entry, list(targets)),
    )


def _rule_sql(actor: Ansatt, column: str) -> RawSQL:
    parts = _sql_parts(actor, column)
    rel, grant, block, akutt = parts["rel"], parts["grant"], parts["block"], parts["akutt"]
    sql = f"(({rel[0]}) OR ({grant[0]})) AND (NOT ({block[0]}) OR ({akutt[0]}))"
    return _raw(sql, rel[1] + grant[1] + block[1] + akutt[1])


def restrict_scoped(
    queryset: QuerySet[M],
    actor: Ansatt | None,
    *,
    action: Action,
    pasient_field: str = "pasient_id",
    per_row: bool = False,
) -> QuerySet[M]:
    """The rows of `queryset` the actor may use for `action`, filtered in the query.
    `per_row`: the query finds few rows by its own index (see patient_condition)."""
    if not actor_can(actor, action):
        return queryset.none()
    if actor is None:
        return queryset
    return queryset.filter(
        patient_condition(actor, pasient_field, per_row=per_row, model=queryset.model)
    )


def restrict_pasienter(
    queryset: QuerySet[M], actor: Ansatt | None, *, action: Action, per_row: bool = False
) -> QuerySet[M]:
    return restrict_scoped(queryset, actor, action=action, pasient_field="pk", per_row=per_row)


def access_scoped(
    actor: Ansatt | None,
    queryset: QuerySet[M],
    obj_id: uuid.UUID | str,
    *,
    action: Action,
    pasient_field: str = "pasient_id",
) -> M:
    """One object, or NotFound for both "missing" and "not allowed"."""
    try:
        key = uuid.UUID(str(obj_id))
    except ValueError as exc:
        raise NotFound from exc
    memo = _memo.get()
    memo_key = (
        _memo_key("objekt", actor, queryset.model._meta.label, action, key)
        if pasient_field == "pk"
        else None
    )
    if memo is not None and memo_key is not None and memo_key in memo:
        return cast(M, memo[memo_key])
    restricted = restrict_scoped(
        queryset, actor, action=action, pasient_field=pasient_field, per_row=True
    )
    found = list(restricted.filter(pk=key).order_by()[:1])  # by primary key: nothing to sort
    if not found:
        raise NotFound
    obj = found[0]
    if memo is not None and memo_key is not None:
        memo[memo_key] = obj
    return obj


def pasient_access(
    actor: Ansatt | None,
    pasient_id: uuid.UUID | str,
    *,
    action: Action,
    fields: tuple[str, ...] | None = None,
) -> Pasient:
    """The patient, when the actor may use `action` on them; NotFound for "missing" and
    "not allowed" alike. `fields` loads only those columns (e.g. ("id",) for a write that
    needs the key). Every service and selector starts here instead of its own preamble."""
    queryset = Pasient.objects.only(*fields) if fields else Pasient.objects.all()
    return access_scoped(actor, queryset, pasient_id, action=action, pasient_field="pk")


@dataclass(frozen=True)
class Lesetilgang:
    """A patient one may read, the basis of the access, and whether the patient has
    blocked single entries (next of kin, notes …) for this person (see blocked_entries).
    `ekstra`: the values of the caller's extra columns; `revidert`: the caller's audit step
    ran in the same statement (see pasient_read_access)."""

    pasient: Pasient
    grunnlag: Tilgangsgrunnlag
    har_oppfoeringssperrer: bool
    ekstra: tuple[Any, ...] = ()
    revidert: bool = False


# A data-modifying step run in the same statement as a read, over the rows it granted:
# called with (relation, alias) — the rows as `relation` (SQL text, with a WHERE if need
# be) and their columns as `alias`.column — it returns `INSERT … SELECT … FROM relation`
# and its parameters (core.audit.audit_rows_insert). It commits exactly when the read does.
Revisjon = Callable[[str, str], tuple[str, list[Any]]]

# The patient read as one constant statement (core.db: prepared once per connection): the
# patient with the municipality and GP it shows, the access rule, and whether the unit's
# relationship, a block, or entry blocks apply, as columns of the same row.
_LES_PASIENT = select_list(Pasient)
_LES_KOMMUNE = select_list(Kommune)
_LES_LEGE = select_list(Ansatt, ("username", "first_name", "last_name", "hpr_nummer"))
_LES_FROM = (
    "FROM journal_pasient p LEFT JOIN core_kommune k ON k.id = p.kommune_id"
    " LEFT JOIN core_ansatt f ON f.id = p.fastlege_id WHERE p.id = %s"
)
_LES_KOLONNER = ", ".join(
    (
        select_sql(Pasient, "p", _LES_PASIENT),
        select_sql(Kommune, "k", _LES_KOMMUNE, "kj_kommune_"),
        select_sql(Ansatt, "f", _LES_LEGE, "kj_lege_"),
    )
)


def _les_row(values: Sequence[Any]) -> Pasient:
    n_p, n_k = len(_LES_PASIENT), len(_LES_KOMMUNE)
    pasient = model_from_row(Pasient, _LES_PASIENT, values[:n_p])
    kommune = values[n_p : n_p + n_k]
    lege = values[n_p + n_k : n_p + n_k + len(_LES_LEGE)]
    Pasient._meta.get_field("kommune").set_cached_value(
        pasient, model_from_row(Kommune, _LES_KOMMUNE, kommune) if kommune[0] else None
    )
    Pasient._meta.get_field("fastlege").set_cached_value(
        pasient, model_from_row(Ansatt, _LES_LEGE, lege) if lege[0] else None
    )
    return pasient


def _with_step(
    treff: str, revisjon: Revisjon | None, hvor: str, etter: str
) -> tuple[str, list[Any]]:
    """`treff` (a SELECT) as the statement, or, with a step, as its CTE `kj_treff` followed
    by the step over the rows `hvor` selects, then `SELECT … FROM kj_treff t` + `etter`."""
    if revisjon is None:
        return treff, []
    steg, params = revisjon(f"kj_treff t{hvor}", "t")
    return (
        f"WITH kj_treff AS ({treff}), kj_steg AS ({steg})"  # noqa: S608 - constant SQL
        f" SELECT t.*, (SELECT count(*) FROM kj_steg) FROM kj_treff t{etter}",
        params,
    )


def pasient_read_access(
    actor: Ansatt | None,
    pasient_id: uuid.UUID | str,
    *,
    action: Action,
    ekstra_kolonner: Sequence[str] = (),
    revisjon: Revisjon | None = None,
) -> Lesetilgang:
    """The patient (with municipality and GP; the GP only with name and HPR number), the
    basis of the access and the entry-block flag, in one prepared statement: the access
    rule and whether the unit's relationship, a block or entry blocks apply are columns of
    the same SELECT. `ekstra_kolonner` are the caller's SQL expressions over the patient
    row `p` (constant text), returned in `ekstra`. `revisjon`, when given, runs in the same
    statement over the row when it is granted on the unit's relationship (the commonest
    basis, Grunnlag.RELASJON): the read's audit row, so that a read is one round trip
    (`revidert` tells it ran; on any other basis the caller audits). Only a read on an
    extended or emergency access (rare) queries the grant. NotFound for "missing" and "not
    allowed" alike."""
    try:
        key = uuid.UUID(str(pasient_id))
    except ValueError as exc:
        raise NotFound from exc
    if not actor_can(actor, action):
        raise NotFound
    extra = "".join(f", {c}" for c in ekstra_kolonner)
    if actor is None:
        rows = sql_rows(f"SELECT {_LES_KOLONNER}{extra} {_LES_FROM}", [key])
        if not rows:
            raise NotFound
        return Lesetilgang(
            _les_row(rows[0]),
            Tilgangsgrunnlag(Grunnlag.SYSTEM),
            False,
            ekstra=tuple(rows[0][len(rows[0]) - len(ekstra_kolonner) :]),
        )
    regel = _regel(actor, "p.id")
    rel, block, entry = regel.rel, regel.block, regel.entry
    treff = (
        f"SELECT {_LES_KOLONNER}{extra}, {rel[0]} AS kj_relasjon, {block[0]} AS kj_sperret,"
        f" {entry[0]} AS kj_oppfoeringssperre {_LES_FROM} AND {regel.sql}"
    )
    treff_params = [*rel[1], *block[1], *entry[1], key, *regel.params]
    sql, steg_params = _with_step(treff, revisjon, " WHERE t.kj_relasjon AND NOT t.kj_sperret", "")
    rows = sql_rows(sql, [*treff_params, *steg_params])
    if not rows:
        raise NotFound
    row = rows[0]
    revidert = False
    if revisjon is not None:
        revidert, row = bool(row[-1]), row[:-1]
    pasient = _les_row(row)
    n_extra = len(ekstra_kolonner)
    ekstra = tuple(row[len(row) - 3 - n_extra : len(row) - 3])
    relasjon, sperret, oppfoeringssperre = row[-3:]
    # as annotations were: blocked_entries_decided reads the flag from the granted patient
    pasient.__dict__["kj_oppfoeringssperre"] = oppfoeringssperre
    if relasjon and not sperret:
        basis = Tilgangsgrunnlag(Grunnlag.RELASJON)
    else:
        basis = access_basis(actor, pasient.pk)
    memo = _memo.get()
    for memo_key, value in (
        (_memo_key("grunnlag", actor, pasient.pk), basis),
        (_memo_key("objekt", actor, Pasient._meta.label, action, pasient.pk), pasient),
    ):
        if memo is not None and memo_key is not None:
            memo.setdefault(memo_key, value)
    return Lesetilgang(pasient, basis, bool(oppfoeringssperre), ekstra=ekstra, revidert=revidert)


@functools.lru_cache(maxsize=16)
def _pasient_kolonner(felter: tuple[str, ...]) -> tuple[tuple[str, ...], str]:
    """select_list(Pasient, felter) and its select_sql by `p`: the same few on every request."""
    attnames = tuple(select_list(Pasient, felter))
    return attnames, select_sql(Pasient, "p", attnames)


def pasienter_med_identifikator(
    actor: Ansatt | None,
    identifikator: str,
    *,
    action: Action,
    felter: Sequence[str],
    grense: int,
    forskyvning: int = 0,
    vist: int | None = None,
    revisjon: Revisjon | None = None,
) -> list[Pasient]:
    """The patients with this identifier the actor may use for `action` (the identifier is
    unique, so at most one), with `felter` loaded, in the search order: one prepared
    statement that finds the row by its unique index and checks the rule on it. At most
    `grense` rows from `forskyvning`; `revisjon` runs in the same statement over the first
    `vist` of them (the rows shown), with their order as column `kj_nr`."""
    if not actor_can(actor, action):
        return []
    attnames, kolonner = _pasient_kolonner(tuple(felter))
    order = "p.sok_etternavn, p.sok_fornavn, p.id"
    treff = (
        f"SELECT {kolonner},"  # noqa: S608
        f" row_number() OVER (ORDER BY {order}) AS kj_nr"
        " FROM journal_pasient p WHERE p.identifikator = %s"
    )
    params: list[Any] = [identifikator]
    if actor is not None:
        regel = _regel(actor, "p.id")
        treff += f" AND {regel.sql}"
        params += regel.params
    treff += f" ORDER BY {order} LIMIT %s OFFSET %s"
    params += [grense, forskyvning]
    shown = grense if vist is None else vist
    sql, steg_params = _with_step(
        treff, revisjon, f" WHERE t.kj_nr <= {int(forskyvning) + int(shown)}", " ORDER BY t.kj_nr"
    )
    rows = sql_rows(sql, [*params, *steg_params])
    return [model_from_row(Pasient, attnames, row[: len(attnames)]) for row in rows]


def access_basis(actor: Ansatt | None, pasient_id: uuid.UUID) -> Tilgangsgrunnlag:
    """Why the actor may see this patient now (call after access was granted)."""
    if actor is None:
        return Tilgangsgrunnlag(Grunnlag.SYSTEM)
    memo = _memo.get()
    memo_key = _memo_key("grunnlag", actor, pasient_id)
    if memo is not None and memo_key is not None and memo_key in memo:
        return cast(Tilgangsgrunnlag, memo[memo_key])
    basis = _access_basis(actor, pasient_id)
    if memo is not None and memo_key is not None:
        memo[memo_key] = basis
    return basis


def _access_basis(actor: Ansatt, pasient_id: uuid.UUID) -> Tilgangsgrunnlag:
    blocked = blocks_for(actor, pasient_id).exists()
    if not blocked and _relations_for(pasient_id).exists():
        return Tilgangsgrunnlag(Grunnlag.RELASJON)
    grants = _grants_for(actor, pasient_id).select_related("grunn")
    if blocked:
        grants = grants.filter(type=TilgangType.AKUTT)
    grant = grants.order_by("type", "-gyldig_til").first()  # "akutt" sorts first
    if grant is None:  # pragma: no cover - only reached when called without access
        raise NotFound
    return Tilgangsgrunnlag(
        kode=Grunnlag.AKUTT if grant.type == TilgangType.AKUTT else Grunnlag.BESLUTNINGSSTYRT,
        begrunnelse=grant.begrunnelse or (grant.grunn.tekst if grant.grunn else ""),
        utvidet_tilgang=grant,
        sperring_overstyrt=blocked,
    )


def blocked_entries(actor: Ansatt | None, pasient_id: uuid.UUID, objekt_type: str) -> set[str]:
    """Ids of entries of `objekt_type` the patient has blocked for this actor.

    An emergency access does not reveal them either: the content stays hidden, the
    entry is shown as "sperret".
    """
    if actor is None:
        return set()
    rows = Sperring.objects.active().filter(
        _block_targets(actor), pasient_id=pasient_id, objekt_type=objekt_type
    )
    return set(rows.values_list("objekt_id", flat=True))


def restrict_unit_records(
    queryset: QuerySet[M],
    actor: Ansatt | None,
    *,
    action: Action,
    enhet_field: str = "enhet_id",
) -> QuerySet[M]:
    """Records the acting unit keeps itself (an allocation office's applications, cases,
    decisions and appeals), for a role that grants `action`.

    Unlike the journal, a unit's own case archive does not depend on an active care
    relationship: the office keeps its cases (and must answer appeals on them) after the
    case and its relationship are closed. The patient's journal stays behind rule 2.
    """
    if not actor_can(actor, action):
        return queryset.none()
    if actor is None:
        return queryset
    enhet_id, _virksomhet_id = _unit()
    return queryset.filter(**{enhet_field: enhet_id})


def access_unit_record(
    actor: Ansatt | None,
    queryset: QuerySet[M],
    obj_id: uuid.UUID | str,
    *,
    action: Action,
    enhet_field: str = "enhet_id",
) -> M:
    """One of the acting unit's own records, or NotFound for "missing" and "not allowed"."""
    try:
        key = uuid.UUID(str(obj_id))
    except ValueError as exc:
        raise NotFound from exc
    obj = (
        restrict_unit_records(queryset, actor, action=action, enhet_field=enhet_field)
        .filter(pk=key)
        .first()
    )
    if obj is None:
        raise NotFound
    return obj


def restrict_unblocked_entries(
    queryset: QuerySet[M], actor: Ansatt | None, objekt_type: str
) -> QuerySet[M]:
    """Rows of `queryset` (entries of `objekt_type`) without an active block of that single
    entry for this actor: the list form of blocked_entries, in the same query (the FHIR
    API leaves blocked entries out instead of showing them as "sperret")."""
    if actor is None:
        return queryset
    blocked = Sperring.objects.active().filter(
        _block_targets(actor),
        pasient_id=OuterRef("pasient_id"),
        objekt_type=objekt_type,
        objekt_id=Cast(OuterRef("pk"), output_field=CharField()),
    )
    return queryset.filter(~Exists(blocked))


# --- task oversikt (issue 12): reads of one patient whose access this request decided ------
# A composite read (the overview) asks for several sections of one patient after access to
# that patient was granted inside access_memo. Repeating rules 2 and 3 in every section's
# query (five subqueries per query) decides nothing new: each row is the same patient, for
# the same actor, unit and action. These functions reuse the decision instead; without one
# (no memo, another action, or a refusal) they fall back to the rule as before.


def _decided_patient(actor: Ansatt | None, pasient_id: uuid.UUID, action: Action) -> Any:
    """The patient as granted in this access_memo block (None when not decided)."""
    memo = _memo.get()
    key = _memo_key("objekt", actor, Pasient._meta.label, action, pasient_id)
    if memo is None or key is None:
        return None
    return memo.get(key)


def access_decided(actor: Ansatt | None, pasient_id: uuid.UUID, *, action: Action) -> bool:
    """Whether access to this patient for `action` was granted to the actor, in the acting
    unit, in this access_memo block (by pasient_read_access or access_scoped). A composite
    read may then select the patient's rows by the patient id alone, as restrict_decided
    does; without a decision it must go through restrict_scoped / restrict_decided."""
    return actor is not None and _decided_patient(actor, pasient_id, action) is not None


def restrict_decided(
    queryset: QuerySet[M],
    actor: Ansatt | None,
    pasient_id: uuid.UUID,
    *,
    action: Action,
    pasient_field: str = "pasient_id",
) -> QuerySet[M]:
    """The rows of `queryset` that belong to one patient and that the actor may use for
    `action`. When access to that patient for this actor, acting unit and action was
    granted in this access_memo block, the rows are the patient's rows (the decision
    covers every one of them); otherwise the rule is applied in the query (restrict_scoped)."""
    rows = queryset.filter(**{pasient_field: pasient_id})
    if actor is not None and _decided_patient(actor, pasient_id, action) is not None:
        return rows
    return restrict_scoped(rows, actor, action=action, pasient_field=pasient_field)


def blocked_entries_decided(
    actor: Ansatt | None, pasient_id: uuid.UUID, objekt_type: str
) -> set[str]:
    """blocked_entries, using what this request's patient read already found out.

    pasient_read_access tells, in the same SELECT as the patient, whether the patient has
    blocked any single entries for this person. When it found none, there is nothing to
    look up; when it found some, all of them (every entry type) are read once and kept
    for the rest of the access_memo block. Without such a read it is blocked_entries.
    """
    memo = _memo.get()
    pasient = _decided_patient(actor, pasient_id, Action.VIEW)
    flag = getattr(pasient, "__dict__", {}).get("kj_oppfoeringssperre")
    if actor is None or memo is None or flag is None:
        return blocked_entries(actor, pasient_id, objekt_type)
    if not flag:
        return set()
    key = _memo_key("oppfoeringssperrer", actor, pasient_id)
    if key is None:  # pragma: no cover - _decided_patient found the same key's parts
        return blocked_entries(actor, pasient_id, objekt_type)
    if key not in memo:
        rows = (
            Sperring.objects.active()
            .filter(_block_targets(actor), pasient_id=pasient_id)
            .exclude(objekt_type="")
            .values_list("objekt_type", "objekt_id")
        )
        memo[key] = list(rows)
    return {objekt_id for typ, objekt_id in memo[key] if typ == objekt_type}


# --- end task oversikt -------------------------------------------------------------------
