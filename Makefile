# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
CHROMIUM := /usr/bin/chromium

.PHONY: run setup test install install-dev browser clean

run: setup  ## Set everything up and serve http://127.0.0.1:$(PORT)
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

setup: install  ## Migrate and load the content if it is not there yet (safe to repeat)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_content

test: install-dev browser node_modules/axe-core/axe.min.js  ## The whole suite, browser tests included
	$(BIN)/python -m pytest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(VENV)/.installed
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

install-dev: $(VENV)/.installed-dev
$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(VENV)/.installed $@

# Debian's Chromium drives the browser tests; Playwright never downloads a browser here.
browser:
	@test -x $(CHROMIUM) || { echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles
