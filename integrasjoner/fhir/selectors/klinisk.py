"""Condition (diagnoses, ICPC-2/ICD-10), AllergyIntolerance (CAVE allergies and
intolerances), Observation (vital signs with LOINC codes; NEWS2 its own Observation) and
CarePlan (tiltaksplan) from the journal."""

from __future__ import annotations

import datetime as dt
from functools import cache, partial
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from integrasjoner.fhir.lib import systemer
from integrasjoner.fhir.lib.parametre import Soekeparameter, UgyldigParameter, token_parse
from integrasjoner.fhir.selectors.register import (
    DATE,
    PATIENT,
    Kilde,
    Param,
    Ressurs,
    ressurs_register,
    token_filter,
)
from journal.models import (
    Alvorlighet,
    Diagnose,
    DiagnoseStatus,
    KritiskInformasjon,
    KritiskType,
    Maaling,
    PlanStatus,
    Sikkerhet,
    Tiltak,
    Tiltaksplan,
    TiltakStatus,
)

TERMINOLOGI = "http://terminology.hl7.org/CodeSystem/"


def ref(type_: str, pk: object, display: str = "") -> dict[str, str]:
    out = {"reference": f"{type_}/{pk}"}
    if display:
        out["display"] = display
    return out


def tid(value: dt.datetime) -> str:
    return timezone.localtime(value).isoformat()


def _coding(system: str, code: str, display: str = "") -> dict[str, Any]:
    coding = {"system": system, "code": code}
    if display:
        coding["display"] = display
    return {"coding": [coding]}


# --- Condition ------------------------------------------------------------------------------


def diagnose_map(d: Diagnose, ressurs_id: str) -> dict[str, Any]:
    res: dict[str, Any] = {
        "resourceType": "Condition",
        "id": ressurs_id,
        "category": [
            _coding(TERMINOLOGI + "condition-category", "problem-list-item", "Problem List Item")
        ],
        "code": {
            "coding": [
                {
                    "system": systemer.KODEVERK_SYSTEMER[d.kode.kodeverk],
                    "code": d.kode.kode,
                    "display": d.kode.tekst,
                }
            ],
            "text": d.kode.tekst,
        },
        "subject": ref("Patient", d.pasient_id),
        "recordedDate": tid(d.created_at),
        "recorder": ref("Practitioner", d.satt_av_id),
    }
    if d.status == DiagnoseStatus.FEILREGISTRERT:
        res["verificationStatus"] = _coding(
            TERMINOLOGI + "condition-ver-status", "entered-in-error"
        )
    else:
        res["verificationStatus"] = _coding(TERMINOLOGI + "condition-ver-status", "confirmed")
        res["clinicalStatus"] = _coding(
            TERMINOLOGI + "condition-clinical",
            "active" if d.status == DiagnoseStatus.AKTIV else "resolved",
        )
    if d.debut:
        res["onsetDateTime"] = d.debut.isoformat()
    if d.avsluttet_at:
        res["abatementDateTime"] = tid(d.avsluttet_at)
    if d.merknad:
        res["note"] = [{"text": d.merknad}]
    return res


def _diagnose_code(kilde: Kilde, verdi: str) -> Q | None:
    system, kode = token_parse(verdi)
    q = Q(kode__kode=kode)
    if system is not None:
        kodeverk = {v: k for k, v in systemer.KODEVERK_SYSTEMER.items()}.get(system)
        if kodeverk is None:
            raise UgyldigParameter("Ukjent kodeverk: bruk ICPC-2 eller ICD-10 sitt system.")
        q &= Q(kode__kodeverk=kodeverk)
    return q


def _diagnose_status(kilde: Kilde, verdi: str) -> Q | None:
    status = {"active": DiagnoseStatus.AKTIV, "resolved": DiagnoseStatus.AVSLUTTET}.get(
        token_parse(verdi)[1]
    )
    return Q(status=status) if status else Q(pk__in=[])


DIAGNOSE = Ressurs(
    type="Condition",
    profil=None,
    kilder=(
        Kilde(
            navn="",
            queryset=lambda: Diagnose.objects.select_related("kode"),
            map=diagnose_map,
            dato="debut",
            ordering=("-created_at", "id"),
        ),
    ),
    parametre={
        "patient": PATIENT,
        "date": DATE,
        "code": Param(
            Soekeparameter("code", "token", "ICPC-2- eller ICD-10-kode: system|kode."),
            _diagnose_code,
        ),
        "clinical-status": Param(
            Soekeparameter("clinical-status", "token", "active eller resolved."), _diagnose_status
        ),
    },
    include=("Condition:patient",),
    objekt_type="journal.Diagnose",
)


# --- AllergyIntolerance ---------------------------------------------------------------------

