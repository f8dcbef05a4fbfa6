"""End-to-end browser harness: headless Chromium (Playwright) against pytest-django's live_server.

- Every test in this folder gets the `browser` marker (`pytest -m "not browser"` skips them).
- Chromium is Debian's /usr/bin/chromium; Playwright never downloads a browser here.
  Missing Chromium: the tests fail on CI (CI=true) and are skipped loudly elsewhere.
- live_server means a transactional database. Its flush after each test also wipes the data
  that migrations seed: the default roles (core/0002, core/0004) and the reasons for access
  outside a relationship (journal/0003). They are seeded again before each browser test and
  once more when the folder is done (for later tests, and for --reuse-db, which would
  otherwise keep the emptied tables).
- Screenshots go to test-artifacts/ at the repo root (git-ignored); a failing test leaves
  FAILED-<test>.png there.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    Playwright,
    expect,
    sync_playwright,
)
from pytest_django import DjangoDbBlocker
from pytest_django.live_server_helper import LiveServer

from core.models import Ansatt, Enhet, EnhetType
from journal.models import Pasient
from tests.conftest import actor, seeds_restore
from tests.factories import PASSWORD, EnhetFactory, PasientFactory

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse
# the test's own ORM calls (SynchronousOnlyOperation). The live server runs in other threads.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
ARTIFACTS = REPO_ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
TIMEOUT_MS = 10_000
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
UNIT_NAME = "Hjemmetjenesten sone nord"

_skipped_reason: list[str] = []


def chromium_path() -> str | None:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    return shutil.which("chromium")


# --- pytest hooks -----------------------------------------------------------------------------


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


_CALL_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.when == "call":
        item.stash[_CALL_FAILED] = report.failed
    return report


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config
) -> None:
    # Under pytest-xdist the skips happen in the workers: the controller checks for itself.
    missing = chromium_path() is None and any(
        "browser" in getattr(r, "keywords", {}) for r in terminalreporter.stats.get("skipped", [])
    )
    if _skipped_reason or missing:
        terminalreporter.write_sep("!", "BROWSER TESTS SKIPPED", red=True, bold=True)
        reason = _skipped_reason[0] if _skipped_reason else "Fant ikke Chromium."
        terminalreporter.write_line(reason, red=True, bold=True)
        terminalreporter.write_line(
            "Install Debian's chromium package (apt-get install chromium) to run them; "
            "on CI (CI=true) a missing Chromium fails the run instead.",
            red=True,
        )


# --- database: the data migrations seed ---------------------------------------------------------


def seed_data_restore() -> None:
    """Put back what the migrations seed and a flush removes (the seeders are idempotent)."""
    seeds_restore()


@pytest.fixture(scope="package", autouse=True)
def _seed_data_restored_afterwards(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[None]:
    yield
    with django_db_blocker.unblock():
        seed_data_restore()


@pytest.fixture(autouse=True)
def _seed_data(live_server: LiveServer, transactional_db: None) -> None:
    seed_data_restore()


# --- browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(request: pytest.FixtureRequest) -> Iterator[Browser]:
    executable = chromium_path()
    if executable is None:
        reason = (
            f"Chromium is missing ({CHROMIUM} not found and no `chromium` on PATH): "
            "the browser tests did not run."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} CI must run them; install the chromium package.", pytrace=False)
        if not _skipped_reason:
            _skipped_reason.append(reason)
        pytest.skip(reason)
    playwright: Playwright = request.getfixturevalue("playwright_instance")
    chromium = playwright.chromium.launch(
        executable_path=executable, headless=True, args=CHROMIUM_ARGS
    )
    yield chromium
    chromium.close()


NewPage = Callable[..., Page]


@pytest.fixture
def new_page(
    browser: Browser, live_server: LiveServer, request: pytest.FixtureRequest
) -> Iterator[NewPage]:
    """Open a page in a fresh browser context (Norwegian locale, the live server as base URL)."""
    contexts: list[tuple[BrowserContext, Page]] = []

    def open_page(**options: Any) -> Page:
        context = browser.new_context(
            base_url=live_server.url, locale="nb-NO", timezone_id="Europe/Oslo", **options
        )
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        contexts.append((context, page))
        return page

    yield open_page

    failed = request.node.stash.get(_CALL_FAILED, False)
    for index, (context, page) in enumerate(contexts):
        if failed and not page.is_closed():
            suffix = f"-{index}" if index else ""
            screenshot(page, f"FAILED-{_safe_name(request.node.name)}{suffix}.png")
        context.close()


@pytest.fixture
def page(new_page: NewPage) -> Page:
    return new_page()


@pytest.fixture
def phone_page(new_page: NewPage) -> Page:
    return new_page(**PHONE, device_scale_factor=2)


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)


def screenshot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot under test-artifacts/ at the repo root and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=full_page)
    return path


# --- actions a user takes --------------------------------------------------------------------


def submit_and_wait(page: Page, button: Locator) -> None:
    """Click a submit button and wait until the browser shows the next document.

    Marks the current document first, so a page that looks the same after the POST (a login
    error shown again) is not mistaken for the answer. The marked document is gone as soon as
    the next one is committed, before it has even an <html> element; so it then waits for the
    next document to be parsed, or the caller's next step (often another submit_and_wait,
    marking the document again) would find `document.documentElement` null.
    """
    page.wait_for_load_state("domcontentloaded")
    page.evaluate("document.documentElement.dataset.stale = 'yes'")
    button.click()
    expect(page.locator("html[data-stale]")).to_have_count(0)
    page.wait_for_load_state("domcontentloaded")


def login(page: Page, username: str, password: str = PASSWORD) -> None:
    if not re.search(r"/logg-inn/", page.url):
        page.goto("/logg-inn/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    submit_and_wait(page, page.get_by_role("button", name="Logg inn"))


def menu_open(page: Page) -> None:
    """On a phone the main menu and «Logg ut» fold behind «Meny»: open it (no-op on a desktop)."""
    knapp = page.get_by_role("button", name="Meny")
    if knapp.is_visible() and knapp.get_attribute("aria-expanded") != "true":
        knapp.click()


def scroll_width(page: Page) -> int:
    """The document's full width in CSS pixels; wider than the viewport = sideways scrolling."""
    width: int = page.evaluate("document.documentElement.scrollWidth")
    return width


