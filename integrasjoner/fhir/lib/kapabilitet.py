"""The CapabilityStatement and the Bundle and OperationOutcome shapes (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from integrasjoner.fhir.lib.parametre import Soekeparameter
from integrasjoner.fhir.lib.systemer import FHIR_VERSJON


@dataclass(frozen=True)
class Ressursbeskrivelse:
    """What the server offers for one resource type (from the route registry)."""

    type: str
    profil: str | None
    parametre: Sequence[Soekeparameter]
    include: Sequence[str]
    les: bool = True


def capability_statement(
    ressurser: Sequence[Ressursbeskrivelse], *, base: str, dato: str, programvare: str
) -> dict[str, Any]:
    """A CapabilityStatement listing exactly the given resources and parameters."""
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": dato,
        "publisher": programvare,
        "kind": "instance",
        "software": {"name": programvare},
        "implementation": {"description": "Kommunejournal FHIR-API (lesing)", "url": base},
        "fhirVersion": FHIR_VERSJON,
        "format": ["application/fhir+json", "json", "application/fhir+xml", "xml"],
        "rest": [
            {
                "mode": "server",
                "security": {
                    "cors": False,
                    "description": (
                        "Authorization: Token <nøkkel> fra POST /api/v1/auth/token/, og "
                        "X-Enhet med enheten det handles i. Hvert oppslag logges."
                    ),
                },
                "resource": [_resource(r) for r in ressurser],
            }
        ],
    }


def _resource(r: Ressursbeskrivelse) -> dict[str, Any]:
    item: dict[str, Any] = {
        "type": r.type,
        "interaction": ([{"code": "read"}] if r.les else []) + [{"code": "search-type"}],
        "searchParam": [
            {"name": p.navn, "type": p.type, "documentation": p.dokumentasjon} for p in r.parametre
        ],
    }
    if r.profil:
        item["supportedProfile"] = [r.profil]
    if r.include:
        item["searchInclude"] = list(r.include)
    return item


def operation_outcome(tekst: str, *, kode: str, alvor: str = "error") -> dict[str, Any]:
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": alvor, "code": kode, "diagnostics": tekst}],
    }


def searchset(
    treff: Sequence[tuple[str, dict[str, Any]]],
    inkludert: Sequence[tuple[str, dict[str, Any]]],
    lenker: Sequence[tuple[str, str]],
) -> dict[str, Any]:
    """A searchset Bundle: (fullUrl, resource) matches, included resources, paging links.
    No total: counting every match would cost a second query on each page."""
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "link": [{"relation": rel, "url": url} for rel, url in lenker],
        "entry": [
            {"fullUrl": url, "resource": res, "search": {"mode": "match"}} for url, res in treff
        ]
        + [
            {"fullUrl": url, "resource": res, "search": {"mode": "include"}}
            for url, res in inkludert
        ],
    }
