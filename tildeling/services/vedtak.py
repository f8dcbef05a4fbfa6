"""Decisions (enkeltvedtak): draft, decide (one or two persons), effects, end, replace.

A decided decision starts the service for the providing unit (journal.tjeneste_start,
which opens the unit's care relationship); when a decision ends or is replaced, its
services end with it (journal.tjeneste_close closes the relationship when it was the
unit's last service for the patient).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, replace
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.exceptions import ApplicationError, NotFound
from core.klokke import idag, naa
from core.models import Action, Ansatt, Enhet
from journal.access import access_unit_record, actor_require
from journal.selectors import tjenester_for_vedtak
from journal.services import TjenesteData, tjeneste_close, tjeneste_start
from tildeling.models import (
    Avslutning,
    OmfangEnhet,
    Sak,
    SakStatus,
    Tjenestetype,
    Utfall,
    Vedtak,
    VedtakStatus,
)
from tildeling.services.gp import vedtak_fattet_publish
from tildeling.services.sak import sak_lock, sak_status_apply


@dataclass(frozen=True)
class VedtakData:
    """The content of a decision as the case officer writes it."""

    tjenestetype_id: uuid.UUID
    utfall: str
    begrunnelse: str
    omfang: Decimal | None = None
    fra_dato: dt.date | None = None
    til_dato: dt.date | None = None
    revurdering_dato: dt.date | None = None
    lovgrunnlag: str = ""
    egenandel: bool | None = None  # None: as the service type says
    egenandel_grunnlag: str = ""
    utforende_enhet_id: uuid.UUID | None = None


def vedtak_validate(
    data: VedtakData, tjenestetype: Tjenestetype, enhet: Enhet | None
) -> dict[str, list[str]]:
    """The decision rules, as errors per field (empty: valid). No database access.

    Granted (fully or partly): a from-date; an extent unless the service has none; an end
    date, or "until further notice" with a review date; dates in order; a providing unit
    of a type that gives the service. Refused: only a reasoning (no extent or period).
    """
    errors: dict[str, list[str]] = {}
    if data.utfall not in Utfall.values:
        errors["utfall"] = [_("Velg innvilget, delvis innvilget eller avslag.")]
        return errors
    if not data.begrunnelse.strip():
        errors["begrunnelse"] = [_("Et vedtak må begrunnes (forvaltningsloven § 24).")]
    if data.utfall == Utfall.AVSLAG:
        return errors
    if data.fra_dato is None:
        errors["fra_dato"] = [_("Oppgi fra hvilken dato tjenesten gis.")]
    if tjenestetype.omfang_enhet != OmfangEnhet.INGEN:
        if data.omfang is None or data.omfang <= 0:
            errors["omfang"] = [
                _("Oppgi omfanget i %(enhet)s.")
                % {"enhet": OmfangEnhet(tjenestetype.omfang_enhet).label}
            ]
        elif data.omfang > Decimal(168) and tjenestetype.omfang_enhet == OmfangEnhet.TIMER_UKE:
            errors["omfang"] = [_("En uke har 168 timer.")]
    if data.til_dato is None and data.revurdering_dato is None:
        errors["revurdering_dato"] = [
            _("Et vedtak uten sluttdato (inntil videre) må ha en dato for revurdering.")
        ]
    if data.fra_dato is not None:
        if data.til_dato is not None and data.til_dato < data.fra_dato:
            errors["til_dato"] = [_("Til-datoen må være etter fra-datoen.")]
        if data.revurdering_dato is not None and data.revurdering_dato < data.fra_dato:
            errors["revurdering_dato"] = [_("Revurderingen må være etter fra-datoen.")]
    if (
        enhet is not None
        and tjenestetype.utforende_enhetstyper
        and enhet.type not in tjenestetype.utforende_enhetstyper
    ):
        errors["utforende_enhet"] = [
            _("%(enhet)s gir ikke tjenesten %(tjeneste)s.")
            % {"enhet": enhet.navn, "tjeneste": tjenestetype.navn}
        ]
    return errors


def _resolve(data: VedtakData, dag: dt.date) -> tuple[Tjenestetype, Enhet | None]:
    tjenestetype = Tjenestetype.objects.gyldige(dag).filter(pk=data.tjenestetype_id).first()
    if tjenestetype is None:
        raise ValidationError({"tjenestetype": [_("Velg en tjeneste fra tjenestekatalogen.")]})
    enhet = None
    if data.utforende_enhet_id is not None and data.utfall != Utfall.AVSLAG:
        enhet = Enhet.objects.filter(pk=data.utforende_enhet_id, aktiv=True).first()
        if enhet is None:
            raise ValidationError({"utforende_enhet": [_("Velg en aktiv enhet.")]})
    errors = vedtak_validate(data, tjenestetype, enhet)
    if errors:
        raise ValidationError(errors)
    return tjenestetype, enhet


def _apply(
    vedtak: Vedtak, data: VedtakData, tjenestetype: Tjenestetype, enhet: Enhet | None
) -> None:
    avslag = data.utfall == Utfall.AVSLAG
    vedtak.tjenestetype = tjenestetype
    vedtak.utfall = data.utfall
    vedtak.begrunnelse = data.begrunnelse.strip()
    vedtak.lovgrunnlag = data.lovgrunnlag.strip() or tjenestetype.lovgrunnlag
    vedtak.omfang = None if avslag else data.omfang
    vedtak.omfang_enhet = "" if avslag else tjenestetype.omfang_enhet
    vedtak.fra_dato = None if avslag else data.fra_dato
    vedtak.til_dato = None if avslag else data.til_dato
    vedtak.revurdering_dato = None if avslag else data.revurdering_dato
    egenandel = tjenestetype.egenandel if data.egenandel is None else data.egenandel
    vedtak.egenandel = egenandel and not avslag
    vedtak.egenandel_grunnlag = (
        (data.egenandel_grunnlag.strip() or tjenestetype.egenandel_tekst)
        if vedtak.egenandel
        else ""
    )
    vedtak.utforende_enhet = enhet


def _audit(actor: Ansatt | None, event: AuditEvent, vedtak: Vedtak, **extra: object) -> None:
    audit_log(
        actor=actor,
        event=event,
        target=vedtak,
        pasient_id=vedtak.pasient_id,
        extra={"sak_id": str(vedtak.sak_id), **{k: str(v) for k, v in extra.items()}},
    )


@transaction.atomic
def vedtak_draft_create(
    *,
    actor: Ansatt,
    sak_id: uuid.UUID | str,
    data: VedtakData,
    erstatter_id: uuid.UUID | None = None,
) -> Vedtak:
    """Draft a decision in a case (moving a received case to "under behandling")."""
    sak = sak_lock(actor=actor, sak_id=sak_id, action=Action.HANDLE_CASE)
    tjenestetype, enhet = _resolve(data, idag())
    vedtak = Vedtak(pasient_id=sak.pasient_id, enhet_id=sak.enhet_id, sak=sak, opprettet_av=actor)
    if erstatter_id is not None:
        vedtak.erstatter = _replaceable(sak, erstatter_id)
    _apply(vedtak, data, tjenestetype, enhet)
    vedtak.full_clean()
    vedtak.save()
    if sak.status in (SakStatus.MOTTATT, SakStatus.VEDTATT, SakStatus.AVSLUTTET):
        sak_status_apply(actor=actor, sak=sak, til=SakStatus.UNDER_BEHANDLING)
    _audit(actor, AuditEvent.VEDTAK_DRAFTED, vedtak, utfall=vedtak.utfall)
    return vedtak


def _replaceable(sak: Sak, erstatter_id: uuid.UUID) -> Vedtak:
    old = Vedtak.objects.filter(pk=erstatter_id, enhet_id=sak.enhet_id).first()
    if old is None or old.pasient_id != sak.pasient_id:
        raise NotFound
    if old.status != VedtakStatus.FATTET:
        raise ApplicationError(_("Bare et gjeldende vedtak kan erstattes."))
    if Vedtak.objects.filter(erstatter=old).exists():
        raise ApplicationError(_("Det finnes allerede et nytt vedtak som erstatter dette."))
    return old


def vedtak_lock(*, actor: Ansatt | None, vedtak_id: uuid.UUID | str, action: Action) -> Vedtak:
    actor_require(actor, action)
    return access_unit_record(
        actor,
        Vedtak.objects.select_for_update().select_related("tjenestetype"),
        vedtak_id,
        action=action,
    )


@transaction.atomic
def vedtak_draft_update(*, actor: Ansatt, vedtak_id: uuid.UUID | str, data: VedtakData) -> Vedtak:
    """Change a draft. A decided decision is never changed: replace it instead."""
    vedtak = vedtak_lock(actor=actor, vedtak_id=vedtak_id, action=Action.HANDLE_CASE)
    if vedtak.status != VedtakStatus.UTKAST:
        raise ApplicationError(_("Bare utkast kan endres. Lag et nytt vedtak som erstatter dette."))
    tjenestetype, enhet = _resolve(data, idag())
    _apply(vedtak, data, tjenestetype, enhet)
    vedtak.full_clean()
    vedtak.save()
    _audit(actor, AuditEvent.VEDTAK_DRAFT_UPDATED, vedtak)
    return vedtak


def _data_of(vedtak: Vedtak) -> VedtakData:
    return VedtakData(
        tjenestetype_id=vedtak.tjenestetype_id,
        utfall=vedtak.utfall,
        begrunnelse=vedtak.begrunnelse,
        omfang=vedtak.omfang,
        fra_dato=vedtak.fra_dato,
        til_dato=vedtak.til_dato,
        revurdering_dato=vedtak.revurdering_dato,
        lovgrunnlag=vedtak.lovgrunnlag,
        egenandel=vedtak.egenandel,
        egenandel_grunnlag=vedtak.egenandel_grunnlag,
        utforende_enhet_id=vedtak.utforende_enhet_id,
    )


@transaction.atomic
def vedtak_decide(*, actor: Ansatt | None, vedtak_id: uuid.UUID | str) -> Vedtak:
    """Decide a draft (DECIDE_VEDTAK). When the service type demands two persons, the
    decision waits for another person's approval (til_godkjenning); otherwise it is in
    force at once and its effects follow. Audited as VEDTAK_FATTET."""
    vedtak = vedtak_lock(actor=actor, vedtak_id=vedtak_id, action=Action.DECIDE_VEDTAK)
    if vedtak.status != VedtakStatus.UTKAST:
        raise ApplicationError(_("Vedtaket er allerede fattet."))
    errors = vedtak_validate(_data_of(vedtak), vedtak.tjenestetype, vedtak.utforende_enhet)
    if errors:
        raise ValidationError(errors)
    vedtak.fattet_av = actor
    vedtak.fattet_at = naa()
    if vedtak.tjenestetype.to_personer:
        vedtak.status = VedtakStatus.TIL_GODKJENNING
        vedtak.save(update_fields=["status", "fattet_av", "fattet_at", "updated_at"])
        _audit(actor, AuditEvent.VEDTAK_FATTET, vedtak, venter_godkjenning=True)
        return vedtak
    vedtak.status = VedtakStatus.FATTET
    vedtak.vedtaksdato = idag()
    vedtak.save(update_fields=["status", "fattet_av", "fattet_at", "vedtaksdato", "updated_at"])
    _audit(actor, AuditEvent.VEDTAK_FATTET, vedtak, utfall=vedtak.utfall)
    _iverksett(actor=actor, vedtak=vedtak)
    return vedtak


@transaction.atomic
def vedtak_approve(*, actor: Ansatt | None, vedtak_id: uuid.UUID | str) -> Vedtak:
    """The second person's approval of a two-person decision; then it is in force."""
    vedtak = vedtak_lock(actor=actor, vedtak_id=vedtak_id, action=Action.DECIDE_VEDTAK)
    if vedtak.status != VedtakStatus.TIL_GODKJENNING:
        raise ApplicationError(_("Vedtaket venter ikke på godkjenning."))
    if actor is not None and vedtak.fattet_av_id == actor.pk:
        raise ApplicationError(
            _("Vedtaket må godkjennes av en annen person enn den som fattet det.")
        )
    vedtak.status = VedtakStatus.FATTET
    vedtak.godkjent_av = actor
    vedtak.godkjent_at = naa()
    vedtak.vedtaksdato = idag()
    vedtak.save(update_fields=["status", "godkjent_av", "godkjent_at", "vedtaksdato", "updated_at"])
    _audit(actor, AuditEvent.VEDTAK_GODKJENT, vedtak, utfall=vedtak.utfall)
    _iverksett(actor=actor, vedtak=vedtak)
    return vedtak


