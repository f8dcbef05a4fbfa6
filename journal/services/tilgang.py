"""Care relationships, access outside them (reasoned / emergency), review, and blocking."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log, audit_log_many
from core.context import acting_enhet_id, context_get
from core.exceptions import ApplicationError, NotFound
from core.klokke import naa
from core.models import Action, Ansatt, Enhet, Virksomhet
from core.selectors import enhet_subtree_ids
from journal.access import (
    AccessDenied,
    Grunnlag,
    actor_can,
    actor_require,
    blocks_for,
    pasient_access,
)
from journal.models import (
    Behandlingsrelasjon,
    Pasient,
    RelasjonGrunnlag,
    Sperring,
    SperringMal,
    Tilgangsgrunn,
    TilgangType,
    UtvidetTilgang,
)

MAX_BEGRUNNELSE = 500


def acting_enhet_id_or_none() -> uuid.UUID | None:
    """The acting unit, or None outside a request with one (core.context.acting_enhet_id
    raises NotFound instead)."""
    ctx = context_get()
    return ctx.enhet_id if ctx else None


@transaction.atomic
def behandlingsrelasjon_open(
    *,
    actor: Ansatt | None,
    pasient_id: uuid.UUID,
    enhet_id: uuid.UUID | None = None,
    grunnlag: RelasjonGrunnlag,
    ansvarlig: Ansatt | None = None,
    begrunnelse: str = "",
) -> Behandlingsrelasjon:
    """Open (or return the already open) relationship between a unit and a patient.

    A person opens relationships for the unit they act in; only the system and case
    officers (who decide services for other units) may open them for another unit.
    """
    actor_require(actor, Action.MANAGE_RELATIONS)
    enhet_id = enhet_id or acting_enhet_id_or_none()
    if enhet_id is None:
        raise ApplicationError(_("Velg hvilken enhet relasjonen gjelder."))
    if (
        actor is not None
        and enhet_id != acting_enhet_id_or_none()
        and not actor_can(actor, Action.DECIDE_VEDTAK)
    ):
        raise AccessDenied(_("Du kan bare opprette behandlingsrelasjoner for din egen enhet."))
    return relasjon_insert(
        actor=actor,
        pasient_id=pasient_id,
        enhet_id=enhet_id,
        grunnlag=grunnlag,
        ansvarlig=ansvarlig,
        begrunnelse=begrunnelse,
    )


def relasjon_insert(
    *,
    actor: Ansatt | None,
    pasient_id: uuid.UUID,
    enhet_id: uuid.UUID,
    grunnlag: RelasjonGrunnlag,
    ansvarlig: Ansatt | None = None,
    begrunnelse: str = "",
) -> Behandlingsrelasjon:
    """Shared by journal services that open a relationship as part of their own work
    (registering a patient). Rights are the caller's business; must run in its transaction."""
    if grunnlag == RelasjonGrunnlag.MANUELL and not begrunnelse.strip():
        raise ValidationError({"begrunnelse": [_("Manuell relasjon må ha en begrunnelse.")]})
    existing = (
        Behandlingsrelasjon.objects.active()
        .filter(pasient_id=pasient_id, enhet_id=enhet_id, grunnlag=grunnlag)
        .first()
    )
    if existing is not None:
        return existing
    relasjon = Behandlingsrelasjon(
        pasient_id=pasient_id,
        enhet_id=enhet_id,
        grunnlag=grunnlag,
        ansvarlig=ansvarlig,
        begrunnelse=begrunnelse.strip(),
        opprettet_av=actor,
    )
    relasjon.full_clean()
    relasjon.save()
    audit_log(
        actor=actor,
        event=AuditEvent.RELASJON_OPENED,
        target=relasjon,
        pasient_id=pasient_id,
        extra={"enhet_id": str(enhet_id), "grunnlag": grunnlag},
    )
    return relasjon


