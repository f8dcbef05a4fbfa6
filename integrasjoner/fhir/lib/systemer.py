"""Identifier and code systems of HL7 Norway's no-basis R4 profiles (STANDARDS.md §3), and
the observation codes loaded from data/observasjonskoder.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FHIR_VERSJON = "4.0.1"

# Identifier systems (no-basis NamingSystems).
FNR = "urn:oid:2.16.578.1.12.4.1.4.1"
DNR = "urn:oid:2.16.578.1.12.4.1.4.2"
FHN = "urn:oid:2.16.578.1.12.4.1.4.3"
HPR = "urn:oid:2.16.578.1.12.4.1.4.4"
ORGNR = "urn:oid:2.16.578.1.12.4.1.4.101"
HER_ID = "urn:oid:2.16.578.1.12.4.1.2"
# A local H-nummer: system "HNR", typed with kodeverk 8327, and an assigner (mandatory).
HNR = "HNR"
HNR_TYPE_SYSTEM = "urn:oid:2.16.578.1.12.4.1.1.8327"
KOMMUNENUMMER = "urn:oid:2.16.578.1.12.4.1.1.3402"

# Code systems (Volven kodeverk NNNN → urn:oid:2.16.578.1.12.4.1.1.NNNN).
ICD10 = "urn:oid:2.16.578.1.12.4.1.1.7110"
ICPC2 = "urn:oid:2.16.578.1.12.4.1.1.7170"
HPR_KATEGORI = "urn:oid:2.16.578.1.12.4.1.1.9060"
IPLOS_TJENESTETYPE = "urn:oid:2.16.578.1.12.4.1.1.9151"
ATC = "http://www.whocc.no/atc"

# Our own identifiers (the record's ids), a URL under the server's base.
PROFIL = "http://hl7.no/fhir/StructureDefinition/no-basis-{navn}"

PASIENT_SYSTEMER = {"FNR": FNR, "DNR": DNR, "FHN": FHN, "HNR": HNR}
SYSTEM_TIL_TYPE = {v: k for k, v in PASIENT_SYSTEMER.items()}
KODEVERK_SYSTEMER = {"ICPC-2": ICPC2, "ICD-10": ICD10}

# The no-basis extensions we use.
EXT_KOMMUNE = "http://hl7.no/fhir/StructureDefinition/no-basis-propertyinformation"
EXT_OFFISIELL = "http://hl7.no/fhir/StructureDefinition/no-basis-address-official"


def profil(navn: str) -> str:
    """The canonical URL of the no-basis profile `navn` (e.g. "Patient")."""
    return PROFIL.format(navn=navn)


@dataclass(frozen=True)
class Observasjonskode:
    art: str
    system: str
    kode: str
    visning: str
    ucum: str
    verifisert: bool


_DATA = Path(__file__).resolve().parents[1] / "data" / "observasjonskoder.json"


@cache
def observasjonskoder() -> dict[str, Observasjonskode]:
    """The code of each kind of observation (art → code), as shipped in the data file."""
    rows = json.loads(_DATA.read_text(encoding="utf-8"))["koder"]
    return {
        r["art"]: Observasjonskode(
            art=r["art"],
            system=r["system"],
            kode=r["kode"],
            visning=r["visning"],
            ucum=r.get("ucum", ""),
            verifisert=bool(r["verifisert"]),
        )
        for r in rows
    }
