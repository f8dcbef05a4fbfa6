"""Practitioner (staff, HPR number), PractitionerRole (a person's role in a unit) and
Organization (virksomhet and unit: organisasjonsnummer, HER-id). Not patient data: any
person whose role may view records may read them; only active staff and units are listed."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from core.klokke import idag
from core.models import Ansatt, Enhet, Tilknytning, Virksomhet
from integrasjoner.fhir.lib import systemer
from integrasjoner.fhir.lib.parametre import (
    Soekeparameter,
    UgyldigParameter,
    referanse_parse,
    token_parse,
)
from integrasjoner.fhir.selectors.register import Kilde, Param, Ressurs, ressurs_register


def _id_or_nothing(verdi: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(verdi)
    except ValueError:
        return None


# --- Practitioner ---------------------------------------------------------------------------


def ansatt_map(a: Ansatt, ressurs_id: str) -> dict[str, Any]:
    res: dict[str, Any] = {
        "resourceType": "Practitioner",
        "id": ressurs_id,
        "meta": {"profile": [systemer.profil("Practitioner")]},
        "active": a.is_active,
        "name": [{"use": "official", "family": a.last_name or a.username, "given": [a.first_name]}],
    }
    if not a.first_name:
        del res["name"][0]["given"]
    if a.hpr_nummer:
        res["identifier"] = [{"system": systemer.HPR, "value": a.hpr_nummer}]
    if a.helsepersonellkategori:
        res["qualification"] = [
            {
                "code": {
                    "coding": [
                        {
                            "system": systemer.HPR_KATEGORI,
                            "code": a.helsepersonellkategori,
                            "display": a.get_helsepersonellkategori_display(),
                        }
                    ]
                }
            }
        ]
    return res


def _hpr_filter(kilde: Kilde, verdi: str) -> Q | None:
    system, kode = token_parse(verdi)
    if system not in (None, systemer.HPR):
        raise UgyldigParameter(
            _("Practitioner søkes med HPR-nummer (%(s)s).") % {"s": systemer.HPR}
        )
    return Q(hpr_nummer=kode)


def _ansatt_name(kilde: Kilde, verdi: str) -> Q | None:
    q = Q()
    for term in verdi.split():
        q &= Q(first_name__istartswith=term) | Q(last_name__istartswith=term)
    return q


PRACTITIONER = Ressurs(
    type="Practitioner",
    profil=systemer.profil("Practitioner"),
    kilder=(
        Kilde(
            navn="",
            queryset=lambda: Ansatt.objects.filter(is_active=True),
            map=ansatt_map,
            pasient_felt=None,
            ordering=("last_name", "first_name", "id"),
        ),
    ),
    parametre={
        "identifier": Param(
            Soekeparameter("identifier", "token", "HPR-nummer: system|verdi."), _hpr_filter
        ),
        "name": Param(Soekeparameter("name", "string", "Begynnelsen av navnet."), _ansatt_name),
    },
)


# --- PractitionerRole -----------------------------------------------------------------------


def tilknytning_map(t: Tilknytning, ressurs_id: str) -> dict[str, Any]:
    period = {"start": t.gyldig_fra.isoformat()}
    if t.gyldig_til:
        period["end"] = t.gyldig_til.isoformat()
    practitioner: dict[str, Any] = {
        "reference": f"Practitioner/{t.ansatt_id}",
        "display": t.ansatt.get_full_name() or t.ansatt.username,
    }
    if t.ansatt.hpr_nummer:
        practitioner["identifier"] = {"system": systemer.HPR, "value": t.ansatt.hpr_nummer}
    return {
        "resourceType": "PractitionerRole",
        "id": ressurs_id,
        "meta": {"profile": [systemer.profil("PractitionerRole")]},
        "active": t.is_active(idag()),
        "period": period,
        "practitioner": practitioner,
        "organization": {"reference": f"Organization/enhet-{t.enhet_id}", "display": t.enhet.navn},
        "code": [{"text": t.rolle.navn}],
    }


def _active_tilknytninger() -> QuerySet[Tilknytning]:
    today = idag()
    return (
        Tilknytning.objects.select_related("ansatt", "enhet", "rolle")
        .filter(ansatt__is_active=True, gyldig_fra__lte=today)
        .filter(Q(gyldig_til__isnull=True) | Q(gyldig_til__gte=today))
    )


def _practitioner_filter(kilde: Kilde, verdi: str) -> Q | None:
    key = _id_or_nothing(referanse_parse(verdi, "Practitioner"))
    return Q(ansatt_id=key) if key else Q(pk__in=[])


def _organization_filter(kilde: Kilde, verdi: str) -> Q | None:
    ident = referanse_parse(verdi, "Organization").removeprefix("enhet-")
    key = _id_or_nothing(ident)
    return Q(enhet_id=key) if key else Q(pk__in=[])


PRACTITIONER_ROLE = Ressurs(
    type="PractitionerRole",
    profil=systemer.profil("PractitionerRole"),
    kilder=(
        Kilde(
            navn="",
            queryset=_active_tilknytninger,
            map=tilknytning_map,
            pasient_felt=None,
            ordering=("ansatt__last_name", "id"),
        ),
    ),
    parametre={
        "practitioner": Param(
            Soekeparameter("practitioner", "reference", "Practitioner/<id>."),
            _practitioner_filter,
        ),
        "organization": Param(
            Soekeparameter("organization", "reference", "Organization/enhet-<id>."),
            _organization_filter,
        ),
    },
)


# --- Organization ---------------------------------------------------------------------------


def _org_identifiers(orgnr: str, her_id: int | None) -> list[dict[str, str]]:
    out = []
    if orgnr:
        out.append({"system": systemer.ORGNR, "value": orgnr})
    if her_id:
        out.append({"system": systemer.HER_ID, "value": str(her_id)})
    return out


def virksomhet_map(v: Virksomhet, ressurs_id: str) -> dict[str, Any]:
    res: dict[str, Any] = {
        "resourceType": "Organization",
        "id": ressurs_id,
        "meta": {"profile": [systemer.profil("Organization")]},
        "active": True,
        "name": v.navn,
        "address": [
            {
                "district": v.kommune.navn,
                "extension": [
                    {
                        "url": systemer.EXT_KOMMUNE,
                        "extension": [
                            {
                                "url": "municipality",
                                "valueCoding": {
                                    "system": systemer.KOMMUNENUMMER,
                                    "code": v.kommune.nummer,
                                    "display": v.kommune.navn,
                                },
                            }
                        ],
                    }
                ],
            }
        ],
    }
    identifiers = _org_identifiers(v.organisasjonsnummer, v.her_id)
    if identifiers:
        res["identifier"] = identifiers
    return res


def enhet_map(e: Enhet, ressurs_id: str) -> dict[str, Any]:
    res: dict[str, Any] = {
        "resourceType": "Organization",
        "id": ressurs_id,
        "meta": {"profile": [systemer.profil("Organization")]},
        "active": e.aktiv,
        "name": e.navn,
        "type": [{"text": e.get_type_display()}],
        "partOf": (
            {"reference": f"Organization/enhet-{e.forelder_id}"}
            if e.forelder_id
            else {"reference": f"Organization/virksomhet-{e.virksomhet_id}"}
        ),
    }
    identifiers = _org_identifiers(e.organisasjonsnummer, e.her_id)
    if identifiers:
        res["identifier"] = identifiers
    return res


def _org_identifier(kilde: Kilde, verdi: str) -> Q | None:
    system, kode = token_parse(verdi)
    if system == systemer.HER_ID or (system is None and len(kode) != 9):
        return (
            Q(her_id=int(kode))
            if kode.isascii() and kode.isdigit() and len(kode) < 10
            else Q(pk__in=[])
        )
    if system in (None, systemer.ORGNR):
        return Q(organisasjonsnummer=kode)
    raise UgyldigParameter(
        _("Organization søkes med organisasjonsnummer (%(o)s) eller HER-id (%(h)s).")
        % {"o": systemer.ORGNR, "h": systemer.HER_ID}
    )


def _org_name(kilde: Kilde, verdi: str) -> Q | None:
    return Q(navn__icontains=verdi)


ORGANIZATION = Ressurs(
    type="Organization",
    profil=systemer.profil("Organization"),
    kilder=(
        Kilde(
            navn="virksomhet",
            queryset=lambda: Virksomhet.objects.select_related("kommune"),
            map=virksomhet_map,
            pasient_felt=None,
        ),
        Kilde(
            navn="enhet",
            queryset=lambda: Enhet.objects.filter(aktiv=True),
            map=enhet_map,
            pasient_felt=None,
        ),
    ),
    parametre={
        "identifier": Param(
            Soekeparameter(
                "identifier", "token", "Organisasjonsnummer eller HER-id: system|verdi."
            ),
            _org_identifier,
        ),
        "name": Param(Soekeparameter("name", "string", "Del av navnet."), _org_name),
    },
)


def register() -> None:
    for ressurs in (PRACTITIONER, PRACTITIONER_ROLE, ORGANIZATION):
        ressurs_register(ressurs)