@transaction.atomic
def behandlingsrelasjon_close(
    *, actor: Ansatt | None, relasjon_id: uuid.UUID, at: dt.datetime | None = None
) -> Behandlingsrelasjon:
    actor_require(actor, Action.MANAGE_RELATIONS)
    relasjon = Behandlingsrelasjon.objects.select_for_update().filter(pk=relasjon_id).first()
    if relasjon is None or (
        actor is not None
        and relasjon.enhet_id != acting_enhet_id_or_none()
        and not actor_can(actor, Action.DECIDE_VEDTAK)
    ):
        raise NotFound
    if relasjon.gyldig_til is not None and relasjon.gyldig_til <= naa():
        raise ApplicationError(_("Relasjonen er allerede avsluttet."))
    relasjon.gyldig_til = max(at or naa(), relasjon.gyldig_fra)
    relasjon.avsluttet_av = actor
    relasjon.save(update_fields=["gyldig_til", "avsluttet_av", "updated_at"])
    audit_log(
        actor=actor,
        event=AuditEvent.RELASJON_CLOSED,
        target=relasjon,
        pasient_id=relasjon.pasient_id,
    )
    return relasjon


def _validate_request(
    type_: str, grunn_id: uuid.UUID | None, begrunnelse: str
) -> Tilgangsgrunn | None:
    if type_ not in TilgangType.values:
        raise ValidationError({"type": [_("Velg tilgang med begrunnelse eller akuttilgang.")]})
    if len(begrunnelse) > MAX_BEGRUNNELSE:
        raise ValidationError(
            {"begrunnelse": [_("Begrunnelsen kan være høyst %(n)d tegn.") % {"n": MAX_BEGRUNNELSE}]}
        )
    if type_ == TilgangType.AKUTT:
        if len(begrunnelse.strip()) < 5:
            raise ValidationError(
                {"begrunnelse": [_("Akuttilgang krever en begrunnelse (minst fem tegn).")]}
            )
        return None
    grunn = Tilgangsgrunn.objects.filter(pk=grunn_id, aktiv=True).first() if grunn_id else None
    if grunn is None:
        raise ValidationError({"grunn": [_("Velg en grunn fra listen.")]})
    return grunn


def utvidet_tilgang_open(
    *,
    actor: Ansatt,
    type: str,
    pasient_id: uuid.UUID | None = None,
    identifikator: str = "",
    grunn_id: uuid.UUID | None = None,
    begrunnelse: str = "",
) -> UtvidetTilgang:
    """Open reasoned or emergency access to a patient outside a care relationship.

    Lasts settings.UTVIDET_TILGANG_TIMER hours. Emergency access overrides blocking and
    must be reviewed by a leader. Audited with type, reason and whether a block was hit.
    """
    actor_require(actor, Action.EMERGENCY_ACCESS)
    begrunnelse = begrunnelse.strip()
    grunn = _validate_request(type, grunn_id, begrunnelse)
    if pasient_id is not None:
        pasient = Pasient.objects.filter(pk=pasient_id).first()
    else:
        pasient = Pasient.objects.filter(identifikator="".join(identifikator.split())).first()
    if pasient is None:
        # A refused look-up is logged too, so nobody can probe identities unnoticed.
        with transaction.atomic():
            audit_log(
                actor=actor,
                event=AuditEvent.UTVIDET_TILGANG_REFUSED,
                grunnlag=Grunnlag.AKUTT if type == TilgangType.AKUTT else Grunnlag.BESLUTNINGSSTYRT,
                begrunnelse=begrunnelse,
                extra={"identifikator": identifikator, "pasient_id": str(pasient_id or "")},
            )
        raise NotFound(_("Fant ingen pasient med denne identifikatoren."))
    with transaction.atomic():
        return _utvidet_tilgang_insert(
            actor=actor, pasient=pasient, type_=type, grunn=grunn, begrunnelse=begrunnelse
        )


