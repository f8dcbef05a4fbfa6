"""Writes for the GP's list (fastlegeliste): capacity, status, joining and leaving.

Joining opens and leaving closes the journal's `fastlegeliste` care relationship, through
the journal services; that relationship is what lets the GP read the shared record."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log, audit_log_many
from core.exceptions import ApplicationError, NotFound
from core.klokke import idag
from core.models import Action, Ansatt
from core.validators import validate_ren_tekst
from journal.access import actor_require
from journal.models import Behandlingsrelasjon, Pasient, RelasjonGrunnlag
from journal.services.tilgang import (
    behandlingsrelasjon_close,
    relasjon_insert,
    relasjoner_insert_many,
)
from tjenester.legekontor.models import Fastlegeliste, Listeplass, ListeStatus
from tjenester.legekontor.services.felles import kontor_for

LOADED_FKS = ["pasient", "enhet", "liste", "relasjon"]


def _liste(
    actor: Ansatt | None, liste_id: uuid.UUID | str, enhet_id: uuid.UUID | None
) -> Fastlegeliste:
    kontor = kontor_for(actor, enhet_id)
    try:
        liste = (
            Fastlegeliste.objects.select_for_update(of=("self",))
            .select_related("lege")
            .filter(pk=liste_id, enhet=kontor)
            .first()
        )
    except (ValueError, ValidationError) as exc:
        raise NotFound from exc
    if liste is None:
        raise NotFound
    return liste


@transaction.atomic
def fastlegeliste_create(
    *,
    actor: Ansatt | None,
    lege_id: uuid.UUID | str,
    kapasitet: int,
    status: str = ListeStatus.AAPEN,
    enhet_id: uuid.UUID | None = None,
) -> Fastlegeliste:
    """Give a GP of the office a list. Audited (FASTLEGELISTE_SAVED)."""
    actor_require(actor, Action.MANAGE_RELATIONS)
    kontor = kontor_for(actor, enhet_id)
    lege = Ansatt.objects.filter(pk=lege_id, tilknytninger__enhet=kontor).first()
    if lege is None:
        raise ValidationError({"lege": [_("Velg en lege ved legekontoret.")]})
    if Fastlegeliste.objects.filter(enhet=kontor, lege=lege).exists():
        raise ApplicationError(_("Legen har allerede en liste ved dette kontoret."))
    liste = Fastlegeliste(enhet=kontor, lege=lege, kapasitet=kapasitet, status=status)
    _check_kapasitet(kapasitet)
    liste.full_clean()
    liste.save()
    audit_log(
        actor=actor,
        event=AuditEvent.FASTLEGELISTE_SAVED,
        target=liste,
        extra={"kapasitet": kapasitet, "status": status},
    )
    return liste


def _check_kapasitet(kapasitet: int) -> None:
    if not 1 <= kapasitet <= 5000:
        raise ValidationError({"kapasitet": [_("Listetaket må være mellom 1 og 5000.")]})


@transaction.atomic
def fastlegeliste_update(
    *,
    actor: Ansatt | None,
    liste_id: uuid.UUID | str,
    kapasitet: int,
    status: str,
    enhet_id: uuid.UUID | None = None,
) -> Fastlegeliste:
    """Change a list's capacity and open/closed status. Audited with old and new values."""
    actor_require(actor, Action.MANAGE_RELATIONS)
    liste = _liste(actor, liste_id, enhet_id)
    _check_kapasitet(kapasitet)
    if status not in ListeStatus.values:
        raise ValidationError({"status": [_("Velg åpen eller lukket.")]})
    before = {"kapasitet": liste.kapasitet, "status": liste.status}
    liste.kapasitet = kapasitet
    liste.status = status
    liste.full_clean()
    liste.save(update_fields=["kapasitet", "status", "updated_at"])
    audit_log(
        actor=actor,
        event=AuditEvent.FASTLEGELISTE_SAVED,
        target=liste,
        extra={"for": before, "etter": {"kapasitet": kapasitet, "status": status}},
    )
    return liste


