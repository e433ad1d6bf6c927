"""Builds newsroom content for tests through Wagtail's own API, one tree per test."""

from __future__ import annotations

import io
import itertools
from datetime import datetime, timedelta

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from masthead.core.pagecache import purge_all
from masthead.core.sites import forget_network_sites
from masthead.newsroom.models import (
    Agency,
    ArticlePage,
    Author,
    GalleryPage,
    GalleryPhoto,
    HomePage,
    LiveBlogPage,
    LiveUpdate,
    NewsImage,
    SectionPage,
    StoryPage,
    VideoPage,
)
from masthead.newsroom.notices import stories_written

_counter = itertools.count(1)


def make_image(*, title: str | None = None, **fields) -> NewsImage:
    n = next(_counter)
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (n * 37 % 255, 90, 160)).save(buffer, format="JPEG")
    buffer.name = f"test-{n}.jpg"
    image = NewsImage(title=title or f"Picture {n}", **fields)
    image.file = ImageFile(buffer, name=buffer.name)
    image.save()
    return image


def ensure_wagtail_root() -> None:
    """Put back Wagtail's root page (and default locale) if a transactional test flushed them.

    Browser tests run transactionally; the flush after one empties every table, including the
    rows Wagtail's migrations created, and serialized rollback does not always restore them
    once the browser has run. The `network` fixture needs the root page to build its tree.
    """
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale

    if Page.get_first_root_node() is not None:
        return
    from django.contrib.contenttypes.models import ContentType

    # The flush recreated content types under new ids; the per-process cache still has the old.
    ContentType.objects.clear_cache()
    locale, _ = Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    if Collection.get_first_root_node() is None:  # pictures go in the root collection
        Collection.add_root(name="Root")


def clear_tree() -> None:
    """Remove Wagtail's installer welcome page and default site: tests build their own."""
    ensure_wagtail_root()
    Site.objects.all().delete()
    for page in Page.get_first_root_node().get_children():
        page.delete()


def make_site(*, name: str, hostname: str, port: int = 80, default: bool = False) -> HomePage:
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title=name, slug=hostname.replace(".", "-")))
    Site.objects.create(
        hostname=hostname, port=port, root_page=home, site_name=name, is_default_site=default
    )
    forget_network_sites()
    purge_all()
    return home


def make_section(parent: Page, title: str, **fields) -> SectionPage:
    return parent.add_child(instance=SectionPage(title=title, show_in_menus=True, **fields))


def publish(page: Page, *, at: datetime | None = None) -> Page:
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    if at is not None:
        Page.objects.filter(pk=page.pk).update(first_published_at=at, last_published_at=at)
        page.refresh_from_db()
        # A queryset update passes Wagtail's publish by: say so, as bulk writers do.
        stories_written.send(sender=Page, ids=[page.pk])
    return page


def make_article(
    section: Page,
    *,
    title: str | None = None,
    tags: list[str] = (),
    at: datetime | None = None,
    body: list | None = None,
    live: bool = True,
    **fields,
) -> ArticlePage:
    n = next(_counter)
    page = ArticlePage(
        title=title or f"Story number {n}",
        standfirst=fields.pop("standfirst", f"What happened in story {n}."),
        body=body if body is not None else [("paragraph", RichText(f"<p>Body of story {n}.</p>"))],
        # A draft is a draft from its first save, as in the admin: made live and then updated
        # to a draft, its tags' signals indexed it for search while it was live (tests index
        # at once) and no signal took it out (the leak test found drafts in search results).
        live=live,
        **fields,
    )
    for tag in tags:
        page.tags.add(tag)
    section.add_child(instance=page)
    if live:
        publish(page, at=at or timezone.now() - timedelta(minutes=n))
    else:
        Page.objects.filter(pk=page.pk).update(live=False)
        page.refresh_from_db()
    return page


def make_gallery(
    section: Page, *, images: list[NewsImage], title: str = "In pictures"
) -> GalleryPage:
    page = GalleryPage(title=title)
    page.photos = [
        GalleryPhoto(image=img, caption=f"Caption {i}", sort_order=i)
        for i, img in enumerate(images)
    ]
    section.add_child(instance=page)
    return publish(page)


def make_video(section: Page, *, title: str = "A video", **fields) -> VideoPage:
    page = VideoPage(title=title, video_url="https://video.localhost/v/1", **fields)
    section.add_child(instance=page)
    return publish(page)


def make_author(name: str = "Ada Arden") -> Author:
    return Author.objects.create(name=name, slug=name.lower().replace(" ", "-"))


def make_agency(short_name: str = "AFP", name: str = "Agence France-Presse") -> Agency:
    return Agency.objects.create(short_name=short_name, name=name)


__all__ = ["StoryPage", "make_agency", "make_article", "make_author", "make_gallery"]


def make_live_blog(section: Page, *, title: str = "Live: the storm", **fields) -> LiveBlogPage:
    page = LiveBlogPage(
        title=title, standfirst=fields.pop("standfirst", "Follow it here."), **fields
    )
    section.add_child(instance=page)
    return publish(page)


def add_live_updates_in_bulk(blog: LiveBlogPage, *, count: int, image=None) -> None:
    """``count`` updates written straight to the table, one a minute up to now, with versions
    as the services would have given them (a 5,000-update blog in a second)."""
    now = timezone.now()
    start = blog.version
    LiveUpdate.objects.bulk_create(
        LiveUpdate(
            page=blog,
            posted_at=now - timedelta(minutes=count - i),
            author_name="Bulk Reporter",
            body=f"<p>Bulk update {i}.</p>",
            image=image if i % 10 == 0 else None,
            key_event=i % 500 == 0,
            version=start + i + 1,
        )
        for i in range(count)
    )
    LiveBlogPage.objects.filter(pk=blog.pk).update(version=start + count, last_update_at=now)
    blog.refresh_from_db()
