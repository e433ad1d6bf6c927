"""Listings: the front page's composition, section, tag, author and collection listings and
the corrections record, paged by key (one cursor codec, ``masthead.core.cursors``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from taggit.models import Tag
from wagtail.models import Page

from masthead.core import cursors, prepared, surrogate
from masthead.core.localcopies import SECTIONS, LocalCache
from masthead.core.pagecache import remember
from masthead.newsroom.models import (
    Author,
    GalleryPage,
    HomePage,
    SectionPage,
    StoryNote,
    StoryPage,
    VideoPage,
)
from masthead.newsroom.reading.teasers import (
    FRONT_LEAD_SPEC,
    TEASER_COLUMNS,
    TEASER_SPEC,
    THUMB_SPEC,
    Teaser,
    _teaser,
    newest_of_kind,
    newest_under,
    stories_under,
    teaser_list,
    teasers,
    with_teaser_renditions,
)

PAGE_SIZE = 20
FRONT_SECTION_LIMIT = 8
FRONT_SECTION_STORIES = 4
FRONT_SECTION_FETCH = 12


@dataclass
class KeyPage:
    items: list
    next_cursor: str | None


def page_by_key(
    queryset: QuerySet,
    *,
    cursor: str = "",
    size: int = PAGE_SIZE,
    key: tuple[str, str] = ("first_published_at", "id"),
    specs: tuple[str, ...] = (THUMB_SPEC,),
    first_page: Callable[[int], list[Teaser]] | None = None,
) -> KeyPage:
    """Newest first; ``cursor`` is the last item of the previous page. ``key`` names the
    columns the queryset is ordered by (a tag listing orders by its own copy of the time).
    ``first_page(limit)`` reads the same first page as the queryset would, faster."""
    time_field, id_field = key
    decoded = cursors.decode_or_none(cursor) if cursor else None
    if decoded is not None:
        queryset = queryset.filter(
            Q(**{f"{time_field}__lt": decoded.at})
            | Q(**{time_field: decoded.at, f"{id_field}__lt": decoded.id})
        )
    if decoded is None and first_page is not None:
        items = first_page(size + 1)
    else:
        items = teaser_list(queryset, limit=size + 1)
    next_cursor = None
    if len(items) > size:
        items = items[:size]
        last = items[-1]
        next_cursor = cursors.encode(last.first_published_at, last.id)
    with_teaser_renditions(items, specs=specs)
    return KeyPage(items=items, next_cursor=next_cursor)


TAG_LISTING_KEY = ("tagged_items__published_at", "tagged_items__content_object_id")


def latest_stories(*, root_path: str, limit: int = 10) -> list[Teaser]:
    stories = teaser_list(teasers(stories_under(root_path)), limit=limit)
    with_teaser_renditions(stories)
    return stories


def stories_of_kind(model: type[StoryPage], *, root_path: str) -> QuerySet[StoryPage]:
    """Stories of one kind as plain teasers: filtering the page's content type lets the
    (content type, time) index find the newest few of a rare kind without a scan."""
    content_type = ContentType.objects.get_for_model(model)
    return teasers(stories_under(root_path).filter(content_type=content_type))


# Pages whose live child sections each process keeps (every section and front page fits).
SUBSECTIONS_KEPT = 5_000


_subsections: LocalCache[list[SectionPage]] = LocalCache(
    "newsroom:subsections", max_entries=SUBSECTIONS_KEPT
)


def subsections(*, page: Page) -> list[SectionPage]:
    """The live sections directly below a page. They change only when one of them or the page
    is published, unpublished or moved (purging its page key), so each process keeps them
    until then: no query on the request path (finding children by path prefix reads every
    story below the section)."""

    def load() -> list[SectionPage]:
        return list(
            SectionPage.objects.child_of(page)
            .live()
            .order_by("path")
            .only(
                "id",
                "title",
                "path",
                "url_path",
                "depth",
                "content_type_id",
                "locale_id",
                "show_on_front_page",
            )
        )

    found = _subsections.get(page.id)
    if found is None:
        found = load()
        # A new child names its parent's key (invalidation.page_keys); a moved one its own.
        keys = [surrogate.page(page.id), *(surrogate.page(s.id) for s in found)]
        _subsections.set(page.id, found, keys=keys)
    surrogate.add(surrogate.listing(page.id), *(surrogate.page(s.id) for s in found))
    return found


FRONT_TOP_STORIES = 4
FRONT_LATEST = 8


# Enough of the newest stories to fill the lead, top stories and the latest list after the
# blocks above them took theirs: one query, however the page is composed.
FRONT_NEWEST = 40


def _has_picture(story: Teaser) -> bool:
    image = story.lead_image
    return image is not None and image.is_publishable and not story.locked


def front_page(*, home: HomePage) -> dict:
    """The front page, composed as a newsroom does: every slot has a rule for what may fill it,
    and no story is shown twice on the page.

    - Lead: the editors' pick when it has a picture; else the newest story with a picture (a
      text story before a gallery or video). When no story has one, the pick or the newest
      text story takes the lead in a text-led treatment (``lead_is_text``).
    - Top stories: a pick that could not lead (no picture), the editors' top stories, then
      the newest text stories (galleries and videos have blocks of their own).
    - News in Pictures and Multimedia: the newest galleries and videos not shown above.
    - Section blocks: each section's newest stories not shown above.
    - Latest: the newest stories not shown anywhere else on the page.
    """
    # Every story published below the site shows (or may show) on its front page.
    surrogate.add(surrogate.listing(home.id))
    kind = ContentType.objects.get_for_model
    own_block = {kind(GalleryPage).id, kind(VideoPage).id}
    newest = newest_under(home.path, limit=FRONT_NEWEST)
    pick = None
    if home.lead_story_id:
        pick = next(
            iter(teaser_list(teasers(StoryPage.objects.filter(id=home.lead_story_id)), limit=1)),
            None,
        )
    lead = pick if pick is not None and _has_picture(pick) else None
    if lead is None:  # a text story with a picture; galleries and videos fill their blocks
        lead = next(
            (s for s in newest if _has_picture(s) and s.content_type_id not in own_block), None
        )
    if lead is None:
        lead = next((s for s in newest if _has_picture(s)), None)
    if lead is None:  # no picture anywhere: the pick, else the newest text story, text-led
        lead = pick or next((s for s in newest if s.content_type_id not in own_block), None)
    if lead is None and newest:
        lead = newest[0]
    # A pick without a picture cannot take the lead slot: it heads the top stories instead.
    demoted = [pick] if pick is not None and lead is not None and pick.id != lead.id else []
    shown = {lead.id} if lead else set()

    picked = [
        top.story_id for top in home.top_stories.all().only("story_id", "sort_order", "page_id")
    ]
    top_by_id = {s.id: s for s in teaser_list(teasers(StoryPage.objects.filter(id__in=picked)))}
    top = demoted + [top_by_id[i] for i in picked if i in top_by_id and i not in shown]
    top = [s for n, s in enumerate(top) if s.id not in {t.id for t in top[:n]}]
    shown |= {s.id for s in top}
    for story in newest:
        if len(top) >= FRONT_TOP_STORIES:
            break
        if story.id not in shown and story.content_type_id not in own_block:
            top.append(story)
            shown.add(story.id)

    def unseen(stories: list[Teaser], limit: int) -> list[Teaser]:
        chosen = [s for s in stories if s.id not in shown][:limit]
        shown.update(s.id for s in chosen)
        return chosen

    pictures = unseen(newest_of_kind(kind(GalleryPage).id, home.path, limit=8), 4)
    multimedia = unseen(newest_of_kind(kind(VideoPage).id, home.path, limit=6), 3)
    sections = [s for s in subsections(page=home) if s.show_on_front_page][:FRONT_SECTION_LIMIT]
    # Each block asks for more than it shows: the stories above may be its newest.
    section_blocks = [
        (
            section,
            unseen(newest_under(section.path, limit=FRONT_SECTION_FETCH), FRONT_SECTION_STORIES),
        )
        for section in sections
    ]
    latest = unseen(newest, FRONT_LATEST)
    with_teaser_renditions(
        [lead] if lead else [],
        top,
        pictures,
        multimedia,
        *(stories for _section, stories in section_blocks),
        specs=(TEASER_SPEC, FRONT_LEAD_SPEC),
    )
    return {
        "lead_story": lead,
        "lead_is_text": lead is not None and not _has_picture(lead),
        "top_stories": top,
        # The newest stories of the site, for the live poll's cursor (whatever is shown).
        "newest_stories": newest,
        "latest_stories": latest,
        "section_blocks": [(s, stories) for s, stories in section_blocks if stories],
        "pictures": pictures,
        "multimedia": multimedia,
    }


def section_page(*, section: SectionPage, cursor: str = "") -> dict:
    surrogate.add(surrogate.listing(section.id))
    listing = page_by_key(
        teasers(stories_under(section.path)),
        cursor=cursor,
        first_page=lambda limit: newest_under(section.path, limit=limit),
    )
    return {"subsections": subsections(page=section), "stories": listing}


def tag_get(*, slug: str) -> Tag:
    found = prepared.fetch("newsroom:tag-by-slug", lambda s: Tag.objects.filter(slug=s), slug)
    if not found:
        raise Http404("No tag has that address.")
    return found[0]


def stories_for_tag(*, root_path: str, tag: Tag | int) -> QuerySet[StoryPage]:
    """Ordered by the tag rows' copy of the publishing time: the (tag, time) index walks the
    listing in order (page with ``key=TAG_LISTING_KEY``)."""
    return teasers(stories_under(root_path).filter(tagged_items__tag=tag)).order_by(
        *(f"-{field}" for field in TAG_LISTING_KEY)
    )


def newest_with_tag(tag_id: int, root_path: str, *, limit: int) -> list[Teaser]:
    """The first page of a tag listing (``stories_for_tag``), its SQL compiled once."""
    rows = prepared.fetch(
        f"newsroom:newest-with-tag:{limit}",
        lambda tag, root: stories_for_tag(root_path=root, tag=tag).values_list(*TEASER_COLUMNS)[
            :limit
        ],
        tag_id,
        root_path,
    )
    return [_teaser(row) for row in rows]


def author_get(*, slug: str) -> Author:
    return get_object_or_404(Author.objects.select_related("photo"), slug=slug)


def authors_in_public(authors: QuerySet[Author] | None = None) -> QuerySet[Author]:
    """Bylines readers may see: those with at least one live story anywhere in the network.
    An import creates authors for its drafts; their names stay private until one is published."""
    queryset = Author.objects.all() if authors is None else authors
    return queryset.filter(
        Exists(StoryPage.objects.live().filter(authors=OuterRef("pk")).values("pk"))
    )


def stories_of_kinds(*, root_path: str, models: tuple[type[StoryPage], ...]) -> QuerySet[StoryPage]:
    """A site's live stories of exactly these page types (galleries and videos, say), newest
    first, by the same (content type, time) index as ``stories_of_kind``."""
    types = ContentType.objects.get_for_models(*models, for_concrete_models=False).values()
    return teasers(stories_under(root_path).filter(content_type__in=list(types)))


def stories_for_author(*, root_path: str, author: Author) -> QuerySet[StoryPage]:
    return teasers(stories_under(root_path).filter(authors=author))


def sections_by_path() -> dict[str, SectionPage]:
    """Every live section of the network by tree path, kept per process until a section's
    change purges the sections key."""

    def load() -> dict[str, SectionPage]:
        sections = SectionPage.objects.live().only(
            "id", "title", "path", "url_path", "depth", "content_type_id", "locale_id"
        )
        return {section.path: section for section in sections}

    return remember("newsroom:sections-by-path", load, keys=[SECTIONS])


@dataclass(frozen=True, slots=True)
class NoteRow:
    """A note on the corrections page, with what its link to the story needs."""

    id: int
    kind: str
    text: str
    noted_at: datetime
    story_id: int
    story_title: str
    story_url_path: str

    @property
    def is_correction(self) -> bool:
        return self.kind == "correction"

    @property
    def kind_label(self) -> str:
        return "Correction" if self.is_correction else "Update"

    @property
    def url_path(self) -> str:
        """The story's tree-wide address (what ``{% local_url %}`` reads)."""
        return self.story_url_path


_NOTE_COLUMNS = ("id", "kind", "text", "noted_at", "page_id", "page__title", "page__url_path")


def notes_for_site(*, root_path: str, cursor: str = "", size: int = PAGE_SIZE) -> KeyPage:
    """A site's public corrections record: notes of its live, unrestricted stories, newest
    first, paged by (time, id) on the notes' own index. One query per page."""
    notes = StoryNote.objects.public().filter(page__path__startswith=root_path)
    decoded = cursors.decode_or_none(cursor) if cursor else None
    if decoded is not None:
        notes = notes.filter(Q(noted_at__lt=decoded.at) | Q(noted_at=decoded.at, id__lt=decoded.id))
    rows = [
        NoteRow(*row)
        for row in notes.order_by("-noted_at", "-id").values_list(*_NOTE_COLUMNS)[: size + 1]
    ]
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        next_cursor = cursors.encode(rows[-1].noted_at, rows[-1].id)
    # The page shows each story's headline and address: a change to one purges it.
    surrogate.add_all(surrogate.page(row.story_id) for row in rows)
    return KeyPage(items=rows, next_cursor=next_cursor)
