"""What a change to the newsroom's content makes stale, as surrogate keys
(``masthead.core.surrogate``): the stored pages that show the changed thing, and the listings
that should now show it. Called by the signal receivers (``signals.py``) on the write path;
a few indexed id-only queries, never a render."""

from __future__ import annotations

from wagtail.models import Page

from masthead.core import localcopies, surrogate
from masthead.core.sites import network_sites


def sites_of(path: str) -> list[int]:
    """The ids of the sites whose tree holds ``path`` (one, unless roots nest)."""
    return [s.id for s in network_sites() if path.startswith(s.root_path)]


def _site_wide(site_ids: list[int]) -> set[str]:
    """What lists every story of a site: feeds, sitemaps, the new-stories answers, search."""
    keys: set[str] = set()
    for site_id in site_ids:
        keys |= {
            surrogate.feed(site_id),
            surrogate.sitemap(site_id),
            surrogate.live(site_id),
            surrogate.search(site_id),
        }
    return keys


def _ancestor_ids(path: str) -> list[int]:
    steplen = Page.steplen
    above = [path[:end] for end in range(steplen, len(path), steplen)]
    return list(Page.objects.filter(path__in=above).values_list("id", flat=True))


def story_keys(page: Page, *, leaving: bool = False) -> set[str]:
    """A story published, updated, unpublished, moved or deleted: its page and every page
    showing it (``page-<id>``: article, teasers, related lists, feeds' items), every listing
    it belongs to now (each section up the tree and the site's front page, its tags' and
    authors' listings) and everything site-wide that lists stories. ``leaving``: the story
    leaves its listings (unpublished, moved, deleted), which can bring an older story back
    among its topics' newest (``tagsout-<id>``)."""
    from masthead.newsroom.models import StoryPage, StoryTag

    keys = {surrogate.page(page.id)}
    keys |= {surrogate.listing(pk) for pk in _ancestor_ids(page.path)}
    tag_ids = list(
        StoryTag.objects.filter(content_object_id=page.id).values_list("tag_id", flat=True)
    )
    keys |= {surrogate.tag_listing(pk) for pk in tag_ids}
    if leaving:
        keys |= {surrogate.tag_left(pk) for pk in tag_ids}
    keys |= {
        surrogate.author_listing(pk)
        for pk in StoryPage.authors.through.objects.filter(storypage_id=page.id).values_list(
            "author_id", flat=True
        )
    }
    keys |= _site_wide(sites_of(page.path))
    return keys


def page_keys(page: Page, *, leaving: bool = False) -> set[str]:
    """Any other page (a section, a front page, a plain page) changed: the page, what links to
    it or lists it (its parent's listing), and its site's chrome (navigation), feeds,
    sitemaps and search filters. A story: ``story_keys``."""
    from masthead.newsroom.models import StoryPage

    if issubclass(page.specific_class or Page, StoryPage):
        return story_keys(page, leaving=leaving)
    sites = sites_of(page.path)
    keys = {surrogate.page(page.id)}
    parent = _ancestor_ids(page.path)[-1:]
    keys |= {surrogate.page(pk) for pk in parent} | {surrogate.listing(pk) for pk in parent}
    keys |= {surrogate.chrome(site_id) for site_id in sites}
    keys |= _site_wide(sites)
    # The per-process copies of the section tree; a site's root page also makes its address.
    keys.add(localcopies.SECTIONS)
    if any(s.root_page_id == page.id for s in network_sites()):
        keys.add(localcopies.SITES)
    return keys


def moved_keys(page: Page) -> set[str]:
    """A page moved: itself as above, and every page below it, whose addresses changed."""
    keys = page_keys(page, leaving=True)
    keys |= {
        surrogate.page(pk)
        for pk in Page.objects.descendant_of(page).values_list("id", flat=True).iterator()
    }
    return keys


# Pages below a restriction change beyond which the whole site is purged instead of each
# page by key (one proxy request carries 400 keys).
RESTRICTION_PAGES_BY_KEY = 2_000


def restriction_keys(page: Page) -> set[str]:
    """A view restriction added or removed: who may see the page and everything below it
    changed. Every page showing one of them (their own keys: articles, teasers, related
    lists) and every listing that should now show or hide them (sections up the tree and
    below, their tags' and authors' listings, the site-wide lists); a restriction over a
    larger part of the tree purges its whole site."""
    from masthead.newsroom.models import StoryPage, StoryTag

    sites = sites_of(page.path)
    keys = {localcopies.RESTRICTIONS}
    below = Page.objects.filter(path__startswith=page.path).values_list("id", flat=True)
    ids = list(below[: RESTRICTION_PAGES_BY_KEY + 1])
    if len(ids) > RESTRICTION_PAGES_BY_KEY:
        return keys | {surrogate.site(site_id) for site_id in sites} | {surrogate.page(page.id)}
    keys |= {surrogate.page(pk) for pk in ids} | {surrogate.listing(pk) for pk in ids}
    keys |= {surrogate.listing(pk) for pk in _ancestor_ids(page.path)}
    tag_ids = (
        StoryTag.objects.filter(content_object_id__in=ids)
        .values_list("tag_id", flat=True)
        .distinct()
    )
    keys |= {key for pk in tag_ids for key in (surrogate.tag_listing(pk), surrogate.tag_left(pk))}
    keys |= {
        surrogate.author_listing(pk)
        for pk in StoryPage.authors.through.objects.filter(storypage_id__in=ids)
        .values_list("author_id", flat=True)
        .distinct()
    }
    keys |= _site_wide(sites)
    return keys


def site_keys(site_id: int) -> set[str]:
    """A site's host, root or name changed: every page of the site, and every site's network
    bar (it lists them all)."""
    return (
        {surrogate.site(site_id), localcopies.SITES}
        | {surrogate.chrome(s.id) for s in network_sites()}
        | {localcopies.SECTIONS}
    )


def note_keys(story_id: int) -> set[str]:
    """A correction or update added to a story, changed or removed: the story (it shows its
    notes) and its site's corrections record (page and feeds). Other listings show no notes."""
    path = Page.objects.filter(pk=story_id).values_list("path", flat=True).first()
    keys = {surrogate.page(story_id)}
    if path is not None:  # None: the story itself is being deleted, which purges it
        keys |= {surrogate.corrections(site_id) for site_id in sites_of(path)}
    return keys


def live_blog_keys(blog_id: int) -> set[str]:
    """An update of a live blog posted, edited, pinned or deleted: the blog's own key, which
    its page, its poll answers, its feed of updates and every teaser of it carry. Nothing
    else changed: sections and the front page hold teasers, not updates."""
    return {surrogate.page(blog_id)}
