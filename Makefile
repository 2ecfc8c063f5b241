# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo test build validate lint help-doc clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@ $(STAMP)

# The national graph (the registers in data/registers and the articles) lives in an on-disk Oxigraph store:
# built and validated in seconds there, where the in-memory build takes most of a minute.
STORE := --store oxigraph:output/store

demo: $(STAMP)
	$(BIN)/kg build $(STORE) --validate
	$(BIN)/kg view $(STORE)
	$(BIN)/kg who-held "director of children's services" $(STORE)
	$(BIN)/kg timeline --org Leeds $(STORE)
	$(BIN)/kg query leadership-changes $(STORE)
	@echo "Open output/index.html in a browser (works offline, from the file)."
	@echo "Ask more: .venv/bin/kg who-held \"director of children's services\" $(STORE)"

test: $(TEST_STAMP)
	$(BIN)/ruff check kg tests bench tools
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

lint: $(TEST_STAMP)
	$(BIN)/ruff check kg tests bench tools
	$(BIN)/mypy

clean:
	rm -rf output $(VENV)
