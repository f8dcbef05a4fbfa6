"""Writes of the programme: a consultation held, or not attended."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.exceptions import ApplicationError
from core.klokke import idag
from core.models import Action, Ansatt
from core.validators import validate_ren_tekst
from journal.access import actor_require, pasient_access
from tjenester.helsestasjon.models import Konsultasjon, KonsultasjonStatus, Programpunkt
from tjenester.helsestasjon.services.barn import innskrivning_active
from tjenester.helsestasjon.services.status import innskrivning_status_refresh


def notat_mal(punkt: Programpunkt) -> str:
    """The note template of a consultation: the topics the programme names for it."""
    linjer = [_("Konsultasjon: %(navn)s") % {"navn": punkt.navn}, ""]
    linjer += [f"- {tema}: " for tema in punkt.temaer]
    return "\n".join(linjer)


@transaction.atomic
def konsultasjon_register(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    programpunkt_id: uuid.UUID | str,
    status: str,
    dato: dt.date | None = None,
    notat: str = "",
) -> Konsultasjon:
    """Record a programme consultation as held (with its note) or not attended, for a
    child enrolled at the acting station. Audited (KONSULTASJON_REGISTERED)."""
    actor_require(actor, Action.WRITE_NOTE)
    pasient = pasient_access(actor, pasient_id, action=Action.WRITE_NOTE)
    innskrivning = innskrivning_active(actor, pasient.pk)
    try:
        punkt = Programpunkt.objects.get(pk=uuid.UUID(str(programpunkt_id)))
    except (Programpunkt.DoesNotExist, ValueError) as exc:
        raise ValidationError({"programpunkt": [_("Velg en konsultasjon i programmet.")]}) from exc
    if status not in KonsultasjonStatus.values:
        raise ValidationError({"status": [_("Velg gjennomført eller ikke møtt.")]})
    dag = dato or idag()
    if dag > idag():
        raise ValidationError({"dato": [_("Datoen kan ikke være fram i tid.")]})
    if dag < pasient.fodselsdato:
        raise ValidationError({"dato": [_("Datoen kan ikke være før barnet ble født.")]})
    notat = notat.strip()
    for linje in notat.splitlines():
        validate_ren_tekst(linje)
    if status == KonsultasjonStatus.UTFOERT and not notat:
        raise ValidationError({"notat": [_("Skriv et notat fra konsultasjonen.")]})
    if Konsultasjon.objects.filter(
        pasient=pasient, programpunkt=punkt, status=KonsultasjonStatus.UTFOERT
    ).exists():
        raise ApplicationError(_("Denne konsultasjonen er allerede gjennomført."))
    konsultasjon = Konsultasjon(
        pasient=pasient,
        enhet_id=innskrivning.enhet_id,
        programpunkt=punkt,
        dato=dag,
        status=status,
        notat=notat,
        utfoert_av=actor,
    )
    konsultasjon.full_clean()
    konsultasjon.save()
    innskrivning_status_refresh([pasient.pk])
    audit_log(
        actor=actor,
        event=AuditEvent.KONSULTASJON_REGISTERED,
        target=konsultasjon,
        pasient_id=pasient.pk,
        extra={"programpunkt": punkt.kode, "status": status},
    )
    return konsultasjon
