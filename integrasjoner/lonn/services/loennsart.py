"""Pay type codes (lønnsarter) of a municipality: the defaults, saving one, and the
code valid for each source on a date."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import transaction
from django.db.models import Q

from core.audit import AuditEvent, audit_log
from core.models import Ansatt
from integrasjoner.lonn.models import (
    Kilde,
    Loennsart,
)

STANDARD_FRA = dt.date(2000, 1, 1)
STANDARD_LONNSARTER: dict[str, tuple[str, str]] = {
    Kilde.VAKT_HJEMMETJENESTE: ("1100", "Timer vakt hjemmetjeneste"),
    Kilde.HJEMMEBESOK: ("1110", "Utført tid hjemmebesøk (direkte brukertid)"),
    Kilde.VAKT_SYKEHJEM: ("1200", "Timer vakt sykehjem"),
    Kilde.BPA: ("1300", "BPA-timer etter vedtak"),
    Kilde.OMSORGSSTONAD: ("1400", "Omsorgsstønad, timer etter vedtak"),
}


def loennsarter_ensure(*, actor: Ansatt | None, kommune_id: uuid.UUID) -> int:
    """Give the municipality the default pay type codes for the sources it has none for
    (valid from 2000-01-01). Returns how many were made; audited when any were."""
    har = set(Loennsart.objects.filter(kommune_id=kommune_id).values_list("kilde", flat=True))
    nye = [
        Loennsart(
            kommune_id=kommune_id, kilde=kilde, kode=kode, tekst=tekst, gyldig_fra=STANDARD_FRA
        )
        for kilde, (kode, tekst) in STANDARD_LONNSARTER.items()
        if kilde not in har
    ]
    for lonnsart in nye:
        lonnsart.full_clean()
    Loennsart.objects.bulk_create(nye)
    if nye:
        audit_log(
            actor=actor,
            event=AuditEvent.LONN_LONNSARTER_SEEDED,
            extra={"kommune": str(kommune_id), "kilder": sorted(n.kilde for n in nye)},
        )
    return len(nye)


@transaction.atomic
def loennsart_save(*, actor: Ansatt | None, lonnsart: Loennsart) -> Loennsart:
    """Save a pay type code (new, or a change to one), e.g. from the admin. A new code for
    a source from a date replaces the older one from then on (lonnsarter_for picks the
    latest valid). Audited (LONN_LONNSART_SAVED) with old and new values."""
    before = (
        Loennsart.objects.filter(pk=lonnsart.pk)
        .values("kode", "tekst", "gyldig_fra", "gyldig_til")
        .first()
        if lonnsart.pk
        else None
    )
    lonnsart.full_clean()
    lonnsart.save()
    audit_log(
        actor=actor,
        event=AuditEvent.LONN_LONNSART_SAVED,
        target=lonnsart,
        extra={
            "for": {k: str(v) for k, v in before.items()} if before else None,
            "etter": {
                "kilde": lonnsart.kilde,
                "kode": lonnsart.kode,
                "tekst": lonnsart.tekst,
                "gyldig_fra": str(lonnsart.gyldig_fra),
                "gyldig_til": str(lonnsart.gyldig_til),
            },
        },
    )
    return lonnsart


def loennsarter_for(*, kommune_id: uuid.UUID, dato: dt.date) -> dict[str, str]:
    """Each source's code valid on `dato` (the latest one starting on or before it)."""
    koder: dict[str, str] = {}
    gyldige = (
        Loennsart.objects.filter(kommune_id=kommune_id, gyldig_fra__lte=dato)
        .filter(Q(gyldig_til__isnull=True) | Q(gyldig_til__gte=dato))
        .order_by("kilde", "-gyldig_fra")
    )
    for lonnsart in gyldige:
        koder.setdefault(lonnsart.kilde, lonnsart.kode)
    return koder
