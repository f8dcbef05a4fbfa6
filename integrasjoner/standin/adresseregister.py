"""The national address register (NHN Adresseregisteret) in the stand-in:
`GET /adresseregister/sok?q=…` finds communication parties by name, organisation number or
HER-id and answers each with its HER-id hierarchy (the party and its parent organisation),
as the address book's look-up needs. Synthetic parties only (fictional HER-ids)."""

from __future__ import annotations

from typing import Any

# herid, navn, forelder_herid, forelder_navn, orgnr, tjenestetype (kodeverk 8663), hpr
PARTER: list[dict[str, str]] = [
    {
        "herid": "8100001",
        "navn": "Sykepleietjeneste PLO",
        "forelder_herid": "8100000",
        "forelder_navn": "Testkommune helse og omsorg",
        "organisasjonsnummer": "974600951",
        "tjenestetype": "KP02",
        "hpr_nummer": "",
    },
    {
        "herid": "8100002",
        "navn": "Legetjeneste PLO",
        "forelder_herid": "8100000",
        "forelder_navn": "Testkommune helse og omsorg",
        "organisasjonsnummer": "974600951",
        "tjenestetype": "KP01",
        "hpr_nummer": "",
    },
    {
        "herid": "8100003",
        "navn": "Saksbehandling",
        "forelder_herid": "8100000",
        "forelder_navn": "Testkommune helse og omsorg",
        "organisasjonsnummer": "974600951",
        "tjenestetype": "KD0501",
        "hpr_nummer": "",
    },
    {
        "herid": "8200010",
        "navn": "Medisinsk sengepost",
        "forelder_herid": "8200000",
        "forelder_navn": "Testsykehuset HF",
        "organisasjonsnummer": "983974899",
        "tjenestetype": "",
        "hpr_nummer": "",
    },
    {
        "herid": "8200020",
        "navn": "Kirurgisk sengepost",
        "forelder_herid": "8200000",
        "forelder_navn": "Testsykehuset HF",
        "organisasjonsnummer": "983974899",
        "tjenestetype": "",
        "hpr_nummer": "",
    },
    {
        "herid": "8300011",
        "navn": "Frida Fastlege",
        "forelder_herid": "8300000",
        "forelder_navn": "Torget legesenter",
        "organisasjonsnummer": "912345678",
        "tjenestetype": "",
        "hpr_nummer": "1234567",
    },
]


def sok(query: dict[str, list[str]]) -> tuple[int, Any]:
    """The parties matching `q` (case-insensitive part of the name or parent's name, or the
    exact HER-id or organisation number); 400 without `q`."""
    tekst = (query.get("q") or [""])[0].strip().lower()
    if not tekst:
        return 400, {"feil": "mangler q"}
    treff = [
        p
        for p in PARTER
        if tekst in p["navn"].lower()
        or tekst in p["forelder_navn"].lower()
        or tekst in (p["herid"], p["forelder_herid"], p["organisasjonsnummer"])
    ]
    return 200, {"parter": treff}


def handle_get(path: str, query: dict[str, list[str]]) -> tuple[int, Any]:
    if path.rstrip("/").endswith("/sok"):
        return sok(query)
    return 404, {"feil": f"ukjent ressurs {path}"}
