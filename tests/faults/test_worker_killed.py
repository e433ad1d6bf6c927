"""A task worker (`manage.py db_worker`) killed mid-job: django-tasks-db leaves the job RUNNING
for ever (it has no heartbeat), so `manage.py reap_tasks` returns it to the queue and the next
worker runs it again; the killed run left no row and no file behind.

On the database the suite runs on: SQLite by default, and a scratch database next to the
test database when DATABASE_URL is PostgreSQL (the CI services run), as in production."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path / 'db.sqlite3'}"
        return
    import psycopg

    server, _, name = url.partition("?")[0].rpartition("/")
    scratch = f"{name}_worker_killed"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{scratch}"')
    try:
        yield f"{server}/{scratch}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


def _env(tmp_path: Path, database_url: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "PYTHONPATH": str(BASE_DIR),
        "DJANGO_SETTINGS_MODULE": "masthead.settings.base",
        "MASTHEAD_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }


def _python(args, env, **kwargs):
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True,
        timeout=600, check=False, **kwargs,
    )  # fmt: skip


ENQUEUE = """
import django; django.setup()
from tests.faults.tasks import slow_write
slow_write.enqueue(marker="killedjob", directory={directory!r}, seconds={seconds})
"""
STATE = """
import django, json; django.setup()
from django_tasks_db.models import DBTaskResult
from masthead.accounts.models import User
print(json.dumps({"statuses": sorted(DBTaskResult.objects.values_list("status", flat=True)),
                  "rows": User.objects.filter(username="killedjob").count()}))
"""


def _state(env) -> dict:
    import json

    result = _python(["-c", STATE], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_killed_workers_job_runs_again_and_leaves_nothing_half_made(tmp_path, database_url):
    env = _env(tmp_path, database_url)
    files = tmp_path / "files"
    files.mkdir()
    assert _python(["manage.py", "migrate", "--noinput", "-v0"], env).returncode == 0
    assert _python(["-c", ENQUEUE.format(directory=str(files), seconds=30)], env).returncode == 0

    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.2",
         "--no-startup-delay"],
        cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(600):
            if (files / "killedjob.started").exists():
                break
            time.sleep(0.1)
        assert (files / "killedjob.started").exists(), "the worker never started the job"
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()

    state = _state(env)
    assert state == {"statuses": ["RUNNING"], "rows": 0}, state
    assert not (files / "killedjob.done").exists()

    # Without the reaper nothing would ever pick it up again; with it, the job is READY.
    reaped = _python(["manage.py", "reap_tasks", "--older-than", "0"], env)
    assert "1 abandoned job" in reaped.stdout, reaped.stdout + reaped.stderr
    assert _state(env)["statuses"] == ["READY"]

    # The next worker runs it to the end (short this time: the same job, faster clock).
    rerun = _python(
        ["-c", "import django; django.setup();"
               "from django_tasks_db.models import DBTaskResult;"
               "r = DBTaskResult.objects.get();"
               "r.args_kwargs['kwargs']['seconds'] = 0; r.save()"],
        env,
    )  # fmt: skip
    assert rerun.returncode == 0, rerun.stderr
    done = _python(["manage.py", "db_worker", "--queue-name", "*", "--batch"], env)
    assert done.returncode == 0, done.stderr
    assert _state(env) == {"statuses": ["SUCCESSFUL"], "rows": 1}
    assert (files / "killedjob.done").read_text() == "killedjob"