@transaction.atomic
def listeplass_join(
    *,
    actor: Ansatt | None,
    liste_id: uuid.UUID | str,
    pasient_id: uuid.UUID | str | None = None,
    identifikator: str = "",
    fra: dt.date | None = None,
    enhet_id: uuid.UUID | None = None,
) -> Listeplass:
    """Put a patient (by id or fødselsnummer) on a GP's list from `fra` (today). A closed
    or full list refuses; a patient on another list is moved (that place ends the day
    before). Opens the fastlegeliste care relationship. Audited (LISTEPLASS_JOINED)."""
    actor_require(actor, Action.MANAGE_RELATIONS)
    liste = _liste(actor, liste_id, enhet_id)
    if not pasient_id:
        ident = "".join(identifikator.split())
        funnet = Pasient.objects.only("id").filter(identifikator=ident).first() if ident else None
        if funnet is None:
            raise ValidationError({"identifikator": [_("Fant ingen pasient med dette nummeret.")]})
        pasient_id = funnet.pk
    try:
        pasient = Pasient.objects.filter(pk=pasient_id).first()
    except (ValueError, ValidationError) as exc:
        raise NotFound from exc
    if pasient is None:
        raise NotFound
    fra = fra or idag()
    if liste.status == ListeStatus.LUKKET:
        raise ApplicationError(_("Listen er lukket for nye pasienter."))
    antall = Listeplass.objects.filter(liste=liste, til__isnull=True).count()
    if antall >= liste.kapasitet:
        raise ApplicationError(_("Listen er full (listetak %(n)d).") % {"n": liste.kapasitet})
    gammel = (
        Listeplass.objects.select_for_update().filter(pasient=pasient, til__isnull=True).first()
    )
    if gammel is not None:
        if gammel.liste_id == liste.pk:
            raise ApplicationError(_("Pasienten står allerede på denne listen."))
        _leave(actor, gammel, til=fra, grunn=_("Byttet fastlege"))
    relasjon = relasjon_insert(
        actor=actor,
        pasient_id=pasient.pk,
        enhet_id=liste.enhet_id,
        grunnlag=RelasjonGrunnlag.FASTLEGELISTE,
        ansvarlig=liste.lege,
    )
    plass = Listeplass(
        pasient=pasient, enhet_id=liste.enhet_id, liste=liste, fra=fra, relasjon=relasjon
    )
    # the keys were loaded above; the one-active-place rule was checked under the lock above
    # and is a unique index besides
    plass.full_clean(exclude=LOADED_FKS, validate_unique=False, validate_constraints=False)
    plass.save()
    audit_log(
        actor=actor,
        event=AuditEvent.LISTEPLASS_JOINED,
        target=plass,
        pasient_id=pasient.pk,
        extra={"liste_id": str(liste.pk), "fra": fra.isoformat()},
    )
    return plass


def _leave(actor: Ansatt | None, plass: Listeplass, *, til: dt.date, grunn: str) -> None:
    plass.til = max(til, plass.fra)
    plass.sluttgrunn = grunn
    plass.full_clean(exclude=LOADED_FKS, validate_unique=False, validate_constraints=False)
    plass.save(update_fields=["til", "sluttgrunn", "updated_at"])
    relasjon = (
        Behandlingsrelasjon.objects.active().filter(pk=plass.relasjon_id).first()
        if plass.relasjon_id
        else None
    )
    # Another list of the same office may share the relationship (moving between its GPs).
    others = Listeplass.objects.filter(relasjon_id=plass.relasjon_id, til__isnull=True).exclude(
        pk=plass.pk
    )
    if relasjon is not None and not others.exists():
        with_unit = actor is None or relasjon.enhet_id == plass.enhet_id
        if with_unit:
            behandlingsrelasjon_close(actor=actor, relasjon_id=relasjon.pk)
    audit_log(
        actor=actor,
        event=AuditEvent.LISTEPLASS_LEFT,
        target=plass,
        pasient_id=plass.pasient_id,
        extra={"liste_id": str(plass.liste_id), "til": plass.til.isoformat()},
    )


