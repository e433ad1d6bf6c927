"""Settings from the environment: the embedded default runs with nothing set, DATABASE_URL and
REDIS_URL switch engines, and production refuses to start without what it needs.

Each case starts a fresh interpreter with a controlled environment, as a deployment would."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
PRODUCTION = "masthead.settings.production"
SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "engine": s.DATABASES["default"]["ENGINE"],
    "name": str(s.DATABASES["default"]["NAME"]),
    "db_options": {k: str(v) for k, v in s.DATABASES["default"].get("OPTIONS", {}).items()},
    "conn_max_age": s.DATABASES["default"].get("CONN_MAX_AGE"),
    "cache": s.CACHES["default"]["BACKEND"],
    "cache_location": str(s.CACHES["default"].get("LOCATION", "")),
    "tasks": s.TASKS["default"]["BACKEND"],
    "media_root": str(s.MEDIA_ROOT),
    "debug": s.DEBUG,
    "allowed_hosts": s.ALLOWED_HOSTS,
    "secure_ssl_redirect": getattr(s, "SECURE_SSL_REDIRECT", False),
    "session_cookie_secure": s.SESSION_COOKIE_SECURE,
    "staticfiles": s.STORAGES["staticfiles"]["BACKEND"],
}))
"""


def run_python(
    args: list[str], *, settings_module: str, env: dict[str, str], var_dir: Path
) -> subprocess.CompletedProcess:
    """Run the project's interpreter with only the given environment (nothing inherited
    from this test run, such as DATABASE_URL)."""
    clean_env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(var_dir)),
        "DJANGO_SETTINGS_MODULE": settings_module,
        "MASTHEAD_VAR_DIR": str(var_dir),
        **env,
    }
    return subprocess.run(  # noqa: S603 - this interpreter with arguments fixed in the tests
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def production_env(tmp_path: Path) -> dict[str, str]:
    return {
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "news.example.com,.news.example.com",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
    }


def show_settings(tmp_path: Path, settings_module: str, env: dict[str, str]) -> dict:
    result = run_python(
        ["-c", SHOW_SETTINGS], settings_module=settings_module, env=env, var_dir=tmp_path / "var"
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_with_nothing_set_the_embedded_default_runs_on_sqlite_in_var(tmp_path):
    shown = show_settings(tmp_path, "masthead.settings.base", {})
    var = tmp_path / "var"
    assert shown["engine"] == "django.db.backends.sqlite3"
    assert shown["name"] == str(var / "db.sqlite3")
    assert "journal_mode=WAL" in shown["db_options"]["init_command"]
    assert shown["db_options"]["transaction_mode"] == "IMMEDIATE"
    # Shared by every gunicorn worker and the task worker: see decision 0002.
    assert shown["cache"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert shown["cache_location"].startswith(str(var))
    assert shown["tasks"] == "django_tasks_db.DatabaseBackend"
    assert shown["media_root"] == str(var / "media")
    assert shown["debug"] is False
    # A development key was made for this checkout and kept out of the repository.
    assert len((var / "dev-secret-key").read_text()) >= 50


def test_database_and_redis_urls_switch_to_postgresql_and_redis(tmp_path):
    shown = show_settings(
        tmp_path,
        "masthead.settings.base",
        {
            "DATABASE_URL": "postgres://news:secret@db.internal:5432/masthead",
            "REDIS_URL": "redis://cache.internal:6379/1",
        },
    )
    assert shown["engine"] == "django.db.backends.postgresql"
    assert shown["name"] == "masthead"
    assert shown["conn_max_age"] == 60
    assert shown["cache"] == "masthead.core.cache.FailOpenRedisCache"
    assert shown["cache_location"] == "redis://cache.internal:6379/1"


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without(missing, tmp_path):
    env = production_env(tmp_path)
    del env[missing]
    result = run_python(
        ["-c", "import django; django.setup()"],
        settings_module=PRODUCTION,
        env=env,
        var_dir=tmp_path / "var",
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{missing} is not set" in result.stderr


def test_production_refuses_a_short_secret_key(tmp_path):
    env = {**production_env(tmp_path), "SECRET_KEY": "too-short"}
    result = run_python(
        ["-c", "import django; django.setup()"],
        settings_module=PRODUCTION,
        env=env,
        var_dir=tmp_path / "var",
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be at least 50 random characters" in result.stderr


def test_production_is_hardened(tmp_path):
    shown = show_settings(tmp_path, PRODUCTION, production_env(tmp_path))
    assert shown["debug"] is False
    assert shown["allowed_hosts"] == ["news.example.com", ".news.example.com"]
    assert shown["secure_ssl_redirect"] is True
    assert shown["session_cookie_secure"] is True
    assert shown["staticfiles"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    # SQLite stays usable in production (small sites, the bench) with the same WAL options.
    assert "journal_mode=WAL" in shown["db_options"]["init_command"]


def test_production_passes_the_deployment_checks(tmp_path):
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        settings_module=PRODUCTION,
        env=production_env(tmp_path),
        var_dir=tmp_path / "var",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_deployment_checks_with_postgresql_and_redis(tmp_path):
    env = {
        **production_env(tmp_path),
        "DATABASE_URL": "postgres://news:secret@db.internal:5432/masthead",
        "REDIS_URL": "redis://cache.internal:6379/1",
    }
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        settings_module=PRODUCTION,
        env=env,
        var_dir=tmp_path / "var",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_each_parallel_test_worker_has_its_own_redis_database_and_files(tmp_path):
    """Under pytest-xdist two workers sharing a Redis database would flush each other's keys
    mid-test, and sharing MEDIA_ROOT would mix their files."""
    shown = {
        worker: show_settings(
            tmp_path,
            "masthead.settings.test",
            {
                "REDIS_URL": "redis://cache.internal:6379/3",
                "PYTEST_XDIST_WORKER": worker,
                "PYTEST_XDIST_WORKER_COUNT": "2",
            },
        )
        for worker in ("gw0", "gw1")
    }
    assert shown["gw0"]["cache_location"] == "redis://cache.internal:6379/3"
    assert shown["gw1"]["cache_location"] == "redis://cache.internal:6379/11"
    assert shown["gw0"]["media_root"] == str(tmp_path / "var" / "gw0" / "media")
    assert shown["gw1"]["media_root"] == str(tmp_path / "var" / "gw1" / "media")


def test_worker_redis_databases_are_distinct_and_valid():
    from masthead.settings.test import worker_redis_url

    for base in (0, 3, 15):
        for workers in range(1, 17):
            url = f"redis://r:6379/{base}"
            urls = [worker_redis_url(url, f"gw{k}", workers) for k in range(workers)]
            numbers = {int(u.rsplit("/", 1)[1]) for u in urls}
            assert len(numbers) == workers, (base, workers, urls)
            assert numbers <= set(range(16))
            assert urls[0] == url  # the first worker keeps the configured database
    assert worker_redis_url("redis://r:6379", "gw1", 2) == "redis://r:6379/8"


def test_more_workers_than_redis_databases_is_refused():
    from masthead.settings.test import worker_redis_url

    with pytest.raises(ValueError, match="17 xdist workers"):
        worker_redis_url("redis://r:6379/0", "gw0", 17)
