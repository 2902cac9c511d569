# Two entry points (see README "Quick start"): `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test install browser clean

$(BIN)/kgost: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

install: $(BIN)/kgost

## run: set up and run the main job (load, validate, summarise the graph)
run: install
	$(BIN)/kgost overview

## browser: Debian's Chromium for the browser tests (tests/test_browser.py), when it is missing and
## apt-get can be used as root; quiet and idempotent; without it those tests skip and say why
CHROMIUM ?= /usr/bin/chromium
browser:
	@if [ ! -x $(CHROMIUM) ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "make browser: installing chromium and chromium-driver with apt-get"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; } \
	    >/tmp/kgost-apt-chromium.log 2>&1 \
	    || echo "make browser: could not install chromium (see /tmp/kgost-apt-chromium.log); the browser tests will skip"; \
	fi

## test: set up and run the whole test suite (pytest-xdist: one worker more than the cores, see
## tests/conftest.py). Bytecode caching is
## switched on for the run (an environment may set PYTHONDONTWRITEBYTECODE): the suite starts
## hundreds of kgost processes, which otherwise compile kgost's modules again, each of them.
test: install browser
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n auto

clean:
	rm -rf $(VENV) build dist .pytest_cache
