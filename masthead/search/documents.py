"""What the index holds for a story: its text by weight, its filters, and the words it adds.

Every kind of story joins the index by being a ``StoryPage``: its headline, standfirst, tags,
places and bylines are read from the shared tables, and its body from the ``SearchField``s its
own class declares in ``search_fields`` (``body``, ``transcript`` …). A kind whose text lives
elsewhere (gallery captions, a live blog's posts) declares it with ``register_body_text``::

    from masthead.search.documents import register_body_text

    register_body_text(LiveBlogPage, lambda page: [post.text for post in page.posts.all()])
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.html import strip_tags

from masthead.core.sites import network_sites, site_holding
from masthead.newsroom.models import SectionPage, StoryPage, StoryTag

WORD = re.compile(r"\w+", re.UNICODE)
# Words of a headline, tag or place shorter than this are not offered as "did you mean".
VOCABULARY_MIN_LENGTH = 3
# Locale language → the full-text configuration PostgreSQL stems it with (SQLite's FTS5 has
# English stemming only; other languages are matched on whole words there).
LANGUAGE_CONFIGS = {
    "da": "danish",
    "de": "german",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "hu": "hungarian",
    "it": "italian",
    "nl": "dutch",
    "no": "norwegian",
    "nb": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sv": "swedish",
    "tr": "turkish",
}
# Fields every story has, read from the shared tables rather than the kind's search_fields.
_SHARED_FIELDS = {"title", "standfirst", "search_description", "slug", "seo_title"}
_body_providers: dict[type, Callable[[StoryPage], Iterable[str]]] = {}


def register_body_text(model: type, provider: Callable[[StoryPage], Iterable[str]]) -> None:
    """Text a kind of story shows beyond its declared search fields (captions, posts)."""
    _body_providers[model] = provider


def language_config(language_code: str | None) -> str:
    base = (language_code or "en").split("-")[0].lower()
    return LANGUAGE_CONFIGS.get(base, "simple")


def vocabulary(*texts: str) -> set[str]:
    """The words of a headline or keyword line that "did you mean" may offer."""
    return {
        w
        for text in texts
        for w in WORD.findall(text.lower())
        if len(w) >= VOCABULARY_MIN_LENGTH and not w.isdigit()
    }


# Where one block of markup ends and the next begins: rich text has no space between
# "<p>…rises.</p><p>The vote</p><h2>Why</h2>", and stripped bare it read "rises.The voteWhy",
# one word to the search engine where the reader sees three.
_BLOCK_BOUNDARY = re.compile(
    r"</(?:p|h[1-6]|li|div|blockquote|figcaption|pre|td|th|dd|dt)\s*>|<br\s*/?>", re.IGNORECASE
)
# A part that already ends in punctuation (a stop in any script, a closing quote or bracket).
_SENTENCE_END = frozenset({"Po", "Pf", "Pe"})


def plain_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        text = value
    elif isinstance(value, (list, tuple)):
        text = " ".join(plain_text(v) for v in value)
    else:
        text = str(value)
    if "<" in text:
        text = strip_tags(_BLOCK_BOUNDARY.sub(lambda end: f"{end.group(0)} ", text))
    return " ".join(html.unescape(text).split())


def _as_sentence(text: str) -> str:
    """A part of a story's text (a live update's headline, a caption) as a sentence, so that
    the snippet a reader sees does not run it into the next part."""
    if not text or unicodedata.category(text[-1]) in _SENTENCE_END:
        return text
    return f"{text}."


@dataclass
class Document:
    story_id: int
    site_id: int | None
    path: str
    section_id: int | None
    kind: str
    url_path: str
    title: str
    standfirst: str
    keywords: str
    body: str
    published_at: datetime
    expire_at: datetime | None
    language: str
    facets: list[tuple[str, int, str]] = field(default_factory=list)

    @property
    def words(self) -> set[str]:
        return vocabulary(self.title, self.keywords)


def _body_of(page: StoryPage) -> str:
    parts: list[str] = []
    for search_field in page.get_searchable_search_fields():
        if search_field.field_name in _SHARED_FIELDS:
            continue
        parts.append(plain_text(search_field.get_value(page)))
    for model, provider in _body_providers.items():
        if isinstance(page, model):
            parts.extend(plain_text(text) for text in provider(page))
    return " ".join(_as_sentence(p) for p in parts if p)


def eligible_stories(ids: Iterable[int] | None = None):
    """Stories a reader can reach: live, outside every view restriction (on the story or an
    ancestor), not past their expiry."""
    stories = StoryPage.objects.live().public()
    if ids is not None:
        stories = stories.filter(pk__in=list(ids))
    now = timezone.now()
    return stories.exclude(expire_at__lte=now)


def documents_for(ids: Iterable[int]) -> list[Document]:
    """Documents of the eligible stories among ``ids``, read in a fixed number of queries per
    batch (whatever the number of stories, tags or authors)."""
    from masthead.places.models import StoryPlace

    rows = list(
        eligible_stories(ids).values(
            "id",
            "title",
            "standfirst",
            "dateline",
            "path",
            "url_path",
            "first_published_at",
            "last_published_at",
            "expire_at",
            "content_type_id",
            "language",
            "agency__name",
        )
    )
    if not rows:
        return []
    found = [r["id"] for r in rows]
    sites = network_sites()
    parents = {r["path"][: -StoryPage.steplen] for r in rows}
    sections = dict(SectionPage.objects.filter(path__in=parents).values_list("path", "id"))
    keywords: dict[int, list[str]] = defaultdict(list)
    facets: dict[int, list[tuple[str, int, str]]] = defaultdict(list)
    for story_id, tag_id, name in StoryTag.objects.filter(content_object_id__in=found).values_list(
        "content_object_id", "tag_id", "tag__name"
    ):
        keywords[story_id].append(name)
        facets[story_id].append(("tag", tag_id, name))
    for story_id, place_id, name, parent_id, parent_name in StoryPlace.objects.filter(
        story_id__in=found
    ).values_list("story_id", "place_id", "place__name", "place__parent_id", "place__parent__name"):
        keywords[story_id].append(name)
        facets[story_id].append(("place", place_id, name))
        if parent_id:
            # A story about a city is also about its region, for the place filter.
            facets[story_id].append(("place", parent_id, parent_name))
    through = StoryPage.authors.through
    for story_id, author_id, name in through.objects.filter(storypage_id__in=found).values_list(
        "storypage_id", "author_id", "author__name"
    ):
        keywords[story_id].append(name)
        facets[story_id].append(("author", author_id, name))

    bodies: dict[int, str] = {}
    extra: dict[int, list[str]] = defaultdict(list)
    kinds: dict[int, str] = {}
    by_type: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        by_type[row["content_type_id"]].append(row["id"])
    for content_type_id, type_ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None or not issubclass(model, StoryPage):
            continue
        for page in model.objects.filter(pk__in=type_ids):
            bodies[page.pk] = _body_of(page)
            kinds[page.pk] = str(model._meta.verbose_name)
            where = getattr(page, "place_text", "")
            if where:
                extra[page.pk].append(where)
    documents = []
    for row in rows:
        story_id = row["id"]
        site = site_holding(row["path"], sites)
        seen: set[tuple[str, int]] = set()
        story_facets = []
        for facet in facets[story_id]:
            if (facet[0], facet[1]) not in seen:
                seen.add((facet[0], facet[1]))
                story_facets.append(facet)
        words = [row["dateline"], row["agency__name"] or "", *keywords[story_id], *extra[story_id]]
        documents.append(
            Document(
                story_id=story_id,
                site_id=site.id if site else None,
                path=row["path"],
                section_id=sections.get(row["path"][: -StoryPage.steplen]),
                kind=kinds.get(story_id, "story"),
                url_path=row["url_path"],
                title=row["title"],
                standfirst=row["standfirst"] or "",
                keywords=" · ".join(dict.fromkeys(w for w in words if w)),
                body=bodies.get(story_id, ""),
                published_at=row["first_published_at"]
                or row["last_published_at"]
                or timezone.now(),
                expire_at=row["expire_at"],
                language=language_config(row["language"] or settings.LANGUAGE_CODE),
                facets=story_facets,
            )
        )
    return documents
