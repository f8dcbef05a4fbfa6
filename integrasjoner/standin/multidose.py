"""The multidose pharmacy's behaviour in the stand-in: `POST /multidose/endringer` takes one
change of a multidose order (JSON) and refuses (400) one without the order, the kind of
change (ny, seponert, endret) or the patient's identifier. Like every stand-in system, a
repeated Idempotency-Key is answered as a duplicate."""

from __future__ import annotations

from typing import Any

ENDRINGER = {"ny", "seponert", "endret"}


def validate(path: str, body: Any) -> str | None:
    if not path.endswith("/endringer"):
        return f"ukjent ressurs {path}"
    if not isinstance(body, dict):
        return "forventet JSON"
    if not body.get("forordning_id"):
        return "mangler forordning_id"
    if body.get("endring") not in ENDRINGER:
        return "ukjent endring"
    if not (body.get("pasient") or {}).get("identifikator"):
        return "mangler pasientens identifikator"
    return None
