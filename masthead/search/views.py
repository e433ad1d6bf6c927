"""The reader's search page: this site or the whole network, the same page for every reader."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET
from taggit.models import Tag

from masthead.core.pagecache import cacheable
from masthead.core.sites import network_sites, site_for_request
from masthead.search import selectors
from masthead.search.forms import SearchForm


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    site = site_for_request(request)
    if site is None:
        raise Http404("No site is configured for this host.")
    form = SearchForm(request.GET or None, sections=selectors.sections_for_filter(site=site))
    context: dict = {"form": form, "results": None, "error": None}
    status = 200
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        network = data.get("scope") == "network"
        tag = Tag.objects.filter(slug=data["tag"]).first() if data.get("tag") else None
        section = (
            selectors.section_get(site=site, section_id=data["section"])
            if data.get("section") and not network
            else None
        )
        try:
            if data.get("tag") and tag is None:
                raise selectors.SearchInputError("No story carries that tag.")
            context["results"] = selectors.search_stories(
                query=data.get("q") or "",
                sites=network_sites() if network else [site],
                current_site=site,
                filters=selectors.SearchFilters(
                    section=section,
                    tag=tag,
                    published_from=data.get("published_from"),
                    published_to=data.get("published_to"),
                ),
                order=data.get("order") or "relevance",
                cursor=data.get("after") or "",
            )
        except selectors.SearchInputError as error:
            context["error"] = str(error)
            status = 400
        context["tag"] = tag
        context["network"] = network
    elif form.is_bound:
        status = 400
    if context["results"] is not None and context["results"].next_cursor:
        params = request.GET.copy()
        params["after"] = context["results"].next_cursor
        context["next_query"] = params.urlencode()
    response = TemplateResponse(request, "sitesearch/search.html", context, status=status)
    # Results are the same for every reader, so the page cache and a CDN may keep them;
    # a publish moves the page cache on.
    return cacheable(response) if status == 200 else response
