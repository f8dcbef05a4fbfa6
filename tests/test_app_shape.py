"""Every app has the one shape of docs/arkitektur.md §2, checked by machine.

- the same layer names; no suffixed siblings (`apis_notat.py`, `urls_x.py`);
- no loose modules at an app's top level beyond the layer vocabulary;
- an API, view or form module of a packaged layer carries the name of an area of the
  app's services or selectors (`apis/notat.py` beside `services/notat.py`); `_private.py`
  helpers are exempt;
- no module over 900 lines (a layer splits at about 600);
- `lib/` is pure: it imports no database, cache, clock, models, services or selectors;
- every app with models has its `demo_<app>` command.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = [
    "core",
    "journal",
    "tildeling",
    "legemidler",
    "tjenester/hjemmetjeneste",
    "tjenester/sykehjem",
    "tjenester/legekontor",
    "tjenester/helsestasjon",
    "integrasjoner",
    "integrasjoner/velferdsteknologi",
    "integrasjoner/faktura",
    "integrasjoner/lonn",
    "integrasjoner/multidose",
    "integrasjoner/kith",
    "integrasjoner/helfo",  # helfo
    "integrasjoner/sysvak",  # vekst branch
    "integrasjoner/kpr",
    "integrasjoner/meldinger",  # meldinger_inn
    "integrasjoner/fhir",  # fhir
]
LAYERS = {"models", "services", "selectors", "apis", "views", "forms"}
TOP_LEVEL = {
    "__init__",
    "apps",
    "admin",
    "urls",
    "api_urls",
    "tasks",
    "seeds",
    "demo",
    "lock_objects",
    *LAYERS,
}
# What only some apps have, and why.
EXTRA_TOP_LEVEL = {
    "journal": {"access"},  # the one place that decides access to patient data
    "integrasjoner/velferdsteknologi": {"client", "schemas"},
    "integrasjoner/faktura": {"client", "schemas"},
    "integrasjoner/lonn": {"client", "schemas"},
    "integrasjoner/multidose": {"client"},
    "integrasjoner/helfo": {"client"},  # helfo
    "integrasjoner/sysvak": {"client"},  # vekst branch
    "integrasjoner/kpr": {"client"},
    "integrasjoner/meldinger": {"client"},  # meldinger_inn
    # core is the framework under every app: its cross-cutting modules (docs/arkitektur.md)
    "core": {
        "acting",
        "audit",
        "cache",  # kjerne: the Redis cache backend with one client per pool
        "context",
        "context_processors",
        "db",  # kjerne: constant SQL as prepared statements (issue 12)
        "dbroller",
        "decorators",
        "exceptions",
        "http",
        "identifikatorer",
        "klokke",
        "middleware",
        "outbox",
        "pdf",
        "roller",
        "validators",
        "web",
    },
}
MAX_LINES = 900
NOT_PURE = ("django.db", ".models", ".services", ".selectors")
# the database, the cache, and the clock (which reads its offset from the cache): a lib
# function takes "today" as an argument instead
IMPURE_ROOTS = ("django.db", "django.core.cache", "core.klokke")


def _py_modules(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*.py") if "migrations" not in p.parts]


def _top_level(app: str) -> set[str]:
    folder = ROOT / app
    names = {p.stem for p in folder.glob("*.py")}
    names |= {p.name for p in folder.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    return names


@pytest.mark.parametrize("app", APPS)
def test_no_suffixed_siblings_or_loose_modules(app: str) -> None:
    # given
    allowed = TOP_LEVEL | EXTRA_TOP_LEVEL.get(app, set()) | {"lib", "management", "migrations"}
    subapps = {a.split("/")[-1] for a in APPS if a.startswith(f"{app}/")}
    if app == "integrasjoner":
        subapps |= {"standin"}  # the stand-in servers for tests and `make run`

    # when
    loose = sorted(_top_level(app) - allowed - subapps - {"api"})

    # then
    assert loose == [], f"{app}: moduler utenfor lagene: {loose}"


@pytest.mark.parametrize("app", APPS)
def test_packaged_layers_share_area_names(app: str) -> None:
    # given: the areas of the domain layers (services, selectors) when they are packages
    folder = ROOT / app

    def areas(layer: str) -> set[str] | None:
        package = folder / layer
        if not package.is_dir():
            return None
        return {p.stem for p in package.glob("*.py") if not p.stem.startswith("_")}

    domain = (areas("services") or set()) | (areas("selectors") or set())

    # when: an API, view or form module whose area the domain layers do not have
    stray = sorted(
        f"{layer}/{area}.py"
        for layer in ("apis", "views", "forms")
        for area in (areas(layer) or set()) - {"__init__"}
        if domain and area not in domain
    )

    # then
    assert stray == [], f"{app}: områdenavn som ikke finnes i services/selectors: {stray}"


def test_no_module_is_too_long() -> None:
    # given
    modules = [p for app in APPS for p in _py_modules(ROOT / app)]

    # when
    long = sorted(
        f"{p.relative_to(ROOT)} ({n})"
        for p in modules
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    )

    # then
    assert long == []


def test_lib_is_pure() -> None:
    # given
    libs = [p for app in APPS for p in _py_modules(ROOT / app) if "lib" in p.parts]
    assert libs, "ingen lib-moduler funnet"

    # when
    impure = []
    for path in libs:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            impure += [
                f"{path.relative_to(ROOT)}: {n}"
                for n in names
                if n.startswith(IMPURE_ROOTS) or n.endswith(NOT_PURE[1:]) or ".models." in n
            ]

    # then
    assert impure == []


@pytest.mark.parametrize("app", APPS)
def test_every_app_with_models_has_its_demo_command(app: str) -> None:
    # given
    folder = ROOT / app
    has_models = (folder / "models.py").exists() or (folder / "models").is_dir()
    if not has_models or app == "core":
        return  # nothing to show yet (core's command builds all: demo_alle)
    name = app.split("/")[-1]

    # then
    assert (folder / "management" / "commands" / f"demo_{name}.py").exists()
