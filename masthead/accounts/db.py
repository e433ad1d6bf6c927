"""The database's own refusal to change a username: triggers on SQLite and PostgreSQL.

Migration 0003 installs them. SQLite drops a table's triggers whenever Django rebuilds the
table (which its schema editor does for most ALTERs), so ``ensure_username_is_permanent`` runs
after every ``migrate`` too and reinstalls whatever is missing.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

TRIGGER_NAME = "accounts_user_username_permanent"
MESSAGE = "username is permanent and cannot be changed"

SQLITE_CREATE = f"""
CREATE TRIGGER IF NOT EXISTS {TRIGGER_NAME}
BEFORE UPDATE OF username, username_canonical ON accounts_user
FOR EACH ROW
WHEN NEW.username IS NOT OLD.username OR NEW.username_canonical IS NOT OLD.username_canonical
BEGIN
    SELECT RAISE(ABORT, '{MESSAGE}');
END
"""
SQLITE_DROP = f"DROP TRIGGER IF EXISTS {TRIGGER_NAME}"

# SQLSTATE 23000 (integrity_constraint_violation) so Django raises IntegrityError on both.
POSTGRES_CREATE = [
    f"""
CREATE OR REPLACE FUNCTION {TRIGGER_NAME}() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '23000';
END;
$$ LANGUAGE plpgsql
""",
    f"""
CREATE OR REPLACE TRIGGER {TRIGGER_NAME}
BEFORE UPDATE OF username, username_canonical ON accounts_user
FOR EACH ROW
WHEN (NEW.username IS DISTINCT FROM OLD.username
      OR NEW.username_canonical IS DISTINCT FROM OLD.username_canonical)
EXECUTE FUNCTION {TRIGGER_NAME}()
""",
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS {TRIGGER_NAME} ON accounts_user",
    f"DROP FUNCTION IF EXISTS {TRIGGER_NAME}()",
]


def create_statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [SQLITE_CREATE]
    if vendor == "postgresql":
        return POSTGRES_CREATE
    raise NotImplementedError(
        f"No username trigger for {vendor}: add one to masthead/accounts/db.py"
    )


def has_username_trigger(connection: BaseDatabaseWrapper) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = %s",
                [TRIGGER_NAME],
            )
        else:
            cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname = %s", [TRIGGER_NAME])
        return cursor.fetchone() is not None


def ensure_username_is_permanent(connection: BaseDatabaseWrapper) -> None:
    if "accounts_user" not in connection.introspection.table_names():
        return
    if has_username_trigger(connection):
        return
    with connection.cursor() as cursor:
        for statement in create_statements(connection.vendor):
            cursor.execute(statement)
