"""`make backup` / `make restore` (scripts/backup.py): an instance with rows and media is backed
up and restored into a fresh instance (new database, empty media) with matching row counts and
file checksums; a tampered media file makes verification fail. SQLite always; PostgreSQL with
the ``postgres`` marker (its own throwaway databases on the DATABASE_URL server)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
SEED = """
import django; django.setup()
from django.core.files.base import ContentFile
from masthead.accounts.tests.factories import make_member
from masthead.api.services import api_token_create
for n in range(7):
    member = make_member(f"backup{n}")
    member.avatar.save(f"{member.pk}.jpg", ContentFile(bytes([n]) * 5000), save=True)
    api_token_create(user=member, name=f"app {n}")
"""


def _run(args, env, check=True):
    result = subprocess.run(  # fixed interpreter and arguments
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True,
        timeout=600, check=False,
    )  # fmt: skip
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def _instance(tmp_path: Path, name: str, database_url: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "masthead.settings.base",
        "MASTHEAD_VAR_DIR": str(tmp_path / name),
        "MEDIA_ROOT": str(tmp_path / name / "media"),
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
    }


def _round_trip(tmp_path: Path, old_url: str, new_url: str) -> None:
    old = _instance(tmp_path, "old", old_url)
    _run(["manage.py", "migrate", "--noinput", "-v0"], old)
    _run(["-c", SEED], old)
    backup_dir = tmp_path / "backups"
    out = _run(["scripts/backup.py", "backup", "--to", str(backup_dir)], old).stdout
    assert "7 media files" in out
    (taken,) = backup_dir.iterdir()

    new = _instance(tmp_path, "new", new_url)
    out = _run(["scripts/backup.py", "restore", str(taken)], new).stdout
    assert "match the manifest" in out
    # The restored instance answers as the old one: the members are there.
    shown = _run(
        ["-c", "import django; django.setup(); from masthead.accounts.models import User;"
               "print(sorted(User.objects.values_list('username', flat=True)))"],
        new,
    ).stdout  # fmt: skip
    assert "backup6" in shown

    # Verification is not vacuous: a changed file is found.
    victim = next((tmp_path / "new" / "media").rglob("*.jpg"))
    victim.write_bytes(b"tampered")
    result = _run(["scripts/backup.py", "verify", str(taken)], new, check=False)
    assert result.returncode != 0
    assert "checksum differs" in result.stderr


def test_sqlite_backup_restores_into_a_fresh_instance(tmp_path):
    _round_trip(
        tmp_path, f"sqlite:///{tmp_path / 'old.sqlite3'}", f"sqlite:///{tmp_path / 'new.sqlite3'}"
    )


@pytest.mark.postgres
def test_postgresql_backup_restores_into_a_fresh_database(tmp_path):
    import psycopg

    server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    names = [f"masthead_backup_{secrets.token_hex(4)}" for _ in range(2)]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        _round_trip(tmp_path, f"{server}/{names[0]}", f"{server}/{names[1]}")
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
