"""Writes for nursing homes: rooms and beds, stays (reservation, admission, transfer,
absences, discharge, death) and the waiting list.

Beds and stays are managed by a person acting in the ward with Action.MANAGE_STAYS.
A stay opens the ward's care relationship (grunnlag "opphold") through journal's
services, and discharge closes it. Double-booking of a bed is refused by PostgreSQL
(exclusion constraint), which this module translates into a Norwegian message.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Greatest
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.exceptions import ApplicationError, NotFound
from core.klokke import idag, naa
from core.models import Action, Ansatt
from journal.access import access_scoped, actor_require, restrict_scoped
from journal.models import (
    Behandlingsrelasjon,
    Pasient,
    RelasjonGrunnlag,
    Tjeneste,
    TjenesteStatus,
)
from journal.services import behandlingsrelasjon_close
from journal.services.tilgang import relasjon_insert
from tjenester.sykehjem.models import (
    DOBBELTBOOKING_CONSTRAINT,
    OPPHOLD_TJENESTEKODER,
    Avslutningsaarsak,
    Fravaer,
    Fravaerstype,
    Opphold,
    OppholdStatus,
    Oppholdstype,
    Seng,
    Sengeperiode,
    Venteliste,
    VentelisteStatus,
)
from tjenester.sykehjem.selectors import (
    acting_avdeling,
    avdelinger_i_kommunen,
)

MAX_MERKNAD = 500


def _is_double_booking(exc: IntegrityError) -> bool:
    diag = getattr(exc.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None) == DOBBELTBOOKING_CONSTRAINT


def _periode_save(periode: Sengeperiode, update_fields: list[str] | None = None) -> None:
    """Save a bed period; the database refuses one that overlaps another on the same bed."""
    periode.seng_nr = periode.seng.nummer
    periode.full_clean(exclude=["seng_nr"])
    try:
        with transaction.atomic():
            if update_fields is None:
                periode.save()
            else:
                periode.save(update_fields=[*update_fields, "seng_nr", "updated_at"])
    except IntegrityError as exc:
        if _is_double_booking(exc):
            raise ApplicationError(_("Sengen er allerede belagt i perioden.")) from exc
        raise


def merknad_clean(value: str) -> str:
    value = value.strip()
    if len(value) > MAX_MERKNAD:
        raise ValidationError(
            {"merknad": [_("Merknaden kan være høyst %(n)d tegn.") % {"n": MAX_MERKNAD}]}
        )
    return value


def _today() -> dt.date:
    return idag()


# --- stays ------------------------------------------------------------------------------------


def _seng_for_opphold(seng_id: uuid.UUID | str, enhet_ids: set[uuid.UUID] | None) -> Seng:
    try:
        key = uuid.UUID(str(seng_id))
    except ValueError as exc:
        raise ValidationError({"seng": [_("Velg en seng.")]}) from exc
    seng = Seng.objects.select_related("rom", "enhet").filter(pk=key).first()
    if seng is None or (enhet_ids is not None and seng.enhet_id not in enhet_ids):
        raise ValidationError({"seng": [_("Velg en seng på avdelingen.")]})
    if not seng.aktiv:
        raise ValidationError({"seng": [_("Sengen er ute av drift.")]})
    return seng


def _pasient_resolve(pasient_id: uuid.UUID | str | None, identifikator: str) -> Pasient:
    qs = Pasient.objects.select_for_update()
    if pasient_id:
        try:
            pasient = qs.filter(pk=uuid.UUID(str(pasient_id))).first()
        except ValueError:
            pasient = None
    else:
        pasient = qs.filter(identifikator="".join(identifikator.split())).first()
    if pasient is None:
        raise ValidationError({"pasient": [_("Fant ingen pasient med dette fødselsnummeret.")]})
    if pasient.dodsdato is not None:
        raise ValidationError({"pasient": [_("Pasienten er registrert som død.")]})
    return pasient


def _other_stay_overlaps(
    pasient: Pasient, fra: dt.date, til: dt.date | None, exclude: uuid.UUID | None = None
) -> bool:
    qs = Opphold.objects.filter(pasient=pasient).exclude(status=OppholdStatus.AVSLUTTET)
    qs = qs.exclude(til__isnull=False, til__lte=fra)
    if til is not None:
        qs = qs.exclude(fra__gte=til)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.exists()


def _tjeneste_for_opphold(
    actor: Ansatt | None, tjeneste_id: uuid.UUID | str, enhet_id: uuid.UUID
) -> Tjeneste:
    """An active stay-type service of the ward (its patient is checked by the caller)."""
    try:
        key = uuid.UUID(str(tjeneste_id))
    except ValueError:
        key = None
    tjeneste = (
        restrict_scoped(
            Tjeneste.objects.filter(
                pk=key,
                enhet_id=enhet_id,
                status=TjenesteStatus.AKTIV,
                tjenestetype_kode__in=OPPHOLD_TJENESTEKODER,
            ),
            actor,
            action=Action.MANAGE_STAYS,
        ).first()
        if key
        else None
    )
    if tjeneste is None:
        raise ValidationError(
            {"tjeneste": [_("Velg et aktivt vedtak om opphold på denne avdelingen.")]}
        )
    return tjeneste


def _validate_period(fra: dt.date, til: dt.date | None) -> None:
    if til is not None and til <= fra:
        raise ValidationError({"til": [_("Sluttdato må være etter startdato.")]})


@transaction.atomic
def opphold_create(
    *,
    actor: Ansatt | None,
    seng_id: uuid.UUID | str,
    type: str,
    fra: dt.date,
    til: dt.date | None = None,
    pasient_id: uuid.UUID | str | None = None,
    identifikator: str = "",
    venteliste_id: uuid.UUID | str | None = None,
    merknad: str = "",
    tjeneste_id: uuid.UUID | str | None = None,
) -> Opphold:
    """Admit a patient to a bed of the acting ward (fra today or earlier: status aktiv) or
    reserve the bed (fra ahead: status reservert). `til` is the planned end (optional).

    Opens the ward's care relationship (grunnlag "opphold"). From the waiting list, the
    entry is marked innlagt. Audited as OPPHOLD_ADMITTED or OPPHOLD_CREATED (reserved).
    Refused with "Sengen er allerede belagt i perioden." when the bed is taken, also
    when another request took it at the same moment. `tjeneste_id` names the service
    (journal Tjeneste, from a decision) the stay fulfils: an active stay-type service of
    the bed's ward for this patient; given alone, it also names the patient.
    """
    enhet_ids: set[uuid.UUID] | None = None
    if actor is not None:
        enhet_ids = {acting_avdeling(actor).pk}
    else:
        actor_require(actor, Action.MANAGE_STAYS)
    if type not in Oppholdstype.values:
        raise ValidationError({"type": [_("Velg type opphold.")]})
    _validate_period(fra, til)
    merknad = merknad_clean(merknad)
    seng = _seng_for_opphold(seng_id, enhet_ids)
    venteliste = None
    if venteliste_id:
        ventende = Venteliste.objects.select_for_update().filter(status=VentelisteStatus.VENTER)
        if enhet_ids is not None:
            ventende = ventende.filter(enhet_id__in=enhet_ids)
        venteliste = ventende.filter(pk=venteliste_id).first()
        if venteliste is None:
            raise ValidationError({"venteliste": [_("Pasienten står ikke lenger på ventelisten.")]})
        pasient_id = venteliste.pasient_id
    tjeneste = _tjeneste_for_opphold(actor, tjeneste_id, seng.enhet_id) if tjeneste_id else None
    if tjeneste is not None and not (pasient_id or identifikator.strip()):
        pasient_id = tjeneste.pasient_id
    pasient = _pasient_resolve(pasient_id, identifikator)
    if tjeneste is not None and tjeneste.pasient_id != pasient.pk:
        raise ValidationError({"tjeneste": [_("Vedtaket gjelder en annen pasient.")]})
    if _other_stay_overlaps(pasient, fra, til):
        raise ApplicationError(_("Pasienten har allerede et opphold i denne perioden."))
    status = OppholdStatus.RESERVERT if fra > _today() else OppholdStatus.AKTIV
    opphold = Opphold(
        pasient=pasient,
        enhet=seng.enhet,
        seng=seng,
        type=type,
        status=status,
        fra=fra,
        til=til,
        merknad=merknad,
        registrert_av=actor,
        tjeneste=tjeneste,
    )
    opphold.full_clean()
    opphold.save()
    _periode_save(
        Sengeperiode(
            opphold=opphold, pasient=pasient, enhet=seng.enhet, seng=seng, fra=fra, til=til
        )
    )
    relasjon_insert(
        actor=actor,
        pasient_id=pasient.pk,
        enhet_id=seng.enhet_id,
        grunnlag=RelasjonGrunnlag.OPPHOLD,
    )
    if venteliste is not None:
        venteliste.status = VentelisteStatus.INNLAGT
        venteliste.opphold = opphold
        venteliste.save(update_fields=["status", "opphold", "updated_at"])
        audit_log(
            actor=actor,
            event=AuditEvent.VENTELISTE_REMOVED,
            target=venteliste,
            pasient_id=pasient.pk,
            extra={"status": VentelisteStatus.INNLAGT, "opphold_id": str(opphold.pk)},
        )
    audit_log(
        actor=actor,
        event=AuditEvent.OPPHOLD_ADMITTED
        if status == OppholdStatus.AKTIV
        else AuditEvent.OPPHOLD_CREATED,
        target=opphold,
        pasient_id=pasient.pk,
        extra={
            "seng": str(seng.pk),
            "type": type,
            "fra": fra.isoformat(),
            "til": til.isoformat() if til else None,
            "status": status,
            "tjeneste": str(tjeneste.pk) if tjeneste else None,
        },
    )
    return opphold


def _opphold_for_change(actor: Ansatt | None, opphold_id: uuid.UUID | str) -> Opphold:
    """The stay, locked, if the person manages it from its ward (else the same 404)."""
    qs = Opphold.objects.select_for_update().filter(
        status__in=[OppholdStatus.RESERVERT, OppholdStatus.AKTIV]
    )
    if actor is None:
        actor_require(actor, Action.MANAGE_STAYS)
        opphold = qs.filter(pk=opphold_id).first()
        if opphold is None:
            raise NotFound
        return opphold
    avdeling = acting_avdeling(actor)
    return access_scoped(actor, qs.filter(enhet=avdeling), opphold_id, action=Action.MANAGE_STAYS)


def _current_periode(opphold: Opphold) -> Sengeperiode:
    periode = (
        Sengeperiode.objects.select_for_update()
        .select_related("seng")
        .filter(opphold=opphold)
        .order_by("-fra", "-created_at")
        .first()
    )
    if periode is None:  # pragma: no cover - every stay is created with one
        raise NotFound
    return periode


@transaction.atomic
def opphold_admit(
    *, actor: Ansatt | None, opphold_id: uuid.UUID | str, dato: dt.date | None = None
) -> Opphold:
    """The reserved resident arrives (innleggelse): the stay starts on `dato` (today)."""
    opphold = _opphold_for_change(actor, opphold_id)
    if opphold.status != OppholdStatus.RESERVERT:
        raise ApplicationError(_("Bare reserverte opphold kan legges inn."))
    dato = dato or _today()
    if dato > _today():
        raise ValidationError({"dato": [_("Innleggelsen kan ikke være fram i tid.")]})
    _validate_period(dato, opphold.til)
    periode = _current_periode(opphold)
    periode.fra = dato
    _periode_save(periode, update_fields=["fra"])
    gammel_fra = opphold.fra
    opphold.fra, opphold.status = dato, OppholdStatus.AKTIV
    opphold.full_clean()
    opphold.save(update_fields=["fra", "status", "updated_at"])
    audit_log(
        actor=actor,
        event=AuditEvent.OPPHOLD_ADMITTED,
        target=opphold,
        pasient_id=opphold.pasient_id,
        extra={"fra": [gammel_fra.isoformat(), dato.isoformat()]},
    )
    return opphold


@transaction.atomic
def opphold_transfer(
    *,
    actor: Ansatt | None,
    opphold_id: uuid.UUID | str,
    seng_id: uuid.UUID | str,
    dato: dt.date | None = None,
) -> Opphold:
    """Move the resident to another bed, in this or another ward of the municipality.

    Ends the current bed period on `dato` and starts one on the new bed in the same
    transaction (a reserved stay just changes bed). Moving to another ward closes the old
    ward's care relationship and opens the new one's. Audited as OPPHOLD_TRANSFERRED.
    """
    opphold = _opphold_for_change(actor, opphold_id)
    enhet_ids = (
        set(avdelinger_i_kommunen().values_list("pk", flat=True)) if actor is not None else None
    )
    ny_seng = _seng_for_opphold(seng_id, enhet_ids)
    periode = _current_periode(opphold)
    if ny_seng.pk == periode.seng_id:
        raise ValidationError({"seng": [_("Pasienten ligger allerede i denne sengen.")]})
    dato = dato or _today()
    if opphold.status == OppholdStatus.AKTIV and dato <= periode.fra:
        dato = periode.fra  # moved the same day they came: one period on the new bed
    if opphold.til is not None and dato >= opphold.til:
        raise ValidationError({"dato": [_("Oppholdet er slutt før denne datoen.")]})
    if dato > _today() + dt.timedelta(days=366):
        raise ValidationError({"dato": [_("Velg en dato innen ett år.")]})
    gammel_seng = periode.seng
    if opphold.status == OppholdStatus.RESERVERT or dato <= periode.fra:
        periode.seng, periode.enhet = ny_seng, ny_seng.enhet
        _periode_save(periode, update_fields=["seng", "enhet"])
    else:
        periode.til = dato
        _periode_save(periode, update_fields=["til"])
        _periode_save(
            Sengeperiode(
                opphold=opphold,
                pasient_id=opphold.pasient_id,
                enhet=ny_seng.enhet,
                seng=ny_seng,
                fra=dato,
                til=opphold.til,
            )
        )
    gammel_enhet_id = opphold.enhet_id
    opphold.seng, opphold.enhet = ny_seng, ny_seng.enhet
    opphold.save(update_fields=["seng", "enhet", "updated_at"])
    if ny_seng.enhet_id != gammel_enhet_id:
        relasjon_insert(
            actor=actor,
            pasient_id=opphold.pasient_id,
            enhet_id=ny_seng.enhet_id,
            grunnlag=RelasjonGrunnlag.OPPHOLD,
        )
        _relasjon_close(actor, opphold.pasient_id, gammel_enhet_id)
    audit_log(
        actor=actor,
        event=AuditEvent.OPPHOLD_TRANSFERRED,
        target=opphold,
        pasient_id=opphold.pasient_id,
        extra={
            "fra_seng": str(gammel_seng.pk),
            "til_seng": str(ny_seng.pk),
            "fra_enhet": str(gammel_enhet_id),
            "til_enhet": str(ny_seng.enhet_id),
            "dato": dato.isoformat(),
        },
    )
    return opphold


def _relasjon_close(actor: Ansatt | None, pasient_id: uuid.UUID, enhet_id: uuid.UUID) -> None:
    """Close the ward's stay-based care relationship (other bases, e.g. a decision, stay)."""
    for relasjon_id in (
        Behandlingsrelasjon.objects.active()
        .filter(pasient_id=pasient_id, enhet_id=enhet_id, grunnlag=RelasjonGrunnlag.OPPHOLD)
        .values_list("pk", flat=True)
    ):
        behandlingsrelasjon_close(actor=actor, relasjon_id=relasjon_id)


