# The few verbs people use. `make run` and `make test` need only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
PORT ?= 8000

.PHONY: run test lint typecheck openapi bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/ilacs serve --port $(PORT)

test: $(STAMP)
	$(BIN)/ruff check app tests migrations bench setup.py
	$(BIN)/ruff format --check app tests migrations bench setup.py
	$(BIN)/mypy
	$(BIN)/ilacs openapi --check
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check app tests migrations bench setup.py
	$(BIN)/ruff format --check app tests migrations bench setup.py

typecheck: $(STAMP)
	$(BIN)/mypy

openapi: $(STAMP)
	$(BIN)/ilacs openapi

bench: $(STAMP)
	@command -v wrk >/dev/null || { echo "wrk is missing: sudo apt-get install wrk"; exit 1; }
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) .ilacs .pytest_cache .mypy_cache .ruff_cache
