"""Template helpers for story teasers, pictures and the site's navigation."""

from __future__ import annotations

import html
import zoneinfo

from django import template
from django.templatetags.tz import do_timezone
from django.utils import timezone
from django.utils.safestring import mark_safe
from wagtail.models import Page

from masthead.core import surrogate
from masthead.core.pagecache import remember
from masthead.core.timefmt import shown_datetime

register = template.Library()


@register.simple_tag(takes_context=True)
def site_sections(context) -> list[dict]:
    """Top-level sections of the current site, kept per process until the next publish."""
    site = context.get("current_site")
    if site is None:
        return []

    def load() -> list[dict]:
        return [
            {"title": title, "url": site.path_of(url_path)}
            for title, url_path in Page.objects.filter(
                path__startswith=site.root_path,
                depth=len(site.root_path) // Page.steplen + 1,
                live=True,
                show_in_menus=True,
            )
            .order_by("path")
            .values_list("title", "url_path")
        ]

    surrogate.add(surrogate.chrome(site.id))
    return remember(f"nav:{site.id}", load, keys=[surrogate.chrome(site.id)])


@register.filter
def usable(image) -> bool:
    """A picture may be shown publicly: present and within its licence period."""
    return image is not None and image.is_publishable


@register.simple_tag
def rendition(image, spec: str):
    """The picture at ``spec``; selectors prefetch renditions, so this is a lookup in memory
    (NewsImage.get_rendition)."""
    return image.get_rendition(spec)


@register.simple_tag(takes_context=True)
def local_url(context, page) -> str:
    """A page's address on the current site, from its stored URL path: the same answer as
    ``{% pageurl %}`` for pages of this site (every teaser we show) without Wagtail's lookup of
    site root paths on each call; other sites' pages fall back to it."""
    site = context.get("current_site")
    if site is not None and site.owns(page.url_path):
        return site.path_of(page.url_path)
    return page.get_url(request=context.get("request"))


def _site_zone(site) -> zoneinfo.ZoneInfo:
    # ZoneInfo keeps one instance per key, so this is a dictionary lookup after the first call.
    return zoneinfo.ZoneInfo(site.time_zone) if site else timezone.get_current_timezone()


@register.filter
def in_site_zone(value, site):
    if value is None:
        return None
    # do_timezone marks the result so the date filter does not convert it back to the
    # active time zone (timezone.localtime alone would be re-localised by |date).
    return do_timezone(value, _site_zone(site))


def teaser_time(value, site) -> tuple[str, str]:
    """The ``<time datetime>`` value and ``date:"j M Y, H:i"`` in the site's zone."""
    return shown_datetime(value, _site_zone(site))


@register.filter
def kind_label(story) -> str:
    return story.kind


@register.simple_tag(takes_context=True)
def stored_embed(context, url: str) -> str:
    """The provider's embed HTML if it was fetched already (in the background, on publish).
    Never calls the provider while a reader waits; the template falls back to a link. Story
    pages hand the HTML of all their videos in ``embeds`` (one query, stories.story_page)."""
    from django.utils.safestring import mark_safe
    from wagtail.embeds.models import Embed

    if not url:
        return ""
    embeds = context.get("embeds")
    if embeds is not None:
        html = embeds.get(url, "")
    else:
        html = Embed.objects.filter(url=url).values_list("html", flat=True).first()
    return mark_safe(html) if html else ""  # noqa: S308 - HTML from the oEmbed provider an editor chose


