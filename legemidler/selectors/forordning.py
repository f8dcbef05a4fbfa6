"""Reads of medication orders: the patient's medication list (legemiddelliste), one order,
and the telephone orders waiting for a doctor's confirmation. Restricted through
journal.access and read-audited."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from core.api.pagination import Side, side_fetch
from core.audit import AuditEvent, audit_log, audit_log_many
from core.context import acting_enhet_id
from core.exceptions import NotFound
from core.klokke import idag, naa
from core.models import Action, Ansatt
from core.selectors import enhet_subtree_ids
from journal.access import access_scoped, actor_can, actor_require, pasient_access, restrict_scoped
from journal.models import Pasient
from legemidler.models import Forordning, ForordningStatus

_LIST_FIELDS = ("legemiddel", "ordinert_av", "registrert_av", "bekreftet_av", "seponert_av")


def forordninger_active_qs(pasient_id: uuid.UUID) -> QuerySet[Forordning]:
    """The patient's active orders: not stopped and not past their planned end (the end day
    itself counts). Call only after access to the patient was checked."""
    return (
        Forordning.objects.filter(pasient_id=pasient_id, status=ForordningStatus.AKTIV)
        .filter(Q(sluttdato__isnull=True) | Q(sluttdato__gte=idag()))
        .select_related("legemiddel")
    )


def _ended(pasient_id: uuid.UUID) -> QuerySet[Forordning]:
    return Forordning.objects.filter(pasient_id=pasient_id).filter(
        Q(status=ForordningStatus.SEPONERT) | Q(sluttdato__lt=idag())
    )


@dataclass(frozen=True)
class Legemiddelliste:
    """A patient's medication list: every active order, and a page of ended ones."""

    pasient: Pasient
    aktive: list[Forordning]
    avsluttede: Side[Forordning]

    @property
    def faste(self) -> list[Forordning]:
        return [f for f in self.aktive if f.doseringstype != "behov"]

    @property
    def behov(self) -> list[Forordning]:
        return [f for f in self.aktive if f.doseringstype == "behov"]


def legemiddelliste_get(
    *, actor: Ansatt, pasient_id: uuid.UUID | str, side: int = 1, storrelse: int = 50
) -> Legemiddelliste:
    """The patient's medication list: active orders (fixed first, then PRN, by name) and a
    page of ended ones (newest first). Audited as LEGEMIDDELLISTE_READ."""
    pasient = pasient_access(actor, pasient_id, action=Action.VIEW)
    with transaction.atomic(savepoint=False):
        aktive = list(
            forordninger_active_qs(pasient.pk)
            .select_related(*_LIST_FIELDS)
            .prefetch_related("overstyringer")
            .order_by("doseringstype", "legemiddel_navn", "start")
        )
        avsluttede = side_fetch(
            _ended(pasient.pk)
            .select_related(*_LIST_FIELDS)
            .order_by("-seponert_at", "-sluttdato", "-start", "id"),
            nummer=side,
            storrelse=storrelse,
        )
        audit_log(
            actor=actor,
            event=AuditEvent.LEGEMIDDELLISTE_READ,
            pasient_id=pasient.pk,
            extra={"aktive": len(aktive), "avsluttede_side": avsluttede.nummer},
        )
    return Legemiddelliste(pasient=pasient, aktive=aktive, avsluttede=avsluttede)


MAX_UTSKRIFT = 500


def legemiddelliste_print(*, actor: Ansatt, pasient_id: uuid.UUID | str) -> Legemiddelliste:
    """The whole medication list for print: every active order and the newest ended ones
    (at most 500). Audited as LEGEMIDDELLISTE_PRINTED."""
    pasient = pasient_access(actor, pasient_id, action=Action.VIEW)
    with transaction.atomic(savepoint=False):
        aktive = list(
            forordninger_active_qs(pasient.pk)
            .select_related(*_LIST_FIELDS)
            .order_by("doseringstype", "legemiddel_navn", "start")
        )
        ended = list(
            _ended(pasient.pk)
            .select_related(*_LIST_FIELDS)
            .order_by("-seponert_at", "-sluttdato", "-start", "id")[:MAX_UTSKRIFT]
        )
        avsluttede = Side(items=ended, nummer=1, storrelse=MAX_UTSKRIFT, har_neste=False)
        audit_log(
            actor=actor,
            event=AuditEvent.LEGEMIDDELLISTE_PRINTED,
            pasient_id=pasient.pk,
            extra={"aktive": len(aktive), "avsluttede": len(avsluttede.items)},
        )
    return Legemiddelliste(pasient=pasient, aktive=aktive, avsluttede=avsluttede)


def forordning_get(
    *, actor: Ansatt, forordning_id: uuid.UUID | str, pasient_id: uuid.UUID | str | None = None
) -> Forordning:
    """One order with its overridden checks; audited as FORORDNING_READ. With `pasient_id`
    (from a URL) another patient's order looks missing."""
    queryset = Forordning.objects.select_related(*_LIST_FIELDS, "pasient").prefetch_related(
        "overstyringer__overstyrt_av"
    )
    if pasient_id is not None:
        try:
            queryset = queryset.filter(pasient_id=uuid.UUID(str(pasient_id)))
        except ValueError as exc:
            raise NotFound from exc
    with transaction.atomic():
        forordning = access_scoped(actor, queryset, forordning_id, action=Action.VIEW)
        audit_log(
            actor=actor,
            event=AuditEvent.FORORDNING_READ,
            target=forordning,
            pasient_id=forordning.pasient_id,
        )
    return forordning


def telefonordinasjon_list(
    *, actor: Ansatt, side: int = 1, storrelse: int = 50
) -> Side[Forordning]:
    """Telephone orders not yet confirmed by a doctor, oldest deadline first: for a doctor
    those they gave and those of the acting unit (and the units under it); for a unit leader
    the unit's. Audited with one TELEFONORDINASJON_LISTED row per order shown."""
    if not (actor_can(actor, Action.ORDER_MEDICATION) or actor_can(actor, Action.REVIEW_LOG)):
        actor_require(actor, Action.ORDER_MEDICATION)
    enheter = enhet_subtree_ids(acting_enhet_id())
    mine = Q(enhet_id__in=enheter)
    if actor_can(actor, Action.ORDER_MEDICATION):
        mine |= Q(ordinert_av=actor)
    queryset = (
        restrict_scoped(
            Forordning.objects.filter(telefonordinasjon=True, bekreftet_at__isnull=True),
            actor,
            action=Action.VIEW,
        )
        .filter(mine, status=ForordningStatus.AKTIV)
        .select_related("pasient", "enhet", *_LIST_FIELDS)
        .order_by("bekreftes_innen", "id")
    )
    with transaction.atomic():
        page = side_fetch(queryset, nummer=side, storrelse=storrelse)
        audit_log_many(actor=actor, event=AuditEvent.TELEFONORDINASJON_LISTED, targets=page.items)
    return page


def forordning_overdue(forordning: Forordning) -> bool:
    """A telephone order past its deadline without a confirmation."""
    return bool(
        forordning.er_ubekreftet
        and forordning.bekreftes_innen is not None
        and forordning.bekreftes_innen < naa()
    )


UBEKREFTET_TEKST = _("Telefonordinasjon – ikke bekreftet av lege")
