# The user interface of the project. `make run` and `make test` work on a fresh machine
# with Python 3.11+ and nothing else.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
WORKERS ?= 2
STAMP := $(VENV)/.installed

.PHONY: run test test-ci bench loadtest lint format migrations-check install demo serve worker clean backup restore drills

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,dev]"
	@touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo_network --port $(PORT)

run: demo
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo "Serving on http://localhost:$(PORT)/ (Ctrl-C stops the web server and the worker)"
	@trap 'kill 0' INT TERM EXIT; \
	$(BIN)/python manage.py db_worker --queue-name '*' & \
	while sleep 60; do $(BIN)/python manage.py publish_scheduled; \
		$(BIN)/python manage.py reap_tasks --verbosity 0; \
		$(BIN)/python manage.py ingest_poll --enqueue --verbosity 0; \
		$(BIN)/python manage.py listings_import --enqueue --verbosity 0; \
		$(BIN)/python manage.py traffic_expire --verbosity 0; \
		$(BIN)/python manage.py weather_refresh --verbosity 0; done & \
	$(BIN)/gunicorn masthead.wsgi:application --bind 127.0.0.1:$(PORT) --workers $(WORKERS) \
		--access-logfile - --forwarded-allow-ips 127.0.0.1

test: install
	$(BIN)/python -m pytest

# Not part of `make test`: ~5 minutes, builds bench/var once. BENCH_ARGS="--duration 5" etc.
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Not part of `make test`: locust on loopback against production settings on PostgreSQL and
# Redis, 10 minutes by default (bench/loadtest/run.py; LOADTEST_DATABASE_URL, LOADTEST_REDIS_URL).
# LOADTEST_ARGS="--duration 120 --users 60" etc.
loadtest: install
	$(BIN)/python bench/loadtest/run.py $(LOADTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

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

clean:
	rm -rf $(VENV) var
