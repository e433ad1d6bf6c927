"""Listing indexes that match the listings' order (docs/decisions/0301-listing-indexes.md).

- Tag pages: each story's first-published time is copied onto its tag rows, indexed as
  (tag, newest first), so a tag page reads 20 index entries instead of sorting every story
  that carries the tag. Triggers keep the copy right however the page or its tags are written
  (Wagtail's publish, a bulk import, a queryset ``update()``).
- "News in Pictures" and "Multimedia" pick stories of one kind: an index on the page's content
  type in publishing order finds the newest galleries or videos without scanning all stories.
"""

from django.db import migrations, models

BACKFILL = """
UPDATE newsroom_storytag SET published_at = (
    SELECT first_published_at FROM wagtailcore_page
    WHERE wagtailcore_page.id = newsroom_storytag.content_object_id
)
"""

SQLITE_TRIGGERS = [
    """
    CREATE TRIGGER IF NOT EXISTS newsroom_storytag_time_from_page
    AFTER UPDATE OF first_published_at ON wagtailcore_page FOR EACH ROW
    WHEN NEW.first_published_at IS NOT OLD.first_published_at
    BEGIN
        UPDATE newsroom_storytag SET published_at = NEW.first_published_at
        WHERE content_object_id = NEW.id;
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS newsroom_storytag_time_on_insert
    AFTER INSERT ON newsroom_storytag FOR EACH ROW
    BEGIN
        UPDATE newsroom_storytag SET published_at = (
            SELECT first_published_at FROM wagtailcore_page WHERE id = NEW.content_object_id
        ) WHERE id = NEW.id;
    END
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS newsroom_storytag_time_from_page",
    "DROP TRIGGER IF EXISTS newsroom_storytag_time_on_insert",
]

POSTGRES_TRIGGERS = [
    """
    CREATE OR REPLACE FUNCTION newsroom_storytag_time_from_page() RETURNS trigger AS $$
    BEGIN
        UPDATE newsroom_storytag SET published_at = NEW.first_published_at
        WHERE content_object_id = NEW.id;
        RETURN NULL;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER newsroom_storytag_time_from_page
    AFTER UPDATE OF first_published_at ON wagtailcore_page FOR EACH ROW
    WHEN (NEW.first_published_at IS DISTINCT FROM OLD.first_published_at)
    EXECUTE FUNCTION newsroom_storytag_time_from_page()
    """,
    """
    CREATE OR REPLACE FUNCTION newsroom_storytag_time_on_insert() RETURNS trigger AS $$
    BEGIN
        NEW.published_at := (
            SELECT first_published_at FROM wagtailcore_page WHERE id = NEW.content_object_id
        );
        RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER newsroom_storytag_time_on_insert
    BEFORE INSERT ON newsroom_storytag FOR EACH ROW
    EXECUTE FUNCTION newsroom_storytag_time_on_insert()
    """,
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS newsroom_storytag_time_from_page ON wagtailcore_page",
    "DROP TRIGGER IF EXISTS newsroom_storytag_time_on_insert ON newsroom_storytag",
    "DROP FUNCTION IF EXISTS newsroom_storytag_time_from_page()",
    "DROP FUNCTION IF EXISTS newsroom_storytag_time_on_insert()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0002_page_url_path_index"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("wagtailcore", "__latest__"),
    ]

    operations = [
        migrations.AddField(
            model_name="storytag",
            name="published_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="storytag",
            index=models.Index(
                fields=["tag", "-published_at", "-content_object"],
                name="newsroom_storytag_listing",
            ),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
        migrations.RunPython(
            _run({"sqlite": SQLITE_TRIGGERS, "postgresql": POSTGRES_TRIGGERS}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS newsroom_page_kind_published "
            "ON wagtailcore_page (content_type_id, first_published_at)",
            "DROP INDEX IF EXISTS newsroom_page_kind_published",
        ),
    ]
