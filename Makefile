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

demo: $(STAMP)
	$(BIN)/kg build
	$(BIN)/kg validate
	$(BIN)/kg view
	$(BIN)/kg who-held "director of children's services"
	$(BIN)/kg query leadership-changes
	@echo "Open output/index.html in a browser (works offline, from the file)."

test: $(TEST_STAMP)
	$(BIN)/ruff check kg tests bench tools
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

lint: $(TEST_STAMP)
	$(BIN)/ruff check kg tests bench tools
	$(BIN)/mypy

clean:
	rm -rf output $(VENV)
