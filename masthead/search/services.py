"""Writes to the search index: stories in and out as they are published, and the check that
the index holds exactly the stories a reader can reach."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction

from masthead.newsroom.models import StoryPage
from masthead.search import engine
from masthead.search.documents import Document, documents_for, eligible_stories, vocabulary
from masthead.search.models import SearchDocument, SearchFacet, SearchWord

BATCH = 500


def _chunks(ids: list[int], size: int = BATCH) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _words_of_stored(ids: list[int]) -> Counter:
    counts: Counter = Counter()
    for title, keywords in SearchDocument.objects.filter(story_id__in=ids).values_list(
        "title", "keywords"
    ):
        counts.update(vocabulary(title, keywords))
    return counts


def _apply_word_changes(delta: Counter) -> None:
    changes = [(word[:100], n) for word, n in delta.items() if n]
    if not changes:
        return
    table = SearchWord._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (word, documents) VALUES (%s, %s) "  # noqa: S608 - our table
            f"ON CONFLICT (word) DO UPDATE SET documents = {table}.documents + excluded.documents",
            changes,
        )
    SearchWord.objects.filter(documents__lte=0).delete()


def _write(documents: list[Document]) -> None:
    engine.language_written({d.language for d in documents})
    SearchDocument.objects.bulk_create(
        [
            SearchDocument(
                story_id=d.story_id,
                site_id=d.site_id,
                path=d.path,
                section_id=d.section_id,
                kind=d.kind,
                url_path=d.url_path,
                title=d.title,
                standfirst=d.standfirst,
                keywords=d.keywords,
                body=d.body,
                published_at=d.published_at,
                expire_at=d.expire_at,
                language=d.language,
            )
            for d in documents
        ]
    )
    SearchFacet.objects.bulk_create(
        [
            SearchFacet(document_id=d.story_id, facet=facet, value=value, label=label[:255])
            for d in documents
            for facet, value, label in d.facets
        ]
    )


@dataclass
class IndexReport:
    indexed: int = 0
    removed: int = 0


def index_stories(*, ids: Iterable[int]) -> IndexReport:
    """Bring the index in line with the database for these stories: the reachable ones are
    (re)written, the others removed. Safe to call for any ids, any number of times."""
    report = IndexReport()
    for batch in _chunks(sorted(set(ids))):
        with transaction.atomic():
            delta = Counter({w: -n for w, n in _words_of_stored(batch).items()})
            documents = documents_for(batch)
            kept = {d.story_id for d in documents}
            report.removed += (
                SearchDocument.objects.filter(story_id__in=batch).exclude(story_id__in=kept).count()
            )
            SearchDocument.objects.filter(story_id__in=batch).delete()
            _write(documents)
            for d in documents:
                delta.update(d.words)
            _apply_word_changes(delta)
            report.indexed += len(documents)
    return report


def index_stories_under(*, path: str) -> IndexReport:
    """Every story below a page whose place or restriction changed (a move, a password)."""
    ids = list(StoryPage.objects.filter(path__startswith=path).values_list("id", flat=True))
    ids += list(
        SearchDocument.objects.filter(path__startswith=path).values_list("story_id", flat=True)
    )
    return index_stories(ids=ids)


@dataclass
class CheckReport:
    missing: list[int] = field(default_factory=list)  # reachable stories not in the index
    extra: list[int] = field(default_factory=list)  # indexed stories a reader cannot reach
    stale: list[int] = field(default_factory=list)  # indexed from an older version of the story

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.stale)


def search_check(
    *, fix: bool = False, progress: Callable[[int], None] | None = None
) -> CheckReport:
    """Compare the index with the database: every reachable story indexed, nothing else, and
    each indexed as it was last published. With ``fix``, repair what differs."""
    reachable = dict(eligible_stories().values_list("id", "last_published_at"))
    indexed = dict(SearchDocument.objects.values_list("story_id", "indexed_at"))
    report = CheckReport(
        missing=sorted(set(reachable) - set(indexed)),
        extra=sorted(set(indexed) - set(reachable)),
    )
    report.stale = sorted(
        story_id
        for story_id, published in reachable.items()
        if story_id in indexed and published is not None and published > indexed[story_id]
    )
    if fix:
        todo = [*report.missing, *report.extra, *report.stale]
        for batch in _chunks(todo):
            index_stories(ids=batch)
            if progress:
                progress(len(batch))
    return report


def rebuild_index(*, progress: Callable[[int], None] | None = None) -> int:
    """Index every reachable story from scratch (after a bulk import or a restore)."""
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        SearchWord.objects.all().delete()
    ids = list(eligible_stories().order_by("id").values_list("id", flat=True))
    for batch in _chunks(ids):
        index_stories(ids=batch)
        if progress:
            progress(len(batch))
    return len(ids)


# --- after commit, once per transaction -----------------------------------------------------
_pending = threading.local()


def index_after_commit(*, ids: Iterable[int] = (), paths: Iterable[str] = ()) -> None:
    """Queue stories (and subtrees) to be indexed when the current transaction commits; many
    signals in one transaction (a publish saves the page, its tags and its places) make one
    index write."""
    if getattr(settings, "MASTHEAD_SEARCH_INDEX_AT_ONCE", False):
        # Tests run inside one transaction that never commits: index within it.
        for path in paths:
            index_stories_under(path=path)
        if ids:
            index_stories(ids=ids)
        return
    state = getattr(_pending, "state", None)
    if state is None:
        state = _pending.state = {"ids": set(), "paths": set()}
    state["ids"].update(ids)
    state["paths"].update(paths)
    # One callback per signal, but the first to run takes everything queued: the rest find
    # nothing to do. (Queued ids of a rolled-back transaction are indexed with the next ones,
    # which only re-reads them.)
    transaction.on_commit(_flush)


def _flush() -> None:
    state = getattr(_pending, "state", None)
    _pending.state = None
    if not state:
        return
    for path in sorted(state["paths"]):
        index_stories_under(path=path)
    if state["ids"]:
        index_stories(ids=state["ids"])
