"""Writes for nursing homes: ticking the ward's task list."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.exceptions import ApplicationError
from core.klokke import idag, naa
from core.models import Action, Ansatt
from journal.access import access_scoped, actor_require
from journal.lib.timeplan import timeplan_dates
from journal.models import (
    Tiltak,
)
from journal.services.tiltaksplan import tiltak_timeplan
from tjenester.sykehjem.models import (
    Avdelingsoppgave,
    OppgaveStatus,
)
from tjenester.sykehjem.selectors import (
    oppgave_ward_get,
)
from tjenester.sykehjem.services.opphold import MAX_MERKNAD

# --- the ward's task list ---------------------------------------------------------------------


def _forekomst_check(tiltak: Tiltak, dato: dt.date, tidspunkt: dt.time | None) -> None:
    """Refuse a tick for an occurrence the tiltak's schedule does not have."""
    plan = tiltak_timeplan(tiltak)
    due = any(
        timeplan_dates(plan, start=tiltak.start_dato, slutt=tiltak.slutt_dato, fra=dato, til=dato)
    )
    at_time = tidspunkt in tiltak.tidspunkter if tiltak.tidspunkter else tidspunkt is None
    if not (due and at_time):
        raise ValidationError(
            {"tidspunkt": [_("Tiltaket er ikke planlagt til dette tidspunktet i dag.")]}
        )


def _kvittering_values(k: Avdelingsoppgave) -> dict[str, Any]:
    return {
        "status": k.status,
        "grunn": k.grunn,
        "utfort_av": str(k.utfort_av_id),
        "utfort_at": k.utfort_at.isoformat(),
    }


@transaction.atomic
def avdelingsoppgave_tick(
    *,
    actor: Ansatt,
    tiltak_id: uuid.UUID | str,
    dato: dt.date,
    tidspunkt: dt.time | None,
    status: str,
    grunn: str = "",
) -> Avdelingsoppgave:
    """Tick one occurrence on the task list of the ward the person acts in: done, or not
    done with a reason. Only today's occurrences; a tick may be changed the same day.

    Needs REGISTER_VISIT and access to the patient (journal.access); a tiltak another unit
    is responsible for is NotFound, as a missing one. Audited as AVDELINGSOPPGAVE_TICKED
    with the new values and, for a change, the old ones ("forrige").
    """
    actor_require(actor, Action.REGISTER_VISIT)
    avdeling = oppgave_ward_get(None)
    tiltak = access_scoped(
        actor,
        Tiltak.objects.filter(ansvarlig_enhet=avdeling).select_related("pasient"),
        tiltak_id,
        action=Action.REGISTER_VISIT,
    )
    if dato != idag():
        raise ApplicationError(_("Bare dagens oppgaver kan kvitteres."))
    _forekomst_check(tiltak, dato, tidspunkt)
    if status not in OppgaveStatus.values:
        raise ValidationError({"status": [_("Velg utført eller ikke utført.")]})
    grunn = grunn.strip() if status == OppgaveStatus.IKKE_UTFORT else ""
    if status == OppgaveStatus.IKKE_UTFORT and not grunn:
        raise ValidationError({"grunn": [_("Skriv hvorfor oppgaven ikke ble utført.")]})
    if len(grunn) > MAX_MERKNAD:
        raise ValidationError(
            {"grunn": [_("Grunnen kan være høyst %(n)d tegn.") % {"n": MAX_MERKNAD}]}
        )
    kvittering = (
        Avdelingsoppgave.objects.select_for_update()
        .filter(tiltak=tiltak, dato=dato, tidspunkt=tidspunkt)
        .first()
    )
    forrige = _kvittering_values(kvittering) if kvittering is not None else None
    if kvittering is None:
        kvittering = Avdelingsoppgave(
            pasient_id=tiltak.pasient_id,
            enhet=avdeling,
            tiltak=tiltak,
            dato=dato,
            tidspunkt=tidspunkt,
        )
    kvittering.status, kvittering.grunn = status, grunn
    kvittering.utfort_av, kvittering.utfort_at = actor, naa()
    kvittering.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            kvittering.save()
    except IntegrityError as exc:  # ticked by someone else at the same moment
        raise ApplicationError(
            _("Oppgaven ble nettopp kvittert av en annen. Last siden på nytt.")
        ) from exc
    kvittering.tiltak = tiltak
    audit_log(
        actor=actor,
        event=AuditEvent.AVDELINGSOPPGAVE_TICKED,
        target=kvittering,
        pasient_id=tiltak.pasient_id,
        extra={
            "tiltak": str(tiltak.pk),
            "dato": dato.isoformat(),
            "tidspunkt": f"{tidspunkt:%H:%M}" if tidspunkt else None,
            **_kvittering_values(kvittering),
            "forrige": forrige,
        },
    )
    return kvittering
