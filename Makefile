# Two commands set up everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
SAMPLE := corpora/sample/fr corpora/sample/it corpora/sample/en

.PHONY: run test install lint format ingest-sample clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

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

test: $(STAMP) lint
	$(BIN)/pytest -q -p no:cacheprovider

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
