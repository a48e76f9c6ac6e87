# Comptoir. `make run` starts it on SQLite with the demo firm; `make test` runs the suite.
# Settings come from COMPTOIR_* variables (see README.md).

VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
PYTEST_ARGS ?= -n auto

.PHONY: run test setup setup-test chromium wrk bench soak fuzz-soak serve clean

run: setup
	$(PY) main.py db upgrade
	$(PY) main.py seed-demo --if-empty
	$(PY) main.py serve

test: setup-test chromium wrk
	$(PY) -m pytest $(PYTEST_ARGS) $(ARGS)

setup: $(VENV)/.runtime-installed

setup-test: $(VENV)/.test-installed

$(VENV)/.runtime-installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements-test.txt $(VENV)/.runtime-installed
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

# Browser tests drive Debian's Chromium (Playwright never downloads a browser here).
chromium:
	@command -v chromium >/dev/null 2>&1 || scripts/install-chromium

# The benchmark's load generator (the harness's smoke test in `make test` uses it too).
wrk:
	@command -v wrk >/dev/null 2>&1 || scripts/install-wrk

# The benchmark (BENCHMARKS.md): `make bench ARGS="--dataset firm --db sqlite"`.
bench: setup-test wrk
	$(PY) -m bench run $(ARGS)

# Load with faults (RELIABILITY.md): 10 minutes of the mixed load on a private PostgreSQL
# cluster, restarted once, with a gunicorn worker and a delivery worker killed.
soak: setup-test
	$(PY) -m bench soak --duration 600 $(ARGS)

# Bad input at full scale (RELIABILITY.md): 10,000 Hypothesis cases per fuzz test (so per
# target at least), counted in tests/artifacts/fuzz-<target>.json. `make test` runs a few.
fuzz-soak: setup-test
	COMPTOIR_SOAK=1 $(PY) -m pytest -p no:cacheprovider tests/fuzz $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache
