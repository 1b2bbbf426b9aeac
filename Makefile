# Two commands: `make run` serves the dashboard, `make test` runs every check.
# Both create .venv with Python 3.11+ and install what they need on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run curate hooks test validate bench chromium npm edition

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.app-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@ $(VENV)/.app-installed

run: $(VENV)/.app-installed
	$(BIN)/streamlit run dashboard/serve.py

# The static edition in site/: self-contained files for any static host or CDN (deck.gl's
# bundle is fetched from npm once, checked against dashboard/edition_assets/npm.json).
edition: $(VENV)/.app-installed npm
	$(BIN)/python -m dashboard export site

# The curators' mode: forms, preview and safe saves, on this computer only (127.0.0.1).
curate: $(VENV)/.app-installed
	$(BIN)/streamlit run dashboard/curate.py --server.address 127.0.0.1 --server.port 8502

# Refuse any commit of the record while `make validate` finds a problem (pre-commit).
hooks: $(VENV)/.test-installed
	$(BIN)/pre-commit install

# Debian's Chromium for the browser tests (Playwright's own browser download cannot work here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-core >/dev/null; }

# npm fetches deck.gl's package for the static edition (Debian's, if the machine lacks it).
npm:
	@command -v npm >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq npm >/dev/null; }

test: $(VENV)/.test-installed chromium npm
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/frictionless validate datapackage.json
	$(BIN)/python -m dashboard validate events.csv
	$(BIN)/pytest

validate: $(VENV)/.app-installed
	$(BIN)/python -m dashboard validate events.csv

bench: $(VENV)/.test-installed chromium npm
	$(BIN)/python -m benchmarks.run
