"""Reader-facing views: the page router, tag pages and author pages."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from wagtail import hooks
from wagtail import views as wagtail_views
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.wagtail_hooks import check_view_restrictions

from masthead.core import prepared, surrogate
from masthead.core.localcopies import RESTRICTIONS, SITES, LocalCache
from masthead.core.pagecache import cacheable, remember
from masthead.core.sites import site_for_request
from masthead.newsroom import selectors
from masthead.newsroom.models import GalleryPage, StoryPage, VideoPage


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
    request._wagtail_site = site
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
    request._wagtail_route_for_request = (page, [], {})
    # Wagtail reads the site root paths from the shared cache (a file read with the embedded
    # cache) for each new page instance and request that builds an address; they change only
    # with a site or its root page, both of which purge the sites key.
    root_paths = remember("wagtail:site-root-paths", Site.get_site_root_paths, keys=[SITES])
    page._wagtail_cached_site_root_paths = root_paths
    request._wagtail_cached_site_root_paths = root_paths

    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, [], {})
        if isinstance(result, HttpResponse):
            return result
    # Wagtail marks a restricted page private; the page cache never stores private responses.
    restricted = _view_restrictions_exist()
    on_serve_chain = wagtail_views.serve_chain
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        if fn is check_view_restrictions and not restricted:
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


def tag(request: HttpRequest, slug: str) -> HttpResponse:
    site = site_for_request(request)
    if site is None:
        raise Http404
    tag_obj = selectors.tag_get(slug=slug)
    root_path = site.root_path
    listing = selectors.page_by_key(
        selectors.stories_for_tag(root_path=root_path, tag=tag_obj),
        cursor=request.GET.get("before", ""),
        first_page=lambda limit: selectors.newest_with_tag(tag_obj.id, root_path, limit=limit),
    )
    if not listing.items and not request.GET.get("before"):
        raise Http404("No story on this site carries that tag.")
    response = TemplateResponse(
        request, "newsroom/tag_page.html", {"tag": tag_obj, "stories": listing}
    )
    return cacheable(response, keys=(surrogate.tag(tag_obj.id), surrogate.tag_listing(tag_obj.id)))


def author(request: HttpRequest, slug: str) -> HttpResponse:
    site = site_for_request(request)
    if site is None:
        raise Http404
    author_obj = selectors.author_get(slug=slug)
    stories = selectors.stories_for_author(root_path=site.root_path, author=author_obj)
    listing = selectors.page_by_key(stories, cursor=request.GET.get("before", ""))
    # A byline becomes public with its first live story here: an imported draft's byline
    # (or an author whose stories were all unpublished) has no page yet.
    if not listing.items and (not request.GET.get("before") or not stories.exists()):
        raise Http404("No story by that author is published on this site.")
    response = TemplateResponse(
        request, "newsroom/author_page.html", {"author": author_obj, "stories": listing}
    )
    keys = [surrogate.author(author_obj.id), surrogate.author_listing(author_obj.id)]
    if author_obj.photo_id:
        keys.append(surrogate.image(author_obj.photo_id))
    return cacheable(response, keys=keys, exact=True)


def corrections(request: HttpRequest) -> HttpResponse:
    """The site's public corrections record: every correction and update on its stories,
    newest first, each linking to its story."""
    site = site_for_request(request)
    if site is None:
        raise Http404
    notes = selectors.notes_for_site(root_path=site.root_path, cursor=request.GET.get("before", ""))
    response = TemplateResponse(request, "newsroom/corrections_page.html", {"notes": notes})
    return cacheable(response, keys=(surrogate.corrections(site.id),), exact=True)


# The collections in the navigation beside the sections: not pages of the tree but listings of
# one kind of story across the whole site. Each names its neighbours for the tabs.
MULTIMEDIA_TABS = (
    ("All multimedia", "/multimedia/"),
    ("News in Pictures", "/multimedia/pictures/"),
)


def collection(
    request: HttpRequest,
    *,
    models: tuple[type[StoryPage], ...],
    title: str,
    intro: str,
    tabs: tuple[tuple[str, str], ...] = (),
) -> HttpResponse:
    """A section-like listing of the site's stories of these kinds, newest first, paged by
    key. Shown to everyone alike; any publish on the site purges it (the site's feed key)."""
    site = site_for_request(request)
    if site is None:
        raise Http404
    listing = selectors.page_by_key(
        selectors.stories_of_kinds(root_path=site.root_path, models=models),
        cursor=request.GET.get("before", ""),
    )
    response = TemplateResponse(
        request,
        "newsroom/collection_page.html",
        {"title": title, "intro": intro, "tabs": tabs, "stories": listing},
    )
    return cacheable(response, keys=(surrogate.feed(site.id),))


def multimedia(request: HttpRequest) -> HttpResponse:
    return collection(
        request,
        models=(GalleryPage, VideoPage),
        title="Multimedia",
        intro="Galleries and video from our reporters and photographers.",
        tabs=MULTIMEDIA_TABS,
    )


def pictures(request: HttpRequest) -> HttpResponse:
    return collection(
        request,
        models=(GalleryPage,),
        title="News in Pictures",
        intro="The day's stories told in photographs.",
        tabs=MULTIMEDIA_TABS,
    )
