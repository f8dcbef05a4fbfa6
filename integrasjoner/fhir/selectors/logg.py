"""AuditEvent: the patient's access log (who read or changed the record, when, from which
unit, and on what basis), modelled on HL7 Norway's AuditEvent guide, with the basis of
the access as purposeOfEvent. Read through the journal's own access-log selector (the
same right and the same audit row as the access log page)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from core.audit import AuditEvent
from core.exceptions import NotFound
from core.models import Ansatt, AuditLogg
from integrasjoner.fhir.lib import systemer
from integrasjoner.fhir.lib.parametre import (
    UgyldigParameter,
    antall_parse,
    referanse_parse,
    side_parse,
)
from integrasjoner.fhir.selectors.klinisk import ref, tid
from integrasjoner.fhir.selectors.register import (
    PATIENT,
    Kilde,
    Ressurs,
    Soekeresultat,
    params_check,
    ressurs_register,
    siste,
)
from journal.access import Grunnlag
from journal.models import Pasient
from journal.selectors.tilgang import Loggrad, tilgangslogg_for_pasient

ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason"
AUDIT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type"
_FORMAAL = {
    Grunnlag.RELASJON: ("TREAT", "treatment"),
    Grunnlag.BESLUTNINGSSTYRT: ("TREAT", "treatment"),
    Grunnlag.AKUTT: ("ETREAT", "Emergency Treatment"),
    Grunnlag.SYSTEM: ("HOPERAT", "healthcare operations"),
}
_LESING = ("READ", "LISTED", "SEARCHED", "EXPORTED", "PRINTED")


def logg_map(rad: AuditLogg, visning: Loggrad, pasient: Pasient) -> dict[str, Any]:
    navn = AuditEvent(rad.hendelse).name if rad.hendelse in AuditEvent.values else ""
    who: dict[str, Any] = {"display": visning.hvem}
    if rad.aktor_id:
        who["reference"] = f"Practitioner/{rad.aktor_id}"
    if rad.aktor_hpr:
        who["identifier"] = {"system": systemer.HPR, "value": rad.aktor_hpr}
    agent: dict[str, Any] = {"who": who, "requestor": True}
    if visning.yrke or visning.enhet:
        agent["role"] = [{"text": ", ".join(t for t in (visning.yrke, visning.enhet) if t)}]
    res: dict[str, Any] = {
        "resourceType": "AuditEvent",
        "id": str(rad.pk),
        "type": {"system": AUDIT_TYPE, "code": "rest", "display": "RESTful Operation"},
        "subtype": [{"code": str(rad.hendelse), "display": visning.hva}],
        "action": "R" if navn.endswith(_LESING) else "E",
        "recorded": tid(rad.tidspunkt),
        "outcome": "8" if navn.endswith("REFUSED") else "0",
        "agent": [agent],
        "source": {"observer": {"display": "Kommunejournal"}, "site": rad.kanal or "web"},
        "entity": [{"what": ref("Patient", pasient.pk)}],
    }
    if rad.grunnlag in _FORMAAL:
        kode, visningstekst = _FORMAAL[rad.grunnlag]
        res["purposeOfEvent"] = [
            {
                "coding": [{"system": ACT_REASON, "code": kode, "display": visningstekst}],
                "text": visning.grunnlag,
            }
        ]
    return res


def _soek(ressurs: Ressurs, actor: Ansatt, params: Mapping[str, list[str]]) -> Soekeresultat:
    params_check(ressurs, params)
    verdier = params.get("patient") or []
    if len(verdier) != 1:
        raise UgyldigParameter(_("AuditEvent søkes for én pasient: patient=Patient/<id>."))
    antall = antall_parse(siste(params, "_count"))
    side = side_parse(siste(params, "side"))
    pasient_id = referanse_parse(verdier[0], "Patient")
    try:
        pasient, page, rader = tilgangslogg_for_pasient(
            actor=actor, pasient_id=pasient_id, side=side, storrelse=antall
        )
    except NotFound:  # as every search: nothing found in a record one may not see
        return Soekeresultat([], [], False, antall, side)
    treff = [
        (f"AuditEvent/{rad.pk}", logg_map(rad, visning, pasient))
        for rad, visning in zip(page.items, rader, strict=True)
    ]
    return Soekeresultat(treff, [], page.har_neste, page.storrelse, page.nummer)


def _ingen(rad: Any, ressurs_id: str) -> dict[str, Any]:  # pragma: no cover - never searched
    raise NotImplementedError


LOGG = Ressurs(
    type="AuditEvent",
    profil=None,
    kilder=(Kilde(navn="", queryset=lambda: AuditLogg.objects.none(), map=_ingen),),
    parametre={"patient": PATIENT},
    soek=_soek,
    les=False,
)


def register() -> None:
    ressurs_register(LOGG)