# --- people and patients ---------------------------------------------------------------------


def make(factory_class: Any, **fields: Any) -> Any:
    """Run a factory_boy factory (typed Any: factory_boy's partial annotations upset mypy)."""
    return factory_class(**fields)


@pytest.fixture
def enhet(_seed_data: None) -> Enhet:
    unit: Enhet = make(EnhetFactory, navn=UNIT_NAME, type=EnhetType.HJEMMETJENESTE_SONE)
    return unit


@pytest.fixture
def sykepleier(enhet: Enhet) -> Ansatt:
    """A nurse with exactly one unit: acts in it straight after login."""
    return actor(
        enhet, "sykepleier", username="spl-nord", first_name="Siri", last_name="Sykepleier"
    )


@pytest.fixture
def pasienter(enhet: Enhet) -> list[Pasient]:
    """Kari Østby among a few others, one of whom shares her first name.

    All have an active care relationship with the nurse's unit, so she may find them.
    """
    names = [("Kari", "Østby"), ("Kari", "Nordmann"), ("Ola", "Hansen"), ("Per", "Olsen")]
    people: list[Pasient] = [
        make(PasientFactory, fornavn=fornavn, etternavn=etternavn, relasjon_til=enhet)
        for fornavn, etternavn in names
    ]
    return people


@pytest.fixture
def kari_ostby(pasienter: list[Pasient]) -> Pasient:
    return pasienter[0]
