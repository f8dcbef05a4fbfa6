"""Reads for nursing homes: the wards of the municipality and the acting ward."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.context import context_get
from core.exceptions import ApplicationError, NotFound
from core.models import Action, Ansatt, Enhet, EnhetType
from core.selectors import enhet_subtree_ids
from journal.access import actor_require


def acting_ids() -> tuple[uuid.UUID, uuid.UUID]:
    ctx = context_get()
    if ctx is None or ctx.enhet_id is None or ctx.virksomhet_id is None:
        raise NotFound
    return ctx.enhet_id, ctx.virksomhet_id


def avdelinger_i_kommunen() -> QuerySet[Enhet]:
    """The active wards of the acting person's virksomhet (municipality)."""
    _enhet_id, virksomhet_id = acting_ids()
    return Enhet.objects.filter(
        virksomhet_id=virksomhet_id, type=EnhetType.SYKEHJEMSAVDELING, aktiv=True
    ).order_by("navn")


def avdelinger_i_scope() -> set[uuid.UUID]:
    """The wards at or below the acting unit (a ward, or a nursing home with its wards)."""
    enhet_id, _virksomhet_id = acting_ids()
    return set(
        Enhet.objects.filter(
            pk__in=enhet_subtree_ids(enhet_id), type=EnhetType.SYKEHJEMSAVDELING
        ).values_list("pk", flat=True)
    )


def avdeling_get(*, enhet_id: uuid.UUID | str) -> Enhet:
    """A ward of the acting person's municipality, or NotFound."""
    try:
        key = uuid.UUID(str(enhet_id))
    except ValueError as exc:
        raise NotFound from exc
    enhet = avdelinger_i_kommunen().filter(pk=key).first()
    if enhet is None:
        raise NotFound
    return enhet


def acting_avdeling(actor: Ansatt) -> Enhet:
    """The ward the person acts in; beds and stays are managed from the ward itself."""
    actor_require(actor, Action.MANAGE_STAYS)
    enhet_id, _virksomhet_id = acting_ids()
    enhet = Enhet.objects.filter(pk=enhet_id, type=EnhetType.SYKEHJEMSAVDELING).first()
    if enhet is None:
        raise ApplicationError(
            _("Velg avdelingen du jobber på som enhet for å administrere senger og opphold.")
        )
    return enhet
