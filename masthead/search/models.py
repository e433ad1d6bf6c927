"""The search index: one row per live, public story, with what ranking, filters and snippets read.

The full-text part is the engine's own (docs/decisions/0705): on SQLite an FTS5 table kept in
step with ``SearchDocument`` by triggers; on PostgreSQL a weighted ``tsvector`` column with a
GIN index, filled by a trigger. Both are created by this app's migrations, so every write to
``SearchDocument`` (ORM, bulk, raw SQL) keeps the full text right.
"""

from __future__ import annotations

from django.db import models


class SearchDocument(models.Model):
    story = models.OneToOneField(
        "newsroom.StoryPage", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    site_id = models.PositiveIntegerField(null=True, blank=True)
    # The story's tree path: a section filter is a prefix of it (subsections included).
    path = models.CharField(max_length=255)
    section_id = models.PositiveIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=40)
    url_path = models.TextField()
    title = models.TextField()
    standfirst = models.TextField(blank=True)
    # Tags, places, the dateline and the bylines: one field, weighted between standfirst and body.
    keywords = models.TextField(blank=True)
    body = models.TextField(blank=True)
    published_at = models.DateTimeField()
    expire_at = models.DateTimeField(null=True, blank=True)
    # The full-text configuration the story's words are stemmed with (PostgreSQL's name).
    language = models.CharField(max_length=20, default="english")
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["-published_at", "-story"], name="search_doc_newest"),
            models.Index(fields=["path"], name="search_doc_path"),
            # Kept relevance results catch up with what was indexed after them (results.py).
            models.Index(fields=["indexed_at"], name="search_doc_indexed"),
            # The index's few languages, read one probe each (engine.languages).
            models.Index(fields=["language"], name="search_doc_language"),
        ]

    def __str__(self) -> str:
        return self.title


class SearchFacet(models.Model):
    """Many-valued filters of a document (authors, places, tags), for filtering and counts."""

    class Facet(models.TextChoices):
        AUTHOR = "author", "Author"
        PLACE = "place", "Place"
        TAG = "tag", "Tag"

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="facets")
    facet = models.CharField(max_length=8, choices=Facet.choices)
    value = models.PositiveIntegerField()
    label = models.CharField(max_length=255)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "facet", "value"], name="search_facet_once")
        ]
        indexes = [
            models.Index(fields=["facet", "value", "document"], name="search_facet_by_value")
        ]

    def __str__(self) -> str:
        return f"{self.facet}={self.label}"


class SearchWord(models.Model):
    """The index's own vocabulary of headline, tag and place words with how many documents
    carry each: "did you mean" and the suggestions read it."""

    word = models.CharField(max_length=100, primary_key=True)
    documents = models.IntegerField(default=0)

    def __str__(self) -> str:
        return self.word
