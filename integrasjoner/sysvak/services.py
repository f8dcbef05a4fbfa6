"""SYSVAK over the outbox: every vaccination given (`sysvak.vaksinasjon`) and every
correction (payload `handling` "feilregistrert", or the event `sysvak.korreksjon`) is reported
with the delivery as idempotency key and the receipt stored; a child who moves in
(`helsestasjon.innflytting`) or whose earlier doses a nurse asks for (`sysvak.oppslag`) is
looked up and the doses found are stored as "fra SYSVAK"."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from core.audit import AuditEvent, audit_log
from core.context import acting_enhet_id
from core.exceptions import IntegrationError
from core.klokke import naa
from core.models import Action, Ansatt, Levering, Utbokshendelse
from core.outbox import outbox_publish
from integrasjoner.sysvak.client import melding_send, vaksinasjoner_get
from integrasjoner.sysvak.models import SysvakKvittering, SysvakMeldingstype
from journal.access import actor_require, pasient_access
from journal.models import Pasient
from tjenester.helsestasjon.models import Vaksinasjon
from tjenester.helsestasjon.services import (
    INNFLYTTING_HENDELSE,
    SYSVAK_HENDELSE,
    SysvakDose,
    vaksinasjoner_sysvak_import,
)

SYSVAK = "sysvak.rapport"
KORREKSJON_HENDELSE = "sysvak.korreksjon"
SYSVAK_HENDELSER = {SYSVAK_HENDELSE, KORREKSJON_HENDELSE}
OPPSLAG = "sysvak.oppslag"
OPPSLAG_HENDELSE = "sysvak.oppslag"
OPPSLAG_HENDELSER = {OPPSLAG_HENDELSE, INNFLYTTING_HENDELSE}


def melding_build(vaksinasjon: Vaksinasjon, *, type: str) -> dict[str, Any]:
    """The report of one vaccination as SYSVAK takes it (the stand-in's JSON layout)."""
    pasient = vaksinasjon.pasient
    melding: dict[str, Any] = {
        "type": type,
        "vaksinasjon_id": str(vaksinasjon.pk),
        "pasient": {"fnr": pasient.identifikator},
    }
    if type == SysvakMeldingstype.KORREKSJON:
        return {**melding, "grunn": vaksinasjon.feilregistrert_grunn}
    giver = vaksinasjon.registrert_av
    enhet = vaksinasjon.enhet
    return {
        **melding,
        "vaksine": vaksinasjon.vaksine,
        "dose_nr": vaksinasjon.dose_nr,
        "tidspunkt": vaksinasjon.tidspunkt.isoformat(),
        "preparat": vaksinasjon.preparat,
        "batch": vaksinasjon.batch,
        "sted": vaksinasjon.sted,
        "helsepersonell": {
            "hpr": (giver.hpr_nummer or "") if giver else "",
            "navn": giver.get_full_name() if giver else "",
        },
        "virksomhet": {
            "navn": enhet.navn,
            "organisasjonsnummer": enhet.organisasjonsnummer
            or enhet.virksomhet.organisasjonsnummer,
        },
    }


def _type(hendelse: Utbokshendelse) -> str:
    if (
        hendelse.hendelse == KORREKSJON_HENDELSE
        or hendelse.payload.get("handling") == "feilregistrert"
    ):
        return SysvakMeldingstype.KORREKSJON
    return SysvakMeldingstype.VAKSINASJON


def sysvak_deliver(hendelse: Utbokshendelse, levering: Levering) -> None:
    """Outbox receiver: report the vaccination (or its correction) and store the receipt.
    A vaccination that no longer exists is a permanent error (a dead letter to look at)."""
    vaksinasjon = (
        Vaksinasjon.objects.select_related("pasient", "registrert_av", "enhet__virksomhet")
        .filter(pk=hendelse.payload.get("vaksinasjon_id"))
        .first()
    )
    if vaksinasjon is None:
        raise IntegrationError("Vaksinasjonen finnes ikke", permanent=True)
    type = _type(hendelse)
    kvittering = melding_send(
        melding=melding_build(vaksinasjon, type=type), idempotency_key=str(levering.id)
    )
    kvittering_store(
        vaksinasjon=vaksinasjon,
        type=type,
        referanse=str(kvittering["referanse"]),
        levering_id=levering.id,
    )


@transaction.atomic
def kvittering_store(
    *, vaksinasjon: Vaksinasjon, type: str, referanse: str, levering_id: uuid.UUID
) -> SysvakKvittering:
    """Store SYSVAK's receipt once per delivery. Audited as SYSVAK_REPORTED."""
    kvittering, laget = SysvakKvittering.objects.get_or_create(
        levering_id=levering_id,
        defaults={
            "pasient_id": vaksinasjon.pasient_id,
            "enhet_id": vaksinasjon.enhet_id,
            "vaksinasjon": vaksinasjon,
            "type": type,
            "referanse": referanse[:100],
            "mottatt_at": naa(),
        },
    )
    if laget:
        audit_log(
            actor=None,
            event=AuditEvent.SYSVAK_REPORTED,
            target=kvittering,
            pasient_id=vaksinasjon.pasient_id,
            extra={"type": type, "referanse": kvittering.referanse},
        )
    return kvittering


def _dose(data: dict[str, Any]) -> SysvakDose | None:
    tid = parse_datetime(str(data.get("tidspunkt") or ""))
    try:
        dose_nr = int(data.get("dose_nr") or 0)
    except (TypeError, ValueError):
        return None
    if tid is None or not data.get("vaksine") or dose_nr < 1:
        return None
    if timezone.is_naive(tid):
        tid = timezone.make_aware(tid, dt.UTC)
    return SysvakDose(
        vaksine=str(data["vaksine"]),
        dose_nr=dose_nr,
        tidspunkt=tid,
        preparat=str(data.get("preparat") or ""),
        batch=str(data.get("batch") or ""),
    )


def oppslag_deliver(hendelse: Utbokshendelse, levering: Levering) -> None:
    """Outbox receiver: look the child up in SYSVAK and store the doses it does not have."""
    pasient = Pasient.objects.filter(pk=hendelse.payload.get("pasient_id")).first()
    if pasient is None:
        raise IntegrationError("Pasienten finnes ikke", permanent=True)
    funnet = vaksinasjoner_get(fnr=pasient.identifikator)
    # our own reports come back from the register too: they are already here
    egne = {
        str(v) for v in Vaksinasjon.objects.filter(pasient=pasient).values_list("pk", flat=True)
    }
    doser = [d for d in (_dose(x) for x in funnet if str(x.get("id")) not in egne) if d]
    vaksinasjoner_sysvak_import(
        pasient_id=pasient.pk, enhet_id=hendelse.payload["enhet_id"], doser=doser
    )


@transaction.atomic
def oppslag_request(
    *, actor: Ansatt, pasient_id: uuid.UUID | str, enhet_id: uuid.UUID | None = None
) -> Utbokshendelse:
    """Ask SYSVAK for the child's earlier doses for the acting unit (delivered by the outbox,
    retried when the register is down). NotFound for a child the actor may not write for."""
    actor_require(actor, Action.WRITE_NOTE)
    pasient = pasient_access(actor, pasient_id, action=Action.WRITE_NOTE)
    pasient_id = pasient.pk
    enhet_id = enhet_id or acting_enhet_id()
    return outbox_publish(
        hendelse=OPPSLAG_HENDELSE,
        payload={"pasient_id": str(pasient_id), "enhet_id": str(enhet_id)},
        pasient_id=pasient_id,
    )