def _end(
    actor: Ansatt | None,
    opphold: Opphold,
    dato: dt.date,
    arsak: str,
    event: AuditEvent,
    extra: dict[str, Any] | None = None,
) -> Opphold:
    periode = _current_periode(opphold)
    if dato < periode.fra:
        raise ValidationError(
            {
                "dato": [
                    _("Datoen kan ikke være før pasienten kom til sengen (%(d)s).")
                    % {"d": periode.fra.strftime("%d.%m.%Y")}
                ]
            }
        )
    if dato > _today():
        raise ValidationError({"dato": [_("Datoen kan ikke være fram i tid.")]})
    periode.til = dato
    _periode_save(periode, update_fields=["til"])
    Fravaer.objects.filter(opphold=opphold, til__isnull=True).update(
        til=Greatest(F("fra"), Value(dato)), updated_at=naa()
    )
    opphold.til, opphold.status, opphold.avslutningsarsak = dato, OppholdStatus.AVSLUTTET, arsak
    if arsak == Avslutningsaarsak.DOD:
        opphold.dodsdato = dato
    opphold.full_clean()
    opphold.save(update_fields=["til", "status", "avslutningsarsak", "dodsdato", "updated_at"])
    _relasjon_close(actor, opphold.pasient_id, opphold.enhet_id)
    audit_log(
        actor=actor,
        event=event,
        target=opphold,
        pasient_id=opphold.pasient_id,
        extra={"dato": dato.isoformat(), "arsak": arsak, **(extra or {})},
    )
    return opphold