@transaction.atomic
def vedtak_return(*, actor: Ansatt | None, vedtak_id: uuid.UUID | str, kommentar: str) -> Vedtak:
    """Send a decision awaiting approval back to draft, with a reason."""
    vedtak = vedtak_lock(actor=actor, vedtak_id=vedtak_id, action=Action.DECIDE_VEDTAK)
    if vedtak.status != VedtakStatus.TIL_GODKJENNING:
        raise ApplicationError(_("Vedtaket venter ikke på godkjenning."))
    if not kommentar.strip():
        raise ValidationError({"kommentar": [_("Skriv hva som må rettes.")]})
    vedtak.status = VedtakStatus.UTKAST
    vedtak.fattet_av = None
    vedtak.fattet_at = None
    vedtak.save(update_fields=["status", "fattet_av", "fattet_at", "updated_at"])
    _audit(actor, AuditEvent.VEDTAK_RETURNED, vedtak, kommentar=kommentar.strip()[:500])
    return vedtak


def _iverksett(*, actor: Ansatt | None, vedtak: Vedtak) -> None:
    """The effects of a decision coming into force (in the deciding transaction)."""
    if vedtak.er_innvilget and vedtak.utforende_enhet_id is not None:
        assert vedtak.fra_dato is not None  # noqa: S101 - vedtak_validate demands it
        tjeneste_start(
            actor=actor,
            pasient_id=vedtak.pasient_id,
            enhet_id=vedtak.utforende_enhet_id,
            data=TjenesteData(
                tjenestetype_kode=vedtak.tjenestetype.kode,
                navn=vedtak.tjenestetype.navn,
                fra_dato=vedtak.fra_dato,
                til_dato=vedtak.til_dato,
                omfang=vedtak.omfang,
                omfang_enhet=vedtak.get_omfang_enhet_display() if vedtak.omfang_enhet else "",
            ),
            kilde_vedtak_id=vedtak.pk,
        )
    if vedtak.erstatter_id is not None:
        # started first, so a unit that keeps giving a service keeps its relationship
        old = Vedtak.objects.select_for_update().get(pk=vedtak.erstatter_id)
        slutt = (vedtak.fra_dato or idag()) - dt.timedelta(days=1)
        vedtak_end_apply(actor=actor, vedtak=old, dato=slutt, grunn=Avslutning.ERSTATTET)
    sak = Sak.objects.select_for_update().get(pk=vedtak.sak_id)
    if sak.status == SakStatus.UNDER_BEHANDLING and _all_decided(sak):
        sak_status_apply(actor=actor, sak=sak, til=SakStatus.VEDTATT)
    vedtak_fattet_publish(vedtak=vedtak)


