"""Issue 13 §1: every page and form the URL conf exposes takes hostile values without a
server error. Walks the URL conf (like tests/test_url_walk.py), opens each page as a person
with every right, reads the page's own forms, and sends each hostile value to every GET
parameter (the page's and the ones the views read) and to every field of every form.

A 5xx, or an exception out of a view (the test client re-raises it), fails the test.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from core.acting import SESSION_KEY
from core.models import Action, Ansatt, Enhet, EnhetType, Rolle, RolleRettighet
from tests.factories import (
    AnsattFactory,
    EnhetFactory,
    JournalnotatFactory,
    KartleggingFactory,
    PasientFactory,
    TilknytningFactory,
)
from tests.journal.tiltaksplan_data import plan_make, tiltak_make
from tests.tjenester.hjemmetjeneste.factories import BesoekFactory

HOSTILE = [
    "9223372036854775808",
    "-1",
    "-99999999999999999999999",
    "\x00",
    "a\x00b",
    "\u202eevil",
    "\u2066x\u2069",
    "²",
    "١٢٣",
    "０１０２３１１００９８",
    "x" * 10_000,
    "0001-01-01",
    "9999-12-31",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "31.12.9999",
]
# Query parameters the views read (grep request.GET); sent to every page besides the ones
# its own forms name.
KNOWN_GET = [
    "side", "kside", "dside", "eside", "akuttside", "q", "sok", "fra", "til", "dato",
    "periode", "enhet", "status", "skjema", "kode", "kodeverk", "vis", "type", "next",
    "tjenestetype", "pasient", "identifikator", "seng", "venteliste", "tjeneste", "mine",
    "fra_dato", "til_dato",
]  # fmt: skip
SKIP_PREFIXES = ("/admin/", "/static/", "/api/", "/logout", "/logg-ut")
SKIP_NAMES = {"core:logout", "schema", "api-docs", "health"}  # health: 503 without workers


class _Forms(HTMLParser):
    """Every <form>: method, action and the names of its fields."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            method = (a.get("method") or "get").lower()
            self.forms.append({"method": method, "action": a.get("action") or "", "fields": set()})
        elif tag in ("input", "select", "textarea") and self.forms and a.get("name"):
            self.forms[-1]["fields"].add(a["name"])


def _patterns(
    patterns: list[URLPattern | URLResolver], prefix: str = "", ns: str = ""
) -> Iterator[tuple[str, str]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            sub_ns = f"{ns}{p.namespace}:" if p.namespace else ns
            yield from _patterns(p.url_patterns, prefix + str(p.pattern), sub_ns)
        else:
            yield prefix + str(p.pattern), f"{ns}{p.name}"


def _all_rights_role() -> Rolle:
    rolle, _ = Rolle.objects.get_or_create(kode="fuzz-alt", defaults={"navn": "Alle rettigheter"})
    for action in Action.values:
        RolleRettighet.objects.get_or_create(rolle=rolle, action=action)
    return rolle


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    sone: Enhet = EnhetFactory(navn="Walk sone", type=EnhetType.HJEMMETJENESTE_SONE)
    avdeling: Enhet = EnhetFactory(
        navn="Walk avdeling", type=EnhetType.SYKEHJEMSAVDELING, virksomhet=sone.virksomhet
    )
    rolle = _all_rights_role()
    ansatt: Ansatt = AnsattFactory(username="walk", helsepersonellkategori="SP", is_staff=True)
    for enhet in (sone, avdeling):
        TilknytningFactory(enhet=enhet, rolle=rolle, ansatt=ansatt)
    pasient = PasientFactory(relasjon_til=sone)
    plan = plan_make(pasient)
    ids = {
        "pasient_id": pasient.pk,
        "notat_id": JournalnotatFactory(pasient=pasient, signert=True).pk,
        "kartlegging_id": KartleggingFactory(pasient=pasient).pk,
        "plan_id": plan.pk,
        "tiltak_id": tiltak_make(plan).pk,
        "besok_id": BesoekFactory(pasient=pasient, enhet=sone).pk,
    }
    clients = {}
    for name, enhet in (("sone", sone), ("avdeling", avdeling)):
        client = Client()
        client.force_login(ansatt)
        session = client.session
        session[SESSION_KEY] = str(enhet.pk)
        session.save()
        clients[name] = client
    return {"ids": ids, "clients": clients}


def _url(route: str, ids: dict[str, Any]) -> str:
    def value(match: re.Match[str]) -> str:
        converter, name = match.group(1), match.group(2)
        if converter == "uuid":
            return str(ids.get(name, uuid.uuid4()))
        if converter == "slug":
            return "innlegg"
        return "x"

    return "/" + re.sub(r"<(\w+):(\w+)>", value, route)


def _routes() -> list[tuple[str, str]]:
    """(URL name, route) of every page the walk opens; ids are filled in per test."""
    routes = []
    for route, name in _patterns(get_resolver().url_patterns):
        if name in SKIP_NAMES or "(" in route or "^" in route:
            continue
        if ("/" + route).startswith(SKIP_PREFIXES):
            continue
        routes.append((name, route))
    return routes


ROUTES = _routes()


def _client_for(world: dict[str, Any], url: str) -> Client:
    clients: dict[str, Client] = world["clients"]
    return clients["avdeling" if url.startswith("/sykehjem/") else "sone"]


def _check(response: Any, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}"


def test_the_walk_covers_every_page() -> None:
    assert len(ROUTES) > 80


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route"), ROUTES, ids=[n for n, _ in ROUTES])
def test_no_page_or_form_gives_a_server_error_for_hostile_values(
    name: str, route: str, world: dict[str, Any]
) -> None:
    url = _url(route, world["ids"])
    client = _client_for(world, url)
    page = client.get(url)
    _check(page, f"GET {url} ({name})")
    parser = _Forms()
    if page.status_code == 200 and page.get("Content-Type", "").startswith("text/html"):
        parser.feed(page.content.decode())
    get_names = set(KNOWN_GET)
    for form in parser.forms:
        if form["method"] == "get":
            get_names |= form["fields"]
    for value in HOSTILE:
        _check(client.get(url, dict.fromkeys(get_names, value)), f"GET {url} ={value[:20]!r}")
    for form in parser.forms:
        action = form["action"] or url
        if form["method"] != "post" or not form["fields"] or not action.startswith("/"):
            continue
        if action.startswith(SKIP_PREFIXES):
            continue
        for value in HOSTILE:
            data = dict.fromkeys(form["fields"] - {"csrfmiddlewaretoken"}, value)
            _check(client.post(action, data), f"POST {action} ={value[:20]!r}")
