"""Template helpers for story teasers, pictures and the site's navigation."""

from __future__ import annotations

from django import template
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Page

from masthead.core.pagecache import current_generation

register = template.Library()


@register.simple_tag(takes_context=True)
def site_sections(context) -> list[dict]:
    """Top-level sections of the current site, cached until the next publish."""
    site = context.get("current_site")
    if site is None:
        return []
    key = f"nav:{current_generation()}:{site.id}"
    sections = cache.get(key)
    if sections is None:
        sections = [
            {"title": title, "url": url_path[len(site.root_url_path) - 1 :]}
            for title, url_path in Page.objects.filter(
                path__startswith=site.root_path,
                depth=len(site.root_path) // Page.steplen + 1,
                live=True,
                show_in_menus=True,
            )
            .order_by("path")
            .values_list("title", "url_path")
        ]
        cache.set(key, sections, timeout=3600)
    return sections


@register.filter
def usable(image) -> bool:
    """A picture may be shown publicly: present and within its licence period."""
    return image is not None and image.is_publishable


@register.simple_tag
def rendition(image, spec: str):
    return image.get_rendition(spec)


@register.filter
def in_site_zone(value, site):
    if value is None:
        return None
    import zoneinfo

    zone = zoneinfo.ZoneInfo(site.time_zone) if site else timezone.get_current_timezone()
    return timezone.localtime(value, zone)


@register.filter
def kind_label(story) -> str:
    return story.kind


@register.filter
def stored_embed(url: str) -> str:
    """The provider's embed HTML if it was fetched already (in the background, on publish).
    Never calls the provider while a reader waits; the template falls back to a link."""
    from django.utils.safestring import mark_safe
    from wagtail.embeds.models import Embed

    if not url:
        return ""
    html = Embed.objects.filter(url=url).values_list("html", flat=True).first()
    return mark_safe(html) if html else ""  # noqa: S308 - HTML from the oEmbed provider an editor chose
