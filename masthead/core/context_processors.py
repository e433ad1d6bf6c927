"""Template context every page shares: the current site and its sister sites."""

from django.http import HttpRequest

from masthead.core.sites import network_sites, site_for_request


def network(request: HttpRequest) -> dict:
    site = site_for_request(request)
    return {"current_site": site, "network_sites": network_sites()}
