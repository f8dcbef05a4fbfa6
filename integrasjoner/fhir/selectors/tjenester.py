"""Encounter: home-care visits (hjemmetjeneste) and nursing-home stays (sykehjem).

Mapping point for GP consultations (tjenester/legekontor, being built): add a Kilde with
navn="konsultasjon" to ENCOUNTER (class AMB) — the id prefix keeps ids apart, the date
and patient parameters work unchanged. Immunization (tjenester/helsestasjon) gets its own
Ressurs registered the same way (see docs/fhir.md)."""

from __future__ import annotations

from typing import Any

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
from tjenester.hjemmetjeneste.models import Besoek, BesoekStatus
from tjenester.sykehjem.models import Opphold, OppholdStatus

ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
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
_KLASSE = {"besok": ("HH", "home health"), "opphold": ("IMP", "inpatient encounter")}


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


def _klassekoder(kilde: Kilde) -> set[tuple[str, str]]:
    return {(ACT_CODE, _KLASSE[kilde.navn][0])}


ENCOUNTER = Ressurs(
    type="Encounter",
    profil=None,
    kilder=(
        Kilde(navn="besok", queryset=lambda: Besoek.objects.all(), map=besoek_map, dato="dato"),
        Kilde(navn="opphold", queryset=lambda: Opphold.objects.all(), map=opphold_map, dato="fra"),
    ),
    parametre={
        "patient": PATIENT,
        "date": DATE,
        "class": Param(
            Soekeparameter("class", "token", "HH (hjemmebesøk) eller IMP (sykehjemsopphold)."),
            token_filter(_klassekoder),
        ),
    },
    include=("Encounter:patient",),
)


def register() -> None:
    ressurs_register(ENCOUNTER)
