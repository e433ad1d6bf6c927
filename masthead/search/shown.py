"""What a results list shows of a story: its headline and a snippet with the reader's words
marked, its kind, time and address, made from its index row for one query.

A query's kept list (``results``) keeps these for its first stories, so a warm results page
reads no story text: a story written since the list was made is read again (the kept list's
catch-up names it), one that left the index is not ranked at all. Making them reads the whole
body for the snippet and marks it, which was a third of a warm page's time (docs/search.md,
"Speed").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from masthead.search.highlight import highlight, marker, query_terms
from masthead.search.models import SearchDocument
from masthead.search.query import ParsedQuery

# The index row's columns a result needs: no keywords, language or vector.
_COLUMNS = ("story_id", "path", "url_path", "title", "standfirst", "body", "kind", "published_at")


@dataclass(frozen=True)
class Shown:
    story_id: int
    path: str  # treebeard path: which site holds the story
    url_path: str
    title: str  # escaped, the reader's words marked
    snippet: str  # escaped, the reader's words marked
    kind: str
    published_at: datetime
    headline: str  # the title as written, unmarked


def shown(ids: list[int], parsed: ParsedQuery) -> dict[int, Shown]:
    """These stories as a results list shows them for ``parsed``; ids not in the index are
    left out."""
    if not ids:
        return {}
    terms = query_terms(" ".join(parsed.words))
    pattern = marker(terms)
    rows = SearchDocument.objects.filter(story_id__in=ids).values_list(*_COLUMNS)
    return {
        story_id: Shown(
            story_id=story_id,
            path=path,
            url_path=url_path,
            title=highlight(title, terms, length=400, pattern=pattern),
            snippet=snippet(body, standfirst, terms, pattern),
            kind=kind,
            published_at=published_at,
            headline=title,
        )
        for story_id, path, url_path, title, standfirst, body, kind, published_at in rows
    }


def snippet(body: str, standfirst: str, terms: list[str], pattern=None) -> str:
    """From the body where the reader's words are (else the standfirst), words marked."""
    marked = highlight(body, terms, pattern=pattern)
    if "<mark>" in marked:
        return marked
    return highlight(standfirst or body, terms, pattern=pattern)
