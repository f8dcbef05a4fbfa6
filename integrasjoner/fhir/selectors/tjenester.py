"""Encounter: home-care visits (hjemmetjeneste, class HH), nursing-home stays (sykehjem,
class IMP) and GP consultations (legekontor, class AMB). The id prefix (besok-, opphold-,
konsultasjon-) keeps the sources apart; date and patient search them all.

A consultation's ICPC-2/ICD-10 diagnoses are its reasonCode, without the diagnoses the
patient has blocked for the reader (Sperring on journal.Diagnose), like Condition."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db.models import Prefetch, prefetch_related_objects

from core.models import Ansatt
from integrasjoner.fhir.lib import systemer
from integrasjoner.fhir.lib.parametre import Soekeparameter
from integrasjoner.fhir.selectors.klinisk import ref, tid
from integrasjoner.fhir.selectors.register import (
    DATE,
    PATIENT,
    Kilde,
    Param,
    Ressurs,
    ressurs_register,
    token_filter,
)
from journal.access import restrict_unblocked_entries
from journal.models import Diagnose
from tjenester.hjemmetjeneste.models import Besoek, BesoekStatus
from tjenester.legekontor.models import Konsultasjon, KonsultasjonStatus
from tjenester.sykehjem.models import Opphold, OppholdStatus

ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
ACT_PRIORITY = "http://terminology.hl7.org/CodeSystem/v3-ActPriority"
_BESOEK_STATUS: dict[str, str] = {
    BesoekStatus.PLANLAGT: "planned",
    BesoekStatus.PAAGAAR: "in-progress",
    BesoekStatus.UTFORT: "finished",
    BesoekStatus.IKKE_UTFORT: "cancelled",
    BesoekStatus.AVLYST: "cancelled",
}
_OPPHOLD_STATUS: dict[str, str] = {
    OppholdStatus.RESERVERT: "planned",
    OppholdStatus.AKTIV: "in-progress",
    OppholdStatus.AVSLUTTET: "finished",
}
_KONSULTASJON_STATUS: dict[str, str] = {
    KonsultasjonStatus.AAPEN: "in-progress",
    KonsultasjonStatus.SIGNERT: "finished",
}
_KLASSE = {
    "besok": ("HH", "home health"),
    "opphold": ("IMP", "inpatient encounter"),
    "konsultasjon": ("AMB", "ambulatory"),
}
DIAGNOSE_OBJEKT = "journal.Diagnose"  # objekt_type of entry blocks on diagnoses


def _klasse(navn: str) -> dict[str, str]:
    kode, visning = _KLASSE[navn]
    return {"system": ACT_CODE, "code": kode, "display": visning}


def besoek_map(b: Besoek, ressurs_id: str) -> dict[str, Any]:
    start = b.innsjekk_at or b.start_at()
    period = {"start": tid(start)}
    slutt = b.utsjekk_at or (None if b.innsjekk_at else b.slutt_at())
    if slutt is not None and slutt >= start:
        period["end"] = tid(slutt)
    res: dict[str, Any] = {
        "resourceType": "Encounter",
        "id": ressurs_id,
        "status": _BESOEK_STATUS.get(b.status, "unknown"),
        "class": _klasse("besok"),
        "type": [{"text": "Hjemmebesøk"}],
        "subject": ref("Patient", b.pasient_id),
        "period": period,
        "serviceProvider": ref("Organization", f"enhet-{b.enhet_id}"),
    }
    utforer = b.utfort_av_id or b.ansatt_id
    if utforer:
        res["participant"] = [{"individual": ref("Practitioner", utforer)}]
    return res


def opphold_map(o: Opphold, ressurs_id: str) -> dict[str, Any]:
    period = {"start": o.fra.isoformat()}
    if o.til and o.status == OppholdStatus.AVSLUTTET:
        period["end"] = o.til.isoformat()
    return {
        "resourceType": "Encounter",
        "id": ressurs_id,
        "status": _OPPHOLD_STATUS.get(o.status, "unknown"),
        "class": _klasse("opphold"),
        "type": [{"text": o.get_type_display()}],
        "subject": ref("Patient", o.pasient_id),
        "period": period,
        "serviceProvider": ref("Organization", f"enhet-{o.enhet_id}"),
    }


def konsultasjon_map(k: Konsultasjon, ressurs_id: str) -> dict[str, Any]:
    period = {"start": tid(k.start)}
    if k.tidsbruk_min:
        period["end"] = tid(k.start + dt.timedelta(minutes=k.tidsbruk_min))
    res: dict[str, Any] = {
        "resourceType": "Encounter",
        "id": ressurs_id,
        "status": _KONSULTASJON_STATUS.get(k.status, "unknown"),
        "class": _klasse("konsultasjon"),
        "type": [{"text": "Legekonsultasjon, akutt" if k.akutt else "Legekonsultasjon"}],
        "subject": ref("Patient", k.pasient_id),
        "participant": [{"individual": ref("Practitioner", k.lege_id)}],
        "period": period,
        "serviceProvider": ref("Organization", f"enhet-{k.enhet_id}"),
    }
    if k.akutt:
        res["priority"] = {
            "coding": [{"system": ACT_PRIORITY, "code": "EM", "display": "emergency"}]
        }
    # set by _diagnoser_uten_sperrede (Kilde.forbered) before any consultation is mapped
    diagnoser: list[Diagnose] = k.fhir_diagnoser  # type: ignore[attr-defined]
    grunner = [
        {
            "coding": [
                {
                    "system": systemer.KODEVERK_SYSTEMER[d.kode.kodeverk],
                    "code": d.kode.kode,
                    "display": d.kode.tekst,
                }
            ],
            "text": d.kode.tekst,
        }
        for d in diagnoser
        if d.kode.kodeverk in systemer.KODEVERK_SYSTEMER
    ]
    if k.kontaktaarsak:
        grunner.append({"text": k.kontaktaarsak})
    if grunner:
        res["reasonCode"] = grunner
    return res


def _diagnoser_uten_sperrede(actor: Ansatt, rows: Sequence[Any]) -> None:
    """Each consultation's diagnoses without those its patient has blocked for the reader
    (as `fhir_diagnoser`): one query for all the rows, the block rule in SQL."""
    diagnoser = restrict_unblocked_entries(
        Diagnose.objects.select_related("kode").order_by("created_at", "id"),
        actor,
        DIAGNOSE_OBJEKT,
    )
    prefetch_related_objects(
        list(rows), Prefetch("diagnoser", queryset=diagnoser, to_attr="fhir_diagnoser")
    )


def _klassekoder(kilde: Kilde) -> set[tuple[str, str]]:
    return {(ACT_CODE, _KLASSE[kilde.navn][0])}


ENCOUNTER = Ressurs(
    type="Encounter",
    profil=None,
    kilder=(
        Kilde(navn="besok", queryset=lambda: Besoek.objects.all(), map=besoek_map, dato="dato"),
        Kilde(navn="opphold", queryset=lambda: Opphold.objects.all(), map=opphold_map, dato="fra"),
        Kilde(
            navn="konsultasjon",
            queryset=lambda: Konsultasjon.objects.all(),
            map=konsultasjon_map,
            dato="start",
            forbered=_diagnoser_uten_sperrede,
        ),
    ),
    parametre={
        "patient": PATIENT,
        "date": DATE,
        "class": Param(
            Soekeparameter(
                "class",
                "token",
                "HH (hjemmebesøk), IMP (sykehjemsopphold) eller AMB (legekonsultasjon).",
            ),
            token_filter(_klassekoder),
        ),
    },
    include=("Encounter:patient",),
)


def register() -> None:
    ressurs_register(ENCOUNTER)
