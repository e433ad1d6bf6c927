"""Index wagtailcore_page.url_path: the router finds a page by site and path in one lookup."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_initial"),
        ("wagtailcore", "__latest__"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS newsroom_page_url_path ON wagtailcore_page (url_path)",
            "DROP INDEX IF EXISTS newsroom_page_url_path",
        ),
    ]
