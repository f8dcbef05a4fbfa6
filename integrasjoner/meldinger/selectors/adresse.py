"""Reads of the address book: whom to address (outbound) and the administrator's list.
The inbound routing look-up, `enhet_for_herid`, is in selectors/herid.py and reads the
address book too."""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet

from core.models import Action, Ansatt
from integrasjoner.meldinger.models import Kommunikasjonspart
from journal.access import actor_require


def herid_for_mottaker(
    *,
    enhet_id: uuid.UUID | None = None,
    tjenestetype: str = "",
    hpr_nummer: str = "",
) -> Kommunikasjonspart | None:
    """The active communication party to address: one of our units' service
    (`enhet_id` + `tjenestetype`, or the unit's only entry when no service is named), or
    a person by HPR number (a GP). None when the address book does not know it."""
    rows = Kommunikasjonspart.objects.filter(aktiv=True)
    if hpr_nummer:
        return rows.filter(hpr_nummer=hpr_nummer).order_by("-updated_at").first()
    if enhet_id is None:
        return None
    rows = rows.filter(enhet_id=enhet_id)
    if tjenestetype:
        return rows.filter(tjenestetype=tjenestetype).first()
    return rows.first() if rows.count() == 1 else None


def kommunikasjonsparter_list(
    *, actor: Ansatt | None, sok: str = ""
) -> QuerySet[Kommunikasjonspart]:
    """The address book for an administrator (admin right), optionally filtered."""
    actor_require(actor, Action.ADMIN)
    rows = Kommunikasjonspart.objects.select_related("enhet").order_by("forelder_navn", "navn")
    if sok:
        rows = rows.filter(Q(navn__icontains=sok) | Q(forelder_navn__icontains=sok) | Q(herid=sok))
    return rows


def eksterne_mottakere(*, actor: Ansatt | None) -> QuerySet[Kommunikasjonspart]:
    """Outside parties one may address (hospital wards, other organisations), for the
    choice of receiver on a form."""
    return Kommunikasjonspart.objects.filter(aktiv=True, enhet__isnull=True, hpr_nummer="")
