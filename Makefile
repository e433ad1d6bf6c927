# The user interface of the project. `make run` and `make test` work on a fresh machine
# with Python 3.11+ and nothing else.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
WORKERS ?= 2
STAMP := $(VENV)/.installed
RUN_STAMP := $(VENV)/.installed-run

.PHONY: lock screenshots run test test-fast test-ci bench bench-live bench-search search-eval loadtest lint format migrations-check install demo serve worker clean backup restore drills topology topology-drills lighthouse

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test,dev]"
	@touch $(STAMP)

install: $(STAMP)

# What `make run` needs: the app and the demo's video encoder, not the test and dev tools
# (docs/performance.md "make run"). A full `make install` that is up to date covers it. The
# venv's own pip is too old for some packages' extras (lxml[html-clean]): upgraded first.
$(RUN_STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@if [ -f $(STAMP) ] && [ $(STAMP) -nt pyproject.toml ] && [ $(STAMP) -nt constraints.txt ]; then :; else \
		$(BIN)/python -m pip install --quiet --upgrade pip && \
		$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[demo]"; fi
	@touch $(RUN_STAMP)

# constraints.txt again from the newest releases pyproject.toml accepts, in a scratch venv
# (the project's own stays as it is); then run the whole suite before committing it.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --upgrade pip
	.venv-lock/bin/python -m pip install -e ".[test,dev,demo]"
	{ sed -n '/^#/p' constraints.txt; .venv-lock/bin/python -m pip freeze --exclude-editable \
		| grep -v -i -E '^(-e |masthead|pip==|setuptools==|wheel==)'; } > constraints.txt.new
	mv constraints.txt.new constraints.txt && rm -rf .venv-lock
	@echo "constraints.txt refreshed: git diff constraints.txt, then make test-ci"

demo: $(RUN_STAMP)
	$(BIN)/python manage.py demo_prepare --port $(PORT) --no-static

# One process prepares (migrate, demo network, static files: each a no-op once done); the web
# server loads the app once before forking its workers (--preload); the worker and the
# scheduler start once it answers, so they do not compete with it for the first page.
run: $(RUN_STAMP)
	$(BIN)/python manage.py demo_prepare --port $(PORT)
	@echo "Serving on http://localhost:$(PORT)/ (Ctrl-C stops the web server, the worker and the scheduler)"
	@trap 'kill 0' INT TERM EXIT; \
	$(BIN)/gunicorn masthead.wsgi:application --bind 127.0.0.1:$(PORT) --workers $(WORKERS) \
		--preload --access-logfile - --forwarded-allow-ips 127.0.0.1 --limit-request-line 8190 & \
	$(BIN)/python scripts/wait_http.py http://localhost:$(PORT)/ 600; \
	$(BIN)/python manage.py db_worker --queue-name '*' --interval 2 & \
	$(BIN)/python manage.py scheduler --verbosity 0 & \
	wait

# Every reader page type at 390 and 1366 px into var/screenshots/, from a running demo
# (`make run` in another shell). SCREENSHOT_BASE="http://localhost:8000 --base http://money.localhost:8000"
# SCREENSHOT_EMAIL / SCREENSHOT_PASSWORD add the signed-in pages (the demo prints the editor's).
SCREENSHOT_BASE ?= http://localhost:$(PORT)
screenshots: install
	$(BIN)/python scripts/screenshots.py --base $(SCREENSHOT_BASE) --out var/screenshots

# Parallel processes (pytest-xdist), each with its own test database, Redis database and files
# (masthead/settings/test.py, docs/testing.md). TEST_WORKERS=0 runs in this process;
# TEST_ARGS="masthead/comments -k thread" etc.; TEST_MARKS= adds the volume tests CI runs.
TEST_WORKERS ?= auto
TEST_MARKS ?= not slow
TEST_ARGS ?=
PYTEST_PARALLEL = -n $(TEST_WORKERS) --dist loadgroup
test: install
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) -m "$(TEST_MARKS)" $(TEST_ARGS)

# The inner loop, aiming at 2 minutes on two cores (docs/testing.md): no browser, no volume tests,
# no servers or interpreters started per test, no API fuzzing, and not the `thorough` tests
# (the walk over every route, every public output searched for private text, the whole
# world's places, the demo build, the sign-up timing). `make test` runs all of them: before a commit.
FAST_MARKS = not slow and not browser and not validators and not replica and not s3 and not varnish \
	and not thorough
