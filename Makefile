# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
CHROMIUM := /usr/bin/chromium
# pytest-xdist workers for make test and test-fast: one per core (TEST_WORKERS=0 runs in this process).
TEST_WORKERS ?= auto

.PHONY: help run setup serve serve-proxy proxy-check check-deploy load-test test test-fast bench bench-search bench-flood install install-dev browser wrk nginx pandoc clean

run: setup  ## Set everything up and serve http://127.0.0.1:$(PORT)
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

setup: install  ## Migrate and load the content if it is not there yet (safe to repeat)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_content

# Production on this machine, behind a TLS-terminating proxy (docs/deployment.md). Refuses to
# start, saying what to set, unless DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS are set (.env.example).
serve: export DJANGO_ENV := production
serve: install  ## Migrate, load the content if missing, collect static files, run gunicorn on 127.0.0.1:$(PORT)
	$(BIN)/python -m ldn_site.environment
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_content
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	PORT=$(PORT) exec $(BIN)/gunicorn --config gunicorn.conf.py

# Debian's nginx with deploy/nginx/ in front of `make serve` (which runs on $(PORT) as above), on
# PROXY_PORT or a free port, from a folder of its own (deploy/proxy.py). Ctrl-C stops both.
serve-proxy: install nginx  ## nginx (the repository's configuration, page cache on) in front of make serve
	PORT=$(PORT) $(BIN)/python -m deploy.proxy serve

# CI's check of the nginx configuration: nginx -t, then a page, a static file and gunicorn's 414
# through nginx in front of a throwaway `make serve` on $(PORT); every answer has the security headers.
proxy-check: install nginx  ## nginx -t and a page, a static file and a 414 through nginx in front of make serve
	PORT=$(PORT) $(BIN)/python -m deploy.proxy check

# Django's deployment checklist against the production settings. Your DJANGO_SECRET_KEY and
# DJANGO_ALLOWED_HOSTS are used when set; otherwise example values (a throwaway random key,
# ldn.example.org) stand in, so it then checks the settings code, not a real server's environment.
check-deploy: install  ## manage.py check --deploy with production settings; any warning fails
	DJANGO_ENV=production \
	DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
	DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-ldn.example.org}" \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

# benchmarks/load_test.py: 3,000 requests over every public page and a static file, 8 at a time,
# against `make serve` on $(PORT) (DATABASE_URL and REDIS_URL as you set them); fails on any error.
load-test: install  ## Bounded load test of `make serve`: requests/s and latency, zero errors or it fails
	$(BIN)/python -m benchmarks.load_test --serve --port $(PORT)

test: install-dev browser nginx pandoc node_modules/axe-core/axe.min.js  ## The whole suite, browser tests included
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

# The inner loop: no Chromium, no server in another process (pytest.ini's `browser` and `server`
# markers; tests/conftest.py marks every test that reaches a browser or live_server).
test-fast: install-dev pandoc  ## Every test except the browser and server ones (CI still runs them all: make test)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) -m "not browser and not server"

help:  ## List these targets and what each does
	@awk 'BEGIN {FS = ":[^#]*## "} /^[a-z][a-z-]*:[^=]*## / {printf "  make %-13s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# Production-like settings for the in-process render benchmark; (b) and (c) run `make serve` itself.
BENCH_ENV := DJANGO_ENV=production DJANGO_DEBUG=false DJANGO_ALLOWED_HOSTS=testserver,127.0.0.1 \
	DJANGO_SECRET_KEY=bench-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
	SQLITE_PATH=var/bench/bench.sqlite3 DJANGO_STATIC_ROOT=var/bench/static \
	PAGE_CACHE_GENERATION_FILE=var/bench/content-generation

bench: install-dev browser wrk nginx node_modules/axe-core/axe.min.js  ## Render time, throughput and Lighthouse: every figure, and each target met or not
	mkdir -p var/bench && rm -rf var/bench/results
	$(BENCH_ENV) $(BIN)/python manage.py migrate --noinput --verbosity 0
	$(BENCH_ENV) $(BIN)/python manage.py load_content
	$(BENCH_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BENCH_ENV) $(BIN)/python -m benchmarks.render
	$(BENCH_ENV) $(BIN)/python -m benchmarks.pathological
	$(BENCH_ENV) $(BIN)/python -m benchmarks.search_quality
	$(BIN)/python -m benchmarks.throughput
	$(BIN)/python -m benchmarks.login_flood
	$(BIN)/python -m benchmarks.lighthouse
	$(BIN)/python -m benchmarks.results

# (f) alone: search quality (patient queries, top 3) and speed at 1x and 50x, on SQLite or, with
# DATABASE_URL set, on that PostgreSQL database (its content loaded first).
bench-search: install  ## Search quality and speed on this database: the top-3 figure, every miss, medians at 1x and 50x
	mkdir -p var/bench
	$(BENCH_ENV) $(BIN)/python manage.py migrate --noinput --verbosity 0
	$(BENCH_ENV) $(BIN)/python manage.py load_content
	$(BENCH_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BENCH_ENV) $(BIN)/python -m benchmarks.search_quality

bench-flood: install nginx  ## Public pages during a login flood, through nginx and straight to gunicorn: p95 quiet and flooded
	mkdir -p var/bench
	$(BENCH_ENV) $(BIN)/python manage.py migrate --noinput --verbosity 0
	$(BENCH_ENV) $(BIN)/python manage.py load_content
	$(BENCH_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python -m benchmarks.login_flood $(FLOOD_ARGS)

wrk:  ## Install Debian's wrk when missing
	@command -v wrk >/dev/null || { echo "Installing Debian's wrk for the throughput benchmark"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; }

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(VENV)/.installed  ## Create .venv and install requirements.txt (when it changed)
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

install-dev: $(VENV)/.installed-dev  ## The same plus requirements-dev.txt (pytest, Playwright)
$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(VENV)/.installed $@

# Debian's nginx for `make serve-proxy`, the proxy tests, the benchmark and CI (only its program is used).
nginx:
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { echo "Installing Debian's nginx"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx; }

# Debian's pandoc reads the citation exports in tests/test_exports.py: a reader independent of ours.
pandoc:
	@command -v pandoc >/dev/null || { echo "Installing Debian's pandoc for the citation export tests"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q pandoc; }

# Debian's Chromium drives the browser tests; Playwright never downloads a browser here.
browser:  ## Install Debian's chromium when /usr/bin/chromium is missing
	@test -x $(CHROMIUM) || { echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

clean:  ## Remove .venv, node_modules, the development database and var/
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles var
