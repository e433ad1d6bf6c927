"""The reader's search page and the suggestions its search boxes ask for as the reader types."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.views.decorators.http import require_GET
from taggit.models import Tag

from masthead.core import surrogate
from masthead.core.pagecache import cacheable
from masthead.core.sites import network_sites, site_for_request
from masthead.core.timefmt import shown_datetime, zone_for
from masthead.search import selectors
from masthead.search.forms import SearchForm

# Filters a facet link sets; the others the reader chose stay as they were.
FACET_PARAMS = {
    "site": "scope",
    "kind": "kind",
    "section": "section",
    "author": "author",
    "place": "place",
}


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
                    kind=data.get("kind") or None,
                    author=data.get("author"),
                    place=data.get("place"),
                ),
                order=data.get("order") or "relevance",
                cursor=data.get("after") or "",
                correct=not data.get("exact"),
            )
        except selectors.SearchInputError as error:
            context["error"] = str(error)
            status = 400
        context["tag"] = tag
        context["network"] = network
    elif form.is_bound:
        status = 400
    results = context["results"]
    if results is not None:
        context["hits_html"] = _hits_html(results.hits, network=context["network"], site=site)
        link = _Links(request)
        context["facet_links"] = _facet_links(request, results, link)
        context["filters_html"] = _filters_html(context["facet_links"])
        context["order_links"] = _order_links(results, link)
        if results.next_cursor:
            params = request.GET.copy()
            params["after"] = results.next_cursor
            context["next_query"] = params.urlencode()
    response = TemplateResponse(request, "sitesearch/search.html", context, status=status)
    # Results are the same for every reader, so the page cache and a CDN may keep them;
    # a story's change purges the search pages of its site (and network-wide searches).
    return cacheable(response, keys=_search_keys(site), exact=True) if status == 200 else response


def _hits_html(hits: list[selectors.SearchHit], *, network: bool, site) -> SafeString:
    """The results list's items, written here rather than in the template: twenty hits of ten
    template variables and two date formats each were most of a results page's rendering
    (docs/search.md, "Speed"). Titles and snippets come escaped with their <mark>s; everything
    else is escaped here."""
    zone = zone_for(site.time_zone)
    items = []
    for hit in hits:
        machine, when = shown_datetime(hit.published_at, zone, long_month=True)
        source = (
            f'<span class="search-hit__site">{conditional_escape(hit.site.name)}</span> · '
            if network and hit.site
            else ""
        )
        snippet = (
            f'\n      <p class="search-hit__snippet">{conditional_escape(hit.snippet)}</p>'
            if hit.snippet
            else ""
        )
        items.append(
            '<li class="search-hit">\n'
            f'      <h3 class="search-hit__title"><a href="{conditional_escape(hit.url)}">'
            f"{conditional_escape(hit.title)}</a></h3>\n"
            f'      <p class="search-hit__meta">{source}<span class="search-hit__kind">'
            f"{conditional_escape(capfirst(hit.kind))}</span> · "
            f'<time datetime="{machine}">{when}</time></p>'
            f"{snippet}\n    </li>"
        )
    return mark_safe("\n    ".join(items))  # noqa: S308 - every part escaped above


def _search_keys(site) -> list[str]:
    # Every search page names every site's search key: a network-wide search lists any
    # site's stories, and one key per site keeps a purge from reaching other networks' hosts.
    return [surrogate.search(s.id) for s in network_sites()] if site else []


class _Links:
    """Addresses of this search with some parameters changed, every page starting again at its
    first: a results page makes some thirty, so the reader's parameters are read once."""

    def __init__(self, request: HttpRequest) -> None:
        self.base = {name: values for name, values in request.GET.lists() if name != "after"}

    def __call__(self, **changes: str | None) -> str:
        params = dict(self.base)
        for name, value in changes.items():
            if value is None:
                params.pop(name, None)
            else:
                params[name] = [value]
        return "?" + urlencode([(name, v) for name, values in params.items() for v in values])


