"""Every demo user, in every unit they can act in, follows the menus two levels deep: no
link answers 4xx or 5xx, and axe-core finds no serious or critical violation on the pages
visited, at 360 px (phone) and 1366 px (desktop).

Levels: 1 = the main menu (header); 2 = every link on a main-menu page (its sub-menu, its
buttons and lists); 3 = the sub-menus (`<nav>`) and the button links (`a.button`, `a.ht-knapp`)
of the pages reached at level 2 (the patient's tabs, "Legg inn" on the waiting list).
Links are deduplicated by pattern (ids become `{id}`, query values are dropped), per person
and unit, so the crawl stays about the same size whatever the demo holds. axe-core runs
once per pattern and width, whoever reached it first. axe-core is the vendored copy in
tests/browser/vendor/ (no CDN).

The demo is the one `make run` shows (`manage.py demo_alle`), built in the live server's
database. The report of every visit goes to test-artifacts/persona-crawl.json.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import StringIO
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, BrowserContext, Page
from pytest_django.live_server_helper import LiveServer

from core.acting import tilknytninger_active
from core.models import Ansatt
from tests.browser.conftest import ARTIFACTS, CHROMIUM, HERE, TIMEOUT_MS, login, submit_and_wait
from tests.conftest import klokke_for_test_apply, seed_faktura

AXE = HERE / "vendor" / "axe-core" / "axe.min.js"
DEMO_PASSWORD = "demo"
DEMO_USERS = (
    "sykepleier",
    "lege",
    "saksbehandler",
    "saksbehandler2",
    "leder",
    "helsesykepleier",
    "admin",
)
WIDTHS = {"telefon": {"width": 360, "height": 740}, "pc": {"width": 1366, "height": 900}}
FAIL_IMPACTS = {"serious", "critical"}

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Not pages of the app's UI: the API, Django's admin, static files; logout is a form.
SKIP_PATH = re.compile(r"^/(api|admin|static|media)/|^/logg-ut/")
# Files (PDF, CSV): their status is checked, they are not parsed or checked with axe.
FILE_PATH = re.compile(r"\.(pdf|csv|xml|json)$|/(pdf|brev|fil)/?$")

# Serious or critical axe findings tolerated (rule, page pattern): none. Anything found fails.
UX_B: set[tuple[str, str]] = set()


def url_pattern(url: str) -> str:
    parts = urlsplit(url)
    path = UUID.sub("{id}", parts.path)
    path = re.sub(r"/\d+(?=/|$)", "/{n}", path)
    keys = sorted({kv.split("=", 1)[0] for kv in parts.query.split("&") if kv})
    return path + ("?" + "&".join(keys) if keys else "")


BUTTON_CLASS = re.compile(r"\b(button|ht-knapp|ht-stor)\b")


class _Links(HTMLParser):
    """Links of a page: (href, in a <nav> or styled as a button, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, bool, str]] = []
        self._nav = 0
        self._open: list[Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "nav":
            self._nav += 1
        elif tag == "a":
            attributes = dict(attrs)
            href = attributes.get("href")
            if href:
                menu = self._nav > 0 or bool(BUTTON_CLASS.search(attributes.get("class") or ""))
                self._open = [href, menu, ""]

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open[2] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._nav -= 1
        elif tag == "a" and self._open is not None:
            href, menu, text = self._open
            self.links.append((href, menu, " ".join(text.split())))
            self._open = None


def page_links(html: str, base: str, *, menus_only: bool = False) -> list[tuple[str, str]]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href, menu, text in parser.links:
        if menus_only and not menu:
            continue
        if href.startswith(("#", "mailto:", "tel:", "geo:", "javascript:")):
            continue
        absolute = urlsplit(urljoin(base, href))
        if absolute.scheme not in ("http", "https") or absolute.netloc != urlsplit(base).netloc:
            continue
        path = absolute.path + (f"?{absolute.query}" if absolute.query else "")
        if not SKIP_PATH.search(absolute.path):
            found.append((path, text))
    return found


@dataclass
class Visit:
    who: str
    url: str
    status: int
    level: int
    came_from: str
    text: str
    final_url: str = ""


@dataclass
class Crawl:
    visits: list[Visit] = field(default_factory=list)
    axe: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    axe_done: set[tuple[str, str]] = field(default_factory=set)

    @property
    def broken(self) -> list[Visit]:
        return [v for v in self.visits if v.status >= 400 or "/logg-inn/" in v.final_url]


def _units(username: str) -> list[str]:
    ansatt = Ansatt.objects.get(username=username)
    return [t.enhet.navn for t in tilknytninger_active(ansatt=ansatt)]


def _act_in(page: Page, unit: str) -> None:
    page.goto("/enhet/")
    submit_and_wait(page, page.get_by_role("button", name=re.compile(f"^{re.escape(unit)} ·")))


def _axe(page: Page, url: str, width: str, crawl: Crawl) -> None:
    page.goto(url)
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))"
        ".then(v => ({violations: v}))"
    )
    serious = [v for v in result["violations"] if v["impact"] in FAIL_IMPACTS]
    if serious:
        crawl.axe[f"{width} {url_pattern(url)} ({url})"] = serious


