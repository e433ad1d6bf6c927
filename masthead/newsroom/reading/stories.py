"""Story assembly: everything a story page shows beyond its own row (tags, authors, related
stories, pictures, notes) and the rendered bodies each process keeps."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from taggit.models import Tag
from wagtail.embeds.models import Embed

from masthead.core import compat, esi, prepared, surrogate
from masthead.core.localcopies import LocalCache
from masthead.newsroom.models import (
    ArticlePage,
    Author,
    GalleryPage,
    GalleryPhoto,
    NewsImage,
    NewsRendition,
    RelatedStory,
    SectionPage,
    StoryNote,
    StoryPage,
)
from masthead.newsroom.reading.listings import (
    TAG_LISTING_KEY,
    newest_with_tag,
    sections_by_path,
    stories_for_tag,
)
from masthead.newsroom.reading.teasers import (
    _RENDITION_COLUMNS,
    BODY_SPEC,
    LEAD_SPEC,
    TEASER_SPEC,
    Teaser,
    attach_renditions,
    restriction_for_url_path,
    stories_under,
    teaser_list,
    teasers,
    with_renditions,
)

RELATED_LIMIT = 4


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
    ids = list(_live_picks(story).values_list("story_id", flat=True)[:RELATED_LIMIT])
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


# --- The related list as the proxy's own object (masthead/core/esi.py) ----------------------
# Every article on a topic that is not among its newest stories shows the same list: the
# newest stories on the topic. Behind a proxy that processes includes, those articles carry an
# include of one shared copy instead of the list, so a publish on the topic purges that copy
# (``tags-<id>``), not every article on the topic. An article with editors' picks, or one
# among the topic's newest (it must not list itself), includes a list of its own.
_topic_newest: LocalCache[list[int]] = LocalCache("newsroom:topic-newest", max_entries=2_000)


def topic_newest_ids(*, site_root: str, tag_id: int) -> list[int]:
    """The ids in the topic's shared related list on a site, as ``topic_related`` lists them."""
    kept = _topic_newest.get((site_root, tag_id))
    if kept is not None:
        return kept
    # Ids only: reading teasers would name them on the article, which shows none of them.
    ids = list(
        stories_for_tag(root_path=site_root, tag=tag_id).values_list("id", flat=True)[
            :RELATED_LIMIT
        ]
    )
    _topic_newest.set((site_root, tag_id), ids, keys=[surrogate.tag_listing(tag_id)])
    return ids


def topic_related(*, site_root: str, tag_id: int) -> list[Teaser]:
    """The shared related list: the newest stories on the topic on the site."""
    surrogate.add(surrogate.tag_listing(tag_id))
    related = newest_with_tag(tag_id, site_root, limit=RELATED_LIMIT)
    with_renditions(related, specs=(TEASER_SPEC,))
    return related


def story_related(*, story: StoryPage) -> list[Teaser]:
    """One story's own related list (``related_stories``) with its pictures' renditions."""
    tags = prepared.fetch("newsroom:story-tags", _story_tags, story.id)
    related = related_stories(story=story, tag_ids=[t.id for t in tags])
    with_renditions(
        [s for s in related if s.lead_image is None or TEASER_SPEC not in s.lead_image.renditions],
        specs=(TEASER_SPEC,),
    )
    return related


def _live_picks(story: StoryPage):
    """The editors' picks of an article that are live, in the editors' order (other kinds of
    story have none)."""
    if not isinstance(story, ArticlePage):
        return RelatedStory.objects.none()
    return RelatedStory.objects.filter(page_id=story.id, story__live=True).order_by("sort_order")


def related_include(*, story: StoryPage, tag_ids: list[int]) -> SafeString | None:
    """The include that stands for the story's related list, or None for a story whose list
    is its editors' picks only (no topic: no listing key to keep off the article)."""
    if not tag_ids:
        return None
    site_root = story.path[: StoryPage.steplen * 2]
    src = reverse("newsroom:related", args=[tag_ids[0]])
    newest = topic_newest_ids(site_root=site_root, tag_id=tag_ids[0])
    if _live_picks(story).exists() or story.id in newest:
        return esi.include(f"{src}?story={story.id}")
    # The shared list is this story's only while the story is not among the topic's newest:
    # a newer story leaving the topic can bring it back among them.
    surrogate.add(surrogate.tag_left(tag_ids[0]))
    return esi.include(src)


def notes_for_story(*, story: StoryPage, preview: bool = False) -> list[StoryNote]:
    """The story's corrections and updates, newest first. A preview shows the draft's notes,
    which live on the page object until it is published (modelcluster)."""
    if preview:
        return sorted(story.notes.all(), key=lambda n: (n.noted_at, n.pk or 0), reverse=True)
    return prepared.fetch("newsroom:story-notes", _story_notes, story.id)


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
        compat.remember_parent(story, section)
    photos: list[GalleryPhoto] = []
    if isinstance(story, GalleryPage):
        photos = list(story.photos.select_related("image"))
        surrogate.add_all(surrogate.image(photo.image_id) for photo in photos)
    tag_ids = [t.id for t in tags]
    include = None
    # A story behind a view restriction is never stored: its list stays inline, and the
    # fragment answers only for stories any reader may open.
    if not preview and esi.enabled(request) and not restriction_for_url_path(story.url_path):
        include = related_include(story=story, tag_ids=tag_ids)
    related = [] if include is not None else related_stories(story=story, tag_ids=tag_ids)
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
        "related_include": include,
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
