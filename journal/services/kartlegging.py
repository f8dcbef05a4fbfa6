"""Assessments (kartlegging): draft → completed (immutable) → maybe feilregistrert.

Every write needs Action.ASSESS in the acting unit and access to the patient (the same 404
for missing and not allowed). Answers are checked against the form's definition by the
generic engine (journal/lib/skjema.py). A draft is its author's own: only they see, edit and
complete it. A completed assessment is never changed (PostgreSQL enforces it); a new
assessment is a new row, so the history stays. Nothing is deleted.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.context import acting_enhet_id
from core.exceptions import ApplicationError, NotFound
from core.klokke import idag, naa
from core.models import Action, Ansatt
from journal.access import access_basis, access_scoped, actor_require, pasient_access
from journal.lib.skjema import Definisjon, definisjon_parse, svar_validate, total_calculate
from journal.lib.tid import foer_foedsel_check
from journal.models import Kartlegging, KartleggingStatus
from journal.selectors.kartlegging import kartleggingsskjema_get

MAX_GRUNN = 500
MAX_KOMMENTAR = 2000


@dataclass(frozen=True)
class KartleggingData:
    """What a person enters: the date, the answers (item code → value) and a comment.
    None leaves a draft's value as it is."""

    dato: dt.date | None = None
    svar: dict[str, Any] | None = None
    kommentar: str | None = None


def _dato_check(dato: dt.date, fodselsdato: dt.date) -> None:
    if dato > idag():
        raise ValidationError({"dato": [_("Datoen kan ikke være fram i tid.")]})
    foer_foedsel_check("dato", dato, fodselsdato)


def _kommentar_clean(kommentar: str) -> str:
    kommentar = kommentar.strip()
    if len(kommentar) > MAX_KOMMENTAR:
        raise ValidationError(
            {"kommentar": [_("Kommentaren kan være høyst %(n)s tegn.") % {"n": MAX_KOMMENTAR}]}
        )
    return kommentar


def _audit(actor: Ansatt, event: AuditEvent, kartlegging: Kartlegging, **extra: Any) -> None:
    basis = access_basis(actor, kartlegging.pasient_id)
    audit_log(
        actor=actor,
        event=event,
        target=kartlegging,
        pasient_id=kartlegging.pasient_id,
        grunnlag=basis.kode,
        begrunnelse=basis.begrunnelse,
        extra={"skjema": kartlegging.skjema.kode, "versjon": kartlegging.skjema.versjon, **extra},
    )


def _lock(
    actor: Ansatt, pasient_id: uuid.UUID | str, kartlegging_id: uuid.UUID | str
) -> Kartlegging:
    """The assessment, locked; someone else's draft is as invisible as a missing one."""
    try:
        pasient_key = uuid.UUID(str(pasient_id))
    except ValueError as exc:
        raise NotFound from exc
    kartlegging = access_scoped(
        actor,
        Kartlegging.objects.select_for_update().filter(pasient_id=pasient_key),
        kartlegging_id,
        action=Action.ASSESS,
    )
    if kartlegging.status == KartleggingStatus.UTKAST and kartlegging.utfort_av_id != actor.pk:
        raise NotFound
    return kartlegging


def _complete(actor: Ansatt, kartlegging: Kartlegging, definisjon: Definisjon) -> None:
    svar = svar_validate(definisjon, kartlegging.svar, komplett=True)
    _dato_check(kartlegging.dato, kartlegging.pasient.fodselsdato)
    kartlegging.svar = svar
    kartlegging.total = total_calculate(definisjon, svar)
    kartlegging.status = KartleggingStatus.FULLFORT
    kartlegging.fullfort_at = naa()


@transaction.atomic
def kartlegging_create(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    skjema_kode: str,
    data: KartleggingData,
    fullfor: bool = False,
) -> Kartlegging:
    """Start an assessment with the newest active version of the form, as a draft in the
    acting unit; with `fullfor` it is completed at once (all required items answered).

    Access to the patient is checked before anything else. ValidationError per item
    (the message names the item). Audited as KARTLEGGING_CREATED (and _COMPLETED).
    """
    actor_require(actor, Action.ASSESS)
    pasient = pasient_access(actor, pasient_id, action=Action.ASSESS)
    try:
        skjema = kartleggingsskjema_get(skjema_kode=skjema_kode)
    except NotFound as exc:
        raise ValidationError({"skjema": [_("Velg et skjema som er i bruk.")]}) from exc
    definisjon = definisjon_parse(skjema.definisjon)
    dato = data.dato or idag()
    _dato_check(dato, pasient.fodselsdato)
    kartlegging = Kartlegging(
        pasient=pasient,
        enhet_id=acting_enhet_id(),
        skjema=skjema,
        dato=dato,
        utfort_av=actor,
        svar=svar_validate(definisjon, data.svar or {}, komplett=fullfor),
        kommentar=_kommentar_clean(data.kommentar or ""),
    )
    if fullfor:
        _complete(actor, kartlegging, definisjon)
    kartlegging.full_clean()
    kartlegging.save()
    _audit(actor, AuditEvent.KARTLEGGING_CREATED, kartlegging)
    if fullfor:
        _audit(actor, AuditEvent.KARTLEGGING_COMPLETED, kartlegging, total=kartlegging.total)
    return kartlegging


