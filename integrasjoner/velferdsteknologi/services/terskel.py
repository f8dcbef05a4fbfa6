"""Thresholds for measured values: set them, and find the values outside them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import AuditEvent, audit_log
from core.models import Action, Ansatt
from integrasjoner.velferdsteknologi.models import (
    Alvorlighet,
    Parameter,
    Terskel,
)
from journal.access import actor_require, pasient_access
from journal.models import Pasient

ENHETER: dict[str, str] = {
    "systolisk": "mmHg",
    "diastolisk": "mmHg",
    "puls": "/min",
    "spo2": "%",
    "vekt": "kg",
    "blodsukker": "mmol/l",
}


@dataclass(frozen=True)
class Brudd:
    parameter: str
    verdi: Decimal
    grense: Decimal
    over: bool
    alvorlighet: int


def terskler_for(pasient_id: uuid.UUID) -> dict[str, Terskel]:
    """The thresholds that apply to a patient: their own, else the default, per value."""
    rows = Terskel.objects.filter(pasient_id__isnull=True) | Terskel.objects.filter(
        pasient_id=pasient_id
    )
    result: dict[str, Terskel] = {}
    for terskel in rows.order_by("parameter", "pasient_id"):  # NULL (default) sorts last
        result.setdefault(terskel.parameter, terskel)
    return result


def terskel_brudd(pasient_id: uuid.UUID, verdier: dict[str, object]) -> list[Brudd]:
    found = []
    for parameter, terskel in terskler_for(pasient_id).items():
        if parameter not in verdier:
            continue
        verdi = Decimal(str(verdier[parameter]))
        if terskel.maksimum is not None and verdi > terskel.maksimum:
            found.append(Brudd(parameter, verdi, terskel.maksimum, True, terskel.alvorlighet))
        elif terskel.minimum is not None and verdi < terskel.minimum:
            found.append(Brudd(parameter, verdi, terskel.minimum, False, terskel.alvorlighet))
    return found


def _number(value: Decimal) -> str:
    return (f"{value:.1f}" if value != value.to_integral() else f"{value:.0f}").replace(".", ",")


def brudd_tekst(brudd: Brudd) -> str:
    return _("%(navn)s %(verdi)s %(enhet)s %(retning)s grensen %(grense)s") % {
        "navn": Parameter(brudd.parameter).label,
        "verdi": _number(brudd.verdi),
        "enhet": ENHETER[brudd.parameter],
        "retning": _("over") if brudd.over else _("under"),
        "grense": _number(brudd.grense),
    }


@transaction.atomic
def terskel_set(
    *,
    actor: Ansatt,
    parameter: str,
    minimum: Decimal | None,
    maksimum: Decimal | None,
    alvorlighet: int = Alvorlighet.MODERAT,
    pasient_id: uuid.UUID | str | None = None,
) -> Terskel:
    """Set a threshold for one patient (RESPOND_ALARM and access to the patient) or the
    default (ADMIN). Audited with old and new limits."""
    pasient: Pasient | None = None
    if pasient_id is None:
        actor_require(actor, Action.ADMIN)
    else:
        actor_require(actor, Action.RESPOND_ALARM)
        pasient = pasient_access(actor, pasient_id, action=Action.RESPOND_ALARM)
    if parameter not in Parameter.values:
        raise ValidationError({"parameter": [_("Velg en måleverdi.")]})
    if minimum is None and maksimum is None:
        raise ValidationError({"minimum": [_("Oppgi en nedre eller en øvre grense.")]})
    if minimum is not None and maksimum is not None and minimum >= maksimum:
        raise ValidationError({"maksimum": [_("Øvre grense må være høyere enn nedre.")]})
    terskel = (
        Terskel.objects.select_for_update().filter(pasient=pasient, parameter=parameter).first()
    )
    old = {"minimum": str(terskel.minimum), "maksimum": str(terskel.maksimum)} if terskel else None
    terskel = terskel or Terskel(pasient=pasient, parameter=parameter)
    terskel.minimum, terskel.maksimum = minimum, maksimum
    terskel.alvorlighet = alvorlighet
    terskel.endret_av = actor
    terskel.full_clean()
    terskel.save()
    audit_log(
        actor=actor,
        event=AuditEvent.VFT_TERSKEL_SAVED,
        target=terskel,
        pasient_id=pasient.pk if pasient else None,
        extra={
            "parameter": parameter,
            "for": old,
            "etter": {"minimum": str(minimum), "maksimum": str(maksimum)},
        },
    )
    return terskel
