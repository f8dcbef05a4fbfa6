"""The floor: exact-id search and patient read in raw SQL, without Django (issue 12, target 5).

What the lowest possible cost of the same work is in Python on this machine: the same
`Authorization: Token <key>` check (the key's SHA-256 against core_apinoekkel, the person,
their one active unit and role right, in one statement), the same access rule as
journal.access (care relationship or extended access, blocks, emergency access: correlated
EXISTS per row), the same JSON as the API (`/api/v1/pasienter/?sok=<identifier>` and
`/api/v1/pasienter/<id>/`), and the same audit rows (PASIENT_SEARCHED + PASIENT_LISTED, or
PASIENT_READ, with actor, unit, role, request id and address) written in the same
transaction: a data-modifying CTE, so search/read + audit is one round trip, plus BEGIN
and COMMIT. psycopg 3, one connection per process, no ORM, no DRF, no middleware. Its
statements are prepared on the server (`prepare_threshold=0`), as ours are (core.db): a
floor that parsed and planned every statement would be a floor of PostgreSQL's work, not of
the least Python around the same statements.

It is a WSGI app (`gunicorn --chdir benchmarks bench_floor:app`, DATABASE_URL set) for the
HTTP comparison and a plain function (`Floor.handle`) for the in-process one; see
bench_kjerne.py, which measures both against our own stack.

What it leaves out compared with the API: the X-Enhet header and several units per person
(the benchmark users have one), entry blocks on next of kin (it shows all), a refused read's
own audit row, OpenAPI and error handling beyond 401/404. Those are cheap or rare; the floor
is meant to be slightly optimistic.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import uuid
from collections.abc import Callable, Iterable
from typing import Any

import psycopg

_AUTH = """
SELECT a.id, coalesce(nullif(trim(a.first_name || ' ' || a.last_name), ''), a.username),
       coalesce(a.hpr_nummer, ''), a.helsepersonellkategori, a.stilling,
       t.enhet_id, e.virksomhet_id, r.kode,
       EXISTS (SELECT 1 FROM core_rollerettighet rr
               WHERE rr.rolle_id = r.id AND rr.action = 'view'),
       EXISTS (SELECT 1 FROM core_rollerettighet rr
               WHERE rr.rolle_id = r.id AND rr.action = 'search_patient')
FROM core_apinoekkel n
JOIN core_ansatt a ON a.id = n.ansatt_id AND a.is_active
JOIN core_tilknytning t ON t.ansatt_id = a.id AND t.gyldig_fra <= current_date
     AND (t.gyldig_til IS NULL OR t.gyldig_til >= current_date)
JOIN core_enhet e ON e.id = t.enhet_id AND e.aktiv
JOIN core_rolle r ON r.id = t.rolle_id
WHERE n.noekkel_hash = %s AND n.tilbakekalt IS NULL AND n.utloeper > now()
"""

_RULE = """
(EXISTS (SELECT 1 FROM journal_behandlingsrelasjon r WHERE r.pasient_id = p.id
         AND r.enhet_id = %(enhet)s AND r.gyldig_fra <= now()
         AND (r.gyldig_til IS NULL OR r.gyldig_til > now()))
 OR EXISTS (SELECT 1 FROM journal_utvidettilgang g WHERE g.pasient_id = p.id
         AND g.ansatt_id = %(ansatt)s AND g.enhet_id = %(enhet)s
         AND g.gyldig_fra <= now() AND g.gyldig_til > now()))
AND (NOT EXISTS (SELECT 1 FROM journal_sperring s WHERE s.pasient_id = p.id
         AND s.objekt_type = '' AND s.opphevet_at IS NULL
         AND ((s.mal = 'ansatt' AND s.ansatt_id = %(ansatt)s)
              OR (s.mal = 'enhet' AND s.enhet_id = %(enhet)s)
              OR (s.mal = 'virksomhet' AND s.virksomhet_id = %(virksomhet)s)))
     OR EXISTS (SELECT 1 FROM journal_utvidettilgang g WHERE g.pasient_id = p.id
         AND g.ansatt_id = %(ansatt)s AND g.enhet_id = %(enhet)s AND g.type = 'akutt'
         AND g.gyldig_fra <= now() AND g.gyldig_til > now()))
