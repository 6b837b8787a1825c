# factspan: `make run` serves the demo on http://127.0.0.1:8000; `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?=  # empty: factspan serve takes 2 x CPUs + 1
# One job thread per core but one: on 2 cores a second export thread took the core the annotators' saves need
# (bench/README.md, 2026-12-08).
JOB_WORKERS ?= $(shell $(PYTHON) -c 'import os; print(max(1, (os.cpu_count() or 2) - 1))')

NODE_DEPS := node_modules/.package-lock.json

.PHONY: install install-test run test test-fast test-js bench clean

$(BIN)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(BIN)/.installed-test: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# npm ci rewrites node_modules/.package-lock.json, so a newer package-lock.json means a stale install.
$(NODE_DEPS): package.json package-lock.json
	npm ci --no-audit --no-fund

install: $(BIN)/.installed

install-test: $(BIN)/.installed-test

# The web server and a job worker side by side (Procfile); Ctrl-C stops both.
run: install
	$(BIN)/factspan init --demo
	HOST=$(HOST) WEB_WORKERS=$(strip $(WORKERS)) JOB_WORKERS=$(JOB_WORKERS) $(BIN)/honcho start --procfile Procfile --port $(PORT)

test: install-test $(NODE_DEPS)
	$(BIN)/lint-imports setup.cfg
	node --test tests/js/
	$(BIN)/pytest -n 2 --durations=15

test-js:
	node --test tests/js/

test-fast: install-test
	$(BIN)/pytest -m "not browser" -x -q

bench: install-test
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) instance .pytest_cache .hypothesis *.egg-info node_modules