def _all_decided(sak: Sak) -> bool:
    decided = set(
        Vedtak.objects.filter(
            sak=sak, status__in=[VedtakStatus.FATTET, VedtakStatus.AVSLUTTET]
        ).values_list("tjenestetype__kode", flat=True)
    )
    pending = Vedtak.objects.filter(
        sak=sak, status__in=[VedtakStatus.UTKAST, VedtakStatus.TIL_GODKJENNING]
    ).exists()
    applied = set(sak.soknad.tjenester.values_list("tjenestetype__kode", flat=True))
    return not pending and applied <= decided


def vedtak_end_apply(*, actor: Ansatt | None, vedtak: Vedtak, dato: dt.date, grunn: str) -> Vedtak:
    """End a decision in force on `dato` and its services with it (caller's transaction)."""
    if vedtak.status != VedtakStatus.FATTET:
        raise ApplicationError(_("Bare et gjeldende vedtak kan avsluttes."))
    if vedtak.fra_dato is not None:
        dato = max(dato, vedtak.fra_dato - dt.timedelta(days=1))
    vedtak.status = VedtakStatus.AVSLUTTET
    vedtak.avsluttet_dato = dato
    vedtak.avslutning = grunn
    vedtak.avsluttet_av = actor
    vedtak.save(
        update_fields=["status", "avsluttet_dato", "avslutning", "avsluttet_av", "updated_at"]
    )
    for tjeneste in tjenester_for_vedtak(vedtak_ids=[vedtak.pk]):
        tjeneste_close(
            actor=actor,
            tjeneste_id=tjeneste.pk,
            til_dato=max(dato, tjeneste.fra_dato),
            grunn=str(Avslutning(grunn).label),
        )
    _audit(actor, AuditEvent.VEDTAK_ENDED, vedtak, dato=dato.isoformat(), grunn=grunn)
    return vedtak


