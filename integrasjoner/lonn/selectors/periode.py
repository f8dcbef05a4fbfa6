"""Reads for payroll (admins of the acting unit's municipality only): periods, their lines
(a page at a time, filtered by staff member or unit) and the period's CSV file.

A period of another municipality is NotFound, as a missing one. Lines of BPA and
omsorgsstønad name a patient: showing them or the file is audited per patient.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from core.api.pagination import Side, side_fetch
from core.audit import AuditEvent, audit_log, audit_log_many
from core.context import acting_enhet_id
from core.exceptions import NotFound
from core.models import Action, Ansatt, Enhet
from integrasjoner.lonn.lib.csvfil import loennsfil_build
from integrasjoner.lonn.models import Loennslinje, Loennsperiode
from journal.access import actor_require

LINJER_SIDE = 50
PERIODER_SIDE = 20


def kommune_for(actor: Ansatt | None) -> uuid.UUID:
    """The acting unit's municipality, for a person with the ADMIN right there."""
    actor_require(actor, Action.ADMIN)
    enhet_id = acting_enhet_id()
    kommune_id = (
        Enhet.objects.filter(pk=enhet_id).values_list("virksomhet__kommune_id", flat=True).first()
    )
    if kommune_id is None:
        raise NotFound
    return kommune_id


def _parse(value: uuid.UUID | str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise NotFound from exc


def loennsperioder_list(*, actor: Ansatt) -> QuerySet[Loennsperiode]:
    """The municipality's periods, newest first (no patient data: not audited)."""
    return Loennsperiode.objects.filter(kommune_id=kommune_for(actor)).order_by("-fra_dato", "id")


def loennsperiode_get(
    *, actor: Ansatt, periode_id: uuid.UUID | str, lock: bool = False
) -> Loennsperiode:
    queryset = Loennsperiode.objects.filter(kommune_id=kommune_for(actor))
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    periode = queryset.select_related("kommune").filter(pk=_parse(periode_id)).first()
    if periode is None:
        raise NotFound
    return periode


def _linjer(periode: Loennsperiode) -> QuerySet[Loennslinje]:
    return (
        Loennslinje.objects.filter(periode=periode)
        .select_related("enhet", "ansatt", "korreksjon_av__periode")
        .order_by("enhet__navn", "ansatt__last_name", "ansatt__first_name", "dato", "kilde_ref")
    )


@dataclass(frozen=True)
class Linjevalg:
    """What the line filter offers: the staff and units that have lines in the period."""

    ansatte: list[Ansatt]
    enheter: list[Enhet]


def loennslinjer_valg(*, periode: Loennsperiode) -> Linjevalg:
    ansatt_ids = Loennslinje.objects.filter(periode=periode, ansatt__isnull=False).values("ansatt")
    enhet_ids = Loennslinje.objects.filter(periode=periode).values("enhet")
    return Linjevalg(
        ansatte=list(
            Ansatt.objects.filter(pk__in=ansatt_ids).order_by("last_name", "first_name", "id")
        ),
        enheter=list(Enhet.objects.filter(pk__in=enhet_ids).order_by("navn", "id")),
    )


def loennslinjer_side(
    *,
    actor: Ansatt,
    periode_id: uuid.UUID | str,
    nummer: int,
    storrelse: int = LINJER_SIDE,
    ansatt_id: uuid.UUID | None = None,
    enhet_id: uuid.UUID | None = None,
) -> tuple[Loennsperiode, Side[Loennslinje]]:
    """One page of a period's lines, by unit, staff member and day. Audited: one row for
    the read, and one per line on the page that names a patient (BPA, omsorgsstønad)."""
    periode = loennsperiode_get(actor=actor, periode_id=periode_id)
    linjer = _linjer(periode)
    if ansatt_id is not None:
        linjer = linjer.filter(ansatt_id=ansatt_id)
    if enhet_id is not None:
        linjer = linjer.filter(enhet_id=enhet_id)
    side = side_fetch(linjer, nummer=nummer, storrelse=storrelse)
    with transaction.atomic():
        audit_log(
            actor=actor,
            event=AuditEvent.LONN_LINJER_READ,
            target=periode,
            extra={"side": nummer, "linjer": len(side.items)},
        )
        audit_log_many(
            actor=actor,
            event=AuditEvent.LONN_LINJER_READ,
            targets=[linje for linje in side.items if linje.pasient_id is not None],
        )
    return periode, side


@dataclass(frozen=True)
class Loennsfil:
    filnavn: str
    innhold: str
    utkast: bool


def loennsfil_get(*, actor: Ansatt, periode_id: uuid.UUID | str) -> Loennsfil:
    """The period's CSV file: the stored one of a closed period, or a draft built from the
    current lines of an open one. Audited, with one row per patient the file names."""
    periode = loennsperiode_get(actor=actor, periode_id=periode_id)
    if periode.er_lukket:
        fil = Loennsfil(filnavn=periode.filnavn, innhold=periode.fil, utkast=False)
    else:
        fil = Loennsfil(
            filnavn=periode.filnavn.replace(".csv", "_utkast.csv"),
            innhold=loennsfil_build(periode, _linjer(periode)),
            utkast=True,
        )
    # One line per patient the file names, for the per-patient audit rows.
    per_pasient = list(
        Loennslinje.objects.filter(periode=periode, pasient_id__isnull=False)
        .order_by("pasient_id", "id")
        .distinct("pasient_id")
    )
    with transaction.atomic():
        audit_log(
            actor=actor,
            event=AuditEvent.LONN_FIL_DOWNLOADED,
            target=periode,
            extra={"utkast": fil.utkast, "pasienter": len(per_pasient)},
        )
        audit_log_many(actor=actor, event=AuditEvent.LONN_FIL_DOWNLOADED, targets=per_pasient)
    return fil


def loennslinjer_for_fil(periode: Loennsperiode) -> QuerySet[Loennslinje]:
    """The lines in file order (used by the close service)."""
    return _linjer(periode)
