# Two commands set up everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
SAMPLE := corpora/sample/fr corpora/sample/it corpora/sample/en

.PHONY: run test install lint format ingest-sample chromium ocr-tools ocr-install clean bench vendor npm-install

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
# for it by poppler's pdftoppm. The OCR repair tests draw their lines in Liberation Serif.
OCR_PACKAGES := tesseract-ocr tesseract-ocr-fra tesseract-ocr-ita tesseract-ocr-eng tesseract-ocr-osd poppler-utils fonts-liberation
OCR_READY := command -v pdftoppm >/dev/null 2>&1 && test -f /usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf && langs="$$(tesseract --list-langs 2>/dev/null)" && for l in fra ita eng osd; do echo "$$langs" | grep -qx $$l || exit 1; done

ocr-tools:
	@sh -c '$(OCR_READY)' || { $(MAKE) --no-print-directory ocr-install; }

ocr-install:
	$(call apt_install,$(OCR_PACKAGES),OCR)
	@sh -c '$(OCR_READY)' || { echo "apt-get ran but tesseract (fra, ita, eng, osd), pdftoppm or Liberation Serif is still missing."; exit 1; }

# The web UI's charts use Apache ECharts from npm, pinned by package-lock.json: `npm ci` installs
# exactly that (from the npm registry, never a CDN at run time) and the one file the UI loads is
# copied into api/static/vendor/ (git-ignored, built here). Node.js and npm come from Debian when
# missing. Without it the UI still works and says the charts are missing.
VENDOR := api/static/vendor
VENDOR_STAMP := $(VENDOR)/.installed

vendor: $(VENDOR_STAMP)

$(VENDOR_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { $(MAKE) --no-print-directory npm-install; }
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)/echarts
	cp node_modules/echarts/dist/echarts.esm.min.mjs $(VENDOR)/echarts/echarts.esm.min.js
	cp node_modules/echarts/LICENSE node_modules/echarts/NOTICE $(VENDOR)/echarts/
	touch $(VENDOR_STAMP)

npm-install:
	$(call apt_install,nodejs npm,the web UI's chart library)

ingest-sample: $(STAMP) ocr-tools
	$(BIN)/policylens ingest $(SAMPLE)

run: ingest-sample vendor
	$(BIN)/policylens serve --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check ingest nlp search api tests bench
	$(BIN)/ruff format --check ingest nlp search api tests bench
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format ingest nlp search api tests bench
	$(BIN)/ruff check --fix ingest nlp search api tests bench

test: $(TRANSFORMERS_STAMP) lint chromium ocr-tools vendor
	$(BIN)/pytest -q -p no:cacheprovider

# Benchmarks (issues 7, 9): writes bench/results.md; about 20-25 minutes on 2 cores.
bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache node_modules $(VENDOR)
