"""Patient (no-basis-Patient): identifiers on their no-basis systems, name, birth date,
gender, address with kommune, telephone, next of kin, general practitioner, deceased."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from core.models import Action, Ansatt
from integrasjoner.fhir.lib import systemer
from integrasjoner.fhir.lib.parametre import Soekeparameter, UgyldigParameter, token_parse
from integrasjoner.fhir.selectors.register import (
    _PASIENT_INCLUDE,
    Kilde,
    Param,
    Ressurs,
    _date_filter,
    ressurs_register,
)
from journal.lib.soek import search_terms
from journal.models import Kjoenn, Paaroerende, Pasient
from journal.selectors import pasient_get

PAAROERENDE = "journal.Paaroerende"
_KJOENN: dict[str, str] = {Kjoenn.KVINNE: "female", Kjoenn.MANN: "male", Kjoenn.UKJENT: "unknown"}


def _queryset() -> QuerySet[Pasient]:
    return Pasient.objects.select_related("kommune", "fastlege")


def identifier(pasient: Pasient) -> dict[str, Any]:
    """The patient's identifier as no-basis writes it (an H-nummer typed, with its issuer)."""
    if pasient.identifikator_type == "HNR":
        return {
            "use": "official",
            "type": {"coding": [{"system": systemer.HNR_TYPE_SYSTEM, "code": "HNR"}]},
            "system": systemer.HNR,
            "value": pasient.identifikator,
            "assigner": {"display": pasient.identifikator_utsteder or "ukjent utsteder"},
        }
    return {
        "use": "official",
        "system": systemer.PASIENT_SYSTEMER[pasient.identifikator_type],
        "value": pasient.identifikator,
    }


def pasient_map(
    pasient: Pasient, ressurs_id: str, paarorende: list[Paaroerende] | None = None
) -> dict[str, Any]:
    """The Patient resource; `paarorende`: the next of kin this person may see."""
    given = [n for n in (pasient.fornavn, pasient.mellomnavn) if n]
    res: dict[str, Any] = {
        "resourceType": "Patient",
        "id": ressurs_id,
        "meta": {"profile": [systemer.profil("Patient")]},
        "identifier": [identifier(pasient)],
        "active": True,
        "name": [
            {
                "use": "official",
                "text": pasient.fullt_navn,
                "family": pasient.etternavn,
                "given": given,
            }
        ],
        "gender": _KJOENN.get(pasient.kjonn, "unknown"),
        "birthDate": pasient.fodselsdato.isoformat(),
        "communication": [
            {
                "language": {"coding": [{"system": "urn:ietf:bcp:47", "code": pasient.malform}]},
                "preferred": True,
            }
        ],
    }
    if pasient.telefon:
        res["telecom"] = [{"system": "phone", "value": pasient.telefon, "use": "home"}]
    if pasient.adresse or pasient.postnummer or pasient.kommune_id:
        adresse: dict[str, Any] = {"use": "home", "type": "physical"}
        if pasient.adresse:
            adresse["line"] = [pasient.adresse]
        if pasient.postnummer:
            adresse["postalCode"] = pasient.postnummer
        if pasient.poststed:
            adresse["city"] = pasient.poststed
        if pasient.kommune is not None:
            adresse["district"] = pasient.kommune.navn
            adresse["extension"] = [
                {
                    "url": systemer.EXT_KOMMUNE,
                    "extension": [
                        {
                            "url": "municipality",
                            "valueCoding": {
                                "system": systemer.KOMMUNENUMMER,
                                "code": pasient.kommune.nummer,
                                "display": pasient.kommune.navn,
                            },
                        }
                    ],
                }
            ]
        res["address"] = [adresse]
    if pasient.dodsdato:
        res["deceasedDateTime"] = pasient.dodsdato.isoformat()
    else:
        res["deceasedBoolean"] = False
    if pasient.fastlege is not None:
        lege = pasient.fastlege
        ref: dict[str, Any] = {
            "reference": f"Practitioner/{lege.pk}",
            "display": lege.get_full_name() or lege.username,
        }
        if lege.hpr_nummer:
            ref["identifier"] = {"system": systemer.HPR, "value": lege.hpr_nummer}
        res["generalPractitioner"] = [ref]
    if paarorende:
        res["contact"] = [_contact(p) for p in paarorende]
    return res


