"""Test settings: the same app, quick password hashing, mail in memory, tasks run in-process.

DATABASE_URL and REDIS_URL switch the suite to PostgreSQL and Redis exactly as in production.

Under pytest-xdist (``make test`` runs ``pytest -n auto``) every worker process gets its own
of everything a test may wipe or fill: pytest-django makes test_<name>_gw0, _gw1 … for the
database, and this module gives each worker its own folder for media and files (a subfolder
of MASTHEAD_VAR_DIR) and its own Redis database (tests flush it: see ``worker_redis_url``).
"""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

# gw0, gw1 … in an xdist worker; empty in a plain `pytest` run.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
XDIST_WORKER_COUNT = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT") or 1)
REDIS_DATABASES = 16  # Redis's default `databases`


def worker_redis_url(url: str, worker: str, workers: int, databases: int = REDIS_DATABASES) -> str:
    """REDIS_URL for one xdist worker: its database number is spread from the URL's own.

    Every test flushes its Redis database (django-redis's ``clear()`` is FLUSHDB), so two workers
    must never share one. Worker k of n uses (base + k * (databases // n)) % databases: all
    distinct within a run, and with two workers base and base + 8, so the team's databases
    1-6 on a shared machine stay apart and CI's 0 and 8 miss the load test's 13.
    """
    if not url or not worker:
        return url
    if workers > databases:
        raise ValueError(f"{workers} xdist workers but Redis has {databases} databases: use fewer")
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    number = (base + int(worker.removeprefix("gw")) * (databases // workers)) % databases
    return urlunsplit(parts._replace(path=f"/{number}"))


_var_dir = os.environ.setdefault("MASTHEAD_VAR_DIR", tempfile.mkdtemp(prefix="masthead-test-"))
if XDIST_WORKER and Path(_var_dir).name != XDIST_WORKER:
    # The controller made the folder and the workers inherited its environment: one each.
    os.environ["MASTHEAD_VAR_DIR"] = str(Path(_var_dir) / XDIST_WORKER)

from .base import *  # noqa: E402, F403
from .base import CACHES, MIDDLEWARE, REDIS_URL, VAR_DIR  # noqa: E402

# Outermost: on SQLite in memory the live server's threads share one connection, so they take
# turns (tests/live_server.py); nothing is done outside a live server's connection threads.
MIDDLEWARE = ["tests.live_server.OneRequestAtATimeMiddleware", *MIDDLEWARE]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = str(VAR_DIR / "media")
if REDIS_URL:
    CACHES["default"]["LOCATION"] = worker_redis_url(REDIS_URL, XDIST_WORKER, XDIST_WORKER_COUNT)
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
WAGTAILADMIN_BASE_URL = "http://localhost:8000"
# Each test runs in a transaction that never commits, so the search index is written inside it
# rather than after commit (masthead/search/services.py; the on-commit path has its own tests).
MASTHEAD_SEARCH_INDEX_AT_ONCE = True
# The weather tests exercise the real provider against recorded responses; a test of the
# offline demo provider sets WEATHER_PROVIDER = "demo" itself.
WEATHER_PROVIDER = "open-meteo"
# Purges too (masthead/core/purging.py; the on-commit path has its own tests).
MASTHEAD_PURGE_AT_ONCE = True
