"""The teaser read model: what a story shows in any listing, read as plain rows (``Teaser``)
with its picture's renditions, declared once for every listing, feed and API answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from masthead.core import prepared, surrogate
from masthead.core.localcopies import RESTRICTIONS
from masthead.core.pagecache import remember
from masthead.newsroom.models import (
    NewsImage,
    NewsRendition,
    StoryPage,
)
from masthead.newsroom.models.images import _filter

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
