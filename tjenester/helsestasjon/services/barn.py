"""Writes of the health station about the child: enrolment, transfer to another station,
and the people with parental responsibility."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.context import acting_enhet_id
from core.exceptions import ApplicationError
from core.identifikatorer import IdentifikatorError, identifikator_parse
from core.klokke import idag, naa
from core.models import Action, Ansatt, Enhet, EnhetType, Tilknytning
from core.outbox import outbox_publish
from journal.access import access_scoped, actor_require, pasient_access
from journal.models import Behandlingsrelasjon, RelasjonGrunnlag
from journal.services import behandlingsrelasjon_close
from journal.services.tilgang import relasjon_insert
from tjenester.helsestasjon.models import (
    Foreldreansvar,
    Foresatt,
    Innskrivning,
    InnskrivningGrunn,
)
from tjenester.helsestasjon.services.status import innskrivning_status_refresh

INNFLYTTING_HENDELSE = "helsestasjon.innflytting"  # vekst branch: SYSVAK look-up


def _nurse_of_unit(ansatt_id: uuid.UUID | str | None, enhet_id: uuid.UUID) -> Ansatt | None:
    if not ansatt_id:
        return None
    try:
        key = uuid.UUID(str(ansatt_id))
    except ValueError as exc:
        raise ValidationError({"ansvarlig": [_("Ukjent ansatt.")]}) from exc
    if not Tilknytning.objects.filter(ansatt_id=key, enhet_id=enhet_id).exists():
        raise ValidationError({"ansvarlig": [_("Den ansvarlige må arbeide på helsestasjonen.")]})
    return Ansatt.objects.get(pk=key)


@transaction.atomic
def innskrivning_create(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    grunn: str,
    fra_dato: dt.date | None = None,
    ansvarlig_id: uuid.UUID | str | None = None,
) -> Innskrivning:
    """Enrol a child at the acting health station (from birth or moving in) and open the
    `helsestasjon` care relationship. The child must be reachable for the unit already
    (registered by it, or through extended access). Audited (INNSKRIVNING_CREATED)."""
    actor_require(actor, Action.MANAGE_RELATIONS)
    pasient = pasient_access(actor, pasient_id, action=Action.VIEW)
    enhet_id = acting_enhet_id()
    if not Enhet.objects.filter(pk=enhet_id, type=EnhetType.HELSESTASJON).exists():
        raise ApplicationError(_("Barn kan bare skrives inn fra en helsestasjon."))
    if grunn not in (InnskrivningGrunn.FOEDSEL, InnskrivningGrunn.INNFLYTTING):
        raise ValidationError({"grunn": [_("Velg fødsel eller innflytting.")]})
    fra = fra_dato or idag()
    if fra < pasient.fodselsdato:
        raise ValidationError({"fra_dato": [_("Innskrivingen kan ikke være før fødselen.")]})
    if fra > idag():
        raise ValidationError({"fra_dato": [_("Innskrivingen kan ikke være fram i tid.")]})
    if pasient.alder(idag()) >= 20:
        raise ValidationError({"pasient": [_("Helsestasjonen følger barn og unge under 20 år.")]})
    aktiv = Innskrivning.objects.select_for_update().filter(pasient=pasient, til_dato__isnull=True)
    if aktiv.exists():
        raise ApplicationError(
            _("Barnet er allerede innskrevet. Overfør innskrivingen fra helsestasjonen der det er.")
        )
    relasjon = relasjon_insert(
        actor=actor,
        pasient_id=pasient.pk,
        enhet_id=enhet_id,
        grunnlag=RelasjonGrunnlag.HELSESTASJON,
    )
    innskrivning = Innskrivning(
        pasient=pasient,
        enhet_id=enhet_id,
        grunn=grunn,
        fra_dato=fra,
        ansvarlig=_nurse_of_unit(ansvarlig_id, enhet_id) or actor,
        relasjon=relasjon,
    )
    innskrivning.full_clean()
    innskrivning.save()
    innskrivning_status_refresh([pasient.pk])
    audit_log(
        actor=actor,
        event=AuditEvent.INNSKRIVNING_CREATED,
        target=innskrivning,
        pasient_id=pasient.pk,
        extra={"grunn": grunn},
    )
    # vekst branch: a child moving in gets earlier doses fetched from SYSVAK (the SYSVAK
    # integration receives this event; services/sysvak.py stores what it finds).
    if grunn == InnskrivningGrunn.INNFLYTTING:
        outbox_publish(
            hendelse=INNFLYTTING_HENDELSE,
            payload={"pasient_id": str(pasient.pk), "enhet_id": str(enhet_id)},
            pasient_id=pasient.pk,
        )
    return innskrivning


@transaction.atomic
def innskrivning_transfer(
    *,
    actor: Ansatt,
    innskrivning_id: uuid.UUID | str,
    til_enhet_id: uuid.UUID | str,
    dato: dt.date | None = None,
    merknad: str = "",
) -> Innskrivning:
    """The child moves: close the enrolment and the care relationships here and enrol the
    child at the receiving health station (often in another kommune), linked to this one
    so the history follows. Returns the new enrolment. Audited (INNSKRIVNING_TRANSFERRED)."""
    actor_require(actor, Action.MANAGE_RELATIONS)
    gammel = access_scoped(
        actor,
        Innskrivning.objects.select_for_update().filter(
            enhet_id=acting_enhet_id(), til_dato__isnull=True
        ),
        innskrivning_id,
        action=Action.VIEW,
    )
    try:
        til = Enhet.objects.get(
            pk=uuid.UUID(str(til_enhet_id)), type=EnhetType.HELSESTASJON, aktiv=True
        )
    except (Enhet.DoesNotExist, ValueError) as exc:
        raise ValidationError({"til_enhet": [_("Velg en helsestasjon.")]}) from exc
    if til.pk == gammel.enhet_id:
        raise ValidationError({"til_enhet": [_("Barnet er allerede innskrevet her.")]})
    dag = dato or idag()
    if dag < gammel.fra_dato or dag > idag():
        raise ValidationError({"dato": [_("Flyttedatoen må være mellom innskrivingen og i dag.")]})
    gammel.til_dato = dag
    gammel.overfoert_til = til
    gammel.merknad = merknad.strip()[:500]
    gammel.full_clean()
    gammel.save(update_fields=["til_dato", "overfoert_til", "merknad", "updated_at"])
    # The station no longer helps the child: every relationship it has with the child ends
    # (the enrolment's and, say, the one opened when the station registered the newborn).
    for relasjon_id in (
        Behandlingsrelasjon.objects.active()
        .filter(pasient_id=gammel.pasient_id, enhet_id=gammel.enhet_id)
        .values_list("pk", flat=True)
    ):
        behandlingsrelasjon_close(actor=actor, relasjon_id=relasjon_id, at=naa())
    relasjon = relasjon_insert(
        actor=actor,
        pasient_id=gammel.pasient_id,
        enhet_id=til.pk,
        grunnlag=RelasjonGrunnlag.HELSESTASJON,
        begrunnelse=_("Overført fra %(enhet)s") % {"enhet": gammel.enhet.navn},
    )
    ny = Innskrivning(
        pasient_id=gammel.pasient_id,
        enhet=til,
        grunn=InnskrivningGrunn.OVERFOERING,
        fra_dato=dag,
        relasjon=relasjon,
        forrige=gammel,
    )
    ny.full_clean()
    ny.save()
    innskrivning_status_refresh([gammel.pasient_id])
    audit_log(
        actor=actor,
        event=AuditEvent.INNSKRIVNING_TRANSFERRED,
        target=ny,
        pasient_id=gammel.pasient_id,
        extra={"fra_enhet_id": str(gammel.enhet_id), "til_enhet_id": str(til.pk)},
    )
    return ny


@transaction.atomic
def foresatt_add(
    *,
    actor: Ansatt,
    pasient_id: uuid.UUID | str,
    navn: str,
    relasjon: str,
    foreldreansvar: str,
    identifikator: str = "",
    telefon: str = "",
    epost: str = "",
) -> Foresatt:
    """Record a parent or other person for the child. Audited (FORESATT_SAVED)."""
    actor_require(actor, Action.WRITE_NOTE)
    pasient = pasient_access(actor, pasient_id, action=Action.WRITE_NOTE)
    ident = ""
    if identifikator.strip():
        try:
            ident = identifikator_parse(
                identifikator, allow_synthetic=settings.ALLOW_SYNTHETIC_IDENTITIES
            ).verdi
        except IdentifikatorError as exc:
            raise ValidationError({"identifikator": [str(exc)]}) from exc
        if ident == pasient.identifikator:
            raise ValidationError({"identifikator": [_("Dette er barnets eget fødselsnummer.")]})
    if foreldreansvar not in Foreldreansvar.values:
        raise ValidationError({"foreldreansvar": [_("Velg foreldreansvar.")]})
    foresatt = Foresatt(
        pasient=pasient,
        navn=navn.strip(),
        identifikator=ident,
        relasjon=relasjon.strip(),
        foreldreansvar=foreldreansvar,
        telefon=telefon.strip(),
        epost=epost.strip(),
    )
    foresatt.full_clean()
    foresatt.save()
    audit_log(
        actor=actor,
        event=AuditEvent.FORESATT_SAVED,
        target=foresatt,
        pasient_id=pasient.pk,
    )
    return foresatt


def innskrivning_active(actor: Ansatt, pasient_id: uuid.UUID) -> Innskrivning:
    """The child's active enrolment at the acting unit (for the writes that need one)."""
    innskrivning = Innskrivning.objects.filter(
        pasient_id=pasient_id, enhet_id=acting_enhet_id(), til_dato__isnull=True
    ).first()
    if innskrivning is None:
        raise ApplicationError(_("Barnet er ikke innskrevet på denne helsestasjonen."))
    return innskrivning