def _utvidet_tilgang_insert(
    *, actor: Ansatt, pasient: Pasient, type_: str, grunn: Tilgangsgrunn | None, begrunnelse: str
) -> UtvidetTilgang:
    enhet_id = acting_enhet_id()  # actor_require guarantees an acting unit
    now = naa()
    blocked = Sperring.objects.active().filter(pasient=pasient, objekt_type="").exists()
    if type_ == TilgangType.BESLUTNINGSSTYRT and _blocked_for(actor, pasient):
        raise ApplicationError(
            _(
                "Pasienten har sperret journalen for deg eller enheten din. "
                "Bare akuttilgang kan overstyre en sperring."
            ),
            {"sperret": True},
        )
    tilgang = UtvidetTilgang(
        ansatt=actor,
        enhet_id=enhet_id,
        pasient=pasient,
        type=type_,
        grunn=grunn,
        begrunnelse=begrunnelse,
        gyldig_fra=now,
        gyldig_til=now + dt.timedelta(hours=settings.UTVIDET_TILGANG_TIMER),
    )
    tilgang.full_clean()
    tilgang.save()
    audit_log(
        actor=actor,
        event=AuditEvent.UTVIDET_TILGANG_OPENED,
        target=tilgang,
        pasient_id=pasient.pk,
        grunnlag=Grunnlag.AKUTT if type_ == TilgangType.AKUTT else Grunnlag.BESLUTNINGSSTYRT,
        begrunnelse=begrunnelse or (grunn.tekst if grunn else ""),
        extra={
            "gyldig_til": tilgang.gyldig_til.isoformat(),
            "sperring_overstyrt": type_ == TilgangType.AKUTT and _blocked_for(actor, pasient),
            "pasient_har_sperring": blocked,
        },
    )
    return tilgang


def _blocked_for(actor: Ansatt, pasient: Pasient) -> bool:
    return blocks_for(actor, pasient.pk).exists()


def leader_scope(actor: Ansatt | None) -> set[uuid.UUID]:
    """The units whose accesses a leader reviews: the acting unit and all units below it."""
    enhet_id = acting_enhet_id_or_none()
    if actor is None or enhet_id is None or not actor_can(actor, Action.REVIEW_LOG):
        return set()
    return enhet_subtree_ids(enhet_id)


@transaction.atomic
def akuttilgang_review(*, actor: Ansatt, tilgang_id: uuid.UUID, kommentar: str) -> UtvidetTilgang:
    actor_require(actor, Action.REVIEW_LOG)
    tilgang = (
        UtvidetTilgang.objects.select_for_update()
        .filter(pk=tilgang_id, type=TilgangType.AKUTT, enhet_id__in=leader_scope(actor))
        .first()
    )
    if tilgang is None:
        raise NotFound
    kommentar = kommentar.strip()
    if not kommentar:
        raise ValidationError({"kommentar": [_("Skriv en kommentar til gjennomgangen.")]})
    if len(kommentar) > 1000:
        raise ValidationError({"kommentar": [_("Kommentaren kan være høyst 1000 tegn.")]})
    if tilgang.gjennomgatt_at is not None:
        raise ApplicationError(_("Akuttilgangen er allerede gjennomgått."))
    if tilgang.ansatt_id == actor.pk:
        raise ApplicationError(_("Du kan ikke gjennomgå din egen akuttilgang."))
    tilgang.gjennomgatt_av = actor
    tilgang.gjennomgatt_at = naa()
    tilgang.gjennomgang_kommentar = kommentar
    tilgang.save(
        update_fields=["gjennomgatt_av", "gjennomgatt_at", "gjennomgang_kommentar", "updated_at"]
    )
    audit_log(
        actor=actor,
        event=AuditEvent.AKUTTILGANG_REVIEWED,
        target=tilgang,
        pasient_id=tilgang.pasient_id,
        begrunnelse=kommentar,
    )
    return tilgang


