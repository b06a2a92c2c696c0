# tradestat — two set-up commands: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench bench-simulate clean install

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## Build a small sample warehouse from the bundled example files and print its summary.
demo: $(STAMP)
	$(BIN)/tradestat demo

## Lint and run the whole test suite.
test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts

bench: $(STAMP)
	$(BIN)/python benchmarks/ingest.py

bench-simulate: $(STAMP)
	$(BIN)/python benchmarks/simulate.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache out
