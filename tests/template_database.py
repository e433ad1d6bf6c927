"""The migrated SQLite test database, made once and copied into every test run's database.

Migrating an empty in-memory database cost each test process about 20 CPU seconds (about 300
migrations of Django, Wagtail, allauth and ours, then the post_migrate handlers) before its
first test: twice per `make test`, on two cores. The migrated database is the same every time
until a migration changes, so the first run saves it to ``var/test-databases/<fingerprint>.sqlite3``
and later runs copy it into the in-memory test database with SQLite's backup API (milliseconds).

The fingerprint covers everything the migrated database is made from: every migration file of
every installed app, the models of apps without migrations (migrate's syncdb makes their
tables), the code of every post_migrate handler (and what ours call), the settings that shape
the schema, and the versions of Python, SQLite and every installed app's package. Any change
to one of them is another fingerprint, so another file: a stale copy is never used, and the old
files are removed when a new one is saved. Only SQLite's in-memory test database takes this
path; PostgreSQL, ``--reuse-db``, ``--nomigrations`` and databases with ``TEST["MIGRATE"] =
False`` are made by Django as before. ``MASTHEAD_TEST_DB_TEMPLATE=0`` turns it off.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.metadata
import inspect
import os
import sqlite3
import sys
import weakref
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIRECTORY = ROOT / "var" / "test-databases"

# Code that post_migrate handlers of ours call, beyond the handler's own module (which the
# fingerprint finds by itself): the username trigger's SQL. A new handler that calls into
# another module adds that module here.
MIGRATE_TIME_CODE = ("masthead/accounts/db.py",)

# Settings that change what migrate writes: the tables (swapped models, the apps, migration
# modules, the id type) and the rows data migrations and handlers add (Wagtail's first
# locale comes from the language settings).
SCHEMA_SETTINGS = (
    "INSTALLED_APPS",
    "MIGRATION_MODULES",
    "DEFAULT_AUTO_FIELD",
    "LANGUAGE_CODE",
    "LANGUAGES",
    "WAGTAIL_I18N_ENABLED",
    "WAGTAIL_CONTENT_LANGUAGES",
    "USE_TZ",
    "TIME_ZONE",
)


def schema_files() -> list[Path]:
    """Every source file the migrated database is made from (see the module's docstring)."""
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader
    from django.db.models.signals import post_migrate

    files: list[Path] = []
    for config in apps.get_app_configs():
        module_name, _explicit = MigrationLoader.migrations_module(config.label)
        try:
            module = importlib.import_module(module_name) if module_name else None
        except ImportError:
            module = None
        if module is not None and getattr(module, "__path__", None):
            for folder in module.__path__:
                files.extend(sorted(Path(folder).rglob("*.py")))
        elif config.models_module is not None and config.models_module.__file__:
            files.append(Path(config.models_module.__file__))
    for _key, receiver, *_rest in post_migrate.receivers:
        handler = receiver() if isinstance(receiver, weakref.ReferenceType) else receiver
        if handler is not None:
            source = inspect.getsourcefile(inspect.unwrap(handler))
            if source:
                files.append(Path(source))
    files.extend(ROOT / name for name in MIGRATE_TIME_CODE)
    return files


def schema_settings() -> list[tuple[str, str]]:
    from django.conf import settings

    names = list(SCHEMA_SETTINGS) + sorted(
        name for name in dir(settings) if name.isupper() and name.endswith("_MODEL")
    )
    return [(name, repr(getattr(settings, name, None))) for name in names]


def package_versions() -> list[tuple[str, str]]:
    from django.apps import apps

    distributions = importlib.metadata.packages_distributions()
    found: set[tuple[str, str]] = set()
    for config in apps.get_app_configs():
        top = config.name.split(".")[0]
        for distribution in distributions.get(top, ()):
            found.add((distribution, importlib.metadata.version(distribution)))
    return sorted(found)


def fingerprint(
    files: Iterable[Path], settings: Iterable[tuple[str, str]], versions: Iterable[tuple[str, str]]
) -> str:
    digest = hashlib.sha256()
    digest.update(f"python {sys.version_info[:3]} sqlite {sqlite3.sqlite_version}\n".encode())
    for name, value in [*settings, *versions]:
        digest.update(f"{name}={value}\n".encode())
    for path in files:
        # The path inside the checkout or site-packages, not the machine's: two checkouts
        # (or two machines) with the same files share a fingerprint.
        digest.update(f"{path.parent.name}/{path.name}\n".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def current_fingerprint() -> str:
    return fingerprint(schema_files(), schema_settings(), package_versions())


def template_for(key: str, build: Callable[[Path], None], directory: Path = DIRECTORY) -> Path:
    """The saved database for this fingerprint; ``build(path)`` writes it when there is none.

    Two test processes starting together may both build: each writes its own temporary file
    and renames it into place, so a reader never sees half a file. Files of other
    fingerprints are removed once the new one is in place."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{key}.sqlite3"
    if path.exists():
        return path
    partial = directory / f".{key}.{os.getpid()}.partial"
    try:
        build(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    for old in directory.glob("*.sqlite3"):
        if old != path:
            old.unlink(missing_ok=True)
    return path


def _copy(source: sqlite3.Connection, target_path: Path) -> None:
    with sqlite3.connect(target_path) as target:
        source.backup(target)
    target.close()


def _restore(template: Path, target: sqlite3.Connection) -> None:
    # Read-only: a file removed between the check and here must fail, not open a new empty one.
    with sqlite3.connect(f"file:{template}?mode=ro", uri=True) as source:
        source.backup(target)
    source.close()


def _takes_template(connection, keepdb: bool) -> bool:
    from django.conf import settings

    if os.environ.get("MASTHEAD_TEST_DB_TEMPLATE", "1") == "0" or keepdb:
        return False
    if connection.vendor != "sqlite" or connection.settings_dict["TEST"].get("MIGRATE") is False:
        return False
    # pytest-django's --nomigrations swaps MIGRATION_MODULES for an object of its own.
    if not isinstance(settings.MIGRATION_MODULES, dict):
        return False
    creation = connection.creation
    return creation.is_in_memory_db(creation._get_test_db_name())


def create_test_db(
    creation, original, verbosity=1, autoclobber=False, serialize=True, keepdb=False
):
    """Django's ``create_test_db`` for one connection, with the migrated database copied in
    from the template instead of migrated (``original`` builds the template when missing)."""
    from django.conf import settings
    from django.core.management import call_command

    connection = creation.connection
    if not _takes_template(connection, keepdb):
        return original(
            verbosity=verbosity, autoclobber=autoclobber, serialize=serialize, keepdb=keepdb
        )
    key = current_fingerprint()
    path = DIRECTORY / f"{key}.sqlite3"
    if not path.exists():
        name = original(
            verbosity=verbosity, autoclobber=autoclobber, serialize=serialize, keepdb=keepdb
        )
        template_for(key, lambda partial: _copy(connection.connection, partial))
        return name
    name = creation._get_test_db_name()
    if verbosity >= 1:
        creation.log(f"Copying the migrated test database for alias {connection.alias!r} ({key})…")
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name
    connection.ensure_connection()
    _restore(path, connection.connection)
    if serialize:
        connection._test_serialized_contents = creation.serialize_db_to_string()
    call_command("createcachetable", database=connection.alias)
    return name


def install() -> None:
    """Make every connection's test database from the template (called before pytest-django
    sets the test databases up)."""
    from functools import partial

    from django.db import connections

    for alias in connections:
        creation = connections[alias].creation
        original = creation.create_test_db
        # One connection object's method, for this process: nothing else is changed.
        creation.create_test_db = partial(create_test_db, creation, original)  # type: ignore[method-assign]
