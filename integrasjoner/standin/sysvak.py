"""SYSVAK, the national immunisation register, in the stand-in.

`POST /sysvak/vaksinasjoner` takes one report (JSON): `type` "vaksinasjon" (a dose given:
vaksine, dose_nr, tidspunkt, batch) or "korreksjon" (the earlier report of `vaksinasjon_id`
was wrong and is withdrawn), always with `vaksinasjon_id` and `pasient.fnr` (11 digits); it
refuses (400) one without them. `POST /sysvak/historikk` puts doses other health services
reported earlier into the register (`{"fnr": …, "vaksinasjoner": [{id, vaksine, dose_nr,
tidspunkt, preparat, batch}]}`), for a child who moves in. `GET /sysvak/vaksinasjoner?fnr=…`
answers the register for a person: the earlier doses and every accepted report, without
the corrected ones. Like every stand-in system, a repeated Idempotency-Key is answered as a
duplicate, so a resent report is registered once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

TYPER = {"vaksinasjon", "korreksjon"}


def _fnr_ok(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 11 and value.isdigit()


def _dose_error(dose: Any) -> str | None:
    if not isinstance(dose, dict):
        return "en vaksinasjon må være et JSON-objekt"
    missing = [k for k in ("vaksine", "dose_nr", "tidspunkt") if not dose.get(k)]
    return "mangler " + ", ".join(missing) if missing else None


def validate(path: str, body: Any) -> str | None:
    if not isinstance(body, dict):
        return "forventet JSON"
    if path.endswith("/historikk"):
        if not _fnr_ok(body.get("fnr")):
            return "mangler gyldig fnr"
        doser = body.get("vaksinasjoner")
        if not isinstance(doser, list):
            return "mangler vaksinasjoner"
        return next((e for e in map(_dose_error, doser) if e), None)
    if not path.endswith("/vaksinasjoner"):
        return f"ukjent ressurs {path}"
    if body.get("type") not in TYPER:
        return "ukjent type (vaksinasjon eller korreksjon)"
    if not body.get("vaksinasjon_id"):
        return "mangler vaksinasjon_id"
    if not _fnr_ok((body.get("pasient") or {}).get("fnr")):
        return "mangler pasientens fødselsnummer"
    if body["type"] == "vaksinasjon":
        error = _dose_error(body)
        if error:
            return error
        if not body.get("batch"):
            return "mangler batch"
    return None


def lookup(mottatt: Iterable[Any], fnr: str) -> list[dict[str, Any]]:
    """The register for `fnr` from what the stand-in accepted (first-time 201s only)."""
    register: dict[str, dict[str, Any]] = {}
    for m in mottatt:
        if m.integrasjon != "sysvak" or m.status != 201 or not isinstance(m.innhold, dict):
            continue
        body = m.innhold
        if m.sti.endswith("/historikk") and body.get("fnr") == fnr:
            for n, dose in enumerate(body["vaksinasjoner"]):
                key = str(dose.get("id") or f"{m.nokkel}-{n}")
                register[key] = {**_fields(dose), "id": key}
        elif m.sti.endswith("/vaksinasjoner") and body["pasient"]["fnr"] == fnr:
            key = str(body["vaksinasjon_id"])
            if body["type"] == "korreksjon":
                register.pop(key, None)
            else:
                register[key] = {**_fields(body), "id": key}
    return sorted(register.values(), key=lambda d: str(d["tidspunkt"]))


def _fields(dose: dict[str, Any]) -> dict[str, Any]:
    return {
        k: dose.get(k, "")
        for k in ("vaksine", "dose_nr", "tidspunkt", "preparat", "batch", "virksomhet")
    }
