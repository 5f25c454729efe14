# Two entry points for a fresh machine (Python 3.10+ only): `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint setup clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

## Build, validate and publish the EKS lens into a local emulated AWS (no account needed).
demo: $(STAMP)
	$(BIN)/walens demo

## Run the whole test suite.
test: $(STAMP)
	$(BIN)/pytest -q -n 2

lint: $(STAMP)
	$(BIN)/ruff check publisher tests bench
	$(BIN)/mypy publisher
	$(BIN)/walens build --check

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
