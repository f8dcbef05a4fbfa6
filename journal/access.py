"""The one place that decides who may see or do what with patient data.

Foundation stage: a person may use an action when the role they hold in their acting
unit grants it. Care relationships, reasoned access, break-the-glass and blocking are
added here (and only here) by the access issue; callers do not change.
"""

from __future__ import annotations

import uuid
from typing import TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from core.context import context_get
from core.exceptions import ApplicationError, NotFound
from core.models import Action, Ansatt

M = TypeVar("M", bound=Model)


class AccessDenied(ApplicationError):
    """An action the person's role does not grant (not about a specific patient)."""

    status_code = 403


def actor_can(actor: Ansatt | None, action: Action) -> bool:
    """Whether the actor, in the acting unit of the current request, may use `action`.

    actor=None means the system itself and is only allowed in a system context
    (management commands, tasks), never in a web or API request.
    """
    ctx = context_get()
    if actor is None:
        return ctx is not None and ctx.kanal == "system"
    if ctx is None or not actor.is_active:
        return False
    return action.value in ctx.actions


def actor_require(actor: Ansatt | None, action: Action) -> None:
    if not actor_can(actor, action):
        raise AccessDenied(_("Rollen din i denne enheten gir ikke tilgang til dette."))


def restrict_scoped(queryset: QuerySet[M], actor: Ansatt | None, *, action: Action) -> QuerySet[M]:
    """The rows of `queryset` the actor may use for `action`, filtered in the query."""
    if not actor_can(actor, action):
        return queryset.none()
    return queryset


def access_scoped(
    actor: Ansatt | None, queryset: QuerySet[M], obj_id: uuid.UUID | str, *, action: Action
) -> M:
    """One object, or NotFound for both "missing" and "not allowed"."""
    try:
        key = uuid.UUID(str(obj_id))
    except ValueError as exc:
        raise NotFound from exc
    obj = restrict_scoped(queryset, actor, action=action).filter(pk=key).first()
    if obj is None:
        raise NotFound
    return obj
