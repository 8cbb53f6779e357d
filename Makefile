# Two commands set up everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
SAMPLE := corpora/sample/fr corpora/sample/it corpora/sample/en

.PHONY: run test install lint format ingest-sample chromium ocr-tools ocr-install clean bench

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The tests also run the optional transformers NER path on a tiny model they build, so they
# install that extra (CPU torch, about 1 GB); `make run` keeps the light default install.
TRANSFORMERS_STAMP := $(VENV)/.installed-transformers

$(TRANSFORMERS_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,transformers]'
	touch $(TRANSFORMERS_STAMP)

# Debian packages are installed only when missing, recommends skipped (they pull in mesa,
# upower, printing): $(call apt_install,PACKAGES,WHAT) logs to /tmp and shows the log on failure.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
define apt_install
	@command -v apt-get >/dev/null 2>&1 || { echo "$(2): the Debian packages $(1) are needed, and apt-get is not available to install them: install them by hand."; exit 1; }
	@echo "Installing $(1) (Debian packages) for $(2)..."
	@{ $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(1); } >/tmp/policylens-apt.log 2>&1 || { cat /tmp/policylens-apt.log; echo "Installing $(1) with apt-get failed (log above, also in /tmp/policylens-apt.log)."; exit 1; }
endef

# The browser tests drive Debian's Chromium (Playwright never downloads a browser here).
CHROMIUM := /usr/bin/chromium

chromium: $(CHROMIUM)

$(CHROMIUM):
	$(call apt_install,chromium fonts-liberation,the browser tests)
	@test -x $(CHROMIUM) || { echo "apt-get installed chromium but $(CHROMIUM) is missing."; exit 1; }

# Scanned PDFs and images are read by Tesseract (French, Italian, English), PDF pages rendered
# for it by poppler's pdftoppm.
OCR_PACKAGES := tesseract-ocr tesseract-ocr-fra tesseract-ocr-ita tesseract-ocr-eng tesseract-ocr-osd poppler-utils
OCR_READY := command -v pdftoppm >/dev/null 2>&1 && langs="$$(tesseract --list-langs 2>/dev/null)" && for l in fra ita eng osd; do echo "$$langs" | grep -qx $$l || exit 1; done

ocr-tools:
	@sh -c '$(OCR_READY)' || { $(MAKE) --no-print-directory ocr-install; }

ocr-install:
	$(call apt_install,$(OCR_PACKAGES),OCR)
	@sh -c '$(OCR_READY)' || { echo "apt-get ran but tesseract (fra, ita, eng, osd) or pdftoppm is still missing."; exit 1; }

ingest-sample: $(STAMP) ocr-tools
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

test: $(TRANSFORMERS_STAMP) lint chromium ocr-tools
	$(BIN)/pytest -q -p no:cacheprovider

# Benchmarks (issues 7, 9): writes bench/results.md; about 20-25 minutes on 2 cores.
bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
