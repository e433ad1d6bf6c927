"""Template context every page shares: the current site and its sister sites."""

from django.http import HttpRequest

from masthead.core.languages import site_language
from masthead.core.sites import network_sites, site_for_request


def network(request: HttpRequest) -> dict:
    site = site_for_request(request)
    # A story says its own language (StoryPage.language_tag); every other page is the site's.
    return {
        "current_site": site,
        "network_sites": network_sites(),
        "site_language": site_language(),
    }
