"""Writes of home care: ticking the tasks of a visit."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import AuditEvent
from core.exceptions import ApplicationError, NotFound
from core.klokke import naa
from core.models import Action, Ansatt
from tjenester.hjemmetjeneste.models import (
    Besoeksoppgave,
    BesoekStatus,
)
from tjenester.hjemmetjeneste.services.besoek import besoek_audit, besoek_lock, grunn_check


@transaction.atomic
def oppgave_register(
    *,
    actor: Ansatt,
    besok_id: uuid.UUID | str,
    oppgave_id: uuid.UUID | str,
    utfort: bool,
    grunn: str = "",
) -> Besoeksoppgave:
    """Tick a task of the visit as done, or not done with a reason (may be changed until
    the visit is closed). Audited (BESOK_OPPGAVE_TICKED)."""
    besok = besoek_lock(actor, besok_id, Action.REGISTER_VISIT)
    if besok.status in (BesoekStatus.AVLYST, BesoekStatus.IKKE_UTFORT):
        raise ApplicationError(_("Besøket er avlyst eller ikke utført."))
    try:
        oppgave = Besoeksoppgave.objects.select_for_update().get(
            pk=uuid.UUID(str(oppgave_id)), besok=besok
        )
    except (Besoeksoppgave.DoesNotExist, ValueError) as exc:
        raise NotFound from exc
    oppgave.utfort = utfort
    oppgave.grunn = (
        "" if utfort else grunn_check(grunn, _("Skriv hvorfor oppgaven ikke ble gjort."))
    )
    oppgave.registrert_av = actor
    oppgave.registrert_at = naa()
    oppgave.save(update_fields=["utfort", "grunn", "registrert_av", "registrert_at", "updated_at"])
    besoek_audit(
        actor,
        AuditEvent.BESOK_OPPGAVE_TICKED,
        besok,
        oppgave=str(oppgave.pk),
        utfort=utfort,
        grunn=oppgave.grunn,
    )
    return oppgave
