"""The route registry and the one read and search engine every FHIR resource type uses.

A resource type (Ressurs) is one or more sources (Kilde: a model, how a row becomes the
resource, which date it carries) and its search parameters (Param: how a value narrows a
source). The URL routes, the views and the CapabilityStatement are all made from
REGISTER, so what /fhir/metadata lists is what the server answers.

Access is decided by journal.access on every query (restrict_scoped for searches,
access_scoped / pasient_get for reads): patients the acting unit has no care relationship
with (or that block the person) are never found, and single entries the patient has
blocked are left out. Missing and not allowed are the same NotFound. Every read and search
that returns patient data is audited in the same transaction, with the channel "fhir".
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import (
    BooleanField,
    DateTimeField,
    ExpressionWrapper,
    F,
    Model,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log, audit_log_many
from core.exceptions import NotFound
from core.models import Action, Ansatt
from integrasjoner.fhir.lib.kapabilitet import Ressursbeskrivelse
from integrasjoner.fhir.lib.parametre import (
    RESULTATPARAMETRE,
    Soekeparameter,
    UgyldigParameter,
    antall_parse,
    dato_parse,
    id_check,
    referanse_parse,
    side_parse,
    token_parse,
    verdi_check,
)
from journal.access import (
    access_basis,
    access_scoped,
    actor_require,
    blocked_entries,
    pasient_access,
    restrict_scoped,
    restrict_unblocked_entries,
)

Resource = dict[str, Any]
# (source, value) → the condition, or None when the source cannot match the value.
Filter = Callable[["Kilde", str], Q | None]


@dataclass(frozen=True)
class Param:
    beskrivelse: Soekeparameter
    filter: Filter


@dataclass(frozen=True)
class Kilde:
    """One source of a resource type. `navn` prefixes the resource id ("" for a plain id:
    the row's uuid); sources that share `queryset` are fetched together."""

    navn: str
    queryset: Callable[[], QuerySet[Any]]
    map: Callable[[Any, str], Resource]
    dato: str | None = None  # the field `date` searches and results are ordered by (newest first)
    pasient_felt: str | None = "pasient_id"  # None: not patient data
    betingelse: Q = field(default_factory=Q)
    ordering: tuple[str, ...] = ()
    # Called with the reader and the loaded rows before they are mapped (e.g. to mark
    # linked entries the patient has blocked for this reader, which `map` then leaves out).
    forbered: Callable[[Ansatt, Sequence[Any]], None] | None = None

    def ressurs_id(self, pk: object) -> str:
        return f"{self.navn}-{pk}" if self.navn else str(pk)


@dataclass(frozen=True)
class Soekeresultat:
    treff: list[tuple[str, Resource]]  # (type/id, resource)
    inkludert: list[tuple[str, Resource]]
    har_neste: bool
    antall: int
    side: int


@dataclass(frozen=True)
class Ressurs:
    type: str
    profil: str | None
    kilder: tuple[Kilde, ...]
    parametre: Mapping[str, Param]
    include: tuple[str, ...] = ()
    action: Action = Action.VIEW
    objekt_type: str = ""  # the model label single-entry blocks name ("" for none)
    # A search of its own instead of the engine's (AuditEvent: the app's access log selector).
    soek: Callable[[Ressurs, Ansatt, Mapping[str, list[str]]], Soekeresultat] | None = None
    les: bool = True
    # A read of its own (Patient: the app's pasient_get, which audits the read and knows
    # the blocked next of kin).
    lesing: Callable[[Ressurs, Ansatt, str], Resource] | None = None

    def beskrivelse(self) -> Ressursbeskrivelse:
        return Ressursbeskrivelse(
            type=self.type,
            profil=self.profil,
            parametre=[p.beskrivelse for p in self.parametre.values()],
            include=self.include,
            les=self.les,
        )


REGISTER: dict[str, Ressurs] = {}


def ressurs_register(ressurs: Ressurs) -> None:
    REGISTER[ressurs.type] = ressurs


def ressurs_get(type_: str) -> Ressurs:
    ressurs = REGISTER.get(type_)
    if ressurs is None:
        raise NotFound(_("Ressurstypen %(t)s finnes ikke på denne serveren.") % {"t": type_[:40]})
    return ressurs


# --- common parameters ----------------------------------------------------------------------


def _patient_filter(kilde: Kilde, verdi: str) -> Q | None:
    pasient_id = referanse_parse(verdi, "Patient")
    try:
        key = uuid.UUID(pasient_id)
    except ValueError:
        return Q(pk__in=[])  # no patient has such an id: nothing matches
    return Q(pasient_id=key)


def _date_filter(kilde: Kilde, verdi: str) -> Q | None:
    if kilde.dato is None:
        return None
    d = dato_parse(verdi)
    felt = kilde.dato
    fra: dt.date | dt.datetime = d.fra
    til: dt.date | dt.datetime = d.til
    if isinstance(kilde.queryset().model._meta.get_field(felt), DateTimeField):
        # A day is a day in Norway: from local midnight (time zone aware).
        fra, til = _midnight(d.fra), _midnight(d.til)
    match d.prefiks:
        case "ge":
            return Q(**{f"{felt}__gte": fra})
        case "gt":
            return Q(**{f"{felt}__gte": til})
        case "le":
            return Q(**{f"{felt}__lt": til})
        case "lt":
            return Q(**{f"{felt}__lt": fra})
        case _:
            return Q(**{f"{felt}__gte": fra, f"{felt}__lt": til})


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


PATIENT = Param(
    Soekeparameter("patient", "reference", "Pasienten (Patient/<id>)."), _patient_filter
)
DATE = Param(
    Soekeparameter("date", "date", "Dato, med prefiks eq, ge, gt, le eller lt."), _date_filter
)


def token_filter(koder: Callable[[Kilde], set[tuple[str, str]]]) -> Filter:
    """A token parameter over the fixed (system, code) pairs of each source."""

    def _filter(kilde: Kilde, verdi: str) -> Q | None:
        system, kode = token_parse(verdi)
        har = koder(kilde)
        return Q() if any(k == kode and system in (None, s) for s, k in har) else None

    return _filter


# --- search ---------------------------------------------------------------------------------


def _conditions(ressurs: Ressurs, kilde: Kilde, params: Mapping[str, list[str]]) -> Q | None:
    q = Q(kilde.betingelse)
    for navn, verdier in params.items():
        if navn in RESULTATPARAMETRE:
            continue
        for verdi in verdier:
            condition = ressurs.parametre[navn].filter(kilde, verdi_check(navn, verdi))
            if condition is None:
                return None
            q &= condition
    return q


def siste(params: Mapping[str, list[str]], navn: str) -> str | None:
    """The last value of a parameter given more than once (None when not given)."""
    verdier = params.get(navn)
    return verdier[-1] if verdier else None


def params_check(ressurs: Ressurs, params: Mapping[str, list[str]]) -> None:
    for navn in params:
        if navn not in ressurs.parametre and navn not in RESULTATPARAMETRE:
            raise UgyldigParameter(
                _("Søkeparameteren %(p)s støttes ikke for %(t)s. Se /fhir/metadata.")
                % {"p": navn[:40], "t": ressurs.type}
            )
    for verdi in params.get("_include", []):
        if verdi not in ressurs.include:
            raise UgyldigParameter(
                _("_include=%(v)s støttes ikke for %(t)s.") % {"v": verdi[:60], "t": ressurs.type}
            )


def _restricted(
    ressurs: Ressurs,
    kilde: Kilde,
    actor: Ansatt,
    q: Q,
    per_row: bool,
    tilgang_til: uuid.UUID | None,
) -> QuerySet[Any]:
    """The source's rows the actor may see. `tilgang_til`: the one patient of the search,
    whose access was already decided (pasient_access), so the rows only need that
    patient's id; otherwise the access rule goes into the query (restrict_scoped)."""
    queryset = kilde.queryset().filter(q)
    if kilde.pasient_felt is None:
        actor_require(actor, ressurs.action)
        return queryset
    if tilgang_til is not None and kilde.pasient_felt == "pasient_id":
        queryset = queryset.filter(pasient_id=tilgang_til)
    else:
        queryset = restrict_scoped(
            queryset,
            actor,
            action=ressurs.action,
            pasient_field=kilde.pasient_felt,
            per_row=per_row,
        )
    if ressurs.objekt_type:
        queryset = restrict_unblocked_entries(queryset, actor, ressurs.objekt_type)
    return queryset


def _one_patient(
    ressurs: Ressurs, actor: Ansatt, params: Mapping[str, list[str]]
) -> uuid.UUID | None:
    """The patient a search names by `patient=` (once), when the actor may use them;
    NotFound (as for a read) when the patient is missing or not theirs. None when the
    search names no single patient."""
    verdier = params.get("patient") or []
    if len(verdier) != 1 or not all(k.pasient_felt == "pasient_id" for k in ressurs.kilder):
        return None
    ident = referanse_parse(verdi_check("patient", verdier[0]), "Patient")
    try:
        key = uuid.UUID(ident)
    except ValueError:
        raise NotFound from None
    return pasient_access(actor, key, action=ressurs.action, fields=("id",)).pk


def _rows(
    ressurs: Ressurs, actor: Ansatt, params: Mapping[str, list[str]], start: int, stop: int
) -> list[tuple[Kilde, Any]]:
    per_row = "patient" in params or "identifier" in params or "birthdate" in params
    try:
        tilgang_til = _one_patient(ressurs, actor, params)
    except NotFound:
        return []  # a search finds nothing in a record one may not see (no 404: no hint)
    conditions = [(i, _conditions(ressurs, k, params)) for i, k in enumerate(ressurs.kilder)]
    wanted_q = [(i, q) for i, q in conditions if q is not None]
    if not wanted_q:
        return []
    if len(wanted_q) > 1 and _one_model(ressurs, [i for i, _q in wanted_q]):
        return _rows_one_model(ressurs, actor, wanted_q, per_row, tilgang_til, start, stop)
    queries = [
        (i, _restricted(ressurs, ressurs.kilder[i], actor, q, per_row, tilgang_til))
        for i, q in wanted_q
    ]
    if len(queries) == 1:
        i, queryset = queries[0]
        kilde = ressurs.kilder[i]
        ordering = kilde.ordering or ((f"-{kilde.dato}", "pk") if kilde.dato else ("pk",))
        return [(kilde, obj) for obj in queryset.order_by(*ordering)[start:stop]]
    annotated = [
        (
            i,
            queryset.annotate(
                fhir_tid=Cast(F(str(ressurs.kilder[i].dato)), DateTimeField())
                if ressurs.kilder[i].dato
                else Value(None, output_field=DateTimeField()),
                fhir_kilde=Value(i),
            ).order_by(),
        )
        for i, queryset in queries
    ]
    union_order = (F("fhir_tid").desc(nulls_last=True), "id", "fhir_kilde")
    if len({ressurs.kilder[i].queryset for i, _qs in queries}) == 1:
        # Sources of one model (the kinds of Observation): the union returns the rows.
        whole = annotated[0][1].union(*(qs for _i, qs in annotated[1:]), all=True)
        return [(ressurs.kilder[o.fhir_kilde], o) for o in whole.order_by(*union_order)[start:stop]]
    parts = [qs.values_list("id", "fhir_tid", "fhir_kilde") for _i, qs in annotated]
    keys = list(parts[0].union(*parts[1:], all=True).order_by(*union_order)[start:stop])
    # One query per distinct model (sources of one model share their queryset function).
    wanted: dict[Callable[[], QuerySet[Any]], set[object]] = {}
    for pk, _tid, i in keys:
        wanted.setdefault(ressurs.kilder[i].queryset, set()).add(pk)
    loaded = {qs_fn: {o.pk: o for o in qs_fn().filter(pk__in=pks)} for qs_fn, pks in wanted.items()}
    return [(ressurs.kilder[i], loaded[ressurs.kilder[i].queryset][pk]) for pk, _tid, i in keys]


def _one_model(ressurs: Ressurs, indices: list[int]) -> bool:
    """Whether these sources are one model read the same way (the kinds of Observation)."""
    kilder = [ressurs.kilder[i] for i in indices]
    first = kilder[0]
    return all(
        (k.queryset, k.dato, k.pasient_felt, k.ordering)
        == (first.queryset, first.dato, first.pasient_felt, first.ordering)
        for k in kilder
    )


def _rows_one_model(
    ressurs: Ressurs,
    actor: Ansatt,
    wanted: list[tuple[int, Q]],
    per_row: bool,
    tilgang_til: uuid.UUID | None,
    start: int,
    stop: int,
) -> list[tuple[Kilde, Any]]:
    """Sources of one model (one row gives several resources: the kinds of Observation)
    in one scan of the table instead of a UNION of one scan per source: a row is read
    when any source's condition holds, with a boolean per source saying which. Each row
    gives at least one resource, so the first `stop` rows hold the page; the order is the
    union's (newest first, then id, then the order of the sources)."""
    first = ressurs.kilder[wanted[0][0]]
    any_q = Q()
    flags: dict[str, Any] = {}
    for i, q in wanted:
        any_q |= q
        flags[f"fhir_k{i}"] = ExpressionWrapper(q, BooleanField()) if q else Value(True)
    if not all(q for _i, q in wanted):
        any_q = Q()  # a source without conditions takes every row (Q() | q would be q)
    queryset = _restricted(ressurs, first, actor, any_q, per_row, tilgang_til).annotate(**flags)
    if first.ordering:
        ordering: tuple[Any, ...] = first.ordering
    elif first.dato:
        ordering = (F(first.dato).desc(nulls_last=True), "pk")
    else:
        ordering = ("pk",)
    out: list[tuple[Kilde, Any]] = []
    for obj in queryset.order_by(*ordering)[:stop]:
        out.extend((ressurs.kilder[i], obj) for i, _q in wanted if getattr(obj, f"fhir_k{i}"))
    return out[start:stop]


def fhir_search(
    *, ressurs: Ressurs, actor: Ansatt, params: Mapping[str, list[str]]
) -> Soekeresultat:
    """One page of a search, as the actor may see it; audited (one search row, and one row
    per patient-data object shown)."""
    params_check(ressurs, params)
    antall = antall_parse(siste(params, "_count"))
    side = side_parse(siste(params, "side"))
    if ressurs.soek is not None:
        return ressurs.soek(ressurs, actor, params)
    start = (side - 1) * antall
    with transaction.atomic():
        rows = _rows(ressurs, actor, params, start, start + antall + 1)
        har_neste = len(rows) > antall
        rows = rows[:antall]
        _prepare(actor, rows)
        treff = [
            (f"{ressurs.type}/{k.ressurs_id(o.pk)}", k.map(o, k.ressurs_id(o.pk))) for k, o in rows
        ]
        inkludert, inkluderte_pasienter = _includes(ressurs, actor, params, rows)
        objekter = list({o.pk: o for k, o in rows if k.pasient_felt}.values())
        audit_log(
            actor=actor,
            event=AuditEvent.FHIR_SEARCHED,
            extra={
                "ressurs": ressurs.type,
                "parametre": {k: v[:5] for k, v in list(params.items())[:20]},
                "side": side,
                "treff": len(treff),
            },
        )
        if objekter or inkluderte_pasienter:
            # One row per object shown (included patients too), in one INSERT.
            event = AuditEvent.PASIENT_LISTED if ressurs.type == "Patient" else AuditEvent.FHIR_READ
            audit_log_many(
                actor=actor,
                event=event,
                targets=[*objekter, *inkluderte_pasienter],
                extra={"ressurs": ressurs.type, "include": bool(inkluderte_pasienter)},
            )
    return Soekeresultat(treff, inkludert, har_neste, antall, side)


def _prepare(actor: Ansatt, rows: Sequence[tuple[Kilde, Any]]) -> None:
    per_kilde: dict[int, tuple[Callable[[Ansatt, Sequence[Any]], None], list[Any]]] = {}
    for kilde, obj in rows:
        if kilde.forbered is not None:
            per_kilde.setdefault(id(kilde), (kilde.forbered, []))[1].append(obj)
    for forbered, objs in per_kilde.values():
        forbered(actor, objs)


# Set by selectors.pasient: the Patient resources of given ids, for _include.
_PASIENT_INCLUDE: list[Callable[[Ansatt, set[uuid.UUID]], list[tuple[Model, Resource]]]] = []


def _includes(
    ressurs: Ressurs,
    actor: Ansatt,
    params: Mapping[str, list[str]],
    rows: Sequence[tuple[Kilde, Any]],
) -> tuple[list[tuple[str, Resource]], list[Model]]:
    if not params.get("_include") or not rows or not _PASIENT_INCLUDE:
        return [], []
    # The rows were found through the patient rule, so their patients may be read.
    ids = {o.pasient_id for k, o in rows if k.pasient_felt == "pasient_id"}
    loaded = _PASIENT_INCLUDE[0](actor, ids)
    return [(f"Patient/{p.pk}", res) for p, res in loaded], [p for p, _res in loaded]


# --- read -----------------------------------------------------------------------------------


def _split_id(ressurs: Ressurs, ressurs_id: str) -> tuple[Kilde, str]:
    id_check(ressurs_id)
    for kilde in ressurs.kilder:
        if kilde.navn and ressurs_id.startswith(f"{kilde.navn}-"):
            return kilde, ressurs_id[len(kilde.navn) + 1 :]
    plain = [k for k in ressurs.kilder if not k.navn]
    if not plain:
        raise NotFound
    return plain[0], ressurs_id


def fhir_read(*, ressurs: Ressurs, actor: Ansatt, ressurs_id: str) -> Resource:
    """One resource, or NotFound for missing and not allowed alike; audited."""
    if not ressurs.les:
        raise NotFound
    if ressurs.lesing is not None:
        return ressurs.lesing(ressurs, actor, id_check(ressurs_id))
    kilde, key = _split_id(ressurs, ressurs_id)
    queryset = kilde.queryset().filter(kilde.betingelse)
    with transaction.atomic():
        if kilde.pasient_felt is None:
            actor_require(actor, ressurs.action)
            try:
                obj = queryset.filter(pk=uuid.UUID(key)).first()
            except ValueError:
                obj = None
            if obj is None:
                raise NotFound
            audit_log(
                actor=actor,
                event=AuditEvent.FHIR_READ,
                target=obj,
                extra={"ressurs": ressurs.type},
            )
            return kilde.map(obj, ressurs_id)
        obj = access_scoped(
            actor, queryset, key, action=ressurs.action, pasient_field=kilde.pasient_felt
        )
        if ressurs.objekt_type and str(obj.pk) in blocked_entries(
            actor, obj.pasient_id, ressurs.objekt_type
        ):
            raise NotFound
        basis = access_basis(actor, obj.pasient_id)
        audit_log(
            actor=actor,
            event=AuditEvent.FHIR_READ,
            target=obj,
            pasient_id=obj.pasient_id,
            grunnlag=basis.kode,
            begrunnelse=basis.begrunnelse,
            extra={"ressurs": ressurs.type},
        )
    _prepare(actor, [(kilde, obj)])
    return kilde.map(obj, ressurs_id)
