# The database refuses any UPDATE that changes a username or its canonical form, whatever
# path it comes from (ORM save, queryset.update(), admin, raw SQL).

from django.db import migrations

TRIGGER = "accounts_user_username_permanent"
MESSAGE = "username is permanent and cannot be changed"


def create_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            f"""
            CREATE TRIGGER IF NOT EXISTS {TRIGGER}
            BEFORE UPDATE OF username, username_canonical ON accounts_user
            FOR EACH ROW
            WHEN NEW.username IS NOT OLD.username
                 OR NEW.username_canonical IS NOT OLD.username_canonical
            BEGIN
                SELECT RAISE(ABORT, '{MESSAGE}');
            END
            """
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            f"""
            CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '23000';
            END;
            $$ LANGUAGE plpgsql
            """
        )
        schema_editor.execute(
            f"""
            CREATE OR REPLACE TRIGGER {TRIGGER}
            BEFORE UPDATE OF username, username_canonical ON accounts_user
            FOR EACH ROW
            WHEN (NEW.username IS DISTINCT FROM OLD.username
                  OR NEW.username_canonical IS DISTINCT FROM OLD.username_canonical)
            EXECUTE FUNCTION {TRIGGER}()
            """
        )
    else:
        raise NotImplementedError(f"No username trigger for {vendor}")


def drop_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}")
    elif vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON accounts_user")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {TRIGGER}()")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_profile_fields"),
    ]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
