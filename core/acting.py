"""The unit a person acts in. Chosen after login, kept in the session, re-checked every request."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import pickle
import secrets
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.db import transaction
from django.db.models import Model, Q
from django.db.models.base import ModelState

from core.context import RequestContext, context_get, new_request_id, request_context
from core.klokke import idag
from core.models import Action, Ansatt, Enhet, EnhetType, Rolle, RolleRettighet, Tilknytning

SESSION_KEY = "kj_enhet_id"

logger = logging.getLogger(__name__)

# Who may act where, and with which rights, is read on every request; it changes rarely.
# It is cached in the shared cache (Redis), each entry stored with the version number the
# cache had when the entry was read from the database. Every change to people, assignments,
# roles, rights, units or API keys bumps the version (tilgang_changed, called by the model
# signals in core.apps and by the token services), and an entry with another version than the
# current one is never used: no process can read a stale entry, and one lookup is one round
# trip (the version and the entry in one MGET). Entries also expire after CACHE_SEKUNDER, a
# backstop for changes made without signals (raw SQL, QuerySet.update()).
VERSION_KEY = "tilgang-versjon"
CACHE_SEKUNDER = 300


def _version_start() -> None:
    # A random start: if the version key alone is lost (evicted), counting again from a
    # small number could meet an old entry's version; a random 48-bit start will not.
    cache.add(VERSION_KEY, secrets.randbits(48), timeout=None)


def _bump() -> None:
    _versjon_memo.set(None)
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # no version yet (cache cleared or key evicted)
            _version_start()
            cache.incr(VERSION_KEY)
    except Exception:
        logger.exception("Tilgangscachen kan ikke oppdateres.")


def tilgang_changed() -> None:
    """Make every cached access entry stale: now, and again when the transaction commits
    (a request that read the old rows before the commit cannot then leave an entry that
    passes for current)."""
    _bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_bump)


# Each process also keeps the entries it has read (issue 12): the same key check and unit
# list come back on every request, and reading them from Redis was a second round trip and
# an unpickling per request. A local entry is used only while the shared version is the one
# it was read under, so it goes stale in every process at the same moment as the Redis
# entry; the version itself is read from Redis once per request (kept for the rest of the
# request, forgotten when this process bumps it). Every request gets its own copy of an
# entry (_kopi), as from Redis; at most LOKAL_MAKS of them, oldest out first.
LOKAL_MAKS = 2_000
_lokal: OrderedDict[str, tuple[int, float, Any]] = OrderedDict()
_lokal_laas = threading.Lock()
_versjon_memo: ContextVar[tuple[str, int] | None] = ContextVar("kj_tilgang_versjon", default=None)


def _version_get() -> int | None:
    """The shared version: once per request (see above), else from Redis every time."""
    ctx = context_get()
    memo = _versjon_memo.get()
    if ctx is not None and memo is not None and memo[0] == ctx.request_id:
        return memo[1]
    version = _version_read()
    if version is None:
        _version_start()
        return None  # the next request stores under a settled version
    if ctx is not None:
        _versjon_memo.set((ctx.request_id, int(version)))
    return int(version)


class _Versjonsforbindelse(threading.local):
    """The Redis connection this process (and thread) reads the version on."""

    pid = 0
    conn: Any = None
    backend: Any = None  # the cache backend it was made for (settings can change in tests)


_forbindelse = _Versjonsforbindelse()


def _version_read() -> int | None:
    """cache.get(VERSION_KEY), on a connection this process and thread keep for it: the
    cache's redis-py client takes a connection from its pool, runs the command under its
    retry logic and gives the connection back on every call, two thirds of the Python time
    of this one GET on every request (issue 12). The same server, database and options as
    the cache's pool (made again when the cache is another, as after a settings change); on
    any error the connection is dropped (made again next time) and the cache answers as
    before."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    key = backend.make_key(VERSION_KEY)
    held = _forbindelse
    try:
        pid = os.getpid()
        if held.conn is None or held.pid != pid or held.backend is not backend:
            if held.conn is not None and held.pid == pid:  # not the parent's: ours to close
                with contextlib.suppress(Exception):
                    held.conn.disconnect()
            pool = backend._cache.get_client(key).connection_pool  # type: ignore[attr-defined]
            held.conn = pool.connection_class(**pool.connection_kwargs)
            held.pid, held.backend = pid, backend
        held.conn.send_command("GET", key)
        raw = held.conn.read_response()
        return None if raw is None else int(raw)  # as Django's RedisSerializer stores an int
    except Exception:
        conn, held.conn = held.conn, None
        if conn is not None and held.pid == os.getpid():
            with contextlib.suppress(Exception):
                conn.disconnect()
        version = cache.get(VERSION_KEY)
        return None if version is None else int(version)


def _lokal_get(key: str, version: int) -> Any:
    found = _lokal.get(key)
    if found is None or found[0] != version or found[1] <= time.monotonic():
        return None
    return _kopi(found[2])