@transaction.atomic
def listeplass_leave(
    *,
    actor: Ansatt | None,
    listeplass_id: uuid.UUID | str,
    grunn: str,
    til: dt.date | None = None,
    enhet_id: uuid.UUID | None = None,
) -> Listeplass:
    """Take a patient off a list (reason required); closes the care relationship."""
    actor_require(actor, Action.MANAGE_RELATIONS)
    kontor = kontor_for(actor, enhet_id)
    try:
        plass = (
            Listeplass.objects.select_for_update()
            .filter(pk=listeplass_id, enhet=kontor, til__isnull=True)
            .first()
        )
    except (ValueError, ValidationError) as exc:
        raise NotFound from exc
    if plass is None:
        raise NotFound
    grunn = grunn.strip()
    if not grunn:
        raise ValidationError({"grunn": [_("Skriv grunnen til utmeldingen.")]})
    validate_ren_tekst(grunn)
    _leave(actor, plass, til=til or idag(), grunn=grunn[:200])
    return plass


@transaction.atomic
def listeplasser_add(
    *,
    actor: Ansatt | None,
    liste_id: uuid.UUID | str,
    pasient_ids: Sequence[uuid.UUID],
    fra: dt.date | Mapping[uuid.UUID, dt.date] | None = None,
    enhet_id: uuid.UUID | None = None,
) -> list[Listeplass]:
    """Put many patients on a GP's list at once (a new list, the demo): the rules of
    `listeplass_join` (closed or full list refuses, a patient on another list is moved) in a
    handful of queries. `fra` is one date or a date per patient (today). Opens the
    fastlegeliste care relationships in one INSERT and audits every place (LISTEPLASS_JOINED)
    in one more."""
    actor_require(actor, Action.MANAGE_RELATIONS)
    liste = _liste(actor, liste_id, enhet_id)
    ids = list(dict.fromkeys(pasient_ids))
    if not ids:
        return []
    try:
        kjente = set(Pasient.objects.filter(pk__in=ids).values_list("pk", flat=True))
    except (ValueError, ValidationError) as exc:
        raise NotFound from exc
    if len(kjente) != len(ids):
        raise NotFound
    if liste.status == ListeStatus.LUKKET:
        raise ApplicationError(_("Listen er lukket for nye pasienter."))
    antall = Listeplass.objects.filter(liste=liste, til__isnull=True).count()
    if antall + len(ids) > liste.kapasitet:
        raise ApplicationError(_("Listen er full (listetak %(n)d).") % {"n": liste.kapasitet})
    dato: dict[uuid.UUID, dt.date] = {
        pid: (fra.get(pid) if isinstance(fra, Mapping) else fra) or idag() for pid in ids
    }
    gamle = list(
        Listeplass.objects.select_for_update().filter(pasient_id__in=ids, til__isnull=True)
    )
    for gammel in gamle:
        if gammel.liste_id == liste.pk:
            raise ApplicationError(_("Pasienten står allerede på denne listen."))
        _leave(actor, gammel, til=dato[gammel.pasient_id], grunn=_("Byttet fastlege"))
    relasjoner = relasjoner_insert_many(
        actor=actor,
        pasient_ids=ids,
        enhet_id=liste.enhet_id,
        grunnlag=RelasjonGrunnlag.FASTLEGELISTE,
        ansvarlig=liste.lege,
    )
    plasser = [
        Listeplass(
            pasient_id=pid,
            enhet_id=liste.enhet_id,
            liste=liste,
            fra=dato[pid],
            relasjon=relasjoner[pid],
        )
        for pid in ids
    ]
    for plass in plasser:
        plass.full_clean(exclude=LOADED_FKS, validate_unique=False, validate_constraints=False)
    Listeplass.objects.bulk_create(plasser)
    audit_log_many(
        actor=actor,
        event=AuditEvent.LISTEPLASS_JOINED,
        targets=plasser,
        extra={"liste_id": str(liste.pk)},
    )
    return plasser
