"""Writes for nursing homes: the ward's waiting list for a long-term place."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.exceptions import ApplicationError
from core.klokke import idag
from core.models import Action, Ansatt, Enhet
from journal.access import access_scoped, actor_require, pasient_access
from journal.models import (
    Pasient,
)
from tjenester.sykehjem.models import (
    Prioritet,
    Venteliste,
    VentelisteStatus,
)
from tjenester.sykehjem.selectors import (
    acting_avdeling,
)
from tjenester.sykehjem.services.opphold import merknad_clean

# --- waiting list -----------------------------------------------------------------------------


@transaction.atomic
def venteliste_create(
    *,
    actor: Ansatt | None,
    pasient_id: uuid.UUID | str | None = None,
    identifikator: str = "",
    enhet_id: uuid.UUID | None = None,
    prioritet: int = Prioritet.MIDDELS,
    soknadsdato: dt.date | None = None,
    vedtaksdato: dt.date | None = None,
    merknad: str = "",
) -> Venteliste:
    """Put a patient the acting ward has access to on its waiting list for a long-term place
    (by id or fødselsnummer; the same 404 for unknown and not allowed). Audited.
    The system (actor None, demo data) names the ward with `enhet_id`."""
    if actor is None:
        actor_require(actor, Action.MANAGE_STAYS)
        avdeling = Enhet.objects.filter(pk=enhet_id).first() if enhet_id else None
        if avdeling is None:
            raise ValidationError({"enhet": [_("Velg avdeling.")]})
    else:
        avdeling = acting_avdeling(actor)
    if not pasient_id:
        funnet = Pasient.objects.filter(identifikator="".join(identifikator.split())).first()
        pasient_id = funnet.pk if funnet else uuid.uuid4()
    pasient = pasient_access(actor, pasient_id, action=Action.MANAGE_STAYS)
    if prioritet not in Prioritet.values:
        raise ValidationError({"prioritet": [_("Velg prioritet 1, 2 eller 3.")]})
    soknadsdato = soknadsdato or idag()
    if soknadsdato > idag():
        raise ValidationError({"soknadsdato": [_("Søknadsdatoen kan ikke være fram i tid.")]})
    if vedtaksdato is not None and vedtaksdato < soknadsdato:
        raise ValidationError({"vedtaksdato": [_("Vedtaket kan ikke være før søknaden.")]})
    if Venteliste.objects.filter(
        enhet=avdeling, pasient=pasient, status=VentelisteStatus.VENTER
    ).exists():
        raise ApplicationError(_("Pasienten står allerede på ventelisten."))
    venteliste = Venteliste(
        pasient=pasient,
        enhet=avdeling,
        prioritet=prioritet,
        soknadsdato=soknadsdato,
        vedtaksdato=vedtaksdato,
        merknad=merknad_clean(merknad),
        registrert_av=actor,
    )
    venteliste.full_clean()
    venteliste.save()
    audit_log(
        actor=actor,
        event=AuditEvent.VENTELISTE_CREATED,
        target=venteliste,
        pasient_id=pasient.pk,
        extra={"prioritet": prioritet, "soknadsdato": soknadsdato.isoformat()},
    )
    return venteliste


@transaction.atomic
def venteliste_remove(*, actor: Ansatt, venteliste_id: uuid.UUID | str) -> Venteliste:
    """Take a patient off the waiting list without a stay (status trukket). Audited."""
    avdeling = acting_avdeling(actor)
    venteliste = access_scoped(
        actor,
        Venteliste.objects.select_for_update().filter(
            enhet=avdeling, status=VentelisteStatus.VENTER
        ),
        venteliste_id,
        action=Action.MANAGE_STAYS,
    )
    venteliste.status = VentelisteStatus.TRUKKET
    venteliste.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=actor,
        event=AuditEvent.VENTELISTE_REMOVED,
        target=venteliste,
        pasient_id=venteliste.pasient_id,
        extra={"status": VentelisteStatus.TRUKKET},
    )
    return venteliste
