"""A real HTTP server standing in for the external systems (no Django; stdlib only).

Paths: `/<integrasjon>/<resource>` is the system itself (e.g. `/velferdsteknologi/alarmstatus`);
`/_kontroll/...` lets a test or a demo change how it behaves:

  GET  /_kontroll/helse                     {"ok": true}
  GET  /_kontroll/mottatt[?integrasjon=x]   every request seen, in order, with its key and
                                            whether it was a duplicate
  POST /_kontroll/oppforsel                 {"integrasjon": "velferdsteknologi" (or "*"),
                                             "modus": "ok" | "feil" | "treg" | "kutt"
                                                      | "kutt_etter",
                                             "status": 503, "forsinkelse": 2.0,
                                             "antall": 3 (then back to ok; null = until changed)}
  POST /_kontroll/nullstill                 forget requests, keys and behaviour

Systems: `/velferdsteknologi/alarmstatus` (alarm status), `/faktura/fakturagrunnlag` (an
invoice run's CSV: refused with 400 when its sha256, header or line count does not match),
`/lonn/...` (accepts anything), `/multidose/endringer` (a change of a multidose order:
refused with 400 without the order, the kind of change and the patient), `/sysvak/...`
(vaccination reports and corrections, earlier doses, and `GET /sysvak/vaksinasjoner?fnr=`
to look a person up; standin/sysvak.py), `/kpr/meldinger` (a KPR report's two messages;
answered with a receipt, see integrasjoner/standin/kpr.py), `/helfo/krav` and
`/helfo/oppgjoer` (claims to HELFO and their settlements, with `/_kontroll/helfo` to force
rejections: integrasjoner/standin/helfo.py), `/edi/...` (the EDI 2.0 message service:
integrasjoner/standin/edi.py).

Every request to a system is recorded. A request whose `Idempotency-Key` was already
accepted is answered 200 with `"duplikat": true` and nothing new happens, as a real
receiver that honours idempotency keys would. "kutt" closes the connection without an
answer (a dropped connection); "kutt_etter" accepts the request and then drops the
connection (the answer is lost, so the sender retries: the key makes it harmless);
"treg" waits before answering; "feil" answers with the status (5xx = the system is down,
4xx = it refuses the request).
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from integrasjoner.standin import adresseregister, edi, helfo, kpr, lonn, multidose, sysvak

logger = logging.getLogger(__name__)

KEY_HEADER = "Idempotency-Key"
MAX_BODY = 64_000_000  # an invoice run's file for a large kommune is tens of MB


@dataclass
class Mottatt:
    """One request the stand-in saw."""

    integrasjon: str
    sti: str
    metode: str
    nokkel: str
    duplikat: bool
    status: int
    innhold: Any
    tid: float = field(default_factory=time.time)


@dataclass
class Oppforsel:
    modus: str = "ok"
    status: int = 503
    forsinkelse: float = 0.0
    antall: int | None = None


# Per-integration validation: (path, body) -> error text or None (a 400 answer).
Validator = Callable[[str, Any], str | None]


def _velferdsteknologi(path: str, body: Any) -> str | None:
    if not path.endswith("/alarmstatus"):
        return f"ukjent ressurs {path}"
    if not isinstance(body, dict):
        return "innholdet må være et JSON-objekt"
    missing = [k for k in ("alarm_id", "ekstern_id", "status") if not body.get(k)]
    if missing:
        return "mangler " + ", ".join(missing)
    if body["status"] not in ("kvittert", "lukket"):
        return f"ukjent status {body['status']}"
    return None


def _faktura(path: str, body: Any) -> str | None:
    """The economy system: one invoice run's CSV with its checksum and line count."""
    import hashlib

    if not path.endswith("/fakturagrunnlag"):
        return f"ukjent ressurs {path}"
    if not isinstance(body, dict):
        return "innholdet må være et JSON-objekt"
    missing = [
        k for k in ("kjoring_id", "kommunenummer", "maned", "sha256", "csv") if not body.get(k)
    ]
    if missing:
        return "mangler " + ", ".join(missing)
    data = str(body["csv"]).encode()
    if hashlib.sha256(data).hexdigest() != body["sha256"]:
        return "sjekksummen stemmer ikke med filen"
    lines = str(body["csv"]).splitlines()
    if not lines or not lines[0].startswith("kjoring_id;"):
        return "filen mangler overskriftslinjen"
    if len(lines) - 1 != body.get("antall_linjer"):
        return f"filen har {len(lines) - 1} linjer, ikke {body.get('antall_linjer')}"
    return None


def _accept_any(path: str, body: Any) -> str | None:
    return None


