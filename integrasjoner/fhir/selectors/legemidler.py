"""MedicationRequest and MedicationStatement (the orders, forordninger: the list of what
the patient uses) and MedicationAdministration (each dose given or not given)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q

from integrasjoner.fhir.lib import systemer
from integrasjoner.fhir.lib.parametre import Soekeparameter, token_parse
from integrasjoner.fhir.selectors.klinisk import ref, tid
from integrasjoner.fhir.selectors.register import (
    DATE,
    PATIENT,
    Kilde,
    Param,
    Ressurs,
    ressurs_register,
)
from legemidler.models import Administrasjon, Forordning


def _legemiddel(f: Forordning) -> dict[str, Any]:
    return {
        "coding": [{"system": systemer.ATC, "code": f.atc}],
        "text": f.legemiddel_navn,
    }


def _dosering(f: Forordning) -> list[dict[str, Any]]:
    return [
        {
            "text": f.dosering_tekst,
            "asNeededBoolean": f.doseringstype == "behov",
            "route": {"text": f.get_administrasjonsvei_display()},
        }
    ]


def forordning_map(f: Forordning, ressurs_id: str) -> dict[str, Any]:
    res: dict[str, Any] = {
        "resourceType": "MedicationRequest",
        "id": ressurs_id,
        "status": "active" if f.status == "aktiv" else "stopped",
        "intent": "order",
        "medicationCodeableConcept": _legemiddel(f),
        "subject": ref("Patient", f.pasient_id),
        "authoredOn": tid(f.start),
        "requester": {
            "reference": f"Practitioner/{f.ordinert_av_id}",
            "identifier": {"system": systemer.HPR, "value": f.ordinert_av_hpr},
        },
        "reasonCode": [{"text": f.indikasjon}],
        "dosageInstruction": _dosering(f),
    }
    if f.merknad:
        res["note"] = [{"text": f.merknad}]
    if f.seponeringsgrunn:
        res["statusReason"] = {"text": f.seponeringsgrunn}
    return res


def legemiddelbruk_map(f: Forordning, ressurs_id: str) -> dict[str, Any]:
    period = {"start": tid(f.start)}
    if f.seponert_at:
        period["end"] = tid(f.seponert_at)
    elif f.sluttdato:
        period["end"] = f.sluttdato.isoformat()
    return {
        "resourceType": "MedicationStatement",
        "id": ressurs_id,
        "meta": {"profile": [systemer.profil("MedicationStatement")]},
        "status": "active" if f.status == "aktiv" else "stopped",
        "medicationCodeableConcept": _legemiddel(f),
        "subject": ref("Patient", f.pasient_id),
        "effectivePeriod": period,
        "dateAsserted": tid(f.created_at),
        "basedOn": [ref("MedicationRequest", f.pk)],
        "reasonCode": [{"text": f.indikasjon}],
        "dosage": _dosering(f),
    }


def administrasjon_map(a: Administrasjon, ressurs_id: str) -> dict[str, Any]:
    f = a.forordning
    res: dict[str, Any] = {
        "resourceType": "MedicationAdministration",
        "id": ressurs_id,
        "status": "not-done" if a.status == "ikke_gitt" else "completed",
        "medicationCodeableConcept": _legemiddel(f),
        "subject": ref("Patient", a.pasient_id),
        "effectiveDateTime": tid(a.gitt_at),
        "performer": [{"actor": ref("Practitioner", a.signert_av_id)}],
        "request": ref("MedicationRequest", a.forordning_id),
    }
    if a.status == "ikke_gitt":
        res["statusReason"] = [{"text": a.get_grunn_display()}]
    if a.dose is not None:
        res["dosage"] = {
            "dose": {"value": float(a.dose), "unit": a.dose_enhet},
            "route": {"text": f.get_administrasjonsvei_display()},
        }
    if a.merknad or a.behov_grunn:
        res["note"] = [{"text": t} for t in (a.behov_grunn, a.merknad) if t]
    return res


def _status_filter(kilde: Kilde, verdi: str) -> Q | None:
    status = {"active": "aktiv", "stopped": "seponert"}.get(token_parse(verdi)[1])
    return Q(status=status) if status else Q(pk__in=[])


def _atc(felt: str) -> Callable[[Kilde, str], Q | None]:
    def _filter(kilde: Kilde, verdi: str) -> Q | None:
        system, kode = token_parse(verdi)
        if system not in (None, systemer.ATC):
            return Q(pk__in=[])
        return Q(**{f"{felt}__startswith": kode})

    return _filter


_ORDER_PARAMS = {
    "patient": PATIENT,
    "date": DATE,
    "status": Param(Soekeparameter("status", "token", "active eller stopped."), _status_filter),
    "code": Param(
        Soekeparameter("code", "token", "ATC-kode eller -gruppe (http://www.whocc.no/atc|N02BE)."),
        _atc("atc"),
    ),
}

MEDICATION_REQUEST = Ressurs(
    type="MedicationRequest",
    profil=None,
    kilder=(
        Kilde(navn="", queryset=lambda: Forordning.objects.all(), map=forordning_map, dato="start"),
    ),
    parametre=_ORDER_PARAMS,
    include=("MedicationRequest:patient",),
)
MEDICATION_STATEMENT = Ressurs(
    type="MedicationStatement",
    profil=systemer.profil("MedicationStatement"),
    kilder=(
        Kilde(
            navn="", queryset=lambda: Forordning.objects.all(), map=legemiddelbruk_map, dato="start"
        ),
    ),
    parametre=_ORDER_PARAMS,
    include=("MedicationStatement:patient",),
)
MEDICATION_ADMINISTRATION = Ressurs(
    type="MedicationAdministration",
    profil=None,
    kilder=(
        Kilde(
            navn="",
            queryset=lambda: Administrasjon.objects.select_related("forordning"),
            map=administrasjon_map,
            dato="gitt_at",
        ),
    ),
    parametre={
        "patient": PATIENT,
        "date": DATE,
        "code": Param(
            Soekeparameter("code", "token", "ATC-kode eller -gruppe for legemidlet."),
            _atc("forordning__atc"),
        ),
    },
    include=("MedicationAdministration:patient",),
)


def register() -> None:
    for ressurs in (MEDICATION_REQUEST, MEDICATION_STATEMENT, MEDICATION_ADMINISTRATION):
        ressurs_register(ressurs)