@transaction.atomic
def sperring_create(
    *,
    actor: Ansatt | None,
    pasient_id: uuid.UUID,
    mal: str,
    ansatt_id: uuid.UUID | None = None,
    enhet_id: uuid.UUID | None = None,
    virksomhet_id: uuid.UUID | None = None,
    objekt_type: str = "",
    objekt_id: str = "",
    begrunnelse: str = "",
) -> Sperring:
    """Register a block on the patient's request (the registering person must see the record)."""
    actor_require(actor, Action.MANAGE_BLOCKING)
    pasient = pasient_access(actor, pasient_id, action=Action.VIEW)
    targets: dict[SperringMal, tuple[uuid.UUID | None, type[Ansatt | Enhet | Virksomhet]]] = {
        SperringMal.ANSATT: (ansatt_id, Ansatt),
        SperringMal.ENHET: (enhet_id, Enhet),
        SperringMal.VIRKSOMHET: (virksomhet_id, Virksomhet),
    }
    if mal not in targets:
        raise ValidationError({"mal": [_("Velg hvem sperringen gjelder.")]})
    target_id, model = targets[SperringMal(mal)]
    if target_id is None or not model._default_manager.filter(pk=target_id).exists():
        raise ValidationError({mal: [_("Velg hvem sperringen gjelder.")]})
    sperring = Sperring(
        pasient=pasient,
        mal=mal,
        ansatt_id=ansatt_id if mal == SperringMal.ANSATT else None,
        enhet_id=enhet_id if mal == SperringMal.ENHET else None,
        virksomhet_id=virksomhet_id if mal == SperringMal.VIRKSOMHET else None,
        objekt_type=objekt_type,
        objekt_id=objekt_id,
        begrunnelse=begrunnelse.strip(),
        registrert_av=actor,
    )
    sperring.full_clean()
    sperring.save()
    audit_log(
        actor=actor,
        event=AuditEvent.SPERRING_CREATED,
        target=sperring,
        pasient_id=pasient.pk,
        extra={"mal": mal, "objekt_type": objekt_type},
    )
    return sperring


@transaction.atomic
def sperring_lift(*, actor: Ansatt | None, sperring_id: uuid.UUID) -> Sperring:
    actor_require(actor, Action.MANAGE_BLOCKING)
    sperring = (
        Sperring.objects.select_for_update()
        .filter(pk=sperring_id, opphevet_at__isnull=True)
        .first()
    )
    if sperring is None:
        raise NotFound
    pasient_access(actor, sperring.pasient_id, action=Action.VIEW)
    sperring.opphevet_at = naa()
    sperring.opphevet_av = actor
    sperring.save(update_fields=["opphevet_at", "opphevet_av", "updated_at"])
    audit_log(
        actor=actor,
        event=AuditEvent.SPERRING_LIFTED,
        target=sperring,
        pasient_id=sperring.pasient_id,
    )
    return sperring


def relasjoner_insert_many(
    *,
    actor: Ansatt | None,
    pasient_ids: list[uuid.UUID],
    enhet_id: uuid.UUID,
    grunnlag: RelasjonGrunnlag,
    ansvarlig: Ansatt | None = None,
) -> dict[uuid.UUID, Behandlingsrelasjon]:
    """`relasjon_insert` for many patients of one unit at once (a GP's list): the already
    open relationships are reused, the rest are made in one INSERT and audited in one
    (RELASJON_OPENED per patient). Rights are the caller's business; must run in its
    transaction. Not for manual relationships (they need a reason each)."""
    if grunnlag == RelasjonGrunnlag.MANUELL:
        raise ValidationError({"begrunnelse": [_("Manuell relasjon må ha en begrunnelse.")]})
    found: dict[uuid.UUID, Behandlingsrelasjon] = {
        r.pasient_id: r
        for r in Behandlingsrelasjon.objects.active().filter(
            pasient_id__in=pasient_ids, enhet_id=enhet_id, grunnlag=grunnlag
        )
    }
    new = [
        Behandlingsrelasjon(
            pasient_id=pasient_id,
            enhet_id=enhet_id,
            grunnlag=grunnlag,
            ansvarlig=ansvarlig,
            opprettet_av=actor,
        )
        for pasient_id in dict.fromkeys(pasient_ids)
        if pasient_id not in found
    ]
    for relasjon in new:
        # the keys are the caller's checked ones and the period is open, so the per-row
        # lookups and constraint queries are skipped (PostgreSQL enforces them anyway)
        relasjon.full_clean(
            exclude=["pasient", "enhet", "ansvarlig", "opprettet_av"],
            validate_unique=False,
            validate_constraints=False,
        )
    Behandlingsrelasjon.objects.bulk_create(new)
    audit_log_many(
        actor=actor,
        event=AuditEvent.RELASJON_OPENED,
        targets=new,
        extra={"enhet_id": str(enhet_id), "grunnlag": grunnlag},
    )
    found.update((r.pasient_id, r) for r in new)
    return found
