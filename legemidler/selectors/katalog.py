"""Reads of the drug catalogue (not patient data, so not audited)."""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet

from core.models import Ansatt
from legemidler.models import Legemiddel

MAX_TREFF = 20


def legemiddel_search(*, sok: str, antall: int = MAX_TREFF) -> list[Legemiddel]:
    """Active products whose name, brand or ATC code starts with (or whose name contains)
    the text; withdrawn products are never offered for a new order."""
    sok = " ".join(sok.split())
    if len(sok) < 2:
        return []
    return list(
        Legemiddel.objects.filter(utgaatt_at__isnull=True)
        .filter(
            Q(navn_form_styrke__icontains=sok)
            | Q(atc__istartswith=sok)
            | Q(virkestoffer__navn__istartswith=sok)
        )
        .distinct()
        .order_by("navn_form_styrke")[: max(1, min(antall, MAX_TREFF))]
    )


def legemiddel_get(legemiddel_id: uuid.UUID | str) -> Legemiddel | None:
    try:
        key = uuid.UUID(str(legemiddel_id))
    except ValueError:
        return None
    return Legemiddel.objects.filter(pk=key).prefetch_related("virkestoffer").first()


def legemidler_active() -> QuerySet[Legemiddel]:
    """Every product a new order may use, by name."""
    return Legemiddel.objects.filter(utgaatt_at__isnull=True).order_by("navn_form_styrke")


def leger_for_telefonordinasjon() -> QuerySet[Ansatt]:
    """Doctors a nurse may name as the giver of a telephone order (active, with HPR)."""
    return Ansatt.objects.filter(
        is_active=True, helsepersonellkategori="LE", hpr_nummer__isnull=False
    ).order_by("last_name", "first_name")
