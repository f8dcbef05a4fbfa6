"""Clinical notes: draft → signed; corrections add versions; feilregistrering; countersigning.

The rules for what a person may do with a note in a given state live here, once: each
`*_refusal` function returns why an action is refused (or None). Services raise with that
message; the note selector turns the same functions into the buttons a page shows.

Countersigning rule: a note signed by someone without a helsepersonellkategori (students,
staff without authorisation) needs a countersignature (kontrasignering) by another person
who has one. The flag follows the latest signature: a correction signed by authorised staff
no longer needs it; one signed by a student needs it again.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.context import acting_enhet_id
from core.exceptions import ApplicationError, Forbidden, NotFound
from core.klokke import naa
from core.models import Action, Ansatt, Enhet
from journal.access import access_scoped, actor_require, blocked_entries, pasient_access
from journal.lib.tid import foer_foedsel_check
from journal.models import Journalnotat, JournalnotatVersjon, NotatStatus, Notattype

NOTAT_OBJEKT = "journal.Journalnotat"  # objekt_type of entry blocks (Sperring) on notes
FRITEKST = "Tekst"  # the one section of a note type without template headings
MAX_GRUNN = 500
MAX_SEKSJON = 20_000
FREMTID_TOLERANSE = dt.timedelta(minutes=5)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class LasversjonKonflikt(ApplicationError):
    """The draft changed since the person read it (optimistic locking): nothing was saved."""

    status_code = 409


# --- rules -------------------------------------------------------------------------------


def notattype_overskrifter(notattype: Notattype) -> list[str]:
    """The sections of a new note of this type, in template order."""
    return [str(h) for h in notattype.overskrifter] or [FRITEKST]


def notattyper_for_enhet(enhet_id: uuid.UUID | None) -> QuerySet[Notattype]:
    """Active note types offered in the unit (by its type; an empty list means everywhere)."""
    types = Notattype.objects.filter(aktiv=True)
    if enhet_id is None:
        return types.none()
    enhetstype = Enhet.objects.filter(pk=enhet_id).values_list("type", flat=True).first()
    if enhetstype is None:
        return types.none()
    return types.filter(Q(enhetstyper=[]) | Q(enhetstyper__contains=[enhetstype]))


def has_draft(notat: Journalnotat) -> bool:
    return notat.utkast_av_id is not None


def is_visible(notat: Journalnotat, actor: Ansatt | None) -> bool:
    """A note never signed is a private draft of its author."""
    return notat.gjeldende_versjon > 0 or (actor is not None and notat.utkast_av_id == actor.pk)


def draft_refusal(actor: Ansatt, notat: Journalnotat) -> ApplicationError | None:
    """Why the actor may not edit (or sign) the note's draft, or None."""
    if notat.status == NotatStatus.FEILREGISTRERT:
        return ApplicationError(_("Notatet er feilregistrert og kan ikke endres."))
    if not has_draft(notat):
        return ApplicationError(_("Notatet er signert. Start en korrigering for å endre det."))
    if notat.utkast_av_id != actor.pk:
        return Forbidden(_("Bare den som skriver utkastet, kan endre eller signere det."))
    return None


def correction_refusal(actor: Ansatt, notat: Journalnotat) -> ApplicationError | None:
    if notat.status != NotatStatus.SIGNERT:
        return ApplicationError(_("Bare signerte notater kan korrigeres."))
    if has_draft(notat) and notat.utkast_av_id != actor.pk:
        return ApplicationError(_("Notatet korrigeres allerede av en annen."))
    return None


def feilregistrering_refusal(notat: Journalnotat) -> ApplicationError | None:
    if notat.status != NotatStatus.SIGNERT:
        return ApplicationError(_("Bare signerte notater kan feilregistreres."))
    return None