@transaction.atomic
def opphold_discharge(
    *, actor: Ansatt | None, opphold_id: uuid.UUID | str, dato: dt.date | None = None
) -> Opphold:
    """Discharge (utskrivning) on `dato` (today or earlier): the bed is free from that day,
    ongoing absences end, the ward's care relationship closes. Audited."""
    opphold = _opphold_for_change(actor, opphold_id)
    if opphold.status != OppholdStatus.AKTIV:
        raise ApplicationError(_("Bare aktive opphold kan avsluttes. Annuller reservasjonen."))
    return _end(
        actor, opphold, dato or _today(), Avslutningsaarsak.UTSKREVET, AuditEvent.OPPHOLD_DISCHARGED
    )


@transaction.atomic
def opphold_death(
    *, actor: Ansatt | None, opphold_id: uuid.UUID | str, dato: dt.date | None = None
) -> Opphold:
    """Register that the resident died on `dato`: the stay ends that day with the date of
    death recorded on the stay. (journal has no service that sets Pasient.dodsdato yet.)"""
    opphold = _opphold_for_change(actor, opphold_id)
    if opphold.status != OppholdStatus.AKTIV:
        raise ApplicationError(_("Bare aktive opphold kan avsluttes."))
    return _end(actor, opphold, dato or _today(), Avslutningsaarsak.DOD, AuditEvent.OPPHOLD_DEATH)