_CRITICALITY: dict[str, str] = {
    Alvorlighet.LIVSTRUENDE: "high",
    Alvorlighet.ALVORLIG: "high",
    Alvorlighet.MODERAT: "low",
    Alvorlighet.LETT: "low",
    Alvorlighet.UKJENT: "unable-to-assess",
}


def allergi_map(k: KritiskInformasjon, ressurs_id: str) -> dict[str, Any]:
    code: dict[str, Any] = {"text": k.tittel}
    if k.substans_atc:
        code["coding"] = [{"system": systemer.ATC, "code": k.substans_atc}]
    res: dict[str, Any] = {
        "resourceType": "AllergyIntolerance",
        "id": ressurs_id,
        "meta": {"profile": [systemer.profil("AllergyIntolerance")]},
        "clinicalStatus": _coding(
            TERMINOLOGI + "allergyintolerance-clinical", "active" if k.aktiv else "inactive"
        ),
        "verificationStatus": _coding(
            TERMINOLOGI + "allergyintolerance-verification",
            "confirmed" if k.sikkerhet == Sikkerhet.BEKREFTET else "unconfirmed",
        ),
        "type": "allergy" if k.type == KritiskType.ALLERGI else "intolerance",
        "criticality": _CRITICALITY.get(k.alvorlighet, "unable-to-assess"),
        "code": code,
        "patient": ref("Patient", k.pasient_id),
        "recordedDate": tid(k.created_at),
        "recorder": ref("Practitioner", k.registrert_av_id),
    }
    if k.dato:
        res["onsetDateTime"] = k.dato.isoformat()
    if k.reaksjon:
        res["reaction"] = [{"manifestation": [{"text": k.reaksjon}]}]
    if k.kilde:
        res["note"] = [{"text": f"Kilde: {k.kilde}"}]
    return res


def _allergi_status(kilde: Kilde, verdi: str) -> Q | None:
    aktiv = {"active": True, "inactive": False}.get(token_parse(verdi)[1])
    return Q(aktiv=aktiv) if aktiv is not None else Q(pk__in=[])


ALLERGI = Ressurs(
    type="AllergyIntolerance",
    profil=systemer.profil("AllergyIntolerance"),
    kilder=(
        Kilde(
            navn="",
            queryset=lambda: KritiskInformasjon.objects.all(),
            map=allergi_map,
            dato="dato",
            betingelse=Q(type__in=[KritiskType.ALLERGI, KritiskType.INTOLERANSE]),
            ordering=("-aktiv", "-created_at", "id"),
        ),
    ),
    parametre={
        "patient": PATIENT,
        "date": DATE,
        "clinical-status": Param(
            Soekeparameter("clinical-status", "token", "active eller inactive."), _allergi_status
        ),
    },
    include=("AllergyIntolerance:patient",),
)


# --- Observation ----------------------------------------------------------------------------

# Which field of a Maaling holds each kind (art) of observation.
_FELT = {
    "blodtrykk": "systolisk",
    "puls": "puls",
    "respirasjon": "respirasjon",
    "spo2": "spo2",
    "temperatur": "temperatur",
    "vekt": "vekt",
    "blodsukker": "blodsukker",
    "news2": "news2",
}
_KATEGORI = {"news2": "survey", "blodsukker": "laboratory"}


def _quantity(value: object, art: str) -> dict[str, Any]:
    kode = systemer.observasjonskoder()[art]
    return {
        "value": float(str(value)),
        "unit": kode.ucum,
        "system": "http://unitsofmeasure.org",
        "code": kode.ucum,
    }


