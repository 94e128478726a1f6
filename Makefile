# sitrep: every target works from a fresh clone (each installs what it needs).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install demo test check lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: install
	$(BIN)/sitrep run examples/corpus --db demo.duckdb
	$(BIN)/sitrep stats --db demo.duckdb
	$(BIN)/sitrep events --db demo.duckdb

test: install
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src

check: lint test

bench: install
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) demo.duckdb .pytest_cache .mypy_cache .ruff_cache
