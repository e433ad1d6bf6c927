"""Traffic pages, the local traffic box and the severe-alert ribbon (fragments keyed by
place), and the reader's report form."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from masthead.core import surrogate
from masthead.core.pagecache import cacheable
from masthead.core.ratelimit import RateLimited, keys_for, limit
from masthead.places.components import (
    fragment_response,
    home_place_redirect,
    location_settings_url,
    resolve_place,
)
from masthead.traffic import selectors, services
from masthead.traffic.forms import ReportForm
from masthead.traffic.models import Alert


def alert_cache_headers(response: HttpResponse) -> HttpResponse:
    """Cacheable by the app and shared caches, but never served stale by a browser (no
    stale-while-revalidate): a newly published alert shows on the reader's next page."""
    cacheable(response, seconds=ALERT_SECONDS, keys=(surrogate.traffic(),))
    response["Cache-Control"] = (
        f"public, max-age=0, s-maxage={settings.PROXY_CACHE_SECONDS}, must-revalidate"
    )
    return response


@require_GET
def traffic_page(request: HttpRequest, slug: str) -> HttpResponse:
    place = resolve_place(request, slug)
    alerts = selectors.alerts_for_place(place=place)
    # The status line a reader reads first: how many alerts of each severity, worst first.
    severities = [
        (label, sum(1 for a in alerts if a.severity == value))
        for value, label in reversed(Alert.Severity.choices)
    ]
    response = TemplateResponse(
        request,
        "traffic/traffic_page.html",
        {
            "place": place,
            "alerts": alerts,
            "severities": [(label, n) for label, n in severities if n],
            "wider_alerts": selectors.alerts_around_place(place=place),
            "location_settings_url": location_settings_url(),
        },
    )
    return alert_cache_headers(response)


# Pages and fragments that show alerts are purged when an alert changes; this bounds how
# long one may show an alert past its expected end.
ALERT_SECONDS = 60


@require_GET
def box_fragment(request: HttpRequest, slug: str) -> HttpResponse:
    place = resolve_place(request, slug)
    response = fragment_response(
        "traffic/box_fragment.html",
        {
            "place": place,
            "alerts": selectors.alerts_for_place(place=place, limit=2),
        },
    )
    return alert_cache_headers(response)


@require_GET
def ribbon_fragment(request: HttpRequest, slug: str) -> HttpResponse:
    place = resolve_place(request, slug)
    alerts = selectors.ribbon_alerts_for(place=place)
    response = fragment_response("traffic/ribbon_fragment.html", {"place": place, "alerts": alerts})
    return alert_cache_headers(response)


@login_required
def report(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_spam:
            # Bots get the same answer as people, and nothing is stored.
            messages.success(request, "Thank you: your report is waiting for an editor.")
            return redirect("traffic:report")
        try:
            limit(
                scope="traffic-report",
                keys=keys_for(request, request.user),
                rate=getattr(settings, "TRAFFIC_REPORT_RATE", "5/h"),
                message="You have sent several reports already.",
            )
            if form.is_valid():
                data = form.cleaned_data
                services.alert_report(
                    reporter=request.user,
                    road=data["road"],
                    direction=data["direction"],
                    place=data["place"],
                    kind=data["kind"],
                    severity=data["severity"],
                    description=data["description"],
                )
                messages.success(request, "Thank you: your report is waiting for an editor.")
                return redirect("traffic:report")
            status = 400
        except RateLimited as error:
            form.add_error(None, error.message)
            status = 429
        except services.TrafficError as error:
            form.add_error(None, error.messages[0])
            status = 400
        except PermissionDenied as error:
            form.add_error(None, str(error) or "You cannot report traffic now.")
            status = 403
    response = TemplateResponse(
        request,
        "traffic/report.html",
        {"form": form, "location_settings_url": location_settings_url()},
        status=status,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def home_area(request: HttpRequest) -> HttpResponse:
    return home_place_redirect(request, "traffic:place")
