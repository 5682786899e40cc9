# The two commands: `make run` (set up and serve the demo) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Absolute links (feeds, sitemaps, the sign-in line) follow the address served, unless the
# environment names another: `make run PORT=8101` links to http://127.0.0.1:8101.
NEWSROOM_SITE_URL ?= http://$(HOST):$(PORT)
export NEWSROOM_SITE_URL

.PHONY: run test install install-test lint format demo clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

# axe-core for the accessibility browser tests (package.json). Without npm the rest of the
# suite still runs, and those tests fail saying what to install.
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund; \
	else echo "npm not found: install Node.js and npm for the accessibility tests (axe-core)." >&2; fi

install-test: $(VENV)/.installed-test node_modules/.package-lock.json

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py create_demo_users

# The server and, beside it, one background worker (receipts, renditions), stopped with it.
run: demo
	@echo "Serving on http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/; links use $(NEWSROOM_SITE_URL)), with a background worker"
	@$(PY) manage.py worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install-test
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-test
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules db.sqlite3 media staticfiles
