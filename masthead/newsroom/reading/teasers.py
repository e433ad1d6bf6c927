"""The teaser read model: what a story shows in any listing, read as plain rows (``Teaser``)
with its picture's renditions, declared once for every page listing and, extended, for the
API's story summaries and their one renderer (``summaries_json``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from masthead.core import prepared, surrogate
from masthead.core.localcopies import RESTRICTIONS
from masthead.core.pagecache import remember
from masthead.core.sites import NetworkSite, network_sites, site_holding
from masthead.newsroom.models import (
    ArticlePage,
    GalleryPage,
    LiveBlogPage,
    NewsImage,
    NewsRendition,
    SectionPage,
    StoryPage,
    StoryTag,
    VideoPage,
)
from masthead.newsroom.models.images import _filter, picture_credit

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
# Declared once, attribute -> column: the query reads these columns in this order and a
# ``Teaser`` is built from them by name.
TEASER_FIELDS: dict[str, str] = {
    "id": "id",
    "url_path": "url_path",
    "title": "title",
    "standfirst": "standfirst",
    "first_published_at": "first_published_at",
    "content_type_id": "content_type_id",
    "premium_teaser": "premium_teaser",
}
PICTURE_FIELDS: dict[str, str] = {
    "id": "lead_image_id",
    "rights_expire_at": "lead_image__rights_expire_at",
    # The fields Wagtail's fill filters vary by: the rendition matching the picture's
    # current focal point is the one Wagtail itself would return.
    "focal_point_x": "lead_image__focal_point_x",
    "focal_point_y": "lead_image__focal_point_y",
    "focal_point_width": "lead_image__focal_point_width",
    "focal_point_height": "lead_image__focal_point_height",
}
# The summary: a teaser plus what the API shows of a story in a list. Read only by
# ``story_summaries``, so pages, which never show these, do not pay for the wider rows.
SUMMARY_FIELDS: dict[str, str] = {
    "path": "path",
    "dateline": "dateline",
    "last_published_at": "last_published_at",
    "lead_image_alt": "lead_image_alt",
    "lead_image_caption": "lead_image_caption",
    "agency_id": "agency_id",
    "agency_short_name": "agency__short_name",
    "agency_name": "agency__name",
}
SUMMARY_PICTURE_FIELDS: dict[str, str] = {
    "default_alt_text": "lead_image__default_alt_text",
    "photographer": "lead_image__photographer",
    "agency": "lead_image__agency",
}
TEASER_COLUMNS = (*TEASER_FIELDS.values(), *PICTURE_FIELDS.values())
SUMMARY_COLUMNS = (
    *TEASER_COLUMNS,
    *SUMMARY_FIELDS.values(),
    *SUMMARY_PICTURE_FIELDS.values(),
)
# Where each group starts in a row read with TEASER_COLUMNS or SUMMARY_COLUMNS.
_PICTURE_AT = len(TEASER_FIELDS)
_SUMMARY_AT = len(TEASER_COLUMNS)
_SUMMARY_PICTURE_AT = _SUMMARY_AT + len(SUMMARY_FIELDS)


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
    # Read for a summary only (SUMMARY_PICTURE_FIELDS); a teaser never shows them.
    default_alt_text: str = ""
    photographer: str = ""
    agency: str = ""

    @property
    def credit(self) -> str:
        return picture_credit(self.photographer, self.agency)

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
    # What a summary adds (``story_summaries``); None on a teaser read for a page.
    summary: Summary | None = None

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


@dataclass(frozen=True, slots=True)
class Byline:
    name: str
    slug: str


@dataclass(frozen=True, slots=True)
class TagName:
    name: str
    slug: str


@dataclass(slots=True)
class Summary:
    """What the API shows of a story in a list beyond its teaser."""

    path: str
    dateline: str
    last_published_at: datetime | None
    lead_image_alt: str
    lead_image_caption: str
    agency_id: int | None
    agency_short_name: str | None
    agency_name: str | None
    authors: list[Byline] = field(default_factory=list)
    tags: list[TagName] = field(default_factory=list)


def _row_reader(
    cls: type, names: Iterable[str], *, start: int, passed: tuple[str, ...] = ()
) -> Callable[..., Any]:
    """A function building the dataclass ``cls`` from a row by name: each of ``names`` from
    the column at its place in the declaration (counted from ``start``), each of ``passed``
    from an argument of that name.

    The call is compiled once per declaration and passes each value at its field's place
    (keywords only after a field left to its default), so building by name costs what a
    hand-written positional call does: with a dict per row, a listing of 80 teasers took a
    tenth of a millisecond more."""
    given = {name: f"row[{start + i}]" for i, name in enumerate(names)}
    given.update({name: name for name in passed})
    fields = [f.name for f in dataclasses.fields(cls) if f.init]
    unknown = set(given) - set(fields)
    if unknown:
        raise TypeError(f"{cls.__name__} has no field {', '.join(sorted(unknown))}")
    arguments: list[str] = []
    for name in fields:
        if name not in given:
            break
        arguments.append(given.pop(name))
    arguments += [f"{name}={value}" for name, value in given.items()]
    parameters = ", ".join(("row", *passed))
    source = f"def read({parameters}):\n    return cls({', '.join(arguments)})\n"
    namespace: dict[str, Any] = {"cls": cls}
    # The source is made from the declarations above, never from data.
    exec(source, namespace)  # noqa: S102
    return namespace["read"]


_read_teaser = _row_reader(Teaser, TEASER_FIELDS, start=0, passed=("lead_image",))
_read_picture = _row_reader(TeaserPicture, PICTURE_FIELDS, start=_PICTURE_AT)
_read_summary = _row_reader(Summary, SUMMARY_FIELDS, start=_SUMMARY_AT)


def _teaser(row: Sequence[Any]) -> Teaser:
    teaser: Teaser
    if row[_PICTURE_AT] is None:
        teaser = _read_teaser(row, None)
        surrogate.add(surrogate.page(teaser.id))
    else:
        teaser = _read_teaser(row, _read_picture(row))
        # Every teaser a response lists names its story and picture (masthead.core.surrogate).
        surrogate.add(surrogate.page(teaser.id), surrogate.image(row[_PICTURE_AT]))
    return teaser


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
    with_renditions([s for group in groups for s in group], specs=specs)


def with_renditions(stories: list[Teaser], *, specs: tuple[str, ...]) -> None:
    """The stored renditions of ``specs`` for the stories' pictures, in one query (none
    without a picture)."""
    pictures = [s.lead_image for s in stories if s.lead_image is not None]
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


# --- Summaries: the teaser read model extended for the API ------------------------------------
def story_summaries(queryset: QuerySet, *, limit: int | None = None) -> list[Teaser]:
    """The stories of ``queryset`` (ordered by the caller) as teasers with their ``summary``:
    one query for the rows, one for the bylines and one for the tags of them all."""
    rows = queryset.values_list(*SUMMARY_COLUMNS)
    if limit is not None:
        rows = rows[:limit]
    found = []
    for row in rows:
        teaser = _teaser(row)
        teaser.summary = summary = _read_summary(row)
        if summary.agency_id is not None:
            surrogate.add(surrogate.agency(summary.agency_id))
        if teaser.lead_image is not None:
            for i, attribute in enumerate(SUMMARY_PICTURE_FIELDS, start=_SUMMARY_PICTURE_AT):
                setattr(teaser.lead_image, attribute, row[i])
        found.append(teaser)
    _with_bylines_and_tags(found)
    return found


def _with_bylines_and_tags(stories: list[Teaser]) -> None:
    by_id = {s.id: s.summary for s in stories if s.summary is not None}
    if not by_id:
        return
    bylines = (
        StoryPage.authors.through.objects.filter(storypage_id__in=by_id)
        .order_by("author__name", "author_id")
        .values_list("storypage_id", "author_id", "author__name", "author__slug")
    )
    for story_id, author_id, name, slug in bylines:
        by_id[story_id].authors.append(Byline(name, slug))
        surrogate.add(surrogate.author(author_id))
    tagged = StoryTag.objects.filter(content_object_id__in=by_id).values_list(
        "content_object_id", "tag_id", "tag__name", "tag__slug"
    )
    for story_id, tag_id, name, slug in tagged:
        by_id[story_id].tags.append(TagName(name, slug))
        surrogate.add(surrogate.tag(tag_id))
    # By name in Python, not by the database's collation: the same order on every backend.
    for summary in by_id.values():
        summary.tags.sort(key=lambda t: t.name)


# The API's name for each kind of story; any other kind (a reader's community story or user
# gallery, added by apps that are not the newsroom's business) is a "story".
SUMMARY_KINDS: dict[str, type[StoryPage]] = {
    "article": ArticlePage,
    "gallery": GalleryPage,
    "video": VideoPage,
    "live": LiveBlogPage,
}
OTHER_KIND = "story"


def summary_kind(content_type_id: int) -> str:
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return next((name for name, kind in SUMMARY_KINDS.items() if model is kind), OTHER_KIND)


def summaries_json(
    stories: list[Teaser], *, fallback: NetworkSite, spec: str
) -> list[dict[str, Any]]:
    """The API's story summaries (``StoryOut``) of teasers read by ``story_summaries`` with
    their ``spec`` renditions: absolute addresses on each story's own site (``fallback``, the
    site asked, for a story outside every site)."""
    sites = network_sites()
    parents = {s.summary.path[: -StoryPage.steplen] for s in stories if s.summary is not None}
    sections = dict(SectionPage.objects.filter(path__in=parents).values_list("path", "id"))
    return [
        summary_json(s, sites=sites, sections=sections, fallback=fallback, spec=spec)
        for s in stories
    ]


def summary_json(
    story: Teaser,
    *,
    sites: list[NetworkSite],
    sections: dict[str, int],
    fallback: NetworkSite,
    spec: str,
) -> dict[str, Any]:
    """One story summary as the API answers it: the one renderer of a teaser into JSON."""
    summary = story.summary
    if summary is None:
        raise ValueError("A summary is read by story_summaries, not teaser_list.")
    site = site_holding(summary.path, sites)
    where = site or fallback
    picture = story.lead_image
    image = None
    if picture is not None and picture.is_publishable:
        shown = picture.get_rendition(spec)
        image = {
            "url": where.absolute(shown.url),
            "width": shown.width,
            "height": shown.height,
            "alt": summary.lead_image_alt or picture.default_alt_text,
            "credit": picture.credit,
        }
    return {
        "id": story.id,
        "kind": summary_kind(story.content_type_id),
        "title": story.title,
        "standfirst": story.standfirst,
        "dateline": summary.dateline,
        "url": story.url_path if site is None else site.url_of(story.url_path),
        "site_id": site.id if site else None,
        "section_id": sections.get(summary.path[: -StoryPage.steplen]),
        "published_at": story.first_published_at,
        "updated_at": summary.last_published_at,
        "authors": [
            {
                "name": a.name,
                "slug": a.slug,
                "url": where.absolute(reverse("newsroom:author", kwargs={"slug": a.slug})),
            }
            for a in summary.authors
        ],
        "agency": (
            {"short_name": summary.agency_short_name, "name": summary.agency_name}
            if summary.agency_id is not None
            else None
        ),
        "tags": [{"name": t.name, "slug": t.slug} for t in summary.tags],
        "lead_image": image,
        "lead_image_caption": summary.lead_image_caption,
    }


def stories_under(root_path: str) -> QuerySet[StoryPage]:
    return StoryPage.objects.filter(path__startswith=root_path)
