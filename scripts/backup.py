#!/usr/bin/env python
# ruff: noqa: S603, S607, T201 - a command-line tool: prints, runs pg_dump/pg_restore from PATH
"""Back up and restore a Masthead instance: the database and the media files, with a manifest.

    make backup                      # -> $BACKUP_DIR/masthead-<UTC time>/ (default var/backups)
    make restore BACKUP=<that dir>   # into the instance DATABASE_URL / MEDIA_ROOT point at
    python scripts/backup.py verify <dir>   # compare the running instance with the manifest

The database comes from the same settings as the app (DATABASE_URL): SQLite is copied with
SQLite's online backup API (consistent while the app writes); PostgreSQL with ``pg_dump -Fc``
and restored with ``pg_restore`` into an empty database. Media is a tar of MEDIA_ROOT. The
manifest holds the row count of every table and the SHA-256 of every media file; ``restore``
ends by verifying against it and exits non-zero on any difference (docs/security.md).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings.base")


def _setup():
    import django

    django.setup()
    from django.conf import settings

    return settings


def _pg_url(db: dict) -> str:
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgresql://{auth}{host}{port}/{db['NAME']}"


def counts() -> dict[str, int]:
    from django.apps import apps
    from django.db import connection

    tables = set(connection.introspection.table_names())
    result = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table in tables and not model._meta.proxy:
            result[table] = model._base_manager.count()
    return dict(sorted(result.items()))


def checksums(media_root: Path) -> dict[str, str]:
    result = {}
    if media_root.is_dir():
        for path in sorted(media_root.rglob("*")):
            if path.is_file():
                result[str(path.relative_to(media_root))] = hashlib.sha256(
                    path.read_bytes()
                ).hexdigest()
    return result


def backup(target_root: Path) -> Path:
    settings = _setup()
    from django.db import connection

    db = settings.DATABASES["default"]
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = target_root / f"masthead-{stamp}"
    target.mkdir(parents=True)
    manifest = {"created_at": stamp, "engine": db["ENGINE"], "counts": counts()}
    if connection.vendor == "sqlite":
        source = sqlite3.connect(str(db["NAME"]))
        copy = sqlite3.connect(str(target / "db.sqlite3"))
        with copy:
            source.backup(copy)
        source.close()
        copy.close()
        manifest["database"] = "db.sqlite3"
    elif connection.vendor == "postgresql":
        subprocess.run(
            ["pg_dump", "-Fc", "--no-owner", "-f", str(target / "db.dump"), _pg_url(db)],
            check=True,
        )
        manifest["database"] = "db.dump"
    else:
        raise SystemExit(f"no backup method for {connection.vendor}")
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(target / "media.tar.gz", "w:gz") as archive:
        if media_root.is_dir():
            archive.add(media_root, arcname="media")
    manifest["media"] = checksums(media_root)
    (target / "manifest.json").write_text(json.dumps(manifest, indent=1))
    print(f"backup: {target} ({sum(manifest['counts'].values())} rows, "
          f"{len(manifest['media'])} media files)")  # fmt: skip
    return target


def restore(source: Path) -> None:
    settings = _setup()
    from django.db import connection

    manifest = json.loads((source / "manifest.json").read_text())
    db = settings.DATABASES["default"]
    connection.close()
    if manifest["database"] == "db.sqlite3":
        if connection.vendor != "sqlite":
            raise SystemExit("this backup is SQLite; DATABASE_URL points elsewhere")
        target = Path(db["NAME"])
        target.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(source / "db.sqlite3", target)
    else:
        if connection.vendor != "postgresql":
            raise SystemExit("this backup is PostgreSQL; DATABASE_URL points elsewhere")
        # Into an empty database only: a restore never merges into live data.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
            )
            if cursor.fetchone()[0]:
                raise SystemExit(f"database {db['NAME']} is not empty: restore into a fresh one")
        connection.close()
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", "-d", _pg_url(db),
             str(source / "db.dump")],
            check=True,
        )  # fmt: skip
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / "media.tar.gz") as archive:
        for member in archive.getmembers():
            if not member.name.startswith("media"):
                continue
            member.name = member.name[len("media") :].lstrip("/") or "."
            archive.extract(member, media_root, filter="data")
    verify(source)


def verify(source: Path) -> None:
    _setup()
    from django.conf import settings

    manifest = json.loads((source / "manifest.json").read_text())
    now_counts, now_media = counts(), checksums(Path(settings.MEDIA_ROOT))
    problems = [
        f"table {t}: {n} rows in the backup, {now_counts.get(t)} now"
        for t, n in manifest["counts"].items()
        if now_counts.get(t) != n
    ]
    problems += [
        f"media {p}: checksum differs or file missing"
        for p, digest in manifest["media"].items()
        if now_media.get(p) != digest
    ]
    if problems:
        print("\n".join(problems), file=sys.stderr)
        raise SystemExit(f"restore verification failed: {len(problems)} differences")
    print(f"verified: {len(now_counts)} tables, {sum(now_counts.values())} rows, "
          f"{len(now_media)} media files match the manifest")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("backup").add_argument(
        "--to", default=os.environ.get("BACKUP_DIR", str(ROOT / "var" / "backups"))
    )
    sub.add_parser("restore").add_argument("source")
    sub.add_parser("verify").add_argument("source")
    args = parser.parse_args()
    if args.command == "backup":
        backup(Path(args.to))
    elif args.command == "restore":
        restore(Path(args.source))
    else:
        verify(Path(args.source))


if __name__ == "__main__":
    main()
