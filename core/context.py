"""Request context in a contextvar, so services never take `request` (NetBox pattern)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class RequestContext:
    request_id: str  # always ours (new_request_id)
    ip: str | None = None
    # What the client sent as X-Request-ID, kept beside ours for tracing, never instead of it.
    klient_request_id: str = ""
    kanal: str = "web"
    enhet_id: uuid.UUID | None = None
    virksomhet_id: uuid.UUID | None = None
    rolle_kode: str = ""
    actions: frozenset[str] = frozenset()


_current: ContextVar[RequestContext | None] = ContextVar("kj_request_context", default=None)


def context_get() -> RequestContext | None:
    return _current.get()


def context_update(**changes: object) -> None:
    """Refine the current context (e.g. once the acting unit is known)."""
    current = _current.get()
    if current is not None:
        _current.set(replace(current, **changes))  # type: ignore[arg-type]


@contextmanager
def request_context(ctx: RequestContext) -> Iterator[RequestContext]:
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)


def acting_enhet_id() -> uuid.UUID:
    """The unit this request acts in. Call after an access check (journal.access), which has
    already refused a request without one; reaching here without a unit is "not found"."""
    from core.exceptions import NotFound

    ctx = _current.get()
    if ctx is None or ctx.enhet_id is None:
        raise NotFound
    return ctx.enhet_id


def new_request_id() -> str:
    return uuid.uuid4().hex


@contextmanager
def system_context(kanal: str = "system") -> Iterator[RequestContext]:
    """For management commands and tasks acting as the system itself (actor=None)."""
    with request_context(RequestContext(request_id=new_request_id(), kanal=kanal)) as ctx:
        yield ctx
