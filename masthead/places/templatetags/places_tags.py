"""The site's default place slug for the cached page's component slots."""

from __future__ import annotations

from django import template

from masthead.core import surrogate
from masthead.core.pagecache import remember
from masthead.places import selectors
from masthead.places.models import Place

register = template.Library()


@register.simple_tag(takes_context=True)
def site_default_place_slug(context) -> str:
    site = context.get("current_site")
    if site is None:
        return ""
    # Purged with the site's chrome (places.integration.purge_on_settings_change).
    surrogate.add(surrogate.chrome(site.id))

    def compute() -> str:
        from wagtail.models import Site

        try:
            return selectors.site_default_place(site=Site.objects.get(pk=site.id)).slug
        except (Place.DoesNotExist, Site.DoesNotExist):
            return ""

    # Same for every reader; kept per process until a settings save purges the chrome key.
    return remember(f"places:default:{site.id}", compute, keys=[surrogate.chrome(site.id)])
