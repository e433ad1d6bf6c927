"""Keep the tag rows' copy of the publishing time right when the tags themselves are rewritten.

Publishing a revision saves the page (the page trigger copies the time) and then rewrites the
page's tag rows from the revision, where the copy is still empty. This trigger recomputes the
copy on every update of a tag row, and the backfill repairs rows written before it existed.
"""

from django.db import migrations

BACKFILL = """
UPDATE newsroom_storytag SET published_at = (
    SELECT first_published_at FROM wagtailcore_page
    WHERE wagtailcore_page.id = newsroom_storytag.content_object_id
)
"""

SQLITE = [
    # SQLite cannot assign NEW in a BEFORE trigger; recursive triggers are off by default, so
    # the inner UPDATE does not fire this trigger again.
    """
    CREATE TRIGGER IF NOT EXISTS newsroom_storytag_time_on_update
    AFTER UPDATE ON newsroom_storytag FOR EACH ROW
    WHEN NEW.published_at IS NOT (
        SELECT first_published_at FROM wagtailcore_page WHERE id = NEW.content_object_id
    )
    BEGIN
        UPDATE newsroom_storytag SET published_at = (
            SELECT first_published_at FROM wagtailcore_page WHERE id = NEW.content_object_id
        ) WHERE id = NEW.id;
    END
    """,
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS newsroom_storytag_time_on_update"]

POSTGRES = [
    # The insert trigger's function sets NEW.published_at from the page: reuse it for updates.
    """
    CREATE TRIGGER newsroom_storytag_time_on_update
    BEFORE UPDATE ON newsroom_storytag FOR EACH ROW
    EXECUTE FUNCTION newsroom_storytag_time_on_insert()
    """,
]
POSTGRES_DROP = ["DROP TRIGGER IF EXISTS newsroom_storytag_time_on_update ON newsroom_storytag"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0003_storytag_listing_key")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]
