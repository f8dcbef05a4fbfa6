"""Reads for nursing homes: rooms and beds (no patient data)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import Q

from core.models import Action, Ansatt
from journal.access import actor_require
from tjenester.sykehjem.models import (
    Rom,
    Seng,
    Sengeperiode,
)
from tjenester.sykehjem.selectors.avdeling import avdeling_get, avdelinger_i_kommunen

# --- rooms and beds ---------------------------------------------------------------------------


def rom_for_avdeling(*, enhet_id: uuid.UUID) -> list[Rom]:
    """Rooms of a ward with their beds (two queries)."""
    return list(Rom.objects.filter(enhet_id=enhet_id).prefetch_related("senger").order_by("navn"))


def senger_for_avdeling(*, actor: Ansatt, enhet_id: uuid.UUID | str) -> list[Seng]:
    """Every bed of a ward in the municipality (no patient data)."""
    actor_require(actor, Action.VIEW)
    enhet = avdeling_get(enhet_id=enhet_id)
    return list(
        Seng.objects.filter(enhet=enhet).select_related("rom").order_by("rom__navn", "navn")
    )


def ledige_senger(*, dato: dt.date, enhet_ids: set[uuid.UUID] | None = None) -> list[Seng]:
    """Active beds with nobody in them on `dato`, in the given wards (default: the
    municipality's), for choosing a bed. Later bookings are checked when saving."""
    avdelinger = avdelinger_i_kommunen()
    if enhet_ids is not None:
        avdelinger = avdelinger.filter(pk__in=enhet_ids)
    opptatt = Sengeperiode.objects.filter(covering_q(dato)).values("seng_id")
    return list(
        Seng.objects.filter(enhet__in=avdelinger, aktiv=True)
        .exclude(pk__in=opptatt)
        .select_related("rom", "enhet")
        .order_by("enhet__navn", "rom__navn", "navn")
    )


def covering_q(dato: dt.date) -> Q:
    return Q(fra__lte=dato) & (Q(til__isnull=True) | Q(til__gt=dato))
