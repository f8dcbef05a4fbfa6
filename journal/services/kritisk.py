"""Writes of critical information (CAVE) and problems/diagnoses. Never deleted:
critical information is made inactive with a reason, diagnoses are closed."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.context import acting_enhet_id
from core.exceptions import ApplicationError, NotFound
from core.klokke import idag, naa
from core.models import Action, Ansatt
from journal.access import access_scoped, actor_require, blocked_entries, pasient_access
from journal.lib.kodeverk import kode_is_chapter
from journal.lib.tid import foer_foedsel_check
from journal.models import (
    Alvorlighet,
    Diagnose,
    DiagnoseStatus,
    Kode,
    KritiskInformasjon,
    KritiskType,
    Pasient,
    Sikkerhet,
)
from journal.selectors.kritisk import DIAGNOSE_OBJEKT_TYPE

M = TypeVar("M", bound=Model)
MAX_GRUNN = 500
# Allergies and intolerances: the substance and whether it is confirmed must be known.
_NEEDS_CERTAINTY = {KritiskType.ALLERGI, KritiskType.INTOLERANSE}


def _pasient_for_writing(actor: Ansatt, pasient_id: uuid.UUID | str) -> Pasient:
    actor_require(actor, Action.WRITE_NOTE)
    return pasient_access(actor, pasient_id, action=Action.WRITE_NOTE, fields=("id",))


def _of_patient(queryset: QuerySet[M], pasient_id: uuid.UUID | str | None) -> QuerySet[M]:
    if pasient_id is None:
        return queryset
    try:
        return queryset.filter(pasient_id=uuid.UUID(str(pasient_id)))
    except ValueError as exc:
        raise NotFound from exc


def _not_in_future(field: str, value: dt.date | None, message: str) -> None:
    if value is not None and value > idag():
        raise ValidationError({field: [message]})


def _reason(grunn: str, *, required: bool) -> str:
    grunn = " ".join(grunn.split())
    if required and not grunn:
        raise ValidationError({"grunn": [_("Skriv hvorfor.")]})
    if len(grunn) > MAX_GRUNN:
        raise ValidationError(
            {"grunn": [_("Begrunnelsen kan være høyst %(n)d tegn.") % {"n": MAX_GRUNN}]}
        )
    return grunn


@transaction.atomic
def kritisk_create(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    type: str,
    tittel: str,
    reaksjon: str = "",
    alvorlighet: str = Alvorlighet.UKJENT,
    sikkerhet: str = "",
    kilde: str = "",
    dato: dt.date | None = None,
    besluttet_av: str = "",
    substans_atc: str = "",
) -> KritiskInformasjon:
    """Register critical information; it shows in the patient banner from now on.

    `substans_atc` optionally codes the substance as an ATC group or code (J01C: every
    penicillin), for the medication checks at ordering.

    Allergies and intolerances need the substance (tittel) and the certainty; a decision
    (e.g. ikke HLR) needs who decided. Without a certainty other types count as confirmed.
    Audited as KRITISK_CREATED with type, severity and certainty.
    """
    pasient = _pasient_for_writing(actor, pasient_id)
    if type not in KritiskType.values:
        raise ValidationError({"type": [_("Velg hva slags kritisk informasjon dette er.")]})
    tittel, besluttet_av = tittel.strip(), besluttet_av.strip()
    if type in _NEEDS_CERTAINTY:
        if not tittel:
            raise ValidationError({"tittel": [_("Skriv hvilket stoff pasienten reagerer på.")]})
        if not sikkerhet:
            raise ValidationError(
                {"sikkerhet": [_("Oppgi om reaksjonen er bekreftet eller mistenkt.")]}
            )
    if type == KritiskType.BESLUTNING and not besluttet_av:
        raise ValidationError({"besluttet_av": [_("Skriv hvem som har tatt beslutningen.")]})
    _not_in_future("dato", dato, _("Datoen kan ikke være fram i tid."))
    foer_foedsel_check("dato", dato, pasient.fodselsdato)
    kritisk = KritiskInformasjon(
        pasient=pasient,
        enhet_id=acting_enhet_id(),
        type=type,
        tittel=tittel,
        reaksjon=reaksjon.strip(),
        alvorlighet=alvorlighet,
        sikkerhet=sikkerhet or Sikkerhet.BEKREFTET,
        kilde=kilde.strip(),
        dato=dato,
        besluttet_av=besluttet_av,
        substans_atc="".join(substans_atc.split()).upper(),
        registrert_av=actor,
    )
    kritisk.full_clean()
    kritisk.save()
    audit_log(
        actor=actor,
        event=AuditEvent.KRITISK_CREATED,
        target=kritisk,
        pasient_id=pasient.pk,
        extra={"type": type, "alvorlighet": kritisk.alvorlighet, "sikkerhet": kritisk.sikkerhet},
    )
    return kritisk


@transaction.atomic
def kritisk_deactivate(
    *,
    actor: Ansatt,
    kritisk_id: uuid.UUID | str,
    grunn: str,
    pasient_id: uuid.UUID | str | None = None,
) -> KritiskInformasjon:
    """Make critical information inactive (e.g. an allergy ruled out); never deleted.

    The reason is required and audited (KRITISK_DEACTIVATED, old and new state). With
    `pasient_id` (from a URL) an entry of another patient looks missing.
    """
    actor_require(actor, Action.WRITE_NOTE)
    kritisk = access_scoped(
        actor,
        _of_patient(KritiskInformasjon.objects.select_for_update(of=("self",)), pasient_id),
        kritisk_id,
        action=Action.WRITE_NOTE,
    )
    grunn = _reason(grunn, required=True)
    if not kritisk.aktiv:
        raise ApplicationError(_("Denne kritiske informasjonen er allerede avsluttet."))
    kritisk.aktiv = False
    kritisk.avsluttet_av = actor
    kritisk.avsluttet_at = naa()
    kritisk.avsluttet_grunn = grunn
    kritisk.full_clean()
    kritisk.save(
        update_fields=["aktiv", "avsluttet_av", "avsluttet_at", "avsluttet_grunn", "updated_at"]
    )
    audit_log(
        actor=actor,
        event=AuditEvent.KRITISK_DEACTIVATED,
        target=kritisk,
        pasient_id=kritisk.pasient_id,
        extra={"aktiv": {"fra": True, "til": False}, "grunn": grunn},
    )
    return kritisk


def _active_kode(kode_id: uuid.UUID | str) -> Kode:
    try:
        key = uuid.UUID(str(kode_id))
    except ValueError:
        key = None
    kode = Kode.objects.filter(pk=key).first() if key else None
    if kode is None:
        raise ValidationError({"kode": [_("Velg en kode fra kodeverket.")]})
    if not kode.aktiv:
        raise ValidationError(
            {"kode": [_("Koden %(kode)s er utgått og kan ikke brukes.") % {"kode": kode.kode}]}
        )
    if kode_is_chapter(kode.kodeverk, kode.kode):
        raise ValidationError({"kode": [_("Velg en kode, ikke et helt kapittel.")]})
    return kode


@transaction.atomic
def diagnose_create(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    kode_id: uuid.UUID | str,
    debut: dt.date | None = None,
    merknad: str = "",
) -> Diagnose:
    """Set a problem or diagnosis from the code lists (ICPC-2 or ICD-10), set by `actor`.

    The code must exist and be active; the onset cannot be in the future, and the same
    code cannot be active twice for the patient. Audited as DIAGNOSE_CREATED.
    """
    pasient = _pasient_for_writing(actor, pasient_id)
    kode = _active_kode(kode_id)
    _not_in_future("debut", debut, _("Debut kan ikke være fram i tid."))
    foer_foedsel_check("debut", debut, pasient.fodselsdato)
    if Diagnose.objects.filter(pasient=pasient, kode=kode, status=DiagnoseStatus.AKTIV).exists():
        raise ValidationError(
            {"kode": [_("Pasienten har allerede %(kode)s som aktiv diagnose.") % {"kode": kode}]}
        )
    diagnose = Diagnose(
        pasient=pasient,
        enhet_id=acting_enhet_id(),
        kode=kode,
        debut=debut,
        merknad=merknad.strip(),
        satt_av=actor,
    )
    diagnose.full_clean()
    diagnose.save()
    audit_log(
        actor=actor,
        event=AuditEvent.DIAGNOSE_CREATED,
        target=diagnose,
        pasient_id=pasient.pk,
        extra={"kodeverk": kode.kodeverk},
    )
    return diagnose


@transaction.atomic
def diagnose_close(
    *,
    actor: Ansatt,
    diagnose_id: uuid.UUID | str,
    status: str = DiagnoseStatus.AVSLUTTET,
    grunn: str = "",
    pasient_id: uuid.UUID | str | None = None,
) -> Diagnose:
    """Close a diagnosis as resolved (avsluttet) or wrongly registered (feilregistrert).

    A wrong registration needs a reason. The model has no reason column, so the reason is
    kept in the audit row (DIAGNOSE_CLOSED, old and new status). An entry the patient
    has blocked for this person looks missing.
    """
    actor_require(actor, Action.WRITE_NOTE)
    diagnose = access_scoped(
        actor,
        _of_patient(Diagnose.objects.select_for_update(of=("self",)), pasient_id),
        diagnose_id,
        action=Action.WRITE_NOTE,
    )
    if str(diagnose.pk) in blocked_entries(actor, diagnose.pasient_id, DIAGNOSE_OBJEKT_TYPE):
        raise NotFound
    if status not in (DiagnoseStatus.AVSLUTTET, DiagnoseStatus.FEILREGISTRERT):
        raise ValidationError({"status": [_("Velg avsluttet eller feilregistrert.")]})
    grunn = _reason(grunn, required=status == DiagnoseStatus.FEILREGISTRERT)
    if diagnose.status != DiagnoseStatus.AKTIV:
        raise ApplicationError(_("Diagnosen er allerede avsluttet."))
    diagnose.status = status
    diagnose.avsluttet_av = actor
    diagnose.avsluttet_at = naa()
    diagnose.full_clean()
    diagnose.save(update_fields=["status", "avsluttet_av", "avsluttet_at", "updated_at"])
    audit_log(
        actor=actor,
        event=AuditEvent.DIAGNOSE_CLOSED,
        target=diagnose,
        pasient_id=diagnose.pasient_id,
        extra={"status": {"fra": DiagnoseStatus.AKTIV, "til": status}, "grunn": grunn},
    )
    return diagnose
