"""The page router: a reader's address to its live page in one indexed query, served as
Wagtail would (decision 0004)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpRequest, HttpResponse
from wagtail import hooks
from wagtail import views as wagtail_views
from wagtail.models import Page, PageViewRestriction, Site

from masthead.core import compat, prepared, surrogate
from masthead.core.localcopies import RESTRICTIONS, SITES, LocalCache
from masthead.core.pagecache import remember
from masthead.core.sites import site_for_request


def _wagtail_site(request: HttpRequest) -> Site | None:
    """Give Wagtail the request's site from our cached list instead of a query."""
    network_site = site_for_request(request)
    if network_site is None:
        return None
    site = Site(
        id=network_site.id,
        hostname=network_site.hostname,
        port=network_site.port,
        site_name=network_site.name,
        root_page_id=network_site.root_page_id,
        is_default_site=network_site.is_default,
    )
    compat.remember_request_site(request, site)
    return site


# Addresses each process remembers until their page's key is purged (unpublished, moved,
# deleted); only pages that exist, so unknown addresses cannot fill the memory.
ROUTES_KEPT = 20_000
_routes: LocalCache[tuple[int, int]] = LocalCache("newsroom:routes", max_entries=ROUTES_KEPT)


def serve(request: HttpRequest, path: str) -> HttpResponse:
    """Find the page by its site and URL path in one indexed query, then serve it as Wagtail
    would; anything that is not a plain page (routable sub-paths, redirects) goes to Wagtail."""
    network_site = site_for_request(request)
    if network_site is None:
        raise Http404("No site is configured for this host.")
    _wagtail_site(request)
    url_path = network_site.root_url_path + path
    if not url_path.endswith("/"):
        return wagtail_views.serve(request, path)
    row = _routes.get(url_path)
    if row is None:
        row = (
            Page.objects.filter(url_path=url_path, live=True)
            .values_list("id", "content_type_id")
            .first()
        )
        if row is None:
            return wagtail_views.serve(request, path)
        _routes.set(url_path, row, keys=[surrogate.page(row[0])])
    page_id, content_type_id = row
    model = ContentType.objects.get_for_id(content_type_id).model_class()

    def load(pk: int):
        queryset = model.objects.filter(id=pk)
        if hasattr(model, "serve_related"):
            queryset = queryset.select_related(*model.serve_related)
        return queryset

    # The same read every time for a page type: its SQL is compiled once per process.
    found = prepared.fetch(f"newsroom:route:{model._meta.label}", load, page_id)
    if not found:
        raise model.DoesNotExist
    page = found[0]
    compat.remember_request_route(request, page)
    # Wagtail reads the site root paths from the shared cache (a file read with the embedded
    # cache) for each new page instance and request that builds an address; they change only
    # with a site or its root page, both of which purge the sites key.
    root_paths = remember("wagtail:site-root-paths", Site.get_site_root_paths, keys=[SITES])
    compat.remember_site_root_paths(page, root_paths)
    compat.remember_site_root_paths(request, root_paths)

    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, [], {})
        if isinstance(result, HttpResponse):
            return result
    # Wagtail marks a restricted page private; the page cache never stores private responses.
    restricted = _view_restrictions_exist()
    on_serve_chain = wagtail_views.serve_chain
    view_restrictions = compat.view_restriction_hook()
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        if fn is view_restrictions and not restricted:
            continue
        on_serve_chain = fn(on_serve_chain)
    return on_serve_chain(page, request, [], {})


def _view_restrictions_exist() -> bool:
    """Whether any page of the network is behind a login or password.

    Wagtail looks up a page's restrictions (two queries) on every request; newsrooms rarely
    restrict pages, so while none exists the check is skipped. The answer is kept per process
    until the next purge: creating or removing a restriction purges the page cache.
    """
    return remember(
        "newsroom:view-restrictions", PageViewRestriction.objects.exists, keys=[RESTRICTIONS]
    )
