# Kommunejournal. `make help` lists the targets.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha1sum | cut -c1-12)
# Embedded PostgreSQL + Redis when DATABASE_URL / REDIS_URL are unset; exports them either way.
SERVICES := eval "$$($(PY) scripts/devservices.py start)"
DEV_ENV := export DJANGO_DEBUG=$${DJANGO_DEBUG:-True} DEMO_DATA_ALLOWED=$${DEMO_DATA_ALLOWED:-True}

.PHONY: help install run test check lint fmt typecheck migrations bench services-stop clean

help: ## Show this help
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock 2>&1 \
	  | { grep -v '^WARNING: Location' || true; }
	@rm -f $(VENV)/.installed-*; touch $(STAMP)

install: $(STAMP) ## Create the virtualenv and install the locked dependencies

run: install ## Start everything: database, Redis, migrations, demo data, web + worker + beat
	@$(SERVICES) && $(DEV_ENV) && \
	$(PY) manage.py migrate --no-input && \
	$(PY) manage.py collectstatic --no-input -v0 && \
	$(PY) manage.py demo_alle && \
	$(PY) scripts/run_all.py

PYTEST_WORKERS ?= 2
test: install ## Run the whole test suite against real PostgreSQL and Redis (both cores)
	@$(SERVICES) && $(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

lint: install ## ruff lint + format check, import contracts
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

typecheck: install ## mypy (strict)
	@$(SERVICES) && $(VENV)/bin/mypy .

migrations: install ## Fail if models and migrations disagree
	@$(SERVICES) && DJANGO_SETTINGS_MODULE=config.settings.test \
	  $(PY) manage.py makemigrations --check --dry-run

check: lint typecheck migrations test ## Everything CI runs

fmt: install ## Format and autofix
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install ## Benchmarks (1,000,000 patients; takes a few minutes the first time)
	@$(SERVICES) && DATABASE_URL=$${DATABASE_OWNER_URL:-$$DATABASE_URL} $(PY) benchmarks/run.py

services-stop: ## Stop the embedded PostgreSQL and Redis
	@test -x $(PY) && $(PY) scripts/devservices.py stop || true

clean: services-stop ## Remove the virtualenv and all local data
	rm -rf $(VENV) .data staticfiles test-artifacts
