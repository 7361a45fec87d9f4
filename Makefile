# Spread Guide: `make run` serves the app with the guide loaded; `make test` runs every test.
# Both set up what they need first and are safe to run again.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1:8000

.PHONY: setup run test lint format screenshots bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

# Reinstall Python packages only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

# Front-end assets come from the npm registry at set-up time, never from a CDN.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

static/vendor/.copied: node_modules/.installed bin/copy_frontend_assets.py
	$(PY) bin/copy_frontend_assets.py
	touch $@

setup: $(VENV)/.installed static/vendor/.copied

run: setup
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_guide
	$(PY) manage.py runserver $(HOST)

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(BIN)/mypy
	$(BIN)/pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

screenshots: setup
	UPDATE_SCREENSHOTS=1 $(BIN)/pytest tests/browser -k screenshot

bench: setup
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles db.sqlite3
