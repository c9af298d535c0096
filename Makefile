# The few verbs people use. `make run` and `make test` need only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
NODE_STAMP := contract/node_modules/.installed
PORT ?= 8000

.PHONY: run test lint typecheck openapi contract bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

# The contract's checkers (Spectral, openapi-typescript, tsc), pinned in contract/package-lock.json; no install
# scripts run.
$(NODE_STAMP): contract/package.json contract/package-lock.json
	cd contract && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $(NODE_STAMP)

run: $(STAMP)
	$(BIN)/ilacs serve --port $(PORT)

test: $(STAMP)
	$(BIN)/ruff check app tests migrations bench setup.py
	$(BIN)/ruff format --check app tests migrations bench setup.py
	$(BIN)/mypy
	$(BIN)/ilacs openapi --check
	$(MAKE) --no-print-directory contract
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check app tests migrations bench setup.py
	$(BIN)/ruff format --check app tests migrations bench setup.py

typecheck: $(STAMP)
	$(BIN)/mypy

openapi: $(STAMP)
	$(BIN)/ilacs openapi

# Spectral (spectral:oas + OWASP API Security) on the committed openapi.json: any error fails.
contract: $(NODE_STAMP)
	cd contract && npx --no-install spectral lint --quiet --fail-severity=error --display-only-failures \
		--ruleset .spectral.yaml ../openapi.json

bench: $(STAMP)
	@command -v wrk >/dev/null || { echo "wrk is missing: sudo apt-get install wrk"; exit 1; }
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) .ilacs .pytest_cache .mypy_cache .ruff_cache contract/node_modules build
