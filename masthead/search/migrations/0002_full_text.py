"""The engine's full text beside SearchDocument (docs/decisions/0705).

- SQLite: an FTS5 table over the document's columns (external content: the text is stored once,
  in SearchDocument), English stemming (porter) over Unicode words with accents folded, prefix
  indexes for search-as-you-type; triggers keep it in step with every insert, update and delete.
- PostgreSQL: a ``tsvector`` column weighted A (headline), B (standfirst), C (tags, places,
  bylines), D (body) in the document's own language configuration, filled by a trigger, with a
  GIN index; and a GIN index over the headline alone for suggestions.
"""

from django.db import migrations

SQLITE = [
    """
    CREATE VIRTUAL TABLE IF NOT EXISTS sitesearch_fts USING fts5(
        title, standfirst, keywords, body,
        content='sitesearch_searchdocument', content_rowid='story_id',
        tokenize='porter unicode61 remove_diacritics 2', prefix='2 3'
    )
    """,
    """
    CREATE TRIGGER IF NOT EXISTS sitesearch_fts_insert
    AFTER INSERT ON sitesearch_searchdocument BEGIN
        INSERT INTO sitesearch_fts(rowid, title, standfirst, keywords, body)
        VALUES (new.story_id, new.title, new.standfirst, new.keywords, new.body);
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS sitesearch_fts_delete
    AFTER DELETE ON sitesearch_searchdocument BEGIN
        INSERT INTO sitesearch_fts(sitesearch_fts, rowid, title, standfirst, keywords, body)
        VALUES ('delete', old.story_id, old.title, old.standfirst, old.keywords, old.body);
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS sitesearch_fts_update
    AFTER UPDATE OF title, standfirst, keywords, body ON sitesearch_searchdocument BEGIN
        INSERT INTO sitesearch_fts(sitesearch_fts, rowid, title, standfirst, keywords, body)
        VALUES ('delete', old.story_id, old.title, old.standfirst, old.keywords, old.body);
        INSERT INTO sitesearch_fts(rowid, title, standfirst, keywords, body)
        VALUES (new.story_id, new.title, new.standfirst, new.keywords, new.body);
    END
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS sitesearch_fts_insert",
    "DROP TRIGGER IF EXISTS sitesearch_fts_delete",
    "DROP TRIGGER IF EXISTS sitesearch_fts_update",
    "DROP TABLE IF EXISTS sitesearch_fts",
]

POSTGRES = [
    "ALTER TABLE sitesearch_searchdocument ADD COLUMN vec tsvector",
    """
    CREATE OR REPLACE FUNCTION sitesearch_document_vec() RETURNS trigger AS $$
    BEGIN
        NEW.vec :=
            setweight(to_tsvector(NEW.language::regconfig, coalesce(NEW.title, '')), 'A') ||
            setweight(to_tsvector(NEW.language::regconfig, coalesce(NEW.standfirst, '')), 'B') ||
            setweight(to_tsvector(NEW.language::regconfig, coalesce(NEW.keywords, '')), 'C') ||
            setweight(to_tsvector(NEW.language::regconfig, coalesce(NEW.body, '')), 'D');
        RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER sitesearch_document_vec
    BEFORE INSERT OR UPDATE OF title, standfirst, keywords, body, language
    ON sitesearch_searchdocument FOR EACH ROW EXECUTE FUNCTION sitesearch_document_vec()
    """,
    "CREATE INDEX sitesearch_doc_vec ON sitesearch_searchdocument USING gin (vec)",
    """
    CREATE INDEX sitesearch_doc_title ON sitesearch_searchdocument
    USING gin (to_tsvector('simple'::regconfig, title))
    """,
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS sitesearch_doc_title",
    "DROP INDEX IF EXISTS sitesearch_doc_vec",
    "DROP TRIGGER IF EXISTS sitesearch_document_vec ON sitesearch_searchdocument",
    "DROP FUNCTION IF EXISTS sitesearch_document_vec()",
    "ALTER TABLE sitesearch_searchdocument DROP COLUMN IF EXISTS vec",
]


def _run(by_vendor):
    def run(apps, schema_editor):
        for statement in by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("sitesearch", "0001_index")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