"""

_AUDIT_COLUMNS = (
    "tidspunkt, hendelse, aktor_id, aktor_navn, aktor_hpr, aktor_yrke, rolle, enhet_id, "
    "pasient_id, objekt_type, objekt_id, grunnlag, begrunnelse, ip, request_id, "
    "klient_request_id, kanal, ekstra"
)
_AUDIT_ACTOR = (
    "%(ansatt)s, %(navn)s, %(hpr)s, %(yrke)s, %(rolle)s, %(enhet)s"  # after tidspunkt, hendelse
)

_SEARCH = f"""
WITH hit AS (
    SELECT p.id, p.identifikator, p.fornavn, p.mellomnavn, p.etternavn, p.fodselsdato,
           p.kjonn, p.dodsdato
    FROM journal_pasient p WHERE p.identifikator = %(sok)s AND {_RULE}
), searched AS (
    INSERT INTO core_auditlogg ({_AUDIT_COLUMNS})
    SELECT now(), 103, {_AUDIT_ACTOR}, NULL, '', '', '', '', %(ip)s, %(request_id)s, '', 'api',
           jsonb_build_object('sok', %(sok)s::text, 'sokemate', 'identifikator', 'side', 1,
                              'treff', (SELECT count(*) FROM hit))
    RETURNING 1
), listed AS (
    INSERT INTO core_auditlogg ({_AUDIT_COLUMNS})
    SELECT now(), 104, {_AUDIT_ACTOR}, hit.id, 'journal.Pasient', hit.id::text, '', '',
           %(ip)s, %(request_id)s, '', 'api', '{{"sokemate": "identifikator"}}'::jsonb
    FROM hit RETURNING 1
)
SELECT hit.*, (SELECT count(*) FROM searched) + (SELECT count(*) FROM listed) FROM hit
"""  # noqa: S608 - constants only; values are parameters

_READ = f"""
WITH hit AS (
    SELECT p.id, p.identifikator, p.identifikator_type, p.fornavn, p.mellomnavn, p.etternavn,
           p.fodselsdato, date_part('year', age(coalesce(p.dodsdato, current_date),
                                                p.fodselsdato))::int AS alder,
           p.kjonn, p.adresse, p.postnummer, p.poststed, k.nummer AS kommunenummer, p.telefon,
           p.foretrukket_sprak, p.tolkebehov, p.malform,
           CASE WHEN f.id IS NULL THEN NULL ELSE json_build_object(
               'navn', trim(f.first_name || ' ' || f.last_name),
               'hpr_nummer', coalesce(f.hpr_nummer, '')) END AS fastlege,
           p.dodsdato,
           coalesce((SELECT json_agg(json_build_object(
               'sperret', false, 'navn', pa.navn, 'relasjon', pa.relasjon, 'telefon', pa.telefon,
               'er_naermeste', pa.er_naermeste, 'er_verge', pa.er_verge) ORDER BY pa.created_at)
               FROM journal_paarorende pa WHERE pa.pasient_id = p.id), '[]'::json) AS paarorende
    FROM journal_pasient p
    LEFT JOIN core_kommune k ON k.id = p.kommune_id
    LEFT JOIN core_ansatt f ON f.id = p.fastlege_id
    WHERE p.id = %(id)s AND {_RULE}
), audited AS (
    INSERT INTO core_auditlogg ({_AUDIT_COLUMNS})
    SELECT now(), 102, {_AUDIT_ACTOR}, hit.id, 'journal.Pasient', hit.id::text, 'relasjon',
           '', %(ip)s, %(request_id)s, '', 'api', '{{}}'::jsonb
    FROM hit RETURNING 1
)
SELECT hit.*, (SELECT count(*) FROM audited) FROM hit
"""  # noqa: S608

_DETAIL = re.compile(r"^/api/v1/pasienter/([0-9a-fA-F-]{36})/$")
_YRKE = {"LE": "Lege", "SP": "Sykepleier", "HE": "Helsefagarbeider", "FT": "Fysioterapeut"}
_LIST_FIELDS = ("id", "identifikator", "fornavn", "mellomnavn", "etternavn", "fodselsdato",
                "kjonn", "dodsdato")  # fmt: skip
_DETAIL_FIELDS = ("id", "identifikator", "identifikator_type", "fornavn", "mellomnavn",
                  "etternavn", "fodselsdato", "alder", "kjonn", "adresse", "postnummer",
                  "poststed", "kommunenummer", "telefon", "foretrukket_sprak", "tolkebehov",
                  "malform", "fastlege", "dodsdato", "paarorende")  # fmt: skip


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class Floor:
    """One database connection; `handle` answers one request (path, query, token)."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self.conn: psycopg.Connection[Any] | None = None

    def _connection(self) -> psycopg.Connection[Any]:
        if self.conn is None or self.conn.closed:
            self.conn = psycopg.connect(self.dsn, autocommit=False, prepare_threshold=0)
        return self.conn

    def handle(
        self, path: str, sok: str | None, authorization: str, ip: str = "127.0.0.1"
    ) -> tuple[int, bytes]:
        conn = self._connection()
        parts = authorization.split()
        if len(parts) != 2 or parts[0] != "Token":
            return 401, b'{"detail": "Ugyldig API-n\\u00f8kkel."}'
        hashed = hashlib.sha256(parts[1].encode()).hexdigest()
        with conn.cursor() as cur:
            try:
                cur.execute(_AUTH, (hashed,))
                who = cur.fetchone()
                if who is None:
                    conn.rollback()
                    return 401, b'{"detail": "Ugyldig eller utl\\u00f8pt API-n\\u00f8kkel."}'
                params = {
                    "ansatt": who[0],
                    "navn": who[1],
                    "hpr": who[2],
                    "yrke": _YRKE.get(who[3], who[4] or ""),
                    "enhet": who[5],
                    "virksomhet": who[6],
                    "rolle": who[7],
                    "ip": ip,
                    "request_id": uuid.uuid4().hex,
                }
                match = _DETAIL.match(path)
                if match and who[8]:
                    params["id"] = match.group(1)
                    cur.execute(_READ, params)
                    row = cur.fetchone()
                    conn.commit()
                    if row is None:
                        return 404, b'{"detail": "Ikke funnet."}'
                    body = {k: _plain(v) for k, v in zip(_DETAIL_FIELDS, row, strict=False)}
                    body["tilgang"] = {
                        "grunnlag": "relasjon",
                        "gyldig_til": None,
                        "sperring_overstyrt": False,
                    }
                    return 200, json.dumps(body).encode()
                if path == "/api/v1/pasienter/" and sok and who[9]:
                    params["sok"] = re.sub(r"\s", "", sok)
                    cur.execute(_SEARCH, params)
                    rows = cur.fetchall()
                    conn.commit()
                    found = [
                        {k: _plain(v) for k, v in zip(_LIST_FIELDS, r, strict=False)} for r in rows
                    ]
                    page = {"side": 1, "neste": None, "forrige": None, "resultater": found}
                    return 200, json.dumps(page).encode()
                conn.rollback()
                return 404, b'{"detail": "Ikke funnet."}'
            except Exception:
                conn.rollback()
                raise


