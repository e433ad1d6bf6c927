"""Site lookup without a query per request: the network's sites are few and change rarely."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.http.request import split_domain_port
from wagtail.models import Site

from masthead.core import localcopies
from masthead.core.pagecache import remember

NETWORK_KEY = "network:sites:v1"


@dataclass(frozen=True)
class NetworkSite:
    id: int
    hostname: str
    port: int
    name: str
    root_page_id: int
    root_url_path: str
    root_path: str
    time_zone: str
    is_default: bool

    @property
    def root_url(self) -> str:
        if self.port == 80:
            return f"http://{self.hostname}"
        if self.port == 443:
            return f"https://{self.hostname}"
        return f"http://{self.hostname}:{self.port}"

    def owns(self, url_path: str) -> bool:
        """A page with this tree-wide ``url_path`` lives on this site."""
        return url_path.startswith(self.root_url_path)

    def path_of(self, url_path: str) -> str:
        """A page's path on this site ("/news/world/story/") from its tree-wide ``url_path``
        ("/home/news/world/story/"): the root's path ends with "/", which the result keeps."""
        return url_path[len(self.root_url_path) - 1 :]

    def url_of(self, url_path: str) -> str:
        """A page's full address on this site, from its tree-wide ``url_path``."""
        return self.root_url + self.path_of(url_path)

    def absolute(self, url: str) -> str:
        """``url`` on this site: a path gets the site's address; a full URL (a media file on
        S3, a page of another site) stays as it is."""
        return url if url.startswith(("http://", "https://")) else self.root_url + url


def network_sites() -> list[NetworkSite]:
    # Every request needs the list (router, context processor): each process keeps its copy
    # until a site's change purges the sites key (newsroom/signals.py, invalidation.site_keys).
    return remember(NETWORK_KEY, _shared_network_sites, keys=[localcopies.SITES])


def _shared_network_sites() -> list[NetworkSite]:
    sites = cache.get(NETWORK_KEY)
    if sites is None:
        sites = [
            NetworkSite(
                id=s.id,
                hostname=s.hostname,
                port=s.port,
                name=s.site_name or s.hostname,
                root_page_id=s.root_page_id,
                root_url_path=s.root_page.url_path,
                root_path=s.root_page.path,
                time_zone=getattr(s.root_page.specific, "time_zone", settings.TIME_ZONE),
                is_default=s.is_default_site,
            )
            for s in Site.objects.select_related("root_page").order_by(
                "-is_default_site", "hostname"
            )
        ]
        cache.set(NETWORK_KEY, sites, timeout=3600)
    return sites


def site_owning(url_path: str, sites: list[NetworkSite] | None = None) -> NetworkSite | None:
    """The site a page with this ``url_path`` belongs to (None: a page outside every site)."""
    return next(
        (s for s in (network_sites() if sites is None else sites) if s.owns(url_path)), None
    )


def site_holding(path: str, sites: list[NetworkSite] | None = None) -> NetworkSite | None:
    """The site whose tree holds the page at treebeard ``path`` (None: outside every site)."""
    candidates = network_sites() if sites is None else sites
    return next((s for s in candidates if path.startswith(s.root_path)), None)


def forget_network_sites() -> None:
    localcopies.invalidate([localcopies.SITES])
    cache.delete(NETWORK_KEY)
    Site.clear_site_root_paths_cache()


def site_for_request(request: HttpRequest) -> NetworkSite | None:
    if hasattr(request, "_masthead_site"):
        return request._masthead_site
    hostname, port = split_domain_port(request.get_host())
    port_number = int(port) if port else request.get_port()
    sites = network_sites()
    by_host = [s for s in sites if s.hostname == hostname]
    match = next((s for s in by_host if s.port == int(port_number)), None)
    if match is None and len(by_host) == 1:
        match = by_host[0]
    if match is None:
        match = next((s for s in sites if s.is_default), None)
    request._masthead_site = match
    return match
