"""Reads of patient data. Each goes through journal.access and writes its audit rows."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.api.pagination import Side, side_fetch, side_of, side_window
from core.audit import (
    AuditEvent,
    Revisjonsrad,
    audit_log,
    audit_log_list,
    audit_rows_insert,
    audit_rows_list,
    audit_rows_select,
)
from core.context import context_get
from core.db import model_from_row, select_list
from core.exceptions import ApplicationError, NotFound
from core.identifikatorer import sifre_normalize
from core.models import Action, Ansatt
from journal.access import (
    Grunnlag,
    Revisjon,
    Tilgangsgrunnlag,
    actor_require,
    blocked_entries_decided,
    pasient_read_access,
    pasienter_med_identifikator,
    restrict_pasienter,
)
from journal.access.navnesok import Navneomfang, Navnevilkaar, pasienter_soek, soek_plan_husk
from journal.lib.soek import prefix_end, search_terms
from journal.models import Behandlingsrelasjon, KritiskInformasjon, Paaroerende, Pasient
from journal.selectors.kritisk import kritisk_active_qs

MIN_NAME_PREFIX = 2
# What a search list shows (and the audit rows name).
_LISTEFELTER = (
    "id",
    "identifikator",
    "fornavn",
    "mellomnavn",
    "etternavn",
    "fodselsdato",
    "kjonn",
    "dodsdato",
    "poststed",
)
_DATE_FORMATS = ("%d.%m.%Y", "%d%m%Y", "%Y-%m-%d")


@dataclass(frozen=True)
class Soekeresultat:
    side: Side[Pasient]
    sokemate: str  # "identifikator", "fodselsdato", "navn" or "" (nothing to search for)


def _parse_date(value: str) -> dt.date | None:
    if not any(c.isdigit() for c in value):  # every format has digits (a name has none)
        return None
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a date, no time zone
        except ValueError:
            continue
    return None


def _identifikator(sok: str) -> str | None:
    """The eleven digits of an identifier search (spaces and look-alike digits allowed)."""
    compact = sifre_normalize(re.sub(r"\s", "", sok.strip()))
    return compact if re.fullmatch(r"[0-9]{11}", compact) else None


def _search_mode(sok: str) -> str:
    """What `sok` searches by: "identifikator", "fodselsdato", "navn", or "" (nothing)."""
    cleaned = sok.strip()
    compact = sifre_normalize(re.sub(r"\s", "", cleaned))
    if re.fullmatch(r"[0-9]{11}", compact):
        return "identifikator"
    if _parse_date(compact) is not None:
        return "fodselsdato"
    if compact.isdigit():  # digits, but not a number or a date: nothing to search for
        return ""
    terms = search_terms(cleaned)
    # Judge the length on what was typed: "Aa" is two letters even though it folds to "a".
    if not terms or max(len(t) for t in cleaned.split()) < MIN_NAME_PREFIX:
        return ""
    return "navn"


def _search_filter(sok: str) -> tuple[str, Q | None]:
    sokemate = _search_mode(sok)
    compact = sifre_normalize(re.sub(r"\s", "", sok.strip()))
    if sokemate == "identifikator":
        return sokemate, Q(identifikator=compact)
    if sokemate == "fodselsdato":
        return sokemate, Q(fodselsdato=_parse_date(compact))
    if not sokemate:
        return "", None
    terms = search_terms(sok.strip())
    condition = Q()
    for term in terms:
        condition &= (
            Q(sok_etternavn__startswith=term)
            | Q(sok_fornavn__startswith=term)
            | Q(sok_mellomnavn__startswith=term)
        )
    return "navn", condition


# A first-name prefix with more matches than this is read by walking the surname index in
# name order (a few thousand entries for a page) instead of sorting all its matches. Below
# it, reading and sorting the matches from the first-name index is cheaper (issue 12: at
# 2,000 a prefix such as "kri" on 100,000 patients was read by a scan of the whole table,
# 20 ms, where sorting its 2,151 matches costs about 1 ms).
TETT_FORNAVN = 10_000
_TETT = (
    "(SELECT count(*) FROM (SELECT 1 FROM journal_pasient t WHERE t.sok_fornavn LIKE %s"
    " LIMIT %s) n) > %s"
)
# The same count over the prefix's range of the first-name index written out as values, as
# the large unit's prepared statement needs (its generic plan takes no range from a LIKE
# pattern bound as a parameter: it would read the whole index to count a rare prefix).
_TETT_OMFANG = (
    "(SELECT count(*) FROM (SELECT 1 FROM journal_pasient t WHERE t.sok_fornavn >= %s"
    " AND t.sok_fornavn < %s AND t.sok_fornavn LIKE %s LIMIT %s) n) > %s"
)
# The name columns as conditions on journal_pasient (constant SQL text; each prefix is a
# bound parameter). Written as text, not built with the ORM: the search runs them on every
# keystroke, and compiling five querysets cost more CPU than PostgreSQL spends on the page.
_ETTERNAVN = '"journal_pasient"."sok_etternavn" LIKE %s'
_FORNAVN = '"journal_pasient"."sok_fornavn" LIKE %s'
_MELLOMNAVN = '"journal_pasient"."sok_mellomnavn" LIKE %s'
_ETT_FORNAVN_LANGS = '("journal_pasient"."sok_fornavn" || \'\') LIKE %s'


@dataclass(frozen=True)
class Navnesoek:
    """A name search's candidates as disjoint conditions on journal_pasient, for
    journal.access.navnesok.pasienter_soek."""

    kandidater: list[Navnevilkaar]  # their union is what _search_filter matches
    i_navnerekkefolge: list[Navnevilkaar]  # the same, each read in name order


def _name_conditions(sok: str) -> Navnesoek:
    """The name search's candidates as disjoint conditions, one per name column: the longest
    term a prefix of the surname; else of the first name; else of the middle name (each
    answered from its covering index alone when there is one term), and the other terms as
    in _search_filter. Their union is what _search_filter matches.

    For reading in name order (i_navnerekkefolge) a single common first-name prefix (more
    than TETT_FORNAVN matches, counted in the same statement) is matched by an expression
    its index cannot serve, so PostgreSQL walks the surname index, which holds the first
    name too, in name order and stops at the page."""
    terms = search_terms(sok.strip())
    longest = max(terms, key=len)
    rest_sql = ""
    rest_params: list[object] = []
    for term in terms:
        if term != longest:
            pattern = _like_prefix(term)
            rest_sql += f" AND ({_ETTERNAVN} OR {_FORNAVN} OR {_MELLOMNAVN})"
            rest_params += [pattern, pattern, pattern]
    p = _like_prefix(longest)
    etternavn = Navnevilkaar(
        _ETTERNAVN + rest_sql, [p, *rest_params], _omfang("sok_etternavn", longest)
    )
    mellomnavn = Navnevilkaar(
        f"{_MELLOMNAVN} AND NOT ({_ETTERNAVN}) AND NOT ({_FORNAVN}){rest_sql}",
        [p, p, p, *rest_params],
        _omfang("sok_mellomnavn", longest),
    )
    fornavn = Navnevilkaar(
        f"{_FORNAVN} AND NOT ({_ETTERNAVN}){rest_sql}",
        [p, p, *rest_params],
        _omfang("sok_fornavn", longest),
    )
    kandidater = [etternavn, mellomnavn, fornavn]
    if len(terms) > 1:
        return Navnesoek(kandidater=kandidater, i_navnerekkefolge=kandidater)
    omfang = fornavn.omfang
    tett_sql = _TETT if omfang is None else _TETT_OMFANG
    tett: list[object] = [] if omfang is None else [omfang.fra, omfang.til]
    tett += [p, TETT_FORNAVN + 1, TETT_FORNAVN]
    return Navnesoek(
        kandidater=kandidater,
        i_navnerekkefolge=[
            etternavn,
            mellomnavn,
            Navnevilkaar(f"{fornavn.sql} AND NOT ({tett_sql})", [*fornavn.params, *tett], omfang),
            Navnevilkaar(
                f"NOT ({_ETTERNAVN}) AND {tett_sql} AND {_ETT_FORNAVN_LANGS}", [p, *tett, p]
            ),
        ],
    )


def _omfang(kolonne: str, term: str) -> Navneomfang | None:
    """The index range of the names in `kolonne` that start with `term`."""
    til = prefix_end(term)
    return None if til is None else Navneomfang(kolonne, term, til)


def _like_prefix(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def pasient_search(*, actor: Ansatt, sok: str, side: int = 1, storrelse: int = 20) -> Soekeresultat:
    """Find patients by identifier (exact), birth date, or name prefixes.

    Audited: one row for the search itself and one per patient shown.
    """
    actor_require(actor, Action.SEARCH_PATIENT)
    if len(sok) > 200:
        raise ApplicationError(_("Søket er for langt."))
    identifikator = _identifikator(sok)
    if identifikator is not None:
        # The commonest search: one prepared statement finds the row by its unique index,
        # checks access on it (journal.access) and writes the audit rows, in one round trip.
        per_side, start = side_window(nummer=side, storrelse=storrelse)
        rows = pasienter_med_identifikator(
            actor,
            identifikator,
            action=Action.SEARCH_PATIENT,
            felter=_LISTEFELTER,
            grense=per_side + 1,
            forskyvning=start,
            vist=per_side,
            revisjon=_search_step(actor, sok, "identifikator", side),
        )
        return Soekeresultat(
            side=side_of(rows, nummer=side, storrelse=per_side), sokemate="identifikator"
        )
    sokemate = _search_mode(sok)
    if not sokemate:
        return Soekeresultat(
            side=side_fetch(Pasient.objects.none(), nummer=1, storrelse=storrelse), sokemate=""
        )
    if sokemate == "navn":
        # Name prefixes can match a large share of all patients: journal.access picks the
        # side to start from (the unit's relationships or the name index) by the unit's size,
        # and reads the page in one statement.
        per_side, start = side_window(nummer=side, storrelse=storrelse)
        vilkaar = _name_conditions(sok)
        # The page and its audit rows in one statement (its own transaction, or the
        # caller's): one round trip, no separate INSERT.
        rows = pasienter_soek(
            actor,
            action=Action.SEARCH_PATIENT,
            kandidater=vilkaar.kandidater,
            i_navnerekkefolge=vilkaar.i_navnerekkefolge,
            felter=_LISTEFELTER,
            grense=per_side + 1,
            forskyvning=start,
            vist=per_side,
            revisjon=_name_search_step(actor, sok, side),
        )
        page = side_of(rows, nummer=side, storrelse=per_side)
        soek_plan_husk(page.items)  # the unit's size, for the next search's plan
        return Soekeresultat(side=page, sokemate=sokemate)
    # An identifier or a birth date finds its few rows by index: check access per row.
    sokemate, condition = _search_filter(sok)
    queryset = restrict_pasienter(
        Pasient.objects.filter(condition), actor, action=Action.SEARCH_PATIENT, per_row=True
    )
    with transaction.atomic():
        page = side_fetch(queryset.only(*_LISTEFELTER), nummer=side, storrelse=storrelse)
        _search_audit(actor, sok, sokemate, page)
    return Soekeresultat(side=page, sokemate=sokemate)


def _search_step(actor: Ansatt, sok: str, sokemate: str, nummer: int) -> Revisjon:
    """_search_audit's rows, written by the search's own statement (journal.access)."""

    def steg(fra: str, t: str) -> tuple[str, list[Any]]:
        return audit_rows_insert(
            [
                audit_rows_select(
                    actor=actor,
                    event=AuditEvent.PASIENT_SEARCHED,
                    fra="(SELECT 1) kj_en",
                    rekke=0,
                    extra={"sok": sok, "sokemate": sokemate, "side": nummer},
                    extra_sql=f"jsonb_build_object('treff', (SELECT count(*) FROM {fra}))",  # noqa: S608
                ),
                audit_rows_select(
                    actor=actor,
                    event=AuditEvent.PASIENT_LISTED,
                    fra=fra,
                    rekke=1,
                    pasient_sql=f"{t}.id",
                    objekt_type=Pasient._meta.label,
                    objekt_id_sql=f"{t}.id",
                    extra={"sokemate": sokemate},
                    nr_sql=f"{t}.kj_nr",
                ),
            ]
        )

    return steg


def _name_search_step(actor: Ansatt, sok: str, nummer: int) -> Revisjon:
    """_search_audit's rows for a name search, written by the search's own statement
    (journal.access.navnesok.pasienter_soek): the same rows audit_log_list writes."""

    def steg(fra: str, t: str) -> tuple[str, list[Any]]:
        return audit_rows_list(
            actor=actor,
            event=AuditEvent.PASIENT_SEARCHED,
            extra={"sok": sok, "sokemate": "navn", "side": nummer},
            listed_event=AuditEvent.PASIENT_LISTED,
            listed_extra={"sokemate": "navn"},
            objekt_type=Pasient._meta.label,
            fra=fra,
            t=t,
        )

    return steg


def _search_audit(actor: Ansatt, sok: str, sokemate: str, page: Side[Pasient]) -> None:
    audit_log_list(
        actor=actor,
        event=AuditEvent.PASIENT_SEARCHED,
        extra={"sok": sok, "sokemate": sokemate, "side": page.nummer, "treff": len(page.items)},
        listed_event=AuditEvent.PASIENT_LISTED,
        targets=page.items,
        listed_extra={"sokemate": sokemate},
    )


# A patient's next of kin in their model order, as a column of the patient read (the
# fields the API and pages show; the timestamps load if asked for).
_PAAROERENDE = select_list(
    Paaroerende, ("pasient_id", "navn", "relasjon", "telefon", "er_naermeste", "er_verge")
)
_KIN_COLUMNS = ", ".join(f"a.{c}" for c in _PAAROERENDE)  # names from the model
_PAAROERENDE_SQL = (
    f"(SELECT coalesce(json_agg(json_build_array({_KIN_COLUMNS})"  # noqa: S608
    " ORDER BY a.er_naermeste DESC, a.navn, a.id), '[]'::json)"
    " FROM journal_paarorende a WHERE a.pasient_id = p.id)"
)


def _paaroerende_prefetch(pasient: Pasient, rows: list[list[Any]]) -> None:
    """The next of kin read with the patient into `pasient.paarorende.all()`, as
    prefetch_related would, so pages and the API read them without another query."""
    kin: Any = pasient.paarorende.all()  # Django's prefetch cache (private, as it fills it)
    kin._result_cache = [
        model_from_row(Paaroerende, _PAAROERENDE, [uuid.UUID(r[0]), uuid.UUID(r[1]), *r[2:]])
        for r in rows
    ]
    kin._prefetch_done = True
    holder: Any = pasient
    holder._prefetched_objects_cache = {"paarorende": kin}


def _read_step(actor: Ansatt) -> Revisjon:
    """The PASIENT_READ row of a read on the unit's relationship, written by the read's
    own statement (journal.access.pasient_read_access)."""

    def steg(fra: str, t: str) -> tuple[str, list[Any]]:
        return audit_rows_insert(
            [
                audit_rows_select(
                    actor=actor,
                    event=AuditEvent.PASIENT_READ,
                    fra=fra,
                    rekke=0,
                    pasient_sql=f"{t}.id",
                    objekt_type=Pasient._meta.label,
                    objekt_id_sql=f"{t}.id",
                    grunnlag=Grunnlag.RELASJON,
                )
            ]
        )

    return steg


@dataclass(frozen=True)
class Bannermerknad:
    """A notice in the patient banner from an app above journal (e.g. legemidler: the list
    is not reconciled), with an optional link."""

    tekst: str
    lenke: str = ""


# Apps above journal register a function (patient id → notices) in AppConfig.ready();
# journal never imports them. Each is called once per patient page, after access was granted.
_BANNER_KILDER: list[Callable[[uuid.UUID], Sequence[Bannermerknad]]] = []


def banner_source_register(kilde: Callable[[uuid.UUID], Sequence[Bannermerknad]]) -> None:
    """Add a source of banner notices (idempotent)."""
    if kilde not in _BANNER_KILDER:
        _BANNER_KILDER.append(kilde)


@dataclass(frozen=True)
class Pasientvisning:
    """A patient as one person may see it now: the basis of the access and what is blocked."""

    pasient: Pasient
    tilgang: Tilgangsgrunnlag
    sperrede_paarorende: frozenset[str]

    @cached_property
    def kritisk(self) -> tuple[KritiskInformasjon, ...]:
        """Active critical information (CAVE) for the banner on every patient page: one
        query when a page shows it, and deliberately not filtered by blocked_entries():
        critical information is never hidden by a block on single entries (safety first;
        see selectors.kritisk). The read's PASIENT_READ audit row covers showing it."""
        return tuple(kritisk_active_qs(self.pasient.pk))

    @cached_property
    def relasjoner(self) -> list[Behandlingsrelasjon]:
        """The acting unit's active care relationships with the patient (pages that show
        them ask; the API read does not, so it does not pay for the query)."""
        ctx = context_get()
        if ctx is None or ctx.enhet_id is None:
            return []
        return list(
            Behandlingsrelasjon.objects.active()
            .filter(pasient=self.pasient, enhet_id=ctx.enhet_id)
            .select_related("enhet")
        )

    @property
    def merknader(self) -> list[Bannermerknad]:
        """Notices from other apps (see banner_source_register), read when the banner is
        rendered (an API response that shows no banner pays nothing)."""
        return [m for kilde in _BANNER_KILDER for m in kilde(self.pasient.pk)]

    def paarorende(self) -> list[tuple[Paaroerende, bool]]:
        """Next of kin with a flag for entries the patient has blocked for this person."""
        return [(p, str(p.pk) in self.sperrede_paarorende) for p in self.pasient.paarorende.all()]