def _e(value) -> str:
    """``conditional_escape`` without its lazy-string and SafeString wrappers: the same text."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


# Kind labels that tell the reader something; an ordinary article carries none.
KIND_LABELS = {
    "gallery": "Gallery",
    "video": "Video",
    "community story": "Community",
    "user gallery": "Community",
}


def teaser_kind_label(story) -> str:
    return KIND_LABELS.get(str(story.kind).lower(), "")


@register.simple_tag(takes_context=True)
def teaser(
    context, story, spec: str, *, show_standfirst: bool = False, size: str = "", eager: bool = False
) -> str:
    """A story teaser: picture, kind, headline, standfirst and time.

    Built in Python rather than by including a template: listings show up to 20 teasers per
    page, and the include (context push, a dozen filters) was the largest single cost of an
    uncached section page. Every value is escaped (``_e``, what ``format_html`` does).
    """
    url = _e(local_url(context, story))
    # A premium teaser (a restricted story an editor chose to list): its headline and a lock,
    # never its standfirst or picture, which only readers who may open it see.
    locked = getattr(story, "locked", "")
    image = None if locked else story.lead_image
    picture = ""
    if usable(image):
        pic = image.get_rendition(spec)
        picture = (
            f'\n  <a class="teaser__image" href="{url}" tabindex="-1" aria-hidden="true">'
            f'<img src="{_e(pic.url)}" width="{_e(pic.width)}" height="{_e(pic.height)}" '
            # The lead picture is the page's largest paint: fetched first, never lazily.
            + ('alt="" fetchpriority="high"></a>' if eager else 'alt="" loading="lazy"></a>')
        )
    standfirst = ""
    if show_standfirst and story.standfirst and not locked:
        standfirst = f'\n    <p class="teaser__standfirst">{_e(story.standfirst)}</p>'
    published = story.first_published_at
    when = ""
    if published is not None:
        machine, human = teaser_time(published, context.get("current_site"))
        when = f'\n    <time datetime="{_e(machine)}">{_e(human)}</time>'
    modifier = f" teaser--{_e(size)}" if size else ""
    label = teaser_kind_label(story)
    live = getattr(story, "live", None)
    if live is not None and live.is_live:
        # A running live blog: "Live" and its latest update's time instead of its start.
        label = "Live"
        if live.last_update_at is not None:
            machine, human = teaser_time(live.last_update_at, context.get("current_site"))
            when = f'\n    <time datetime="{_e(machine)}">Updated {_e(human)}</time>'
    lock = ""
    if locked:
        modifier += " teaser--locked"
        why = "Password needed" if locked == "password" else "Members only"
        lock = f' <span class="teaser__lock"><span aria-hidden="true">🔒</span> {why}</span>'
    kind = ""
    if label or lock:
        kind = (
            f'    <p class="teaser__kind teaser__kind--{_e(label.lower() or "plain")}">'
            f"{_e(label)}{lock}</p>\n"
        )
    return mark_safe(  # noqa: S308 - every value above is escaped
        f'<article class="teaser{modifier}">{picture}\n  <div class="teaser__text">\n'
        f"{kind}"
        f'    <h3 class="teaser__headline"><a href="{url}">{_e(story.title)}</a></h3>'
        f"{standfirst}{when}\n"
        # Filled by comments.js from one cacheable request for every teaser on the page.
        f'    <span class="teaser__comments" data-comment-count="{_e(story.pk)}" hidden></span>\n'
        "  </div>\n</article>"
    )


class ChromeNode(template.Node):
    def __init__(self, name: str, nodelist: template.NodeList) -> None:
        self.name = name
        self.nodelist = nodelist

    def render(self, context) -> str:
        site = context.get("current_site")
        if site is None:
            return self.nodelist.render(context)
        # Whatever is inside may change only on a publish:
        # the network's sites, the site's sections, fixed links and static addresses; a change
        # of any of them purges the site's chrome key.
        surrogate.add(surrogate.chrome(site.id))
        return remember(
            f"chrome:{self.name}:{site.id}",
            lambda: self.nodelist.render(context),
            keys=[surrogate.chrome(site.id)],
        )


@register.tag
def chrome(parser, token) -> ChromeNode:
    """``{% chrome "name" %}…{% endchrome %}``: page furniture (network bar, header, footer)
    rendered once per site per process and page-cache generation, then reused by every page
    of the site. Only for markup that is the same on every page of a site and changes only on
    a publish: nothing about the page, the reader or the request may go inside (per-reader
    parts are fragments loaded by masthead.js, and their empty slots may)."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError('Usage: {% chrome "name" %}…{% endchrome %}')
    nodelist = parser.parse(("endchrome",))
    parser.delete_first_token()
    return ChromeNode(bits[1][1:-1], nodelist)


class StoryBodyNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context) -> str:
        from masthead.newsroom.reading import stories

        kept = context.get("body_html")
        if kept is not None:
            return kept
        html = self.nodelist.render(context)
        page = context.get("page")
        if context.get("keep_body") and page is not None:
            stories.keep_body(story=page, embeds=context.get("embeds") or {}, html=html)
        return html


@register.tag
def story_body(parser, token) -> StoryBodyNode:
    """``{% story_body %}…{% endstory_body %}``: the article's body, rendered once per live
    revision per process until the next purge or the first licence expiry of a picture in it
    (``stories.kept_body``). Only the body may go inside: it depends on the revision, the
    stored video embeds and the site the story belongs to, nothing about the reader."""
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("Usage: {% story_body %}…{% endstory_body %}")
    nodelist = parser.parse(("endstory_body",))
    parser.delete_first_token()
    return StoryBodyNode(nodelist)