def countersign_refusal(
    actor: Ansatt, notat: Journalnotat, signert_av_id: uuid.UUID | None
) -> ApplicationError | None:
    """Another person with a helsepersonellkategori countersigns the latest signed version."""
    if notat.status != NotatStatus.SIGNERT:
        return ApplicationError(_("Bare signerte notater kan kontrasigneres."))
    if not notat.krever_kontrasignering:
        return ApplicationError(_("Notatet trenger ikke kontrasignering."))
    if notat.kontrasignert_av_id is not None:
        return ApplicationError(_("Notatet er allerede kontrasignert."))
    if not actor.helsepersonellkategori:
        return Forbidden(_("Bare autorisert helsepersonell kan kontrasignere."))
    if actor.pk in (notat.forfatter_id, signert_av_id):
        return Forbidden(_("Du kan ikke kontrasignere ditt eget notat."))
    return None


def needs_countersignature(signer: Ansatt) -> bool:
    return not signer.helsepersonellkategori


def innhold_ordered(innhold: Mapping[str, str], notattype: Notattype) -> dict[str, str]:
    """The sections in the type's template order (PostgreSQL jsonb does not keep key order);
    headings no longer in the template follow, so old versions stay complete."""
    order = notattype_overskrifter(notattype)
    known = [h for h in order if h in innhold]
    return {h: innhold[h] for h in [*known, *sorted(h for h in innhold if h not in order)]}


def draft_headings(notat: Journalnotat) -> list[str]:
    return list(innhold_ordered(notat.utkast, notat.type))


def innhold_flatten(innhold: Mapping[str, str]) -> str:
    """The sections as one text (headings on their own line), for search, print and diff."""
    parts = []
    for heading, text in innhold.items():
        if not text.strip():
            continue
        parts.append(text if heading == FRITEKST else f"{heading}\n{text}")
    return "\n\n".join(parts)


# --- helpers -----------------------------------------------------------------------------


def _clean_text(value: object) -> str:
    if not isinstance(value, str):
        raise ValidationError({"innhold": [_("Teksten i hver overskrift må være tekst.")]})
    # Control characters have no place in a note (and mark search hits, see selectors).
    return _CONTROL.sub("", value.replace("\r\n", "\n")).strip()


def _clean_innhold(innhold: Mapping[str, Any], overskrifter: list[str]) -> dict[str, str]:
    """The sections in template order; unknown headings are refused, missing ones are empty."""
    unknown = [h for h in innhold if h not in overskrifter]
    if unknown:
        raise ValidationError(
            {"innhold": [_("Ukjent overskrift: %(h)s.") % {"h": ", ".join(map(str, unknown))}]}
        )
    cleaned = {h: _clean_text(innhold.get(h, "")) for h in overskrifter}
    for heading, text in cleaned.items():
        if len(text) > MAX_SEKSJON:
            raise ValidationError(
                {
                    "innhold": [
                        _("Teksten under «%(h)s» kan være høyst %(n)d tegn.")
                        % {"h": heading, "n": MAX_SEKSJON}
                    ]
                }
            )
    return cleaned


def _clean_tittel(tittel: str, default: str) -> str:
    tittel = " ".join(_CONTROL.sub("", tittel).split()) or default
    if len(tittel) > 200:
        raise ValidationError({"tittel": [_("Tittelen kan være høyst 200 tegn.")]})
    return tittel


def _clean_grunn(grunn: str, field: str = "grunn") -> str:
    grunn = grunn.strip()
    if not grunn:
        raise ValidationError({field: [_("Skriv en begrunnelse.")]})
    if len(grunn) > MAX_GRUNN:
        raise ValidationError(
            {field: [_("Begrunnelsen kan være høyst %(n)d tegn.") % {"n": MAX_GRUNN}]}
        )
    return grunn


def _notat_lock(
    actor: Ansatt,
    notat_id: uuid.UUID | str,
    *,
    action: Action,
    pasient_id: uuid.UUID | str | None = None,
) -> Journalnotat:
    """The note, locked for update, or NotFound when missing, not allowed, blocked for the
    actor, or another person's never-signed draft (all look the same). A right the
    person's role lacks is a 403 (AccessDenied) before anything is looked up."""
    actor_require(actor, action)
    locked = Journalnotat.objects.select_related("type").select_for_update(of=("self",))
    if pasient_id is not None:  # a URL naming the patient: the note must be theirs
        try:
            locked = locked.filter(pasient_id=uuid.UUID(str(pasient_id)))
        except ValueError as exc:
            raise NotFound from exc
    notat = access_scoped(actor, locked, notat_id, action=action)
    if not is_visible(notat, actor) or str(notat.pk) in blocked_entries(
        actor, notat.pasient_id, NOTAT_OBJEKT
    ):
        raise NotFound
    return notat


