"""Immunization from the health station's vaccinations (`helsestasjon.Vaksinasjon`).

A dose given is `completed`; the parents' recorded refusal is `not-done` with statusReason
PATOBJ (v3-ActReason, in FHIR R4's immunization-status-reason value set) and their reason
as text; an entry marked wrong (`feilregistrert`) is `entered-in-error`, never hidden.

The vaccine: our records carry the vaccine of the childhood programme by name (e.g.
"DTP-IPV-Hib-HepB") and the product name as written, but no ATC code or SYSVAK vaccine
code, so `vaccineCode` is text only (FHIR allows a CodeableConcept with text alone); a
code system is added when the data has one."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from integrasjoner.fhir.lib.parametre import Soekeparameter, UgyldigParameter, token_parse
from integrasjoner.fhir.selectors.klinisk import ref, tid
from integrasjoner.fhir.selectors.register import (
    DATE,
    PATIENT,
    Kilde,
    Param,
    Ressurs,
    ressurs_register,
)
from tjenester.helsestasjon.models import (
    Injeksjonssted,
    Vaksinasjon,
    VaksinasjonKilde,
    VaksinasjonStatus,
)

TERMINOLOGI = "http://terminology.hl7.org/CodeSystem/"
_STATUS: dict[str, str] = {
    VaksinasjonStatus.GITT: "completed",
    VaksinasjonStatus.RESERVERT: "not-done",
    VaksinasjonStatus.FEILREGISTRERT: "entered-in-error",
}
_STATUS_TIL_MODELL = {v: k for k, v in _STATUS.items()}
# Injection site → v3-ActSite (the example value set of Immunization.site).
_STED: dict[str, tuple[str, str]] = {
    Injeksjonssted.LAAR_V: ("LT", "left thigh"),
    Injeksjonssted.LAAR_H: ("RT", "right thigh"),
    Injeksjonssted.OVERARM_V: ("LA", "left arm"),
    Injeksjonssted.OVERARM_H: ("RA", "right arm"),
}


def _vaksinekode(v: Vaksinasjon) -> dict[str, Any]:
    tekst = v.vaksine
    if v.preparat:
        tekst = f"{v.vaksine} ({v.preparat})"
    return {"text": tekst}


def vaksinasjon_map(v: Vaksinasjon, ressurs_id: str) -> dict[str, Any]:
    res: dict[str, Any] = {
        "resourceType": "Immunization",
        "id": ressurs_id,
        "status": _STATUS.get(v.status, "entered-in-error"),
        "vaccineCode": _vaksinekode(v),
        "patient": ref("Patient", v.pasient_id),
        "occurrenceDateTime": tid(v.tidspunkt),
        "recorded": tid(v.created_at),
        "primarySource": v.kilde == VaksinasjonKilde.LOKAL,
    }
    if v.kilde == VaksinasjonKilde.SYSVAK:
        res["reportOrigin"] = {"text": "SYSVAK (Nasjonalt vaksinasjonsregister)"}
    if v.status == VaksinasjonStatus.RESERVERT:
        res["statusReason"] = {
            "coding": [
                {
                    "system": TERMINOLOGI + "v3-ActReason",
                    "code": "PATOBJ",
                    "display": "patient objection",
                }
            ],
            "text": v.reservasjon_begrunnelse or "Foresatte har reservert seg",
        }
    if v.batch:
        res["lotNumber"] = v.batch
    if v.sted:
        site: dict[str, Any] = {"text": v.get_sted_display()}
        if v.sted in _STED:
            kode, visning = _STED[v.sted]
            site["coding"] = [
                {"system": TERMINOLOGI + "v3-ActSite", "code": kode, "display": visning}
            ]
            res["site"] = site
        elif v.sted == Injeksjonssted.MUNN:
            res["route"] = {
                "coding": [
                    {
                        "system": TERMINOLOGI + "v3-RouteOfAdministration",
                        "code": "PO",
                        "display": "Swallow, oral",
                    }
                ],
                "text": v.get_sted_display(),
            }
    if v.registrert_av_id and v.status == VaksinasjonStatus.GITT:
        res["performer"] = [
            {
                "function": {
                    "coding": [
                        {
                            "system": TERMINOLOGI + "v2-0443",
                            "code": "AP",
                            "display": "Administering Provider",
                        }
                    ]
                },
                "actor": ref("Practitioner", v.registrert_av_id),
            },
            {"actor": ref("Organization", f"enhet-{v.enhet_id}")},
        ]
    notes = [
        tekst
        for tekst in (
            v.avvik_begrunnelse and f"Avvik fra minste alder/intervall: {v.avvik_begrunnelse}",
            v.feilregistrert_grunn and f"Feilregistrert: {v.feilregistrert_grunn}",
        )
        if tekst
    ]
    if notes:
        res["note"] = [{"text": t} for t in notes]
    protocol: dict[str, Any] = {"series": v.vaksine, "doseNumberPositiveInt": v.dose_nr}
    if v.vaksinedose is not None:
        protocol["targetDisease"] = [{"text": v.vaksinedose.sykdommer}]
    res["protocolApplied"] = [protocol]
    return res


def _vaksinasjoner() -> QuerySet[Vaksinasjon]:
    return Vaksinasjon.objects.select_related("vaksinedose")


def _status(kilde: Kilde, verdi: str) -> Q | None:
    _system, kode = token_parse(verdi)
    if kode not in _STATUS_TIL_MODELL:
        raise UgyldigParameter(_("status må være completed, not-done eller entered-in-error."))
    return Q(status=_STATUS_TIL_MODELL[kode])


IMMUNIZATION = Ressurs(
    type="Immunization",
    profil=None,
    kilder=(Kilde(navn="", queryset=_vaksinasjoner, map=vaksinasjon_map, dato="tidspunkt"),),
    parametre={
        "patient": PATIENT,
        "date": DATE,
        "status": Param(
            Soekeparameter("status", "token", "completed, not-done eller entered-in-error."),
            _status,
        ),
    },
    include=("Immunization:patient",),
)


def register() -> None:
    ressurs_register(IMMUNIZATION)
