"""Admin data: which HER-id one of our units receives on."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.identifikatorer import ascii_sifre
from core.models import Action, Ansatt, Enhet
from integrasjoner.meldinger.models import EnhetHerId
from journal.access import actor_require


@transaction.atomic
def enhet_herid_save(
    *,
    actor: Ansatt | None,
    enhet_id: uuid.UUID,
    herid: str,
    tjenestetype: str,
    systembruker_id: uuid.UUID,
) -> EnhetHerId:
    """Map `herid` (with its service type, kodeverk 8663) to a unit, or move it. Admins or
    the system. Audited as ENHET_HERID_SAVED."""
    actor_require(actor, Action.ADMIN)
    herid = (herid or "").strip()
    if not herid or not ascii_sifre(herid) or len(herid) > 12:
        raise ValidationError({"herid": [_("HER-id er et tall med høyst 12 sifre.")]})
    kobling = EnhetHerId.objects.select_for_update().filter(herid=herid).first() or EnhetHerId(
        herid=herid
    )
    kobling.enhet = Enhet.objects.get(pk=enhet_id)
    kobling.tjenestetype = tjenestetype.strip()[:10]
    kobling.systembruker = Ansatt.objects.get(pk=systembruker_id)
    kobling.aktiv = True
    kobling.full_clean(validate_unique=False)
    kobling.save()
    audit_log(
        actor=actor,
        event=AuditEvent.ENHET_HERID_SAVED,
        target=kobling,
        extra={"herid": herid, "enhet": str(enhet_id), "tjenestetype": kobling.tjenestetype},
    )
    return kobling