def _check_lasversjon(notat: Journalnotat, lasversjon: int | None) -> None:
    if lasversjon is not None and lasversjon != notat.lasversjon:
        raise LasversjonKonflikt(
            _("Notatet er endret av noen andre siden du åpnet det. Last på nytt."),
            {"lasversjon": notat.lasversjon},
        )


def _refuse(refusal: ApplicationError | None) -> None:
    if refusal is not None:
        raise refusal


def _current_version(notat: Journalnotat) -> JournalnotatVersjon | None:
    if notat.gjeldende_versjon == 0:
        return None
    return JournalnotatVersjon.objects.get(notat=notat, nummer=notat.gjeldende_versjon)


# --- services ----------------------------------------------------------------------------


@transaction.atomic
def journalnotat_create(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    type_id: uuid.UUID | str,
    tittel: str = "",
    innhold: Mapping[str, Any] | None = None,
    dokumentert_tid: dt.datetime | None = None,
) -> Journalnotat:
    """Start a note (a draft only its author sees) in the acting unit.

    An empty title becomes the type's name. Audited (NOTAT_CREATED, no content).
    """
    actor_require(actor, Action.WRITE_NOTE)
    pasient = pasient_access(actor, pasient_id, action=Action.WRITE_NOTE)
    enhet_id = acting_enhet_id()
    try:
        notattype = notattyper_for_enhet(enhet_id).get(pk=type_id)
    except (Notattype.DoesNotExist, ValueError, ValidationError) as exc:
        raise ValidationError({"type": [_("Velg en notattype.")]}) from exc
    now = naa()
    tid = dokumentert_tid or now
    if tid > now + FREMTID_TOLERANSE:
        raise ValidationError({"dokumentert_tid": [_("Tidspunktet kan ikke være frem i tid.")]})
    foer_foedsel_check("dokumentert_tid", tid, pasient.fodselsdato)
    notat = Journalnotat(
        pasient=pasient,
        enhet_id=enhet_id,
        type=notattype,
        tittel=_clean_tittel(tittel, notattype.navn),
        status=NotatStatus.UTKAST,
        forfatter=actor,
        dokumentert_tid=tid,
        utkast=_clean_innhold(innhold or {}, notattype_overskrifter(notattype)),
        utkast_av=actor,
        krever_kontrasignering=needs_countersignature(actor),
    )
    notat.full_clean()
    notat.save()
    audit_log(
        actor=actor,
        event=AuditEvent.NOTAT_CREATED,
        target=notat,
        pasient_id=pasient.pk,
        extra={"type": notattype.kode, "krever_kontrasignering": notat.krever_kontrasignering},
    )
    return notat


def _draft_apply(
    notat: Journalnotat, *, tittel: str | None, innhold: Mapping[str, Any] | None
) -> list[str]:
    """Write title and sections into the draft; returns the names of what changed."""
    changed = []
    if tittel is not None:
        new_title = _clean_tittel(tittel, notat.type.navn)
        if new_title != notat.tittel:
            notat.tittel = new_title
            changed.append("tittel")
    if innhold is not None:
        # Headings left out keep their text (a partial update, as PATCH in the API).
        new = _clean_innhold({**notat.utkast, **innhold}, draft_headings(notat))
        changed += [h for h in new if new[h] != notat.utkast.get(h, "")]
        notat.utkast = new
    return changed


