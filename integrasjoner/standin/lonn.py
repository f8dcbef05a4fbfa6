"""The payroll system's behaviour in the stand-in: `POST /lonn/filer` takes a period's CSV
file (semicolon-separated, header first; layout in integrasjoner/lonn/lib/csvfil.py) and
refuses (400) a file without the expected header or with a row of the wrong width. Like
every stand-in system, a repeated Idempotency-Key is answered as a duplicate."""

from __future__ import annotations

from typing import Any

# The columns the payroll system requires first, in this order (the rest it ignores).
PAKREVD = ["kommunenr", "periode_fra", "periode_til", "linje_id"]


def validate(path: str, body: Any) -> str | None:
    if not path.endswith("/filer"):
        return f"ukjent ressurs {path}"
    if not isinstance(body, str) or not body.strip():
        return "forventet en CSV-fil"
    lines = body.rstrip("\r\n").split("\r\n")
    header = lines[0].split(";")
    if header[: len(PAKREVD)] != PAKREVD:
        return "ukjent filformat: mangler kolonnene " + ";".join(PAKREVD)
    for number, line in enumerate(lines[1:], start=2):
        # Quoted fields may hold a semicolon; the stand-in only checks unquoted lines.
        if '"' not in line and len(line.split(";")) != len(header):
            return f"linje {number} har feil antall felt"
    return None