def pasient_read_refused_audit(actor: Ansatt, pasient_id: uuid.UUID | str) -> None:
    """The refusal row of a read the actor may not make (the caller then raises NotFound)."""
    key = _as_uuid(pasient_id)
    known = Pasient.objects.filter(pk=key).values_list("pk", flat=True).first() if key else None
    with transaction.atomic():
        audit_log(
            actor=actor,
            event=AuditEvent.PASIENT_READ_REFUSED,
            pasient_id=known,
            extra={"forespurt_id": str(pasient_id)[:64]},
        )


def _as_uuid(value: uuid.UUID | str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def pasient_get(*, actor: Ansatt, pasient_id: uuid.UUID | str) -> Pasientvisning:
    """One patient for reading, or NotFound (missing and not allowed look the same).

    Audited with the basis of the access (relationship, reasoned or emergency access). On
    the unit's relationship the read and its audit row are one statement (one round trip,
    committed together); on another basis the row is written after, before anything is
    shown. A refused attempt is audited too (the caller still only sees NotFound).
    """
    try:
        return pasient_read_in_transaction(actor=actor, pasient_id=pasient_id)
    except NotFound:
        pasient_read_refused_audit(actor, pasient_id)
        raise


def pasient_read_in_transaction(*, actor: Ansatt, pasient_id: uuid.UUID | str) -> Pasientvisning:
    """pasient_get's read and audit row, in the caller's transaction when there is one, for
    a composite read that commits its sections with it (the overview). NotFound is raised
    before anything is written; the caller then audits the refusal
    (pasient_read_refused_audit) after its transaction, as pasient_get does."""
    return _pasient_read(actor, pasient_id, revisjon=_read_step(actor))


# --- oversikt (issue 12, target 2) ---------------------------------------------------------
def pasient_read_audit_later(
    *, actor: Ansatt, pasient_id: uuid.UUID | str
) -> tuple[Pasientvisning, Revisjonsrad]:
    """pasient_read_in_transaction with its PASIENT_READ row returned instead of written:
    the caller writes it (core.audit.audit_log_rows) in the same transaction, before it
    commits and before anything is shown. For a composite read inside one transaction: an
    audit row takes the audit chain's lock (one per partition, held until commit), so
    written first it would order every concurrent overview's whole read behind the
    others; written last, only the INSERT and the commit. NotFound as there."""
    visning = _pasient_read(actor, pasient_id, revisjon=None)
    basis = visning.tilgang
    rad = Revisjonsrad(
        AuditEvent.PASIENT_READ,
        target=visning.pasient,
        pasient_id=visning.pasient.pk,
        grunnlag=basis.kode,
        begrunnelse=basis.begrunnelse,
        extra={"sperring_overstyrt": True} if basis.sperring_overstyrt else None,
    )
    return visning, rad


# --- end oversikt


def _pasient_read(
    actor: Ansatt, pasient_id: uuid.UUID | str, *, revisjon: Revisjon | None
) -> Pasientvisning:
    lesing = pasient_read_access(
        actor,
        pasient_id,
        action=Action.VIEW,
        ekstra_kolonner=(_PAAROERENDE_SQL,),
        revisjon=revisjon,
    )
    pasient, basis = lesing.pasient, lesing.grunnlag
    _paaroerende_prefetch(pasient, lesing.ekstra[0])
    if revisjon is not None and not lesing.revidert:
        with transaction.atomic():
            audit_log(
                actor=actor,
                event=AuditEvent.PASIENT_READ,
                target=pasient,
                pasient_id=pasient.pk,
                grunnlag=basis.kode,
                begrunnelse=basis.begrunnelse,
                extra={"sperring_overstyrt": True} if basis.sperring_overstyrt else None,
            )
    blocked = (
        frozenset(blocked_entries_decided(actor, pasient.pk, "journal.Paaroerende"))
        if lesing.har_oppfoeringssperrer
        else frozenset()
    )
    return Pasientvisning(
        pasient=pasient,
        tilgang=basis,
        sperrede_paarorende=blocked,
    )