_STATUS = {200: "200 OK", 401: "401 Unauthorized", 404: "404 Not Found"}
_floor: Floor | None = None


_django: Callable[..., Iterable[bytes]] | None = None


def _login(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """`POST /api/v1/auth/token/` is answered by our own app (config.wsgi, imported on the
    first login only), so a client that logs in at the floor's address, as the GNU Health
    harness's bench_kj.py does, gets a real key; the floor itself only checks keys."""
    global _django
    if _django is None:
        import sys
        from pathlib import Path

        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
        from django.core.wsgi import get_wsgi_application

        _django = get_wsgi_application()
    return _django(environ, start_response)


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """WSGI entry point (gunicorn): one Floor per worker process."""
    global _floor
    if environ.get("PATH_INFO") == "/api/v1/auth/token/":
        return _login(environ, start_response)
    if _floor is None:
        _floor = Floor(os.environ["DATABASE_URL"])
    query = dict(p.split("=", 1) for p in environ.get("QUERY_STRING", "").split("&") if "=" in p)
    status, body = _floor.handle(
        environ.get("PATH_INFO", ""),
        query.get("sok"),
        environ.get("HTTP_AUTHORIZATION", ""),
        environ.get("REMOTE_ADDR", "127.0.0.1"),
    )
    start_response(
        _STATUS[status],
        [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
    )
    return [body]
