# The few verbs people use. `make run` and `make test` need only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
PORT ?= 8000

.PHONY: run test lint typecheck openapi bench bench-report clean accessibility-tools

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/ilacs serve --port $(PORT)

test: $(STAMP) accessibility-tools
	$(BIN)/ruff check app tests migrations bench
	$(BIN)/mypy
	$(BIN)/ilacs openapi --check
	$(BIN)/pytest -q

# axe-core (pinned in tests/accessibility/package.json) runs in the system's Chromium when there is one.
accessibility-tools:
	@if command -v chromium >/dev/null 2>&1; then \
		[ -d tests/accessibility/node_modules/axe-core ] || npm ci --prefix tests/accessibility --no-audit --no-fund; \
		echo "Chromium found: the committee report's HTML is checked with axe-core (WCAG 2.2 A and AA)"; \
	else \
		echo "Chromium NOT found: the accessibility tests will be skipped (apt-get install chromium)"; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check app tests migrations bench
	$(BIN)/ruff format --check app tests migrations bench

typecheck: $(STAMP)
	$(BIN)/mypy

openapi: $(STAMP)
	$(BIN)/ilacs openapi

bench: $(STAMP)
	@command -v wrk >/dev/null || { echo "wrk is missing: sudo apt-get install wrk"; exit 1; }
	$(BIN)/python -m bench.run

# Committee report render times, richest demo authority, every format (about a minute).
bench-report: $(STAMP)
	$(BIN)/python -m bench.committee_report

clean:
	rm -rf $(VENV) .ilacs .pytest_cache .mypy_cache .ruff_cache
