"""Writes to the address book (admin data): an entry from a look-up in the address
register, or by hand."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.exceptions import ApplicationError, IntegrationError
from core.models import Action, Ansatt, Enhet
from integrasjoner.meldinger.client import adresseregister_sok
from integrasjoner.meldinger.models import Kilde, Kommunikasjonspart
from journal.access import actor_require


def adresseregister_lookup(*, actor: Ansatt | None, tekst: str) -> list[dict[str, Any]]:
    """Search the national address register (admin right). A register that cannot be
    reached is a Norwegian error for the page, not a 500."""
    actor_require(actor, Action.ADMIN)
    tekst = tekst.strip()
    if len(tekst) < 2:
        raise ValidationError({"sok": _("Skriv minst to tegn.")})
    try:
        return adresseregister_sok(tekst=tekst)
    except IntegrationError as exc:
        raise ApplicationError(_("Adresseregisteret svarer ikke nå. Prøv igjen senere.")) from exc


@transaction.atomic
def kommunikasjonspart_save(
    *,
    actor: Ansatt | None,
    herid: str,
    navn: str,
    forelder_herid: str,
    forelder_navn: str,
    organisasjonsnummer: str = "",
    tjenestetype: str = "",
    hpr_nummer: str = "",
    enhet_id: uuid.UUID | None = None,
    kilde: str = Kilde.ADRESSEREGISTER,
) -> Kommunikasjonspart:
    """Add or update the entry for `herid` (admin right). Tying it to one of our units
    makes it that unit's address for `tjenestetype`; one active entry per unit and
    service."""
    actor_require(actor, Action.ADMIN)
    if enhet_id is not None and not Enhet.objects.filter(pk=enhet_id).exists():
        raise ValidationError({"enhet": _("Ukjent enhet.")})
    part = Kommunikasjonspart.objects.filter(herid=herid).first() or Kommunikasjonspart(herid=herid)
    part.navn = navn
    part.forelder_herid = forelder_herid
    part.forelder_navn = forelder_navn
    part.organisasjonsnummer = organisasjonsnummer
    part.tjenestetype = tjenestetype
    part.hpr_nummer = hpr_nummer
    part.enhet_id = enhet_id
    part.kilde = kilde
    part.aktiv = True
    if enhet_id is not None:
        clash = Kommunikasjonspart.objects.filter(
            enhet_id=enhet_id, tjenestetype=tjenestetype, aktiv=True
        ).exclude(herid=herid)
        if clash.exists():
            raise ValidationError(
                {"enhet": _("Enheten har allerede en adresse for denne tjenesten.")}
            )
    part.full_clean()
    part.save()
    audit_log(
        actor=actor,
        event=AuditEvent.KOMMUNIKASJONSPART_SAVED,
        target=part,
        extra={"herid": herid, "enhet_id": str(enhet_id) if enhet_id else None},
    )
    return part