# Values that no request can change: shared between copies.
_UFORANDERLIG = frozenset(
    {str, int, float, bool, bytes, type(None), uuid.UUID, Decimal}
    | {dt.date, dt.datetime, dt.time, dt.timedelta}
)


def _kopi(value: Any) -> Any:
    """A copy of a cached entry that shares nothing a request could change with it: what a
    pickle round trip gives (the entries were kept pickled before), at a fraction of its
    cost for the model instances these entries hold (issue 12: unpickling them was a tenth
    of a keyed request's Python time). Model instances are copied field by field with their
    cached related objects; anything else not plainly immutable goes through pickle."""
    kind = type(value)
    if kind in _UFORANDERLIG:
        return value
    if kind is list:
        return [v if type(v) in _UFORANDERLIG else _kopi(v) for v in value]
    if kind is tuple:
        return tuple([v if type(v) in _UFORANDERLIG else _kopi(v) for v in value])
    if kind is dict:
        return {k: v if type(v) in _UFORANDERLIG else _kopi(v) for k, v in value.items()}
    if kind is frozenset and all(type(v) in _UFORANDERLIG for v in value):
        return value
    if isinstance(value, Model):
        return _modell_kopi(value)
    return pickle.loads(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))  # noqa: S301 - our own


def _modell_kopi(instance: Model) -> Model:
    """As pickle copies an instance (Model.__reduce__): its fields and its state, with the
    cached related objects copied too; the state's related managers are bound to the old
    instance and are left out (they are made again when used)."""
    copy = type(instance).__new__(type(instance))
    fields = {
        k: v if type(v) in _UFORANDERLIG else _kopi(v)
        for k, v in instance.__dict__.items()
        if k != "_state"
    }
    old = instance._state
    state = ModelState()
    skip = ("fields_cache", "related_managers_cache")
    state.__dict__.update((k, v) for k, v in old.__dict__.items() if k not in skip)
    state.fields_cache = {k: _kopi(v) for k, v in old.fields_cache.items()}
    fields["_state"] = state
    copy.__dict__.update(fields)
    return copy


def _lokal_set(key: str, value: Any, version: int, expires: float) -> None:
    """Keep `value` until `expires` (time.time()) or a new version."""
    remaining = expires - time.time()
    if remaining <= 0:
        return
    data = _kopi(value)  # the caller keeps `value` and may change it
    with _lokal_laas:  # threaded servers share the dict
        _lokal[key] = (version, time.monotonic() + remaining, data)
        _lokal.move_to_end(key)
        while len(_lokal) > LOKAL_MAKS:
            _lokal.popitem(last=False)


def tilgang_cache_get(key: str) -> tuple[Any, int | None]:
    """(the cached entry or None, the current version). Pass the version to
    tilgang_cache_set with what you read from the database; None means the cache cannot
    be used now (then nothing is stored)."""
    try:
        version = _version_get()
        if version is None:
            return None, None
        local = _lokal_get(key, version)
        if local is not None:
            return local, version
        entry = cache.get(f"tilgang:{key}")
    except Exception:
        logger.warning("Tilgangscachen kan ikke leses; bruker databasen.", exc_info=True)
        return None, None
    # (version, value, expiry): an entry of another shape or version is not used
    if isinstance(entry, tuple) and len(entry) == 3 and entry[0] == version:
        _lokal_set(key, entry[1], version, entry[2])
        return entry[1], version
    return None, version


def tilgang_cache_set(key: str, value: Any, *, version: int | None, timeout: float) -> None:
    if version is None or timeout <= 0:
        return
    timeout = min(timeout, CACHE_SEKUNDER)
    expires = time.time() + timeout
    try:
        cache.set(f"tilgang:{key}", (version, value, expires), timeout=timeout)
    except Exception:
        logger.warning("Tilgangscachen kan ikke skrives.", exc_info=True)
        return
    _lokal_set(key, value, version, expires)