def _crawl_person(request_page: Page, axe_pages: dict[str, Page], who: str, crawl: Crawl) -> None:
    seen: set[str] = set()
    start = request_page.request.get("/pasienter/")
    # the header's main menu (its <nav class="mainnav">)
    main_nav = re.search(r'<nav class="mainnav".*?</nav>', start.text(), re.S)
    assert main_nav is not None, f"{who}: fant ikke hovedmenyen"
    frontier = [
        (path, "hovedmeny", text) for path, text in page_links(main_nav.group(0), start.url)
    ]
    for level in (1, 2, 3):
        following: list[tuple[str, str, str]] = []
        for url, came_from, text in frontier:
            pattern = url_pattern(url)
            if pattern in seen:
                continue
            seen.add(pattern)
            response = request_page.request.get(url)
            visit = Visit(who, url, response.status, level, came_from, text, response.url)
            crawl.visits.append(visit)
            if response.status >= 400 or FILE_PATH.search(urlsplit(url).path):
                continue
            if "text/html" not in response.headers.get("content-type", ""):
                continue
            for width, axe_page in axe_pages.items():
                if (width, pattern) not in crawl.axe_done:
                    crawl.axe_done.add((width, pattern))
                    _axe(axe_page, url, width, crawl)
            if level < 3:
                following += [
                    (path, url, link_text)
                    for path, link_text in page_links(
                        response.text(), response.url, menus_only=level == 2
                    )
                ]
        frontier = following


@pytest.fixture
def demo(live_server: LiveServer) -> None:
    klokke_for_test_apply()
    seed_faktura()  # a flush by an earlier live-server test takes the migrations' fee rates
    call_command("demo_alle", stdout=StringIO())


def _context(browser: Browser, live_server: LiveServer, **options: Any) -> BrowserContext:
    # bypass_csp: axe-core is injected by the test; our pages allow no inline script
    context = browser.new_context(
        base_url=live_server.url,
        locale="nb-NO",
        timezone_id="Europe/Oslo",
        bypass_csp=True,
        **options,
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context


def test_every_demo_user_follows_the_menus_without_errors_or_serious_axe_findings(
    browser: Browser, live_server: LiveServer, demo: None
) -> None:
    assert AXE.exists(), f"axe-core mangler: {AXE}"
    assert CHROMIUM
    crawl = Crawl()
    for username in DEMO_USERS:
        units = _units(username)
        contexts = {
            "pc": _context(browser, live_server, viewport=WIDTHS["pc"]),
            "telefon": _context(
                browser, live_server, viewport=WIDTHS["telefon"], is_mobile=True, has_touch=True
            ),
        }
        pages = {width: context.new_page() for width, context in contexts.items()}
        try:
            for page in pages.values():
                page.goto("/logg-inn/")
                login(page, username, DEMO_PASSWORD)
            for unit in units:
                if len(units) > 1:
                    for page in pages.values():
                        _act_in(page, unit)
                _crawl_person(pages["pc"], pages, f"{username} @ {unit}", crawl)
        finally:
            for context in contexts.values():
                context.close()

    ARTIFACTS.mkdir(exist_ok=True)
    report = {
        "visits": [v.__dict__ for v in crawl.visits],
        "broken": [v.__dict__ for v in crawl.broken],
        "axe": crawl.axe,
        "axe_pages": len(crawl.axe_done),
    }
    (ARTIFACTS / "persona-crawl.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))

    broken = [
        f"{v.status} {v.url} ({v.who}; nivå {v.level}, «{v.text}» fra {v.came_from})"
        for v in crawl.broken
    ]
    axe_failures = {
        key: [f"{v['id']} ({v['impact']}): {v['help']} {v['nodes']}" for v in found]
        for key, found in crawl.axe.items()
        if any((v["id"], key.split(" ")[1]) not in UX_B for v in found)
    }
    assert len({(v.who.split(" @ ")[0]) for v in crawl.visits}) == len(DEMO_USERS)
    assert not broken, "Lenker som svarer med feil:\n" + "\n".join(broken)
    assert not axe_failures, "axe-core (alvorlig/kritisk):\n" + json.dumps(
        axe_failures, indent=1, ensure_ascii=False
    )
