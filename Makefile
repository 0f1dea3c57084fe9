# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint check install migrate demo db-stop backup restore browser

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

# The web server, a Celery worker and beat together; Ctrl-C stops all three.
run: demo
	bash scripts/run_dev.sh

# The embedded PostgreSQL clusters (development data, tests) keep running between commands,
# like a local service.
db-stop:
	$(PY) -c 'from pathlib import Path; from oversight.embedded_db import stop; stop(Path(".pgdata")); stop(Path(".pgdata-test"))'

# Browser tests drive Debian's Chromium (Playwright cannot download its own here) and need CJK
# fonts to render the Chinese pages. Installed when running as root; otherwise the command to
# run is printed and nothing else is attempted.
BROWSER_PACKAGES := chromium fonts-noto-cjk
# Official papers as PDF (WeasyPrint draws with Pango) and their tests (pdftotext, pdftoppm).
DOCUMENT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 poppler-utils fonts-noto-cjk
browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list ':lang=zh' family 2>/dev/null | grep -qi 'noto.*cjk'; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing $(BROWSER_PACKAGES) for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BROWSER_PACKAGES) >/dev/null; \
	  else \
	    echo "The browser tests need Chromium and CJK fonts. Run:" >&2; \
	    echo "    sudo apt-get update && sudo apt-get install -y $(BROWSER_PACKAGES)" >&2; \
	    exit 1; \
	  fi; \
	fi
	@if ! command -v pdftoppm >/dev/null 2>&1 || ! ls /usr/lib/*/libpangoft2-1.0.so.0 >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing $(DOCUMENT_PACKAGES) for the documents"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DOCUMENT_PACKAGES) >/dev/null; \
	  else \
	    echo "The documents need Pango (PDF) and poppler-utils (their tests). Run:" >&2; \
	    echo "    sudo apt-get update && sudo apt-get install -y $(DOCUMENT_PACKAGES)" >&2; \
	    exit 1; \
	  fi; \
	fi

# Two workers: each has its own test database and broker (see oversight/settings/test.py).
TEST_WORKERS ?= 2
test: browser install
	$(PY) -m pytest -n $(TEST_WORKERS)

lint: install
	$(VENV)/bin/ruff check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# The database (pg_dump) and uploaded files into backups/<timestamp>/ with a manifest of every
# table's row count and every file's hash; `make restore` puts the newest (or BACKUP=folder)
# back and checks that every record and file is there (docs/reliability.md).
backup: install
	$(PY) scripts/backup.py backup

restore: install
	$(PY) scripts/backup.py restore $(BACKUP)