@transaction.atomic
def journalnotat_draft_save(
    *,
    actor: Ansatt,
    notat_id: uuid.UUID | str,
    lasversjon: int,
    tittel: str | None = None,
    innhold: Mapping[str, Any] | None = None,
    pasient_id: uuid.UUID | str | None = None,
) -> Journalnotat:
    """Save the draft. Only its author may; a stale `lasversjon` raises LasversjonKonflikt
    (HTTP 409) and nothing is written. Audited with the headings that changed."""
    notat = _notat_lock(actor, notat_id, action=Action.WRITE_NOTE, pasient_id=pasient_id)
    _check_lasversjon(notat, lasversjon)
    _refuse(draft_refusal(actor, notat))
    changed = _draft_apply(notat, tittel=tittel, innhold=innhold)
    notat.lasversjon += 1
    notat.full_clean()
    notat.save(update_fields=["tittel", "utkast", "lasversjon", "updated_at"])
    audit_log(
        actor=actor,
        event=AuditEvent.NOTAT_DRAFT_SAVED,
        target=notat,
        pasient_id=notat.pasient_id,
        extra={"endret": changed, "lasversjon": notat.lasversjon},
    )
    return notat


@transaction.atomic
def journalnotat_sign(
    *,
    actor: Ansatt,
    notat_id: uuid.UUID | str,
    lasversjon: int,
    tittel: str | None = None,
    innhold: Mapping[str, Any] | None = None,
    pasient_id: uuid.UUID | str | None = None,
) -> Journalnotat:
    """Sign the draft as a new immutable version (1 for a new note, n+1 for a correction).

    Title and sections may be given to save and sign what the person sees in one step.
    Only the draft's author signs; an empty note is refused. Audited (NOTAT_SIGNED).
    """
    notat = _notat_lock(actor, notat_id, action=Action.SIGN, pasient_id=pasient_id)
    _check_lasversjon(notat, lasversjon)
    _refuse(draft_refusal(actor, notat))
    _draft_apply(notat, tittel=tittel, innhold=innhold)
    tekst = innhold_flatten(innhold_ordered(notat.utkast, notat.type))
    if not tekst:
        raise ApplicationError(_("Notatet er tomt. Skriv noe før du signerer."))
    nummer = notat.gjeldende_versjon + 1
    versjon = JournalnotatVersjon(
        notat=notat,
        pasient_id=notat.pasient_id,
        nummer=nummer,
        tittel=notat.tittel,
        innhold=notat.utkast,
        tekst=tekst,
        signert_av=actor,
        signert_at=naa(),
        korrigeringsgrunn=notat.korrigeringsgrunn if nummer > 1 else "",
    )
    versjon.full_clean()
    versjon.save()
    notat.status = NotatStatus.SIGNERT
    notat.gjeldende_versjon = nummer
    notat.utkast, notat.utkast_av, notat.korrigeringsgrunn = {}, None, ""
    notat.krever_kontrasignering = needs_countersignature(actor)
    notat.kontrasignert_av, notat.kontrasignert_at = None, None
    notat.lasversjon += 1
    notat.full_clean()
    notat.save(
        update_fields=[
            "tittel",
            "status",
            "gjeldende_versjon",
            "utkast",
            "utkast_av",
            "korrigeringsgrunn",
            "krever_kontrasignering",
            "kontrasignert_av",
            "kontrasignert_at",
            "lasversjon",
            "updated_at",
        ]
    )
    audit_log(
        actor=actor,
        event=AuditEvent.NOTAT_SIGNED,
        target=notat,
        pasient_id=notat.pasient_id,
        begrunnelse=versjon.korrigeringsgrunn,
        extra={"versjon": nummer, "krever_kontrasignering": notat.krever_kontrasignering},
    )
    return notat


@transaction.atomic
def journalnotat_correct_start(
    *,
    actor: Ansatt,
    notat_id: uuid.UUID | str,
    grunn: str,
    lasversjon: int | None = None,
    pasient_id: uuid.UUID | str | None = None,
) -> Journalnotat:
    """Open a correction: the signed content becomes the actor's draft, with the reason.

    The signed version stays what everyone else sees until the correction is signed.
    Starting again by the same person keeps the draft; another person is refused.
    """
    notat = _notat_lock(actor, notat_id, action=Action.CORRECT, pasient_id=pasient_id)
    _check_lasversjon(notat, lasversjon)
    _refuse(correction_refusal(actor, notat))
    grunn = _clean_grunn(grunn)
    if not has_draft(notat):
        versjon = _current_version(notat)
        assert versjon is not None  # noqa: S101 - SIGNERT notes have a version
        notat.tittel, notat.utkast = versjon.tittel, dict(versjon.innhold)
    notat.utkast_av = actor
    notat.korrigeringsgrunn = grunn
    notat.lasversjon += 1
    notat.full_clean()
    notat.save(
        update_fields=[
            "tittel",
            "utkast",
            "utkast_av",
            "korrigeringsgrunn",
            "lasversjon",
            "updated_at",
        ]
    )
    audit_log(
        actor=actor,
        event=AuditEvent.NOTAT_CORRECTION_STARTED,
        target=notat,
        pasient_id=notat.pasient_id,
        begrunnelse=grunn,
        extra={"versjon": notat.gjeldende_versjon},
    )
    return notat


