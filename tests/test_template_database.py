"""The migrated test database kept between runs (tests/template_database.py): it is complete,
and a change to anything it is made from makes a new one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests import template_database as template

MIGRATIONS = Path(template.ROOT) / "masthead"


@pytest.mark.django_db
def test_the_test_database_has_every_migration_applied_and_the_username_trigger():
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            triggers = {name for (name,) in cursor.fetchall()}
        assert any("username" in name for name in triggers), triggers


@pytest.mark.django_db
def test_sqlite_runs_copy_the_template_of_the_current_fingerprint_and_others_migrate():
    # Both engines assert something (CI forbids skips): the template is for SQLite's in-memory
    # test database only; PostgreSQL's test database is migrated as before.
    if connection.vendor == "sqlite":
        assert (template.DIRECTORY / f"{template.current_fingerprint()}.sqlite3").exists()
    else:
        assert not template._takes_template(connection, keepdb=False)


def test_every_migration_and_post_migrate_handler_is_in_the_fingerprint():
    files = {path.resolve() for path in template.schema_files()}
    ours = set(MIGRATIONS.glob("*/migrations/0*.py"))
    assert ours, "no migrations found"
    assert {path.resolve() for path in ours} <= files
    assert (MIGRATIONS / "accounts" / "apps.py").resolve() in files  # the trigger's handler
    assert (MIGRATIONS / "accounts" / "db.py").resolve() in files  # the trigger's SQL
    # Django's own and Wagtail's migrations too.
    assert any("django/contrib/auth/migrations" in str(path) for path in files)
    assert any("wagtail/migrations" in str(path) for path in files)


def test_a_changed_migration_or_setting_is_another_fingerprint(tmp_path):
    files = template.schema_files()
    settings = template.schema_settings()
    versions = template.package_versions()
    before = template.fingerprint(files, settings, versions)
    assert template.fingerprint(files, settings, versions) == before

    migration = next(path for path in files if path.name.startswith("0"))
    changed = tmp_path / migration.parent.name / migration.name
    changed.parent.mkdir()
    shutil.copy(migration, changed)
    swapped = [changed if path == migration else path for path in files]
    assert template.fingerprint(swapped, settings, versions) == before, "same files, same key"
    changed.write_text(changed.read_text() + "\n# one more operation\n")
    assert template.fingerprint(swapped, settings, versions) != before

    assert (
        template.fingerprint(files, [*settings, ("AUTH_USER_MODEL", "'x.Y'")], versions) != before
    )
    assert template.fingerprint(files, settings, [*versions, ("wagtail", "99")]) != before


def test_a_new_fingerprint_builds_a_new_template_and_removes_the_old_one(tmp_path):
    built: list[str] = []

    def build(path: Path) -> None:
        built.append(path.name)
        path.write_bytes(b"migrated")

    first = template.template_for("aaa", build, directory=tmp_path)
    assert template.template_for("aaa", build, directory=tmp_path) == first
    assert len(built) == 1, "the same fingerprint reuses its file"

    second = template.template_for("bbb", build, directory=tmp_path)
    assert len(built) == 2, "a changed fingerprint rebuilds"
    assert second.exists() and not first.exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["bbb.sqlite3"]


def test_a_build_that_fails_leaves_no_template(tmp_path):
    def build(path: Path) -> None:
        path.write_bytes(b"half")
        raise RuntimeError("migrate failed")

    with pytest.raises(RuntimeError):
        template.template_for("ccc", build, directory=tmp_path)
    assert list(tmp_path.iterdir()) == []