def _contact(p: Paaroerende) -> dict[str, Any]:
    roller = [{"text": p.relasjon}]
    if p.er_naermeste:
        roller.append({"text": "Nærmeste pårørende"})
    if p.er_verge:
        roller.append({"text": "Verge"})
    contact: dict[str, Any] = {"relationship": roller, "name": {"text": p.navn}}
    if p.telefon:
        contact["telecom"] = [{"system": "phone", "value": p.telefon}]
    return contact


def _identifier_filter(kilde: Kilde, verdi: str) -> Q | None:
    system, kode = token_parse(verdi)
    if system is not None and system not in systemer.SYSTEM_TIL_TYPE:
        raise UgyldigParameter(
            _("Ukjent identifikatorsystem. Bruk et av: %(s)s.")
            % {"s": ", ".join(systemer.SYSTEM_TIL_TYPE)}
        )
    kode = kode.replace(" ", "")
    if not (kode.isascii() and kode.isdigit() and len(kode) == 11):
        raise UgyldigParameter(_("Et fødselsnummer, D-nummer eller H-nummer har 11 sifre."))
    q = Q(identifikator=kode)
    if system is not None:
        q &= Q(identifikator_type=systemer.SYSTEM_TIL_TYPE[system])
    return q


def _name_filter(kilde: Kilde, verdi: str) -> Q | None:
    terms = search_terms(verdi)
    if not terms or max(len(t) for t in verdi.split()) < 2:
        raise UgyldigParameter(_("Skriv minst to bokstaver av navnet."))
    q = Q()
    for term in terms:
        q &= (
            Q(sok_etternavn__startswith=term)
            | Q(sok_fornavn__startswith=term)
            | Q(sok_mellomnavn__startswith=term)
        )
    return q


def _pasient_read(ressurs: Ressurs, actor: Ansatt, ressurs_id: str) -> dict[str, Any]:
    visning = pasient_get(actor=actor, pasient_id=ressurs_id)
    synlige = [p for p, sperret in visning.paarorende() if not sperret]
    return pasient_map(visning.pasient, str(visning.pasient.pk), synlige)


def pasienter_for_include(actor: Ansatt, ids: set[uuid.UUID]) -> list[tuple[Any, dict[str, Any]]]:
    """Patients already found through the access rule (the rows that name them), for
    `_include=…:patient`: as in a search, without next of kin (a read has them)."""
    return [(p, pasient_map(p, str(p.pk))) for p in _queryset().filter(pk__in=ids)]


def _map_list(pasient: Pasient, ressurs_id: str) -> dict[str, Any]:
    """A search result: next of kin only on a read or an _include (where the person's
    entry blocks are applied)."""
    return pasient_map(pasient, ressurs_id)


PASIENT = Ressurs(
    type="Patient",
    profil=systemer.profil("Patient"),
    kilder=(
        Kilde(
            navn="",
            queryset=_queryset,
            map=_map_list,
            dato="fodselsdato",
            pasient_felt="pk",
            ordering=("sok_etternavn", "sok_fornavn", "id"),
        ),
    ),
    parametre={
        "identifier": Param(
            Soekeparameter(
                "identifier",
                "token",
                "Fødselsnummer, D-nummer, H-nummer eller FH-nummer: system|verdi.",
            ),
            _identifier_filter,
        ),
        "name": Param(
            Soekeparameter("name", "string", "Begynnelsen av fornavn, mellomnavn eller etternavn."),
            _name_filter,
        ),
        "birthdate": Param(
            Soekeparameter("birthdate", "date", "Fødselsdato (ÅÅÅÅ-MM-DD, med prefiks)."),
            _date_filter,
        ),
    },
    action=Action.SEARCH_PATIENT,
    lesing=_pasient_read,
)


def register() -> None:
    ressurs_register(PASIENT)
    if pasienter_for_include not in _PASIENT_INCLUDE:
        _PASIENT_INCLUDE.append(pasienter_for_include)
