"""Appeals: registered against a decision (late ones flagged), re-assessed by the office
(upheld or changed), forwarded to Statsforvalteren, and the final outcome recorded."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.exceptions import ApplicationError
from core.klokke import idag
from core.models import Action, Ansatt
from journal.access import access_unit_record, actor_require
from tildeling.lib.frist import klagefrist_compute
from tildeling.models import (
    Klage,
    KlageStatus,
    KommuneUtfall,
    Sak,
    SakStatus,
    StatsforvalterUtfall,
    Vedtak,
    VedtakStatus,
)
from tildeling.services.sak import sak_status_apply
from tildeling.services.vedtak import vedtak_lock


def _audit(actor: Ansatt | None, event: AuditEvent, klage: Klage, **extra: str) -> None:
    audit_log(
        actor=actor,
        event=event,
        target=klage,
        pasient_id=klage.pasient_id,
        extra={"vedtak_id": str(klage.vedtak_id), **extra},
    )


@transaction.atomic
def klage_register(
    *, actor: Ansatt, vedtak_id: uuid.UUID | str, mottatt_dato: dt.date, anforsler: str
) -> Klage:
    """Register an appeal. A late appeal is registered and flagged, not refused (the
    office decides whether to consider it, forvaltningsloven § 31). Reopens the case."""
    vedtak: Vedtak = vedtak_lock(actor=actor, vedtak_id=vedtak_id, action=Action.HANDLE_CASE)
    if vedtak.status not in (VedtakStatus.FATTET, VedtakStatus.AVSLUTTET):
        raise ApplicationError(_("Det kan bare klages på et fattet vedtak."))
    errors: dict[str, list[str]] = {}
    if not anforsler.strip():
        errors["anforsler"] = [_("Skriv hva klagen gjelder.")]
    if mottatt_dato > idag():
        errors["mottatt_dato"] = [_("Mottatt-datoen kan ikke være fram i tid.")]
    elif vedtak.vedtaksdato is not None and mottatt_dato < vedtak.vedtaksdato:
        errors["mottatt_dato"] = [_("Klagen kan ikke være mottatt før vedtaket ble fattet.")]
    if errors:
        raise ValidationError(errors)
    frist = klagefrist_compute(vedtak.brev_sendt_dato)
    klage = Klage(
        pasient_id=vedtak.pasient_id,
        enhet_id=vedtak.enhet_id,
        vedtak=vedtak,
        mottatt_dato=mottatt_dato,
        frist_dato=frist,
        for_sent=frist is not None and mottatt_dato > frist,
        anforsler=anforsler.strip(),
        registrert_av=actor,
    )
    klage.full_clean()
    klage.save()
    sak = Sak.objects.select_for_update().get(pk=vedtak.sak_id)
    if sak.status in (SakStatus.VEDTATT, SakStatus.AVSLUTTET):
        sak_status_apply(actor=actor, sak=sak, til=SakStatus.UNDER_BEHANDLING)
    _audit(actor, AuditEvent.KLAGE_REGISTERED, klage, for_sent=str(klage.for_sent))
    return klage


def klage_lock(*, actor: Ansatt | None, klage_id: uuid.UUID | str) -> Klage:
    actor_require(actor, Action.HANDLE_CASE)
    return access_unit_record(
        actor, Klage.objects.select_for_update(), klage_id, action=Action.HANDLE_CASE
    )


@transaction.atomic
def klage_assess(*, actor: Ansatt, klage_id: uuid.UUID | str, utfall: str, vurdering: str) -> Klage:
    """The office's re-assessment: upheld (then forwarded to Statsforvalteren) or changed
    (omgjort: the office makes a new decision that replaces the one appealed)."""
    klage = klage_lock(actor=actor, klage_id=klage_id)
    if klage.status != KlageStatus.MOTTATT or klage.kommune_utfall:
        raise ApplicationError(_("Klagen er allerede vurdert."))
    errors: dict[str, list[str]] = {}
    if utfall not in KommuneUtfall.values:
        errors["utfall"] = [_("Velg opprettholdt eller omgjort.")]
    if not vurdering.strip():
        errors["vurdering"] = [_("Skriv kommunens vurdering av klagen.")]
    if errors:
        raise ValidationError(errors)
    klage.kommune_utfall = utfall
    klage.vurdering = vurdering.strip()
    klage.vurdert_av = actor
    klage.vurdert_dato = idag()
    if utfall == KommuneUtfall.OMGJORT:
        klage.status = KlageStatus.OMGJORT
    klage.save()
    _audit(actor, AuditEvent.KLAGE_ASSESSED, klage, utfall=utfall)
    return klage


@transaction.atomic
def klage_forward(*, actor: Ansatt, klage_id: uuid.UUID | str, dato: dt.date) -> Klage:
    """Record that an upheld appeal was forwarded to Statsforvalteren."""
    klage = klage_lock(actor=actor, klage_id=klage_id)
    if klage.status != KlageStatus.MOTTATT or klage.kommune_utfall != KommuneUtfall.OPPRETTHOLDT:
        raise ApplicationError(
            _("Bare en klage kommunen har opprettholdt vedtaket i, sendes Statsforvalteren.")
        )
    if dato > idag() or (klage.vurdert_dato and dato < klage.vurdert_dato):
        raise ValidationError({"dato": [_("Oppgi datoen klagen ble sendt (etter vurderingen).")]})
    klage.status = KlageStatus.OVERSENDT
    klage.oversendt_dato = dato
    klage.save()
    _audit(actor, AuditEvent.KLAGE_FORWARDED, klage, dato=dato.isoformat())
    return klage


@transaction.atomic
def klage_decided(*, actor: Ansatt, klage_id: uuid.UUID | str, utfall: str, dato: dt.date) -> Klage:
    """Record Statsforvalteren's final outcome."""
    klage = klage_lock(actor=actor, klage_id=klage_id)
    if klage.status != KlageStatus.OVERSENDT:
        raise ApplicationError(_("Klagen er ikke oversendt Statsforvalteren."))
    if utfall not in StatsforvalterUtfall.values:
        raise ValidationError({"utfall": [_("Velg Statsforvalterens utfall.")]})
    if dato > idag() or (klage.oversendt_dato and dato < klage.oversendt_dato):
        raise ValidationError({"dato": [_("Oppgi datoen for avgjørelsen (etter oversendelsen).")]})
    klage.status = KlageStatus.AVGJORT
    klage.statsforvalter_utfall = utfall
    klage.statsforvalter_dato = dato
    klage.save()
    _audit(actor, AuditEvent.KLAGE_DECIDED, klage, utfall=utfall)
    return klage