@transaction.atomic
def journalnotat_invalidate(
    *,
    actor: Ansatt,
    notat_id: uuid.UUID | str,
    grunn: str,
    lasversjon: int | None = None,
    pasient_id: uuid.UUID | str | None = None,
) -> Journalnotat:
    """Mark a signed note as wrong (feilregistrert). Nothing is deleted: every version stays
    readable, clearly marked. A correction in progress is dropped (its author's next save
    gets a conflict, never a silent loss). Audited with the reason."""
    notat = _notat_lock(actor, notat_id, action=Action.CORRECT, pasient_id=pasient_id)
    _check_lasversjon(notat, lasversjon)
    _refuse(feilregistrering_refusal(notat))
    grunn = _clean_grunn(grunn)
    dropped = has_draft(notat)
    if dropped:
        versjon = _current_version(notat)
        assert versjon is not None  # noqa: S101 - SIGNERT notes have a version
        notat.tittel = versjon.tittel
    notat.status = NotatStatus.FEILREGISTRERT
    notat.feilregistrert_av = actor
    notat.feilregistrert_at = naa()
    notat.feilregistrert_grunn = grunn
    notat.utkast, notat.utkast_av, notat.korrigeringsgrunn = {}, None, ""
    notat.lasversjon += 1
    notat.full_clean()
    notat.save(
        update_fields=[
            "tittel",
            "status",
            "feilregistrert_av",
            "feilregistrert_at",
            "feilregistrert_grunn",
            "utkast",
            "utkast_av",
            "korrigeringsgrunn",
            "lasversjon",
            "updated_at",
        ]
    )
    audit_log(
        actor=actor,
        event=AuditEvent.NOTAT_FEILREGISTRERT,
        target=notat,
        pasient_id=notat.pasient_id,
        begrunnelse=grunn,
        extra={
            "status": {"fra": NotatStatus.SIGNERT, "til": NotatStatus.FEILREGISTRERT},
            "korrigering_forkastet": dropped,
        },
    )
    return notat


@transaction.atomic
def journalnotat_countersign(
    *,
    actor: Ansatt,
    notat_id: uuid.UUID | str,
    versjon: int | None = None,
    pasient_id: uuid.UUID | str | None = None,
) -> Journalnotat:
    """Countersign the latest signed version (see the module docstring for the rule).

    `versjon` is the version the person read; a newer one raises LasversjonKonflikt so
    nobody countersigns text they have not seen.
    """
    notat = _notat_lock(actor, notat_id, action=Action.SIGN, pasient_id=pasient_id)
    if versjon is not None and versjon != notat.gjeldende_versjon:
        raise LasversjonKonflikt(
            _("Notatet er endret av noen andre siden du åpnet det. Last på nytt."),
            {"versjon": notat.gjeldende_versjon},
        )
    current = _current_version(notat)
    _refuse(countersign_refusal(actor, notat, current.signert_av_id if current else None))
    notat.kontrasignert_av = actor
    notat.kontrasignert_at = naa()
    notat.full_clean()
    notat.save(update_fields=["kontrasignert_av", "kontrasignert_at", "updated_at"])
    audit_log(
        actor=actor,
        event=AuditEvent.NOTAT_COUNTERSIGNED,
        target=notat,
        pasient_id=notat.pasient_id,
        extra={"versjon": notat.gjeldende_versjon},
    )
    return notat
