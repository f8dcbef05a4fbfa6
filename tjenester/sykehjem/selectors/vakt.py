"""Reads for nursing homes: the ward's shifts (core.Vakt; payroll reads them in
integrasjoner.lonn.kilder)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.models import Action, Ansatt, Enhet, Vakt
from journal.access import actor_require
from tjenester.sykehjem.selectors.avdeling import acting_avdeling

MAX_DAGER_VAKT = 92


def vakter_for_avdeling(*, actor: Ansatt, fra: dt.date, til: dt.date) -> list[Vakt]:
    """The acting ward's shifts in [fra, til], for the ward manager (MANAGE_STAYS)."""
    actor_require(actor, Action.MANAGE_STAYS)
    avdeling = acting_avdeling(actor)
    if fra > til or (til - fra).days >= MAX_DAGER_VAKT:
        raise ApplicationError(_("Velg en periode på høyst %(n)s dager.") % {"n": MAX_DAGER_VAKT})
    return list(
        Vakt.objects.filter(enhet=avdeling, dato__gte=fra, dato__lte=til)
        .select_related("ansatt")
        .order_by("dato", "fra_tid", "ansatt__last_name", "id")
    )


def avdelingens_ansatte(avdeling: Enhet) -> list[Ansatt]:
    """Active staff with a membership in the ward, by name (no patient data)."""
    return list(
        Ansatt.objects.filter(tilknytninger__enhet=avdeling, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "id")
    )