VALIDATORS: dict[str, Validator] = {
    "velferdsteknologi": _velferdsteknologi,
    "lonn": _accept_any,
    "faktura": _faktura,
}
# Systems with their own behaviour module (one line each).
VALIDATORS["lonn"] = lonn.validate
VALIDATORS["multidose"] = multidose.validate
# Systems that answer GET look-ups: (path, query) -> (status, JSON answer).
GETTERS: dict[str, Callable[[str, dict[str, list[str]]], tuple[int, Any]]] = {
    "adresseregister": adresseregister.handle_get,  # meldinger_ut: GET /adresseregister/sok
}
# --- helfo: systems that answer with more than a reference, serve GETs, or take their own
# control call (/_kontroll/<integrasjon>) register here.
VALIDATORS["helfo"] = helfo.validate
SVAR: dict[str, Callable[[Any, str, Any, str, bool], dict[str, Any]]] = {"helfo": helfo.motta}
HENT: dict[str, Callable[[Any, str], tuple[int, Any]]] = {"helfo": helfo.hent}
KONTROLL: dict[str, Callable[[Any, Any], tuple[int, Any]]] = {"helfo": helfo.kontroll}
NULLSTILL: list[Callable[[Any], None]] = [helfo.nullstill]
# --- end helfo
VALIDATORS["sysvak"] = sysvak.validate  # SYSVAK (vekst branch)
VALIDATORS["kpr"] = kpr.validate
# KPR's answer carries its receipt (an answer hook like helfo's, in SVAR).
SVAR["kpr"] = lambda _state, path, body, _key, _first: kpr.kvittering(path, body)
# meldinger_inn: systems with their own REST shape (GET/PUT/POST on resource paths), routed
# whole to their module: (state, method, path, query, body, key) -> (status, payload).
ROUTERS: dict[str, Callable[..., tuple[int, Any]]] = {"edi": edi.handle}