def _apply(kartlegging: Kartlegging, definisjon: Definisjon, data: KartleggingData) -> list[str]:
    changed = []
    if data.dato is not None and data.dato != kartlegging.dato:
        _dato_check(data.dato, kartlegging.pasient.fodselsdato)
        kartlegging.dato = data.dato
        changed.append("dato")
    if data.svar is not None:
        svar = svar_validate(definisjon, data.svar, komplett=False)
        changed += sorted(
            k for k in set(svar) | set(kartlegging.svar) if svar.get(k) != kartlegging.svar.get(k)
        )
        kartlegging.svar = svar
    if data.kommentar is not None:
        kommentar = _kommentar_clean(data.kommentar)
        if kommentar != kartlegging.kommentar:
            kartlegging.kommentar = kommentar
            changed.append("kommentar")
    return changed


def _refuse_unless_draft(kartlegging: Kartlegging) -> None:
    if kartlegging.status == KartleggingStatus.FULLFORT:
        raise ApplicationError(
            _("Kartleggingen er fullført og kan ikke endres. Lag en ny kartlegging.")
        )
    if kartlegging.status == KartleggingStatus.FEILREGISTRERT:
        raise ApplicationError(_("Kartleggingen er feilregistrert og kan ikke endres."))


@transaction.atomic
def kartlegging_draft_save(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    kartlegging_id: uuid.UUID | str,
    data: KartleggingData,
) -> Kartlegging:
    """Save the author's draft (answers may be incomplete, but each must be allowed).
    Audited as KARTLEGGING_DRAFT_SAVED with the item codes that changed."""
    actor_require(actor, Action.ASSESS)
    kartlegging = _lock(actor, pasient_id, kartlegging_id)
    _refuse_unless_draft(kartlegging)
    changed = _apply(kartlegging, definisjon_parse(kartlegging.skjema.definisjon), data)
    kartlegging.full_clean()
    kartlegging.save(update_fields=["dato", "svar", "kommentar", "updated_at"])
    _audit(actor, AuditEvent.KARTLEGGING_DRAFT_SAVED, kartlegging, endret=changed)
    return kartlegging


@transaction.atomic
def kartlegging_complete(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    kartlegging_id: uuid.UUID | str,
    data: KartleggingData | None = None,
) -> Kartlegging:
    """Complete the author's draft (with `data` saved first, as one step): every required
    item must be answered; the total is computed for forms that have one. From then on the
    assessment cannot change. Audited as KARTLEGGING_COMPLETED with the total."""
    actor_require(actor, Action.ASSESS)
    kartlegging = _lock(actor, pasient_id, kartlegging_id)
    _refuse_unless_draft(kartlegging)
    definisjon = definisjon_parse(kartlegging.skjema.definisjon)
    if data is not None:
        _apply(kartlegging, definisjon, data)
    _complete(actor, kartlegging, definisjon)
    kartlegging.full_clean()
    kartlegging.save(
        update_fields=[
            "dato",
            "svar",
            "kommentar",
            "total",
            "status",
            "fullfort_at",
            "updated_at",
        ]
    )
    _audit(actor, AuditEvent.KARTLEGGING_COMPLETED, kartlegging, total=kartlegging.total)
    return kartlegging


@transaction.atomic
def kartlegging_invalidate(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    kartlegging_id: uuid.UUID | str,
    grunn: str,
) -> Kartlegging:
    """Mark an assessment as entered in error, with a reason. It stays in the history
    (struck through) and no longer counts as the latest. Audited with the reason."""
    actor_require(actor, Action.ASSESS)
    kartlegging = _lock(actor, pasient_id, kartlegging_id)
    grunn = grunn.strip()
    if not grunn:
        raise ValidationError({"grunn": [_("Skriv hvorfor kartleggingen er feilregistrert.")]})
    if len(grunn) > MAX_GRUNN:
        raise ValidationError(
            {"grunn": [_("Grunnen kan være høyst %(n)s tegn.") % {"n": MAX_GRUNN}]}
        )
    if kartlegging.status == KartleggingStatus.FEILREGISTRERT:
        raise ApplicationError(_("Kartleggingen er allerede feilregistrert."))
    kartlegging.status = KartleggingStatus.FEILREGISTRERT
    kartlegging.feilregistrert_at = naa()
    kartlegging.feilregistrert_av = actor
    kartlegging.feilregistrert_grunn = grunn
    kartlegging.full_clean()
    kartlegging.save(
        update_fields=[
            "status",
            "feilregistrert_at",
            "feilregistrert_av",
            "feilregistrert_grunn",
            "updated_at",
        ]
    )
    _audit(actor, AuditEvent.KARTLEGGING_FEILREGISTRERT, kartlegging, grunn=grunn)
    return kartlegging