@transaction.atomic
def vedtak_end(
    *, actor: Ansatt | None, vedtak_id: uuid.UUID | str, dato: dt.date | None = None
) -> Vedtak:
    """End (revoke) a decision in force from a date (default today); its services end."""
    vedtak = vedtak_lock(actor=actor, vedtak_id=vedtak_id, action=Action.DECIDE_VEDTAK)
    return vedtak_end_apply(
        actor=actor, vedtak=vedtak, dato=dato or idag(), grunn=Avslutning.OPPHORT
    )


@transaction.atomic
def vedtak_replace_start(*, actor: Ansatt, vedtak_id: uuid.UUID | str) -> Vedtak:
    """A new draft that will replace a decision in force: a copy of it, from today."""
    old = vedtak_lock(actor=actor, vedtak_id=vedtak_id, action=Action.HANDLE_CASE)
    fra = max(idag(), old.fra_dato) if old.fra_dato else idag()
    data = replace(_data_of(old), fra_dato=fra)
    if data.til_dato is not None and data.til_dato < fra:
        data = replace(data, til_dato=None)
    if data.revurdering_dato is not None and data.revurdering_dato < fra:
        data = replace(data, revurdering_dato=None)
    if data.til_dato is None and data.revurdering_dato is None:
        data = replace(data, revurdering_dato=fra + dt.timedelta(days=182))
    return vedtak_draft_create(actor=actor, sak_id=old.sak_id, data=data, erstatter_id=old.pk)
