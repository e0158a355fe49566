# kaiyaku: `make run` serves the site, `make test` checks it. Both set everything up first.
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python

# The first of these that is Python 3.12 or newer, unless named: `make run PYTHON=/path/to/python3`.
PYTHON_CANDIDATES := python3.14 python3.13 python3.12 python3
ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell for c in $(PYTHON_CANDIDATES); do \
	$$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo $$c; break; }; done)
endif

# Production-like: DEBUG off whatever the shell exports (collectstatic and gunicorn must agree on
# the hashed static files), and a secret key: the environment's, or the one kept in .secret_key
# (made once, git-ignored, reused by every later run so sessions survive a restart).
PROD_ENV = DJANGO_DEBUG=0 DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat .secret_key)}"

.PHONY: run dev test pytest lint setup migrate seed static messages editor golden bench bench-planner clean

run: setup static
	@echo "kaiyaku: serving on http://127.0.0.1:$(PORT)/"
	$(PROD_ENV) $(VENV)/bin/gunicorn -c python:kaiyaku.gunicorn kaiyaku.wsgi \
		--bind 127.0.0.1:$(PORT)

dev: setup
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: setup $(VENV)/.dev-installed static lint pytest

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

pytest: $(VENV)/.dev-installed messages
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=tests-only-not-secret $(VENV)/bin/pytest $(PYTEST_ARGS)

# Re-records the golden copy of results (tests/test_golden.py) after a change meant to alter them.
golden: $(VENV)/.dev-installed static
	KAIYAKU_UPDATE_GOLDEN=1 DJANGO_DEBUG=0 DJANGO_SECRET_KEY=tests-only-not-secret \
		$(VENV)/bin/pytest -q tests/test_golden.py

setup: $(VENV)/.installed .secret_key messages migrate seed

# The English catalogue (locale/en): the .po is kept in git, its compiled .mo is built here
# (git-ignored) whenever the .po changes. Needs GNU gettext's msgfmt (apt install gettext).
# (locale/ja, the admin's few extra Japanese texts, is committed compiled.)
messages: locale/en/LC_MESSAGES/django.mo

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po $(VENV)/.installed
	@command -v msgfmt >/dev/null || { \
		echo "kaiyaku needs GNU gettext's msgfmt to build locale/$*: apt install gettext" >&2; exit 1; }
	DJANGO_SECRET_KEY=build-only-not-secret $(PY) manage.py compilemessages --locale $* --verbosity 0

migrate: $(VENV)/.installed .secret_key
	$(PROD_ENV) $(PY) manage.py migrate --no-input

# Adds only the seeded records that are absent: an editor's changes are never overwritten.
seed: migrate
	$(PROD_ENV) $(PY) manage.py seed

static: $(VENV)/.installed .secret_key
	$(PROD_ENV) $(PY) manage.py collectstatic --no-input --verbosity 0

# An editors' account (README § Editors' accounts): `make editor NAME=hanako` asks for its password.
editor: setup
	@test -n "$(NAME)" || { echo "Name the account: make editor NAME=hanako" >&2; exit 1; }
	$(PROD_ENV) $(PY) manage.py addeditor "$(NAME)"

bench-planner: $(VENV)/.dev-installed static
	DJANGO_SECRET_KEY=bench-only-not-secret $(PY) bench/planner.py

bench: setup static
	$(PROD_ENV) PORT=$(PORT) $(PY) bench/pages.py

$(VENV)/bin/python:
	@test -n "$(PYTHON)" || { \
		echo "kaiyaku needs Python 3.12 or newer, and none of $(PYTHON_CANDIDATES) on PATH is." >&2; \
		echo "Install one (apt install python3.12-venv, pyenv or python.org), or name it:" >&2; \
		echo "  make $(or $(MAKECMDGOALS),run) PYTHON=/path/to/python3.12" >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { \
		echo "kaiyaku needs Python 3.12 or newer; PYTHON=$(PYTHON) is older or does not run." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
		echo "Could not create $(VENV) with $(PYTHON). On Debian/Ubuntu: apt install python3-venv." >&2; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip || { rm -rf $(VENV); exit 1; }

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

# Made only when absent, readable by the owner only, in one write: never empty, never replaced.
.secret_key: | $(VENV)/bin/python
	@$(PY) -c 'import os, secrets; fd = os.open("$@", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600); \
		os.write(fd, (secrets.token_urlsafe(50) + "\n").encode())'
	@echo "kaiyaku: made a local secret key in .secret_key (git-ignored); later runs reuse it"

clean:
	rm -rf $(VENV) staticfiles