FAST_SKIP = --ignore=tests/e2e --ignore=tests/faults --ignore=tests/interop \
	--ignore=masthead/api/tests/test_openapi_fuzz.py --ignore=masthead/core/tests/test_settings.py \
	--ignore=tests/security/test_deploy_check.py
test-fast: install
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) -m "$(FAST_MARKS)" $(FAST_SKIP) $(TEST_ARGS)

# Not part of `make test`: ~5 minutes, builds bench/var once. BENCH_ARGS="--duration 5" etc.
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Live blogs (issue 19): 10,000 open pages polling every 2 s through Varnish (wrk, plus 100
# probe readers timing post-to-visible) while an update is posted every 2 s, 3 minutes, on a
# fresh database (bench/live.py; needs wrk). LIVE_BENCH_ARGS="--seconds 60".
bench-live: install
	$(BIN)/python bench/live.py $(LIVE_BENCH_ARGS)

# Search at 100,000 stories on SQLite and PostgreSQL, uncached (bench/search.py;
# SEARCH_BENCH_DATABASE_URL for PostgreSQL). SEARCH_BENCH_ARGS="--stories 20000 --duration 5" etc.
bench-search: install
	$(BIN)/python bench/search.py $(SEARCH_BENCH_ARGS)

# Relevance on the 20,000-story bench network: recall@10, MRR, nDCG@10 of the index on SQLite
# and PostgreSQL beside Wagtail's backend (the implementation before it). bench/search_eval.py.
search-eval: install
	$(BIN)/python bench/search_eval.py $(SEARCH_EVAL_ARGS)

# Not part of `make test`: locust on loopback against production settings on PostgreSQL and
# Redis, 10 minutes by default (bench/loadtest/run.py; LOADTEST_DATABASE_URL, LOADTEST_REDIS_URL).
# LOADTEST_ARGS="--duration 120 --users 60" etc.
loadtest: install
	$(BIN)/python bench/loadtest/run.py $(LOADTEST_ARGS)

# mypy with django-stubs: settings in pyproject.toml ([tool.mypy]), stricter in masthead.core.
# tests/layers.py: imports between apps point down the layers of docs/architecture.md.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python tests/layers.py

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

# Database + media of the instance DATABASE_URL / MEDIA_ROOT point at (docs/operations.md,
# docs/security.md). BACKUP_DIR (default var/backups); restore into a FRESH instance:
#   make restore BACKUP=var/backups/masthead-20261125T200000Z
backup: install
	$(BIN)/python scripts/backup.py backup $(if $(BACKUP_DIR),--to $(BACKUP_DIR))

restore: install
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=<backup directory>"; exit 2; }
	$(BIN)/python scripts/backup.py restore $(BACKUP)

# PostgreSQL restarted and Redis stopped under load, on private instances (ports 55432, 56379,
# 58000; the machine's own services are not touched): scripts/faults/outages.py, ~4 minutes.
drills: install
	$(BIN)/python scripts/faults/outages.py all

# The network on one machine: two app nodes, worker, scheduler, Varnish, PostgreSQL primary and
# replica, Redis and SeaweedFS, on loopback; prints the addresses, Ctrl-C stops everything
# (scripts/topology.py, docs/deployment.md). PORT is the readers' address (Varnish).
topology: install
	$(BIN)/python scripts/topology.py run --port $(PORT)

# The drills of docs/security.md "Beyond one machine" on that topology (free ports; CI runs it).
topology-drills: install
	$(BIN)/python scripts/topology.py drills

# Lighthouse (mobile) on the reader pages of every site through the topology above, with the
# demo network (scripts/lighthouse.py; Node.js 18+ and Chromium). Reports in var/lighthouse/.
# LIGHTHOUSE_ARGS="--sites news --performance-floor 90" etc.
LIGHTHOUSE_STAMP := scripts/lighthouse/node_modules/.installed
$(LIGHTHOUSE_STAMP): scripts/lighthouse/package-lock.json
	npm ci --prefix scripts/lighthouse --no-audit --no-fund --loglevel=error
	@touch $@

lighthouse: install $(LIGHTHOUSE_STAMP)
	$(BIN)/python scripts/lighthouse.py $(LIGHTHOUSE_ARGS)

clean:
	rm -rf $(VENV) var
