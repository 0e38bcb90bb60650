# The two commands a newcomer needs: `make run` and `make test`. Everything else follows.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
CHROMIUM ?= /usr/bin/chromium
# `make stack` listens on 8080 unless PORT is given.
STACK_PORT := $(if $(filter command line environment,$(origin PORT)),$(PORT),8080)
TRANSLATIONS := rdm/translations
MO_FILES := $(patsubst %.po,%.mo,$(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po))

.PHONY: run stack test test-fast check lint bench bench-load bench-cold bench-scale translations extract-messages browser nginx clean

run: $(VENV)/.installed $(MO_FILES)
	$(BIN)/flask --app rdm db upgrade
	$(BIN)/gunicorn --config gunicorn.conf.py --bind 127.0.0.1:$(PORT) 'rdm:create_app()'

# The production stack on loopback: nginx (deploy/nginx/rdm.conf) in front of gunicorn on a
# unix socket; Debian's nginx is installed when missing (as root). Ctrl-C stops both.
stack: $(VENV)/.installed $(MO_FILES)
	PORT=$(STACK_PORT) $(BIN)/python deploy/stack.py

# Two workers (pytest-xdist), one per core; a test file stays on one worker, with its servers.
test: $(VENV)/.installed-test $(MO_FILES) browser nginx lint
	$(BIN)/pytest -n 2 --dist loadfile --cov --cov-report=term:skip-covered $(PYTEST_ARGS)

# The edit loop: the tests not marked slow (SLOW_FILES in tests/conftest.py, the browser), on
# SQLite only, no lint.
test-fast: $(VENV)/.installed-test $(MO_FILES)
	env -u RDM_TEST_POSTGRES_URL -u RDM_REQUIRE_POSTGRES $(BIN)/pytest -n 2 --dist loadfile -m "not slow" $(PYTEST_ARGS)

check: $(VENV)/.installed
	$(BIN)/flask --app rdm rdm check $(FILE)

# Figures, not a test: the wegwijzer walked by the personas of bench/personas.yaml (questions and
# clicks to the advice, this tree beside a baseline revision; PERSONA_ARGS="--no-baseline"), then
# the rules engine's time per case against a same-run baseline (BENCH_ARGS).
bench: $(VENV)/.installed-test $(MO_FILES)
	$(BIN)/python bench/wegwijzer.py $(PERSONA_ARGS)
	$(BIN)/python bench/advice.py $(BENCH_ARGS)

# The site as deployed (nginx + gunicorn) and under gunicorn alone, driven by wrk (Debian's;
# installed when missing, as root), against a bare Flask app.
bench-load: $(VENV)/.installed $(MO_FILES)
	$(BIN)/python bench/load.py $(BENCH_ARGS)

# Fresh processes: interpreter start to create_app() and to the first GET /, against bare Flask.
bench-cold: $(VENV)/.installed $(MO_FILES)
	$(BIN)/python bench/coldstart.py $(BENCH_ARGS)

# A synthetic catalogue of 10,000 entries: index build, search p99, memory per worker.
bench-scale: $(VENV)/.installed
	$(BIN)/python bench/scale.py $(BENCH_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check rdm tests bench deploy setup.py gunicorn.conf.py
	$(BIN)/ruff format --check rdm tests bench deploy setup.py gunicorn.conf.py

$(VENV)/bin/python:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "python3 -m venv is not available; installing Debian's python3-venv"; \
	  [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null || { echo "Install python3-venv first (as root: apt-get install python3-venv)."; exit 1; }; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv && rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml setup.py
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $@

# Compiled translations (.mo) are build output, made from the committed .po files.
$(TRANSLATIONS)/%/LC_MESSAGES/messages.mo: $(TRANSLATIONS)/%/LC_MESSAGES/messages.po $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -d $(TRANSLATIONS) -l $*

translations: $(MO_FILES)

# After changing UI text: collect the Dutch source strings and merge them into the .po files.
extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -o $(TRANSLATIONS)/messages.pot --no-location --omit-header .
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching --ignore-obsolete

# The browser tests drive Debian's Chromium. Install it when missing and we may (root + apt).
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "No $(CHROMIUM) and no root to install it: browser tests will be skipped (CI requires them)."; \
	  fi; \
	fi

# The stack tests run Debian's nginx. Install it when missing and we may (root + apt).
nginx:
	@if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's nginx for the stack tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; \
	  else \
	    echo "No nginx and no root to install it: stack tests will be skipped (CI requires them)."; \
	  fi; \
	fi

clean:
	rm -rf $(VENV) build dist *.egg-info $(TRANSLATIONS)/*/LC_MESSAGES/*.mo .pytest_cache .coverage