class State:
    """What the stand-in has seen and how it should behave; shared by the handler threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.mottatt: list[Mottatt] = []
        self.nokler: dict[str, str] = {}  # key -> the response id given the first time
        self.oppforsel: dict[str, Oppforsel] = {}

    def behaviour(self, integrasjon: str) -> Oppforsel:
        """The behaviour for this request (counting down a limited one)."""
        with self.lock:
            name = integrasjon if integrasjon in self.oppforsel else "*"
            current = self.oppforsel.get(name, Oppforsel())
            if current.modus != "ok" and current.antall is not None:
                current.antall -= 1
                if current.antall <= 0:
                    self.oppforsel.pop(name, None)
            return Oppforsel(**asdict(current))

    def record(self, entry: Mottatt) -> None:
        with self.lock:
            self.mottatt.append(entry)


class Handler(BaseHTTPRequestHandler):
    server: StandinServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s %s", self.address_string(), format % args)

    def _send(self, status: int, payload: Any) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self) -> Any:
        length = min(int(self.headers.get("Content-Length") or 0), MAX_BODY)
        raw = self.rfile.read(length) if length else b""
        if not raw:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            return raw.decode("utf-8", "replace")

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        state = self.server.state
        if parts.path == "/_kontroll/helse":
            self._send(200, {"ok": True})
        elif parts.path == "/_kontroll/mottatt":
            wanted = parse_qs(parts.query).get("integrasjon", [""])[0]
            with state.lock:
                rows = [asdict(m) for m in state.mottatt if not wanted or m.integrasjon == wanted]
            self._send(200, {"mottatt": rows})
        elif (getter := GETTERS.get(parts.path.strip("/").split("/", 1)[0])) is not None:
            status, answer = getter(parts.path, parse_qs(parts.query))
            self._send(status, answer)
        elif parts.path.strip("/").split("/", 1)[0] in HENT:  # helfo
            self._send(*HENT[parts.path.strip("/").split("/", 1)[0]](state, parts.path))
        elif parts.path == "/sysvak/vaksinasjoner":  # SYSVAK look-up (vekst branch)
            behaviour = state.behaviour("sysvak")
            if behaviour.modus == "feil":
                self._send(behaviour.status, {"feil": "simulert feil"})
                return
            fnr = parse_qs(parts.query).get("fnr", [""])[0]
            with state.lock:
                seen = list(state.mottatt)
            self._send(200, {"vaksinasjoner": sysvak.lookup(seen, fnr)})
        elif parts.path == "/_kontroll/edi/kvitteringer":  # meldinger_inn
            self._send(200, {"kvitteringer": edi.kvitteringer(state)})
        elif self._routed("GET", parts.path, parts.query, None):  # meldinger_inn
            pass
        else:
            self._send(404, {"feil": "ukjent sti"})

    # meldinger_inn: PUT only reaches routed systems (the EDI service's "mark read").
    def do_PUT(self) -> None:
        parts = urlsplit(self.path)
        if not self._routed("PUT", parts.path, parts.query, self._body()):
            self._send(404, {"feil": "ukjent sti"})

    def _routed(self, metode: str, path: str, query: str, body: Any) -> bool:
        """A call to a routed system (ROUTERS), with the fault switches and the record of
        every request; False when the path is not one (meldinger_inn)."""
        state = self.server.state
        integrasjon = path.strip("/").split("/", 1)[0]
        router = ROUTERS.get(integrasjon)
        if router is None:
            return False
        key = self.headers.get(KEY_HEADER, "")
        behaviour = state.behaviour(integrasjon)
        if behaviour.modus == "kutt":
            state.record(Mottatt(integrasjon, path, metode, key, False, 0, body))
            self.close_connection = True
            self.connection.close()
            return True
        if behaviour.modus == "treg":
            time.sleep(behaviour.forsinkelse)
        elif behaviour.modus == "feil":
            state.record(Mottatt(integrasjon, path, metode, key, False, behaviour.status, body))
            self._send(behaviour.status, {"feil": "simulert feil"})
            return True
        status, payload = router(state, metode, path, query, body, key)
        state.record(Mottatt(integrasjon, path, metode, key, False, status, body))
        if behaviour.modus == "kutt_etter":
            self.close_connection = True
            self.connection.close()
            return True
        if status == 204:
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self._send(status, payload)
        return True

    def do_POST(self) -> None:
        parts = urlsplit(self.path)
        body = self._body()
        if parts.path.startswith("/_kontroll/"):
            self._control(parts.path, body)
            return
        if self._routed("POST", parts.path, parts.query, body):  # meldinger_inn
            return
        self._system(parts.path, body)

    def _control(self, path: str, body: Any) -> None:
        state = self.server.state
        if path == "/_kontroll/nullstill":
            with state.lock:
                state.mottatt.clear()
                state.nokler.clear()
                state.oppforsel.clear()
            for reset in NULLSTILL:  # helfo
                reset(state)
            edi.nullstill(state)  # meldinger_inn (outside the lock: it takes it)
            self._send(200, {"ok": True})
        elif path == "/_kontroll/oppforsel" and isinstance(body, dict):
            name = str(body.get("integrasjon") or "*")
            behaviour = Oppforsel(
                modus=str(body.get("modus", "ok")),
                status=int(body.get("status", 503)),
                forsinkelse=float(body.get("forsinkelse", 0.0)),
                antall=body.get("antall"),
            )
            with state.lock:
                if behaviour.modus == "ok":
                    state.oppforsel.pop(name, None)
                else:
                    state.oppforsel[name] = behaviour
            self._send(200, {"ok": True, "oppforsel": asdict(behaviour)})
        elif path.removeprefix("/_kontroll/") in KONTROLL:  # helfo
            self._send(*KONTROLL[path.removeprefix("/_kontroll/")](state, body))
        elif path == "/_kontroll/edi/slipp":  # meldinger_inn
            self._send(*edi.slipp(state, body))
        else:
            self._send(400, {"feil": "ukjent kontrollkall"})

    def _system(self, path: str, body: Any) -> None:
        state = self.server.state
        integrasjon = path.strip("/").split("/", 1)[0]
        key = self.headers.get(KEY_HEADER, "")
        validator = VALIDATORS.get(integrasjon)
        if validator is None:
            self._send(404, {"feil": f"ukjent system {integrasjon}"})
            return
        behaviour = state.behaviour(integrasjon)
        if behaviour.modus == "kutt":
            state.record(Mottatt(integrasjon, path, "POST", key, False, 0, body))
            self.close_connection = True
            self.connection.close()  # no answer at all: the client sees a dropped connection
            return
        if behaviour.modus == "treg":
            time.sleep(behaviour.forsinkelse)
        elif behaviour.modus == "feil":
            state.record(Mottatt(integrasjon, path, "POST", key, False, behaviour.status, body))
            self._send(behaviour.status, {"feil": "simulert feil"})
            return
        error = validator(path, body)
        if error is None and not key:
            error = f"mangler {KEY_HEADER}"
        if error is not None:
            state.record(Mottatt(integrasjon, path, "POST", key, False, 400, body))
            self._send(400, {"feil": error})
            return
        with state.lock:
            first = key not in state.nokler
            if first:
                state.nokler[key] = uuid.uuid4().hex
            referanse = state.nokler[key]
            status = 201 if first else 200
            state.mottatt.append(Mottatt(integrasjon, path, "POST", key, not first, status, body))
        extra = SVAR[integrasjon](state, path, body, key, first) if integrasjon in SVAR else {}
        if behaviour.modus == "kutt_etter":
            self.close_connection = True
            self.connection.close()  # accepted, but the answer is lost: the sender will retry
            return
        self._send(status, {"referanse": referanse, "duplikat": not first, **extra})


class StandinServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int]) -> None:
        self.state = State()
        super().__init__(address, Handler)


class Standin:
    """The stand-in, in a background thread (tests) or in the foreground (`python -m`)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.server = StandinServer((host, port))
        self.host = host
        self.port = int(self.server.server_address[1])
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def state(self) -> State:
        return self.server.state

    def start(self) -> Standin:
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self.server.serve_forever()

    def close(self) -> None:
        if self._thread is not None:
            self.server.shutdown()
            self._thread.join(timeout=5)
        self.server.server_close()
