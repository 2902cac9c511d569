# Two entry points (see README "Quick start"): `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test install clean

$(BIN)/kgost: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

install: $(BIN)/kgost

## run: set up and run the main job (load, validate, summarise the graph)
run: install
	$(BIN)/kgost overview

## test: set up and run the whole test suite (on every core: pytest-xdist)
test: install
	$(BIN)/python -m pytest -n auto

clean:
	rm -rf $(VENV) build dist .pytest_cache
