"""A person's actions on received messages: match a parked one to a patient (which then
becomes its records), mark one handled on the unit's worklist, and answer a dialog
message (`dialog_reply`: the sending side builds and sends the Dialogmelding on the
`melding.dialog_svar` event)."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.context import acting_enhet_id
from core.exceptions import ApplicationError, NotFound
from core.identifikatorer import sifre_normalize
from core.klokke import naa
from core.models import Action, Ansatt, Enhet
from core.outbox import outbox_publish
from core.validators import validate_ren_tekst
from integrasjoner.meldinger.lib.msghead import Meldingsfeil, msghead_read
from integrasjoner.meldinger.models import (
    Dialogmelding,
    DialogType,
    Melding,
    MeldingStatus,
    Retning,
    Samtale,
)
from integrasjoner.meldinger.services.mottak import behandle
from journal.access import access_scoped, actor_require, pasient_access
from journal.models import Pasient

DIALOG_SVAR_HENDELSE = "melding.dialog_svar"
SVAR_MAKS = 4000


def _egen(actor: Ansatt, melding_id: uuid.UUID | str) -> Melding:
    actor_require(actor, Action.VIEW)
    try:
        key = uuid.UUID(str(melding_id))
    except ValueError as exc:
        raise NotFound from exc
    melding = (
        Melding.objects.select_for_update()
        .filter(retning=Retning.INN, enhet_id=acting_enhet_id(), pk=key)
        .first()
    )
    if melding is None:
        raise NotFound
    return melding


@transaction.atomic
def melding_match(*, actor: Ansatt, melding_id: uuid.UUID | str, identifikator: str) -> Melding:
    """Tie a parked message to the patient with `identifikator` (one the actor may see) and
    turn it into its records now. The sender already has its receipt (status 2, E35); no
    second receipt is sent. Audited as MELDING_MATCHED."""
    melding = _egen(actor, melding_id)
    if melding.status != MeldingStatus.PARKERT:
        raise ApplicationError(_("Meldingen er allerede koblet."))
    fnr = sifre_normalize("".join((identifikator or "").split()))
    kandidat = Pasient.objects.filter(identifikator=fnr).only("id").first()
    if kandidat is None:
        raise ValidationError(
            {"identifikator": [_("Fant ingen pasient med dette fødselsnummeret.")]}
        )
    pasient = pasient_access(actor, kandidat.pk, action=Action.VIEW)
    try:
        konvolutt = msghead_read(melding.xml.encode("utf-8"))
    except Meldingsfeil as exc:  # it was valid when parked; kept for the type checker
        raise ApplicationError(_("Meldingen kan ikke leses.")) from exc
    melding.pasient = pasient
    melding.koblet_av = actor
    enhet = Enhet.objects.get(pk=acting_enhet_id())  # _egen: the message is this unit's
    behandle(melding, konvolutt, pasient, enhet, melding.xml.encode("utf-8"), kvitter=False)
    audit_log(
        actor=actor,
        event=AuditEvent.MELDING_MATCHED,
        target=melding,
        pasient_id=pasient.pk,
        extra={"type": melding.meldingstype},
    )
    return melding


@transaction.atomic
def melding_handle(*, actor: Ansatt, melding_id: uuid.UUID | str) -> Melding:
    """Mark a received message handled: it leaves the top of the unit's worklist (a later
    Kansellering of it tells the user it had been acted on). Audited as MELDING_HANDLED."""
    melding = _egen(actor, melding_id)
    if melding.haandtert_at is None:
        melding.haandtert_at = naa()
        melding.haandtert_av = actor
        melding.save(update_fields=["haandtert_at", "haandtert_av", "updated_at"])
        audit_log(
            actor=actor,
            event=AuditEvent.MELDING_HANDLED,
            target=melding,
            pasient_id=melding.pasient_id,
        )
    return melding


@transaction.atomic
def dialog_reply(
    *,
    actor: Ansatt,
    samtale_id: uuid.UUID | str,
    tekst: str,
    svar_paa_id: uuid.UUID | str | None = None,
) -> Dialogmelding:
    """A nurse's answer in a conversation. Stored at once, and published as
    `melding.dialog_svar` for the sending side to build, validate and send. Audited as
    DIALOG_REPLY_CREATED."""
    samtale = access_scoped(
        actor, Samtale.objects.select_for_update(), samtale_id, action=Action.WRITE_NOTE
    )
    tekst = (tekst or "").strip()
    if not tekst:
        raise ValidationError({"tekst": [_("Skriv et svar.")]})
    if len(tekst) > SVAR_MAKS:
        raise ValidationError({"tekst": [_("Svaret kan ha høyst %(n)d tegn.") % {"n": SVAR_MAKS}]})
    for linje in tekst.splitlines():
        try:
            validate_ren_tekst(linje)
        except ValidationError as exc:
            raise ValidationError({"tekst": exc.messages}) from exc
    svar_paa = None
    if svar_paa_id:
        try:
            svar_paa = samtale.meldinger.filter(pk=uuid.UUID(str(svar_paa_id))).first()
        except ValueError:
            svar_paa = None
    svar_paa = (
        svar_paa or samtale.meldinger.filter(retning=Retning.INN).order_by("-created_at").first()
    )
    dialog = Dialogmelding(
        samtale=samtale,
        retning=Retning.UT,
        type=DialogType.SVAR
        if svar_paa and svar_paa.type == DialogType.FORESPORSEL
        else DialogType.HELSEFAGLIG,
        tema=samtale.tema,
        tekst=tekst,
        avsender_navn=actor.get_full_name()[:300],
        skrevet_av=actor,
        svar_paa=svar_paa,
    )
    dialog.full_clean(exclude=["samtale", "melding", "svar_paa", "skrevet_av"])
    dialog.save()
    samtale.save(update_fields=["updated_at"])
    outbox_publish(
        hendelse=DIALOG_SVAR_HENDELSE,
        payload={
            "dialogmelding_id": str(dialog.pk),
            "samtale_id": str(samtale.pk),
            "pasient_id": str(samtale.pasient_id),
            "enhet_id": str(samtale.enhet_id),
            "mottaker_herid": samtale.motpart_herid,
            "konversasjon_ref": samtale.konversasjon_ref,
            "svar_paa_msg_id": svar_paa.melding.msg_id if svar_paa and svar_paa.melding else "",
            "type": dialog.type,
            "tema": dialog.tema,
            "tekst": tekst,
        },
        pasient_id=samtale.pasient_id,
    )
    audit_log(
        actor=actor,
        event=AuditEvent.DIALOG_REPLY_CREATED,
        target=dialog,
        pasient_id=samtale.pasient_id,
        extra={"samtale": str(samtale.pk)},
    )
    return dialog
