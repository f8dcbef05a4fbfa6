"""Multidose: every change to an order the pharmacy packs in multidose (a new order, a
stopped one; a changed order is a stop and a new one) is published to the outbox for the
pharmacy (`integrasjoner.multidose` receives it), with a `Multidoseendring` linking the
order to the event whose deliveries show whether it arrived.

Published from a post_save hook on Forordning (connected in `LegemidlerConfig.ready`), so
every service that creates or stops an order tells the pharmacy in the same transaction
without knowing about it."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from core.audit import AuditEvent, audit_log
from core.outbox import outbox_publish
from legemidler.models import (
    Forordning,
    ForordningStatus,
    Multidoseendring,
    MultidoseEndringType,
)

MULTIDOSE_HENDELSE = "legemidler.multidose.endret"


_PASIENTFELTER = ("identifikator", "identifikator_type", "fornavn", "mellomnavn", "etternavn")


def _payload(forordning: Forordning, endring: str) -> dict[str, Any]:
    pasient = forordning.pasient
    # The order's patient is often loaded with its id alone (journal.access's check): its
    # identity is read in one query, not one per field.
    utsatt = pasient.get_deferred_fields().intersection(_PASIENTFELTER)
    if utsatt:
        pasient.refresh_from_db(fields=sorted(utsatt))
    return {
        "forordning_id": str(forordning.pk),
        "erstatter": str(forordning.erstatter_id) if forordning.erstatter_id else None,
        "endring": endring,
        "pasient": {
            "identifikator": pasient.identifikator,
            "identifikator_type": pasient.identifikator_type,
            "navn": pasient.fullt_navn,
        },
        "legemiddel": {
            "navn": forordning.legemiddel_navn,
            "atc": forordning.atc,
            "fest_id": forordning.legemiddel.fest_id,
        },
        "dosering": {
            "type": forordning.doseringstype,
            "plan": forordning.dosering,
            "tekst": forordning.dosering_tekst,
            "enhet": forordning.dose_enhet,
            "administrasjonsvei": forordning.administrasjonsvei,
            "merknad": forordning.merknad,
        },
        "start": forordning.start.isoformat(),
        "sluttdato": forordning.sluttdato.isoformat() if forordning.sluttdato else None,
        "seponert": forordning.seponert_at.isoformat() if forordning.seponert_at else None,
        "seponeringsgrunn": forordning.seponeringsgrunn,
        "ordinert_av_hpr": forordning.ordinert_av_hpr,
    }


def multidose_change_publish(*, forordning: Forordning, endring: str) -> Multidoseendring:
    """Tell the pharmacy about one change of a multidose order (once per order and kind of
    change), in the caller's transaction. Audited MULTIDOSE_SENT, with the person who made
    the change as actor."""
    with transaction.atomic():
        eksisterende = Multidoseendring.objects.filter(
            forordning=forordning, endring=endring
        ).first()
        if eksisterende is not None:
            return eksisterende
        event = outbox_publish(
            hendelse=MULTIDOSE_HENDELSE,
            payload=_payload(forordning, endring),
            pasient_id=forordning.pasient_id,
        )
        rad = Multidoseendring(forordning=forordning, endring=endring, utbokshendelse=event)
        rad.full_clean(validate_constraints=False)
        rad.save(force_insert=True)
        actor = (
            forordning.seponert_av
            if endring == MultidoseEndringType.SEPONERT and forordning.seponert_av_id
            else forordning.registrert_av
        )
        audit_log(
            actor=actor,
            event=AuditEvent.MULTIDOSE_SENT,
            target=forordning,
            pasient_id=forordning.pasient_id,
            extra={"endring": endring, "utbokshendelse": str(event.pk)},
        )
        return rad


def forordning_saved(
    sender: type[Forordning], instance: Forordning, created: bool, **kwargs: Any
) -> None:
    """post_save hook: a new multidose order, or one just stopped, goes to the pharmacy."""
    if kwargs.get("raw") or not instance.multidose:
        return
    if created:
        multidose_change_publish(forordning=instance, endring=MultidoseEndringType.NY)
    elif instance.status == ForordningStatus.SEPONERT:
        multidose_change_publish(forordning=instance, endring=MultidoseEndringType.SEPONERT)
