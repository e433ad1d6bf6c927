"""Surrogate keys: every cacheable response names what it shows, so a change purges exactly
the stored copies that show it (the app's page cache, Varnish with xkey, a CDN).

While a response is built, the code that loads something a reader will see adds its key
(``add``): a teaser row adds its story and picture, the chrome adds the site's, a story page
its section, tags, authors and pictures. Keys are taken from rows already loaded, never from
an extra query. The page cache middleware opens the collection (``collecting``) and writes
the keys in the ``xkey`` and ``Surrogate-Key`` headers (docs/architecture.md "Caches" maps
them to Fastly, Cloudflare and Akamai).

The names, one per thing a page can show:

=================  ===========================================================================
``page-<id>``      a Wagtail page: the page itself, a teaser of it, a crumb or link to it
``list-<id>``      "the newest stories below page <id>" (a section or a site's home page):
                   purged when a story below it is published, moved in or out, so listings
                   that *should now* show a story are purged too
``tag-<id>``       a tag's name on a page; ``tags-<id>``: the listing of stories with the tag;
                   ``tagsout-<id>``: a story left that listing (unpublished, moved, untagged):
                   what an article showing the listing's shared copy must know (stories.py)
``author-<id>``    a byline's name/photo; ``byline-<id>``: the listing of the author's stories
``image-<id>``     a picture (credit, alt text, rights expiry)
``agency-<id>``    an agency's credit on a story
``site-<id>``      everything of one site (its host or root changed: every address changes)
``chrome-<id>``    the site's furniture: navigation, network bar, header, footer
``feed-<id>``      the site's feeds; ``sitemap-<id>``: its sitemaps; ``live-<id>``: the
                   new-stories answers; ``search-<id>``: its search result pages
``corrections-<id>``  the site's corrections record: its page and its feeds
``user-<id>``      a reader's public profile, name and avatar
``traffic``        traffic alerts (pages, boxes and feeds of every place)
``listings``       TV and event listings (guide pages and "on next" boxes of every place)
=================  ===========================================================================
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

# Varnish's vmod_xkey reads ``xkey``; Fastly reads ``Surrogate-Key``. Both carry the same
# space-separated names. The proxy strips them before the reader (deploy/varnish/masthead.vcl).
HEADER = "xkey"
HEADERS = ("xkey", "Surrogate-Key")

_collected: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar(
    "masthead_surrogate_keys", default=None
)


def page(pk: int) -> str:
    return f"page-{pk}"


def listing(pk: int) -> str:
    return f"list-{pk}"


def tag(pk: int) -> str:
    return f"tag-{pk}"


def tag_listing(pk: int) -> str:
    return f"tags-{pk}"


def tag_left(pk: int) -> str:
    return f"tagsout-{pk}"


def author(pk: int) -> str:
    return f"author-{pk}"


def author_listing(pk: int) -> str:
    return f"byline-{pk}"


def agency(pk: int) -> str:
    return f"agency-{pk}"


def image(pk: int) -> str:
    return f"image-{pk}"


def site(pk: int) -> str:
    return f"site-{pk}"


def chrome(site_id: int) -> str:
    return f"chrome-{site_id}"


def feed(site_id: int) -> str:
    return f"feed-{site_id}"


def sitemap(site_id: int) -> str:
    return f"sitemap-{site_id}"


def live(site_id: int) -> str:
    return f"live-{site_id}"


def search(site_id: int) -> str:
    return f"search-{site_id}"


def corrections(site_id: int) -> str:
    return f"corrections-{site_id}"


def traffic() -> str:
    return "traffic"


def listings() -> str:
    return "listings"


def user(pk: int) -> str:
    return f"user-{pk}"


def add(*keys: str) -> None:
    """Name what the response being built shows (no-op outside a collection)."""
    collected = _collected.get()
    if collected is not None:
        collected.update(keys)


def add_all(keys: Iterable[str]) -> None:
    collected = _collected.get()
    if collected is not None:
        collected.update(keys)


@contextmanager
def collecting() -> Iterator[set[str]]:
    """Collect the keys added while the block runs (nested blocks feed the outer one too)."""
    outer = _collected.get()
    keys: set[str] = set()
    token = _collected.set(keys)
    try:
        yield keys
    finally:
        _collected.reset(token)
        if outer is not None:
            outer.update(keys)


def header_value(keys: Iterable[str]) -> str:
    return " ".join(sorted(keys))


def parse(value: str) -> set[str]:
    return set(value.split())
