"""Writes of patient data. Each checks journal.access and audits in its own transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.identifikatorer import IdentifikatorError, IdentifikatorType, identifikator_parse
from core.klokke import idag
from core.models import Action, Ansatt, Helsepersonellkategori, Kommune
from core.validators import STYRETEGN_MELDING, styretegn_finnes
from journal.access import actor_require
from journal.models import Kjoenn, Maalform, Paaroerende, Pasient, RelasjonGrunnlag
from journal.services.tilgang import acting_enhet_id_or_none, relasjon_insert


@dataclass
class PaaroerendeData:
    navn: str
    relasjon: str
    telefon: str = ""
    er_naermeste: bool = False
    er_verge: bool = False


@dataclass
class PasientData:
    identifikator: str
    fornavn: str
    etternavn: str
    fodselsdato: dt.date
    mellomnavn: str = ""
    kjonn: str = Kjoenn.UKJENT
    adresse: str = ""
    postnummer: str = ""
    poststed: str = ""
    kommunenummer: str = ""
    telefon: str = ""
    foretrukket_sprak: str = ""
    tolkebehov: bool = False
    malform: str = Maalform.BOKMAL
    fastlege_hpr: str = ""
    dodsdato: dt.date | None = None
    identifikator_utsteder: str = ""
    paarorende: list[PaaroerendeData] = field(default_factory=list)


# Names and one-line fields: no control or bidi-override characters (a name that starts with
# a right-to-left override shows reversed everywhere it is printed).
_NAVNEFELT = (
    "identifikator_utsteder",
    "fornavn",
    "mellomnavn",
    "etternavn",
    "adresse",
    "poststed",
    "telefon",
    "foretrukket_sprak",
)


def _field_error(name: str, message: str) -> ValidationError:
    return ValidationError({name: [message]})


def _resolve_kommune(nummer: str) -> Kommune | None:
    if not nummer:
        return None
    kommune = Kommune.objects.filter(nummer=nummer).first()
    if kommune is None:
        raise _field_error("kommunenummer", _("Ukjent kommunenummer: %(nr)s.") % {"nr": nummer})
    return kommune


def _resolve_fastlege(hpr: str) -> Ansatt | None:
    if not hpr:
        return None
    lege = Ansatt.objects.filter(
        hpr_nummer=hpr, helsepersonellkategori=Helsepersonellkategori.LE
    ).first()
    if lege is None:
        raise _field_error(
            "fastlege_hpr", _("Fant ingen lege med HPR-nummer %(hpr)s.") % {"hpr": hpr}
        )
    return lege


def pasient_create(*, actor: Ansatt | None, data: PasientData) -> Pasient:
    """Register a new patient. Raises ValidationError (per field) or ApplicationError."""
    actor_require(actor, Action.REGISTER_PATIENT)
    try:
        ident = identifikator_parse(
            data.identifikator, allow_synthetic=settings.ALLOW_SYNTHETIC_IDENTITIES
        )
    except IdentifikatorError as exc:
        raise _field_error("identifikator", str(exc)) from exc
    for felt in _NAVNEFELT:
        if styretegn_finnes(str(getattr(data, felt) or ""), kort=True):
            raise _field_error(felt, str(STYRETEGN_MELDING))
    for naer in data.paarorende:
        if any(styretegn_finnes(v, kort=True) for v in (naer.navn, naer.relasjon, naer.telefon)):
            raise _field_error("paarorende", str(STYRETEGN_MELDING))
    if ident.type is IdentifikatorType.HNR and not data.identifikator_utsteder:
        raise _field_error("identifikator_utsteder", _("H-nummer må ha utsteder."))
    if data.dodsdato and data.dodsdato < data.fodselsdato:
        raise _field_error("dodsdato", _("Dødsdato kan ikke være før fødselsdato."))
    if data.fodselsdato > idag():
        raise _field_error("fodselsdato", _("Fødselsdato kan ikke være i fremtiden."))

    pasient = Pasient(
        identifikator=ident.verdi,
        identifikator_type=ident.type.value,
        identifikator_utsteder=data.identifikator_utsteder,
        fornavn=data.fornavn.strip(),
        mellomnavn=data.mellomnavn.strip(),
        etternavn=data.etternavn.strip(),
        fodselsdato=data.fodselsdato,
        kjonn=data.kjonn,
        adresse=data.adresse,
        postnummer=data.postnummer,
        poststed=data.poststed,
        kommune=_resolve_kommune(data.kommunenummer),
        telefon=data.telefon,
        foretrukket_sprak=data.foretrukket_sprak,
        tolkebehov=data.tolkebehov,
        malform=data.malform,
        fastlege=_resolve_fastlege(data.fastlege_hpr),
        dodsdato=data.dodsdato,
    )
    existing = Pasient.objects.filter(identifikator=ident.verdi).values_list("pk", flat=True)
    if existing:
        raise _duplicate_refused(actor, existing[0])
    pasient.full_clean(
        exclude=["sok_fornavn", "sok_mellomnavn", "sok_etternavn"],
        validate_unique=False,
        validate_constraints=False,
    )
    try:
        with transaction.atomic():
            pasient.save()
            for p in data.paarorende:
                kin = Paaroerende(
                    pasient=pasient,
                    navn=p.navn,
                    relasjon=p.relasjon,
                    telefon=p.telefon,
                    er_naermeste=p.er_naermeste,
                    er_verge=p.er_verge,
                )
                kin.full_clean()
                kin.save()
            audit_log(
                actor=actor, event=AuditEvent.PASIENT_CREATED, target=pasient, pasient_id=pasient.pk
            )
            enhet_id = acting_enhet_id_or_none()
            if actor is not None and enhet_id is not None:
                # The registering unit is helping the patient: it gets a relationship.
                relasjon_insert(
                    actor=actor,
                    pasient_id=pasient.pk,
                    enhet_id=enhet_id,
                    grunnlag=RelasjonGrunnlag.MANUELL,
                    begrunnelse=_("Registrert av enheten"),
                )
    except IntegrityError as exc:  # a concurrent registration of the same person
        other = Pasient.objects.filter(identifikator=ident.verdi).values_list("pk", flat=True)
        raise _duplicate_refused(actor, other[0] if other else None) from exc
    return pasient


DUPLIKAT = "finnes"  # the ValidationError code of "this person is registered already"


def _duplicate_refused(actor: Ansatt | None, pasient_id: uuid.UUID | None) -> ValidationError:
    """The duplicate is refused, and the answer told the actor that the person is known
    here: audited as a look-up outside a care relationship (committed before the error)."""
    with transaction.atomic():
        audit_log(
            actor=actor,
            event=AuditEvent.PASIENT_REGISTRATION_MATCHED,
            pasient_id=pasient_id,
            grunnlag="oppslag",
            extra={"utenfor_behandlingsrelasjon": True},
        )
    message = _("Det finnes allerede en pasient med denne identifikatoren.")
    return ValidationError({"identifikator": [ValidationError(message, code=DUPLIKAT)]})


@transaction.atomic
def pasient_dodsdato_set(
    *, actor: Ansatt | None, pasient_id: uuid.UUID | str, dato: dt.date, kilde: str
) -> Pasient:
    """Record the patient's date of death (from a hospital's message, or a unit that
    learned of it). Not before birth, not in the future; the same date again is a no-op.
    The system (actor=None, only in a system context) or a role that registers patients.
    Audited as PASIENT_DODSDATO_SET with `kilde` (e.g. the message's id)."""
    actor_require(actor, Action.REGISTER_PATIENT)
    pasient = Pasient.objects.select_for_update().get(pk=uuid.UUID(str(pasient_id)))
    if dato > idag():
        raise _field_error("dodsdato", _("Dødsdato kan ikke være fram i tid."))
    if dato < pasient.fodselsdato:
        raise _field_error("dodsdato", _("Dødsdato kan ikke være før fødselsdato."))
    if pasient.dodsdato == dato:
        return pasient
    forrige = pasient.dodsdato
    pasient.dodsdato = dato
    pasient.save(update_fields=["dodsdato", "updated_at"])
    audit_log(
        actor=actor,
        event=AuditEvent.PASIENT_DODSDATO_SET,
        target=pasient,
        pasient_id=pasient.pk,
        extra={
            "dato": dato.isoformat(),
            "forrige": forrige.isoformat() if forrige else None,
            "kilde": kilde[:200],
        },
    )
    return pasient