@dataclass(frozen=True)
class ActingUnit:
    enhet: Enhet
    rolle: Rolle
    actions: frozenset[str]

    def can(self, action: Action) -> bool:
        return action.value in self.actions

    @property
    def can_view(self) -> bool:
        return self.can(Action.VIEW)

    @property
    def can_review_log(self) -> bool:
        return self.can(Action.REVIEW_LOG)

    @property
    def can_manage_blocking(self) -> bool:
        return self.can(Action.MANAGE_BLOCKING)

    @property
    def can_handle_case(self) -> bool:
        return self.can(Action.HANDLE_CASE)

    @property
    def can_admin(self) -> bool:
        return self.can(Action.ADMIN)

    @property
    def can_respond_alarm(self) -> bool:
        return self.can(Action.RESPOND_ALARM)

    @property
    def can_administer_medication(self) -> bool:
        return self.can(Action.ADMINISTER_MEDICATION)

    def can_order_medication(self) -> bool:
        return self.can(Action.ORDER_MEDICATION)

    @property
    def in_sykehjem(self) -> bool:
        """Acting in a nursing home or one of its wards, or managing stays (main-menu link)."""
        return self.enhet.type in (
            EnhetType.SYKEHJEM,
            EnhetType.SYKEHJEMSAVDELING,
        ) or self.can(Action.MANAGE_STAYS)

    @property
    def in_sykehjemsavdeling(self) -> bool:
        """Acting in a nursing-home ward: its task list, beds and stays are run from there."""
        return self.enhet.type == EnhetType.SYKEHJEMSAVDELING

    @property
    def can_manage_ward(self) -> bool:
        """May admit, keep rooms and beds and register shifts: a ward with MANAGE_STAYS."""
        return self.in_sykehjemsavdeling and self.can(Action.MANAGE_STAYS)

    @property
    def in_legekontor(self) -> bool:
        """Acting in a GP office with the appointment book or as its GP (main-menu link)."""
        return self.enhet.type == EnhetType.LEGEKONTOR and (
            self.can(Action.BOOK_TIME) or self.can(Action.WRITE_NOTE)
        )

    @property
    def in_hjemmetjeneste(self) -> bool:
        """Acting in home care (the service or one of its districts): main-menu link."""
        return self.enhet.type in (EnhetType.HJEMMETJENESTE, EnhetType.HJEMMETJENESTE_SONE)


def tilknytninger_active(*, ansatt: Ansatt) -> list[Tilknytning]:
    """Active unit assignments of a person, one per unit (the first role wins)."""
    return [t for t, _actions in _assignments(ansatt)]


def _assignments(ansatt: Ansatt) -> list[tuple[Tilknytning, frozenset[str]]]:
    """The active assignments with their role's rights, from the cache when it has them."""
    today = idag()
    key = f"tilknytninger:{ansatt.pk}:{today.isoformat()}"
    cached, version = tilgang_cache_get(key)
    if cached is not None:
        return list(cached)
    rows = _assignments_query(ansatt, today)
    rights: dict[Any, set[str]] = {t.rolle_id: set() for t in rows}
    for rolle_id, action in RolleRettighet.objects.filter(rolle_id__in=rights).values_list(
        "rolle_id", "action"
    ):
        rights[rolle_id].add(action)
    result = [(t, frozenset(rights[t.rolle_id])) for t in rows]
    tilgang_cache_set(key, result, version=version, timeout=CACHE_SEKUNDER)
    return result


def _assignments_query(ansatt: Ansatt, today: Any) -> list[Tilknytning]:
    rows = (
        Tilknytning.objects.filter(ansatt=ansatt, gyldig_fra__lte=today, enhet__aktiv=True)
        .filter(Q(gyldig_til__isnull=True) | Q(gyldig_til__gte=today))
        .select_related("enhet", "enhet__virksomhet__kommune", "rolle")
        .order_by("enhet__navn", "gyldig_fra")
    )
    seen: set[uuid.UUID] = set()
    result = []
    for row in rows:
        if row.enhet_id not in seen:
            seen.add(row.enhet_id)
            result.append(row)
    return result


def acting_unit_resolve(*, ansatt: Ansatt, enhet_id: object) -> ActingUnit | None:
    """The acting unit for `enhet_id`, or the only unit when none is asked for.

    Returns None when the id is not one of the person's active units (e.g. a forged
    session value) or when the person has several units and has not chosen.
    """
    active = _assignments(ansatt)
    chosen: tuple[Tilknytning, frozenset[str]] | None = None
    if enhet_id:
        chosen = next((a for a in active if str(a[0].enhet_id) == str(enhet_id)), None)
    elif len(active) == 1:
        chosen = active[0]
    if chosen is None:
        return None
    tilknytning, actions = chosen
    return ActingUnit(enhet=tilknytning.enhet, rolle=tilknytning.rolle, actions=actions)


def acting_context(tilknytning: Tilknytning, *, kanal: str = "system") -> RequestContext:
    """A request context acting in the assignment's unit with its role's rights, for work a
    command or task does on a person's behalf (demo data, imports)."""
    enhet = tilknytning.enhet
    return RequestContext(
        request_id=new_request_id(),
        kanal=kanal,
        enhet_id=enhet.pk,
        virksomhet_id=enhet.virksomhet_id,
        rolle_kode=tilknytning.rolle.kode,
        actions=frozenset(tilknytning.rolle.rettigheter.values_list("action", flat=True)),
    )


@contextmanager
def acting_as(ansatt: Ansatt, enhet: Enhet, *, kanal: str = "system") -> Iterator[RequestContext]:
    """Act as `ansatt` in `enhet` (their active assignment there) inside the block."""
    tilknytning = next(
        (t for t in tilknytninger_active(ansatt=ansatt) if t.enhet_id == enhet.pk), None
    )
    if tilknytning is None:
        raise ValueError(f"{ansatt} har ingen aktiv tilknytning til {enhet}.")
    with request_context(acting_context(tilknytning, kanal=kanal)) as ctx:
        yield ctx