def _facet_links(request: HttpRequest, results: selectors.SearchPage, link: _Links) -> list[dict]:
    """Each filter group with its values, counts, links that apply them, and the way back."""
    groups = []
    titles = {
        "site": "Site",
        "kind": "Kind",
        "section": "Section",
        "date": "Published",
        "author": "Author",
        "place": "Place",
    }
    for name, values in results.facets.items():
        if not values:
            continue
        param = FACET_PARAMS.get(name)
        chosen = request.GET.get(param) if param else None
        items = []
        for value in values:
            if name == "date":
                from masthead.search.engine import DATE_BUCKETS
                from masthead.search.selectors import today_minus

                days = dict(DATE_BUCKETS)[value.key]
                href = link(published_from=today_minus(days).isoformat(), published_to=None)
                selected = False
            elif name == "site":
                # Counts by site appear on network searches; a site link searches that site.
                site = next((s for s in network_sites() if str(s.id) == value.key), None)
                href = (site.root_url + "/search/" + link(scope=None)) if site else "#"
                selected = False
            else:
                href = link(**{param: value.key})
                selected = chosen == value.key
            items.append(
                {"label": value.label, "count": value.count, "href": href, "selected": selected}
            )
        clear = None
        if name == "date" and (
            request.GET.get("published_from") or request.GET.get("published_to")
        ):
            clear = link(published_from=None, published_to=None)
        elif chosen and name not in ("site", "date"):
            clear = link(**{param: None})
        groups.append({"name": name, "title": titles[name], "items": items, "clear": clear})
    return groups


def _filter_link(item: dict) -> str:
    href, label = conditional_escape(item["href"]), conditional_escape(item["label"])
    if item["selected"]:
        return f'<a aria-current="true" href="{href}"><strong>{label}</strong></a>'
    return f'<a href="{href}">{label}</a>'


def _filters_html(groups: list[dict]) -> SafeString:
    """The filter groups' HTML, written here for the reason ``_hits_html`` is: six groups of up
    to a dozen links were a sixth of a results page's time in the template."""
    if not groups:
        return mark_safe("")
    parts = [
        '<aside class="search-filters" aria-labelledby="filters-heading">\n'
        '  <h2 id="filters-heading">Narrow the results</h2>'
    ]
    for group in groups:
        title = conditional_escape(group["title"])
        items = "".join(
            f"<li>{_filter_link(item)}"
            f' <span class="search-filter__count">({intcomma(item["count"])})</span></li>'
            for item in group["items"]
        )
        clear = (
            f'\n    <p><a class="search-filter__clear" href="{conditional_escape(group["clear"])}">'
            f"Any {conditional_escape(group['title'].lower())}</a></p>"
            if group["clear"]
            else ""
        )
        parts.append(
            f'\n  <nav class="search-filter search-filter--{conditional_escape(group["name"])}" '
            f'aria-label="{title}">\n    <h3>{title}</h3>\n    <ul>\n      {items}\n    </ul>'
            f"{clear}\n  </nav>"
        )
    parts.append("\n</aside>")
    return mark_safe("".join(parts))  # noqa: S308 - every part escaped above


def _order_links(results: selectors.SearchPage, link: _Links) -> list[dict]:
    return [
        {"label": label, "href": link(order=key), "current": results.order == key}
        for key, label in (("relevance", "Most relevant"), ("newest", "Newest first"))
    ]


@require_GET
def suggest(request: HttpRequest) -> HttpResponse:
    """Headlines and tags for the letters typed so far, as JSON; the same for every reader."""
    site = site_for_request(request)
    if site is None:
        raise Http404("No site is configured for this host.")
    network = request.GET.get("scope") == "network"
    found = selectors.suggestions_for(
        prefix=request.GET.get("q", ""), site=None if network else site, current_site=site
    )
    response = JsonResponse(
        {"suggestions": [{"text": s.text, "url": s.url, "kind": s.kind} for s in found]}
    )
    return cacheable(response, keys=_search_keys(site), exact=True)