@transaction.atomic
def opphold_cancel(*, actor: Ansatt | None, opphold_id: uuid.UUID | str) -> Opphold:
    """Annul a reservation: the bed is free again (the period becomes empty)."""
    opphold = _opphold_for_change(actor, opphold_id)
    if opphold.status != OppholdStatus.RESERVERT:
        raise ApplicationError(_("Bare reserverte opphold kan annulleres."))
    periode = _current_periode(opphold)
    periode.til = periode.fra
    _periode_save(periode, update_fields=["til"])
    opphold.til, opphold.status = opphold.fra, OppholdStatus.AVSLUTTET
    opphold.avslutningsarsak = Avslutningsaarsak.ANNULLERT
    opphold.save(update_fields=["til", "status", "avslutningsarsak", "updated_at"])
    _relasjon_close(actor, opphold.pasient_id, opphold.enhet_id)
    audit_log(
        actor=actor,
        event=AuditEvent.OPPHOLD_CANCELLED,
        target=opphold,
        pasient_id=opphold.pasient_id,
    )
    return opphold


# --- absences ---------------------------------------------------------------------------------


@transaction.atomic
def fravaer_create(
    *,
    actor: Ansatt | None,
    opphold_id: uuid.UUID | str,
    type: str,
    fra: dt.date,
    til: dt.date | None = None,
    merknad: str = "",
) -> Fravaer:
    """Record leave (permisjon) or a hospital stay within an active stay: [fra, til), til
    empty while it lasts. The bed stays the resident's. Audited as FRAVAR_CREATED."""
    opphold = _opphold_for_change(actor, opphold_id)
    if opphold.status != OppholdStatus.AKTIV:
        raise ApplicationError(_("Fravær registreres på aktive opphold."))
    if type not in Fravaerstype.values:
        raise ValidationError({"type": [_("Velg permisjon eller sykehusopphold.")]})
    _validate_period(fra, til)
    if fra < opphold.fra:
        raise ValidationError({"fra": [_("Fraværet kan ikke starte før oppholdet.")]})
    if opphold.til is not None and (til is None or til > opphold.til) and fra >= opphold.til:
        raise ValidationError({"fra": [_("Fraværet må ligge innenfor oppholdet.")]})
    overlapp = Fravaer.objects.filter(opphold=opphold).filter(Q(til__isnull=True) | Q(til__gt=fra))
    if til is not None:
        overlapp = overlapp.filter(fra__lt=til)
    if overlapp.exists():
        raise ApplicationError(_("Pasienten har allerede fravær i denne perioden."))
    fravar = Fravaer(
        opphold=opphold,
        pasient_id=opphold.pasient_id,
        enhet_id=opphold.enhet_id,
        type=type,
        fra=fra,
        til=til,
        merknad=merknad_clean(merknad),
        registrert_av=actor,
    )
    fravar.full_clean()
    fravar.save()
    audit_log(
        actor=actor,
        event=AuditEvent.FRAVAR_CREATED,
        target=fravar,
        pasient_id=opphold.pasient_id,
        extra={"type": type, "fra": fra.isoformat(), "til": til.isoformat() if til else None},
    )
    return fravar


@transaction.atomic
def fravaer_end(
    *, actor: Ansatt | None, fravar_id: uuid.UUID | str, til: dt.date | None = None
) -> Fravaer:
    """The resident is back (on `til`, today by default). Audited as FRAVAR_ENDED."""
    fravar = Fravaer.objects.select_for_update().filter(pk=fravar_id, til__isnull=True).first()
    if fravar is None:
        raise NotFound
    _opphold_for_change(actor, fravar.opphold_id)  # same rights and 404 as for the stay
    til = til or _today()
    if til < fravar.fra:
        raise ValidationError({"til": [_("Returdato kan ikke være før fraværet startet.")]})
    fravar.til = til
    fravar.full_clean()
    fravar.save(update_fields=["til", "updated_at"])
    audit_log(
        actor=actor,
        event=AuditEvent.FRAVAR_ENDED,
        target=fravar,
        pasient_id=fravar.pasient_id,
        extra={"til": til.isoformat()},
    )
    return fravar