@cache
def _art_felles(art: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The category and code of a kind, made once (resources only share them to be
    rendered, never change them)."""
    kode = systemer.observasjonskoder()[art]
    kategori = _KATEGORI.get(art, "vital-signs")
    return (
        [_coding(TERMINOLOGI + "observation-category", kategori)],
        {
            "coding": [{"system": kode.system, "code": kode.kode, "display": kode.visning}],
            "text": kode.visning,
        },
    )


def _maaling_felles(m: Maaling) -> tuple[dict[str, str], str, list[dict[str, str]]]:
    """Subject, time and performer of one measurement, made once for all its kinds (a
    searchset maps up to eight Observations from the same row)."""
    felles = m.__dict__.get("_fhir_felles")
    if felles is None:
        felles = (
            ref("Patient", m.pasient_id),
            tid(m.tidspunkt),
            [ref("Practitioner", m.registrert_av_id)],
        )
        m.__dict__["_fhir_felles"] = felles
    return felles


def maaling_map(art: str, m: Maaling, ressurs_id: str) -> dict[str, Any]:
    kategori, kode = _art_felles(art)
    subject, effective, performer = _maaling_felles(m)
    res: dict[str, Any] = {
        "resourceType": "Observation",
        "id": ressurs_id,
        "status": "final",
        "category": kategori,
        "code": kode,
        "subject": subject,
        "effectiveDateTime": effective,
        "performer": performer,
    }
    if art == "blodtrykk":
        res["component"] = [
            {
                "code": _code_of(a),
                "valueQuantity": _quantity(getattr(m, a), a),
            }
            for a in ("systolisk", "diastolisk")
            if getattr(m, a) is not None
        ]
    elif art == "news2":
        res["valueInteger"] = m.news2
        if m.news2_niva:
            res["interpretation"] = [{"text": m.get_news2_niva_display()}]
    else:
        res["valueQuantity"] = _quantity(getattr(m, _FELT[art]), art)
    return res


def _code_of(art: str) -> dict[str, Any]:
    kode = systemer.observasjonskoder()[art]
    return {"coding": [{"system": kode.system, "code": kode.kode, "display": kode.visning}]}


def _maalinger() -> QuerySet[Maaling]:
    return Maaling.objects.all()


def _observasjonskoder(kilde: Kilde) -> set[tuple[str, str]]:
    kode = systemer.observasjonskoder()[kilde.navn]
    return {(kode.system, kode.kode)}


def _observasjonskategori(kilde: Kilde) -> set[tuple[str, str]]:
    return {(TERMINOLOGI + "observation-category", _KATEGORI.get(kilde.navn, "vital-signs"))}


MAALING = Ressurs(
    type="Observation",
    profil=None,
    kilder=tuple(
        Kilde(
            navn=art,
            queryset=_maalinger,
            map=partial(maaling_map, art),
            dato="tidspunkt",
            betingelse=Q(**{f"{felt}__isnull": False, "feilregistrert_at__isnull": True}),
        )
        for art, felt in _FELT.items()
    ),
    parametre={
        "patient": PATIENT,
        "date": DATE,
        "code": Param(
            Soekeparameter("code", "token", "LOINC-kode (http://loinc.org|8867-4) eller NEWS2."),
            token_filter(_observasjonskoder),
        ),
        "category": Param(
            Soekeparameter("category", "token", "vital-signs, survey (NEWS2) eller laboratory."),
            token_filter(_observasjonskategori),
        ),
    },
    include=("Observation:patient",),
)


# --- CarePlan -------------------------------------------------------------------------------

_TILTAK_STATUS: dict[str, str] = {
    TiltakStatus.AKTIV: "in-progress",
    TiltakStatus.ENDRET: "stopped",
    TiltakStatus.AVSLUTTET: "completed",
}


def plan_map(plan: Tiltaksplan, ressurs_id: str) -> dict[str, Any]:
    period: dict[str, str] = {"start": plan.gyldig_fra.isoformat()}
    if plan.gyldig_til:
        period["end"] = plan.gyldig_til.isoformat()
    res: dict[str, Any] = {
        "resourceType": "CarePlan",
        "id": ressurs_id,
        "status": "active" if plan.status == PlanStatus.AKTIV else "completed",
        "intent": "plan",
        "title": "Individuell plan" if plan.individuell_plan else "Tiltaksplan",
        "subject": ref("Patient", plan.pasient_id),
        "period": period,
        "created": tid(plan.created_at),
        "author": ref("Practitioner", plan.opprettet_av_id),
        "activity": [
            {
                "detail": {
                    "status": _TILTAK_STATUS.get(t.status, "unknown"),
                    "description": t.tekst,
                    "scheduledString": t.get_frekvens_display(),
                }
            }
            for t in plan.tiltak.all()
        ],
    }
    if plan.koordinator_id:
        res["contributor"] = [ref("Practitioner", plan.koordinator_id, "Koordinator")]
    if not res["activity"]:
        del res["activity"]
    return res


def _planer() -> QuerySet[Tiltaksplan]:
    gjeldende = Tiltak.objects.exclude(status=TiltakStatus.ENDRET).order_by("start_dato", "id")
    return Tiltaksplan.objects.prefetch_related(Prefetch("tiltak", gjeldende))


def _plan_status(kilde: Kilde, verdi: str) -> Q | None:
    status = {"active": PlanStatus.AKTIV, "completed": PlanStatus.AVSLUTTET}.get(
        token_parse(verdi)[1]
    )
    return Q(status=status) if status else Q(pk__in=[])


PLAN = Ressurs(
    type="CarePlan",
    profil=None,
    kilder=(Kilde(navn="", queryset=_planer, map=plan_map, dato="gyldig_fra"),),
    parametre={
        "patient": PATIENT,
        "date": DATE,
        "status": Param(Soekeparameter("status", "token", "active eller completed."), _plan_status),
    },
    include=("CarePlan:patient",),
)


def register() -> None:
    for ressurs in (DIAGNOSE, ALLERGI, MAALING, PLAN):
        ressurs_register(ressurs)
