"""Reader pages that are listings rather than pages of the tree: tags, authors, the
corrections record and the collections (Multimedia, News in Pictures)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from masthead.core import ids, surrogate
from masthead.core.pagecache import cacheable
from masthead.core.sites import site_for_request
from masthead.newsroom.models import GalleryPage, StoryPage, VideoPage
from masthead.newsroom.reading import listings, stories


def tag(request: HttpRequest, slug: str) -> HttpResponse:
    site = site_for_request(request)
    if site is None:
        raise Http404
    tag_obj = listings.tag_get(slug=slug)
    root_path = site.root_path
    listing = listings.page_by_key(
        listings.stories_for_tag(root_path=root_path, tag=tag_obj),
        cursor=request.GET.get("before", ""),
        first_page=lambda limit: listings.newest_with_tag(tag_obj.id, root_path, limit=limit),
    )
    if not listing.items and not request.GET.get("before"):
        raise Http404("No story on this site carries that tag.")
    response = TemplateResponse(
        request, "newsroom/tag_page.html", {"tag": tag_obj, "stories": listing}
    )
    keys = (surrogate.tag(tag_obj.id), surrogate.tag_listing(tag_obj.id))
    return cacheable(response, keys=keys, exact=True)


def related(request: HttpRequest, tag_id: int) -> HttpResponse:
    """The related list a proxy stitches into articles (``stories.related_include``): the
    topic's shared list, or with ``?story=`` one story's own. Always a 200, an empty one when
    there is nothing to show: the proxy would stitch an error page's body into the article."""
    site = site_for_request(request)
    story_id = ids.parse(request.GET.get("story"))
    found: list = []
    if site is not None and story_id is not None:
        story = (
            StoryPage.objects.live()
            .public()
            .filter(id=story_id, path__startswith=site.root_path)
            .specific()
            .first()
        )
        if story is not None:
            found = stories.story_related(story=story)
        surrogate.add(surrogate.page(story_id))
    elif site is not None and "story" not in request.GET:
        found = stories.topic_related(site_root=site.root_path, tag_id=tag_id)
    response = TemplateResponse(request, "newsroom/includes/related.html", {"related": found})
    return cacheable(response, keys=(surrogate.tag_listing(tag_id),), exact=True)


def author(request: HttpRequest, slug: str) -> HttpResponse:
    site = site_for_request(request)
    if site is None:
        raise Http404
    author_obj = listings.author_get(slug=slug)
    stories = listings.stories_for_author(root_path=site.root_path, author=author_obj)
    listing = listings.page_by_key(stories, cursor=request.GET.get("before", ""))
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
    notes = listings.notes_for_site(root_path=site.root_path, cursor=request.GET.get("before", ""))
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
    listing = listings.page_by_key(
        listings.stories_of_kinds(root_path=site.root_path, models=models),
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
