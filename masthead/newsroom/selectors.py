"""Reads that pages show. Each declares what it loads, so the number of queries a page runs
does not grow with its stories, tags or pictures; listings page by key, never by OFFSET."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from taggit.models import Tag
from wagtail.embeds.models import Embed
from wagtail.models import Page, PageViewRestriction

from masthead.core import cursors, prepared, surrogate
from masthead.core.localcopies import RESTRICTIONS, SECTIONS, LocalCache
from masthead.core.pagecache import remember
from masthead.newsroom.models import (
    ArticlePage,
    Author,
    GalleryPage,
    GalleryPhoto,
    HomePage,
    NewsImage,
    NewsRendition,
    RelatedStory,
    SectionPage,
    StoryNote,
    StoryPage,
    VideoPage,
)
from masthead.newsroom.models.images import _filter

PAGE_SIZE = 20
FRONT_SECTION_LIMIT = 8
FRONT_SECTION_STORIES = 4
FRONT_SECTION_FETCH = 12
RELATED_LIMIT = 4

# Rendition specs the templates ask for; prefetching exactly these keeps one query per listing.
TEASER_SPEC = "fill-480x270-c100"
# The front page's lead picture: wide enough for two thirds of a desktop page.
FRONT_LEAD_SPEC = "fill-960x540-c100"
LEAD_SPEC = "width-1200"
BODY_SPEC = "width-960"
THUMB_SPEC = "fill-160x90-c100"
TEASER_SPECS = (TEASER_SPEC, THUMB_SPEC)


# What a teaser shows, read as plain rows: building Wagtail pages (ClusterableModel) and
# pictures for a listing cost more than everything else on a section page (docs/performance.md).
TEASER_COLUMNS = (
    "id",
    "url_path",
    "title",
    "standfirst",
    "first_published_at",
    "content_type_id",
    "premium_teaser",
    "lead_image_id",
    "lead_image__rights_expire_at",
    # The fields Wagtail's fill filters vary by: the rendition matching the picture's
    # current focal point is the one Wagtail itself would return.
    "lead_image__focal_point_x",
    "lead_image__focal_point_y",
    "lead_image__focal_point_width",
    "lead_image__focal_point_height",
)


@dataclass(frozen=True, slots=True)
class Shown:
    """A rendition as a template uses it."""

    url: str
    width: int
    height: int


@dataclass(slots=True)
class TeaserPicture:
    id: int
    rights_expire_at: datetime | None
    focal_point_x: int | None
    focal_point_y: int | None
    focal_point_width: int | None
    focal_point_height: int | None
    renditions: dict[str, Shown] = field(default_factory=dict)

    @property
    def is_publishable(self) -> bool:
        # Checked on every render: an expiring licence needs no publish to take effect.
        return self.rights_expire_at is None or self.rights_expire_at > timezone.now()

    def get_rendition(self, spec: str) -> Shown:
        shown = self.renditions.get(spec)
        if shown is None:
            # Not made yet (a new picture, a new spec): Wagtail makes and stores it, once.
            rendition = NewsImage.objects.get(id=self.id).get_rendition(spec)
            shown = self.renditions[spec] = Shown(rendition.url, rendition.width, rendition.height)
        return shown


@dataclass(slots=True)
class Teaser:
    """A story in a listing: the columns a teaser, a cursor and the live poller read."""

    id: int
    url_path: str
    title: str
    standfirst: str
    first_published_at: datetime | None
    content_type_id: int
    premium_teaser: bool
    lead_image: TeaserPicture | None
    # A live blog's state (live_selectors.LiveState), attached by with_teaser_renditions.
    live: object | None = None

    @property
    def pk(self) -> int:
        return self.id

    @property
    def locked(self) -> str:
        """ "" for a story anyone may open; else how it is restricted ("login", "groups",
        "password"): a premium teaser, shown with a lock and its headline only."""
        if not self.premium_teaser:
            return ""
        return restriction_for_url_path(self.url_path)

    @property
    def kind(self) -> str:
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        return model._meta.verbose_name if model else "story"

    def get_url(self, request: HttpRequest | None = None) -> str:
        """The full address, for a story of another site than the one being shown (the
        same answer as Wagtail's ``get_url`` for a page outside the request's site)."""
        from masthead.core.sites import site_owning

        site = site_owning(self.url_path)
        return self.url_path if site is None else site.url_of(self.url_path)


def _teaser(row: tuple) -> Teaser:
    ident, url_path, title, standfirst, published, ct_id, premium, image_id, *image = row
    picture = TeaserPicture(image_id, *image) if image_id is not None else None
    # Every teaser a response lists names its story and picture (masthead.core.surrogate).
    if image_id is None:
        surrogate.add(surrogate.page(ident))
    else:
        surrogate.add(surrogate.page(ident), surrogate.image(image_id))
    return Teaser(ident, url_path, title, standfirst, published, ct_id, premium, picture)


def restriction_for_url_path(url_path: str) -> str:
    """The view restriction on a page or any page above it ("login", "groups", "password"),
    or "". Read from a per-process copy kept until a restriction's change purges the
    restrictions key: no query on the request path."""

    def load() -> list[tuple[str, str]]:
        return list(
            PageViewRestriction.objects.order_by("page__url_path").values_list(
                "page__url_path", "restriction_type"
            )
        )

    for above, kind in remember(
        "newsroom:view-restrictions-by-url-path", load, keys=[RESTRICTIONS]
    ):
        if url_path.startswith(above):
            return kind
    return ""


def teaser_list(queryset: QuerySet, *, limit: int | None = None) -> list[Teaser]:
    """The teasers of ``queryset`` (from ``teasers()``) as plain objects, in one query."""
    rows = queryset.values_list(*TEASER_COLUMNS)
    if limit is not None:
        rows = rows[:limit]
    return [_teaser(row) for row in rows]


def newest_under(root_path: str, *, limit: int) -> list[Teaser]:
    """The newest ``limit`` teasers below a tree path (a section, a site): the read of every
    section page, front-page block and latest list, its SQL compiled once per process."""
    rows = prepared.fetch(
        f"newsroom:newest-under:{limit}",
        lambda root: teasers(stories_under(root)).values_list(*TEASER_COLUMNS)[:limit],
        root_path,
    )
    return [_teaser(row) for row in rows]


def newest_of_kind(content_type_id: int, root_path: str, *, limit: int) -> list[Teaser]:
    """The newest ``limit`` teasers of one story kind below a tree path."""
    rows = prepared.fetch(
        f"newsroom:newest-of-kind:{limit}",
        lambda kind, root: teasers(stories_under(root).filter(content_type_id=kind)).values_list(
            *TEASER_COLUMNS
        )[:limit],
        content_type_id,
        root_path,
    )
    return [_teaser(row) for row in rows]


def teasers(queryset: QuerySet) -> QuerySet:
    """Live stories any reader may open (or premium teasers) newest first; ``teaser_list``
    reads what a teaser shows from them and ``with_teaser_renditions`` adds the pictures."""
    return queryset.live().listable().order_by("-first_published_at", "-id")


_RENDITION_COLUMNS = ("image_id", "filter_spec", "focal_point_key", "file", "width", "height")


def _rendition_url(name: str) -> str:
    storage = NewsRendition._meta.get_field("file").storage
    return _storage_url(storage, getattr(storage, "base_url", None), name)


@lru_cache(maxsize=8192)
def _storage_url(storage, base_url: str | None, name: str) -> str:
    # A rendition's file name never changes (a new focal point makes a new file), so its
    # address is computed once per process and storage address: the storage's URL building
    # was a tenth of a listing's cost.
    return storage.url(name)


def attach_renditions(pictures: list[TeaserPicture], rows: list[tuple], specs) -> None:
    """Give each picture the stored renditions of ``specs`` made for its current focal point
    (Wagtail's own matching, ``Filter.get_cache_key``)."""
    by_image: dict[int, list[tuple]] = {}
    for row in rows:
        by_image.setdefault(row[0], []).append(row)
    for picture in pictures:
        for spec in specs:
            key = _filter(spec).get_cache_key(picture)
            for _image, filter_spec, focal_key, name, width, height in by_image.get(picture.id, ()):
                if filter_spec == spec and focal_key == key:
                    picture.renditions[spec] = Shown(_rendition_url(name), width, height)
                    break


def _with_live_states(groups: tuple[list[Teaser], ...]) -> None:
    """Teasers of live blogs carry "Live" and their latest update time: one query when a
    listing shows any live blog, none otherwise."""
    from masthead.newsroom.live_selectors import live_states

    kind = _live_blog_type_id()
    blogs = [s for group in groups for s in group if s.content_type_id == kind]
    if blogs:
        states = live_states([s.id for s in blogs])
        for story in blogs:
            story.live = states.get(story.id)


def _live_blog_type_id() -> int:
    from masthead.newsroom.models import LiveBlogPage

    return ContentType.objects.get_for_model(LiveBlogPage).id


def with_teaser_renditions(*groups: list[Teaser], specs: tuple[str, ...] = TEASER_SPECS) -> None:
    """One query for the teaser renditions of every story shown, however many lists; only the
    specs the templates show (each extra spec is a row per picture)."""
    _with_live_states(groups)
    pictures = [s.lead_image for group in groups for s in group if s.lead_image is not None]
    if not pictures:
        return
    rows = prepared.fetch(
        "newsroom:teaser-renditions",
        lambda ids, wanted: NewsRendition.objects.filter(
            image_id__in=ids, filter_spec__in=wanted
        ).values_list(*_RENDITION_COLUMNS),
        sorted({p.id for p in pictures}),
        list(specs),
    )
    attach_renditions(pictures, rows, specs)


def stories_under(root_path: str) -> QuerySet[StoryPage]:
    return StoryPage.objects.filter(path__startswith=root_path)


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


def stories_for_tag(*, root_path: str, tag: Tag) -> QuerySet[StoryPage]:
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


def _body_images(story: StoryPage) -> list[NewsImage]:
    body = getattr(story, "body", None)
    if body is None:
        return []
    # The StreamField loads every chosen image of the body in one query.
    return [
        block.value["image"]
        for block in body
        if block.block_type == "image" and block.value["image"] is not None
    ]


# Stories whose related ids each process remembers until one of their keys is purged.
RELATED_KEPT = 20_000
_related_ids: LocalCache[list[int]] = LocalCache("newsroom:related-ids", max_entries=RELATED_KEPT)
_related_teasers: LocalCache[list[Teaser]] = LocalCache(
    "newsroom:related-teasers", max_entries=RELATED_KEPT
)


def _related_keys(story: StoryPage, tag_ids: list[int], ids: list[int]) -> list[str]:
    """What makes a story's related list wrong: its own publish (picks, tags), a new story on
    its main topic, and any related story changing or leaving."""
    keys = [surrogate.page(story.id), *(surrogate.page(i) for i in ids)]
    if tag_ids:
        keys.append(surrogate.tag_listing(tag_ids[0]))
    return keys


def related_story_ids(*, story: StoryPage, tag_ids: list[int]) -> list[int]:
    """Editors' picks first, then the newest stories on the story's main (first) tag.

    Two id-only queries, the second read through the (tag, time) index (matching on every tag
    would sort every story carrying any of them). Building them costs far more in Django than
    in the database, and the answer changes only on a publish, so each process remembers it
    until one of its keys is purged.
    """
    kept = _related_ids.get(story.id)
    if kept is not None:
        return kept
    ids = []
    if isinstance(story, ArticlePage):
        ids = list(
            RelatedStory.objects.filter(page_id=story.id, story__live=True)
            .order_by("sort_order")
            .values_list("story_id", flat=True)[:RELATED_LIMIT]
        )
    if tag_ids and len(ids) < RELATED_LIMIT:
        site_root = story.path[: StoryPage.steplen * 2]
        same_topic = (
            stories_under(site_root)
            .filter(tagged_items__tag_id=tag_ids[0])
            .exclude(id__in=[story.id, *ids])
            .live()
            .listable()
            .order_by(*(f"-{field}" for field in TAG_LISTING_KEY))
            .values_list("id", flat=True)
        )
        ids += list(same_topic[: RELATED_LIMIT - len(ids)])
    _related_ids.set(story.id, ids, keys=_related_keys(story, tag_ids, ids))
    return ids


def related_stories(*, story: StoryPage, tag_ids: list[int]) -> list[Teaser]:
    """The related stories as teasers, in order. Like their ids, the rows (and the renditions
    ``story_page`` gives their pictures) are plain data that change only on a publish or a
    picture's edit, both of which purge their keys: each process keeps them until then. A picture's
    licence expiry is checked when the teaser is rendered, never kept."""
    # A new story on the main topic belongs among them: the topic's listing key.
    if tag_ids:
        surrogate.add(surrogate.tag_listing(tag_ids[0]))
    kept = _related_teasers.get(story.id)
    if kept is not None:
        # Kept teasers were not read now: name them here.
        for teaser in kept:
            surrogate.add(surrogate.page(teaser.id))
            if teaser.lead_image is not None:
                surrogate.add(surrogate.image(teaser.lead_image.id))
        return kept
    ids = related_story_ids(story=story, tag_ids=tag_ids)
    related: list[Teaser] = []
    if ids:
        by_id = {s.id: s for s in teaser_list(teasers(StoryPage.objects.filter(id__in=ids)))}
        related = [by_id[i] for i in ids if i in by_id]
    keys = _related_keys(story, tag_ids, ids)
    keys += [surrogate.image(t.lead_image.id) for t in related if t.lead_image is not None]
    _related_teasers.set(story.id, related, keys=keys)
    return related


def sections_by_path() -> dict[str, SectionPage]:
    """Every live section of the network by tree path, kept per process until a section's
    change purges the sections key."""

    def load() -> dict[str, SectionPage]:
        sections = SectionPage.objects.live().only(
            "id", "title", "path", "url_path", "depth", "content_type_id", "locale_id"
        )
        return {section.path: section for section in sections}

    return remember("newsroom:sections-by-path", load, keys=[SECTIONS])


# Rendered article bodies each process keeps until their story's or a picture's key is
# purged (about 10 KB each).
BODIES_KEPT = 2_000
_bodies: LocalCache[tuple[str, datetime | None]] = LocalCache(
    "newsroom:bodies", max_entries=BODIES_KEPT
)


def _body_key(story: StoryPage, embeds: dict[str, str]) -> tuple | None:
    """What a rendered body depends on: the live revision of the story (its body and dateline)
    and the provider HTML of its videos, which the worker stores after the publish without a
    purge. ``None``: not a story with a body."""
    if getattr(story, "body", None) is None:
        return None
    return (
        story.id,
        story.live_revision_id,
        story.last_published_at,
        tuple(sorted(embeds.items())),
    )


def kept_body(*, story: StoryPage, embeds: dict[str, str]) -> str | None:
    """The story's body HTML as rendered for an earlier reader, while still right: same live
    revision and embeds, and no picture of it has reached its licence expiry since."""
    key = _body_key(story, embeds)
    kept = _bodies.get(key) if key is not None else None
    if kept is None:
        return None
    html, good_until = kept
    if good_until is not None and good_until <= timezone.now():
        return None
    return html


def keep_body(*, story: StoryPage, embeds: dict[str, str], html: str) -> None:
    """Keep a body just rendered for readers (never a preview: its draft is not the live
    revision the key names) until the first expiry of a picture it shows."""
    key = _body_key(story, embeds)
    if key is None:
        return
    now = timezone.now()
    images = _body_images(story)
    expiries = [
        image.rights_expire_at
        for image in images
        if image.rights_expire_at is not None and image.rights_expire_at > now
    ]
    # A picture's credit or alt text is in the HTML: its key drops the body too.
    keys = [surrogate.page(story.id), *(surrogate.image(image.pk) for image in images)]
    _bodies.set(key, (html, min(expiries, default=None)), keys=keys)


def _story_tags(story_id: int) -> QuerySet[Tag]:
    # Tags in the order the editor gave them: the first is the story's main topic.
    return Tag.objects.filter(newsroom_storytag_items__content_object_id=story_id).order_by(
        "newsroom_storytag_items__id"
    )


def _story_authors(story_id: int) -> QuerySet[Author]:
    return Author.objects.filter(stories__id=story_id)


def _story_notes(story_id: int) -> QuerySet[StoryNote]:
    return StoryNote.objects.filter(page_id=story_id).order_by("-noted_at", "-id")


def notes_for_story(*, story: StoryPage, preview: bool = False) -> list[StoryNote]:
    """The story's corrections and updates, newest first. A preview shows the draft's notes,
    which live on the page object until it is published (modelcluster)."""
    if preview:
        return sorted(story.notes.all(), key=lambda n: (n.noted_at, n.pk or 0), reverse=True)
    return prepared.fetch("newsroom:story-notes", _story_notes, story.id)


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


def story_page(*, story: StoryPage, request: HttpRequest | None = None) -> dict:
    """Everything an article, gallery or video page shows beyond its own row: a fixed number
    of queries however many tags, authors, pictures and related stories it has."""
    preview = getattr(request, "is_preview", False)
    if preview:
        # A draft's tags and authors live on the page object (modelcluster), not in the tables.
        tags = list(story.tags.all().order_by("newsroom_storytag_items__id"))
        authors = list(story.authors.all())
    else:
        # The same reads for the live page, their SQL compiled once per process.
        tags = prepared.fetch("newsroom:story-tags", _story_tags, story.id)
        authors = prepared.fetch("newsroom:story-authors", _story_authors, story.id)
    section = sections_by_path().get(story.path[: -StoryPage.steplen])
    _name_story_parts(story, section, tags, authors)
    if section is not None:
        # Treebeard's own cache: the template's and the metadata's get_parent() cost no query.
        story._cached_parent_obj = section
    photos: list[GalleryPhoto] = []
    if isinstance(story, GalleryPage):
        photos = list(story.photos.select_related("image"))
        surrogate.add_all(surrogate.image(photo.image_id) for photo in photos)
    related = related_stories(story=story, tag_ids=[t.id for t in tags])
    embeds = stored_embeds(urls=_video_urls(story))
    body_html = None if preview else kept_body(story=story, embeds=embeds)
    # One query for every rendition the page shows: lead, body, gallery and teaser pictures
    # (a kept body needs neither its pictures nor their renditions).
    images = [
        *([story.lead_image] if story.lead_image is not None else []),
        *(_body_images(story) if body_html is None else []),
        *(photo.image for photo in photos),
    ]
    poster = getattr(story, "poster", None)
    if poster is not None:
        images.append(poster)
    # Remembered related teasers already carry their renditions.
    pictures = [
        s.lead_image
        for s in related
        if s.lead_image is not None and TEASER_SPEC not in s.lead_image.renditions
    ]
    if images or pictures:
        specs = (LEAD_SPEC, BODY_SPEC, TEASER_SPEC)
        renditions = prepared.fetch(
            "newsroom:story-renditions",
            lambda ids, wanted: NewsRendition.objects.filter(
                image_id__in=ids, filter_spec__in=wanted
            ),
            sorted({i.id for i in images} | {p.id for p in pictures}),
            list(specs),
        )
        by_image: dict[int, list[NewsRendition]] = {}
        for rendition in renditions:
            by_image.setdefault(rendition.image_id, []).append(rendition)
        for image in images:
            # What Prefetch(to_attr=...) sets: Wagtail then looks in memory only.
            image.prefetched_renditions = by_image.get(image.id, [])
        attach_renditions(
            pictures,
            [tuple(getattr(r, c) for c in _RENDITION_COLUMNS) for r in renditions],
            (TEASER_SPEC,),
        )
    notes = notes_for_story(story=story, preview=preview)
    return {
        "tags": tags,
        "authors": authors,
        "photos": photos,
        "related": related,
        "embeds": embeds,
        "body_html": body_html,
        "keep_body": not preview,
        "notes": notes,
        "has_correction": any(note.is_correction for note in notes),
    }


def _name_story_parts(
    story: StoryPage, section: SectionPage | None, tags: list[Tag], authors: list[Author]
) -> None:
    """The surrogate keys of what a story page shows beyond its teasers, from what is loaded
    (the body's pictures from its stored data: a kept body loads none of them)."""
    keys = [surrogate.page(story.id)]
    if section is not None:
        keys.append(surrogate.page(section.id))
    keys += [surrogate.tag(t.id) for t in tags]
    keys += [surrogate.author(a.id) for a in authors]
    keys += [surrogate.image(a.photo_id) for a in authors if getattr(a, "photo_id", None)]
    for name in ("lead_image_id", "poster_id", "agency_id"):
        value = getattr(story, name, None)
        if value is not None:
            keys.append(surrogate.agency(value) if name == "agency_id" else surrogate.image(value))
    body = getattr(story, "body", None)
    if body is not None:
        keys += [
            surrogate.image(block["value"]["image"])
            for block in body.raw_data
            if block["type"] == "image" and block["value"].get("image")
        ]
    surrogate.add_all(keys)


def _video_urls(story: StoryPage) -> list[str]:
    urls = [story.video_url] if getattr(story, "video_url", "") else []
    body = getattr(story, "body", None)
    if body is not None:
        # The stored block data (the link as the editor gave it, what EmbedValue.url holds):
        # reading the blocks themselves would load the body's pictures.
        urls += [
            b["value"]["video"]
            for b in body.raw_data
            if b["type"] == "video" and b["value"].get("video")
        ]
    return urls


def stored_embeds(*, urls: list[str]) -> dict[str, str]:
    """The provider HTML already fetched for these video links (fetched in the background on
    publish, never while a reader waits), in one query."""
    if not urls:
        return {}
    return dict(Embed.objects.filter(url__in=urls).values_list("url", "html"))
