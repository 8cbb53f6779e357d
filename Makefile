# Two commands set up everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
SAMPLE := corpora/sample/fr corpora/sample/it corpora/sample/en

.PHONY: run test install lint format ingest-sample chromium clean bench

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The browser tests drive Debian's Chromium (Playwright never downloads a browser here).
# Installed only when missing; recommends are skipped (they pull in mesa, upower, printing).
CHROMIUM := /usr/bin/chromium
APT_LOG := /tmp/policylens-apt-chromium.log
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

chromium: $(CHROMIUM)

$(CHROMIUM):
	@command -v apt-get >/dev/null 2>&1 || { echo "The browser tests need Chromium at $(CHROMIUM) and apt-get is not available to install it: install Chromium there by hand."; exit 1; }
	@echo "Installing Chromium (Debian package) for the browser tests..."
	@{ $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-liberation; } >$(APT_LOG) 2>&1 || { cat $(APT_LOG); echo "Installing Chromium with apt-get failed (log above, also in $(APT_LOG))."; exit 1; }
	@test -x $(CHROMIUM) || { echo "apt-get installed chromium but $(CHROMIUM) is missing."; exit 1; }

ingest-sample: $(STAMP)
	$(BIN)/policylens ingest $(SAMPLE)

run: ingest-sample
	$(BIN)/policylens serve --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check ingest nlp search api tests bench
	$(BIN)/ruff format --check ingest nlp search api tests bench
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format ingest nlp search api tests bench
	$(BIN)/ruff check --fix ingest nlp search api tests bench

test: $(STAMP) lint chromium
	$(BIN)/pytest -q -p no:cacheprovider

# Benchmarks (issue 7): writes bench/results.md; about 15 minutes on 2 cores.
bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
