"""The review queue in the Wagtail admin: list with filters, one contribution with its
preview, photos and history, and the decisions (each one a service call)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST
from wagtail.models import Site

from masthead.contributions import selectors, services
from masthead.contributions import text as wording
from masthead.contributions.forms import DecisionForm
from masthead.contributions.models import CallOutPage, Contribution
from masthead.core import ids
from masthead.newsroom.models import SectionPage


def _int(value: str | None) -> int | None:
    return ids.parse(value)


def _require_reviewer(request: HttpRequest) -> None:
    if not request.user.has_perm("contributions.review_contribution"):
        raise PermissionDenied("You may not review reader contributions.")


def queue(request: HttpRequest) -> HttpResponse:
    _require_reviewer(request)
    get = request.GET
    filters = selectors.QueueFilters(
        site_id=_int(get.get("site")),
        kind=get.get("kind", "") if get.get("kind") in Contribution.Kind.values else "",
        status=get.get("status", "") if get.get("status") in Contribution.Status.values else "",
        section_id=_int(get.get("section")),
        place_id=_int(get.get("place")),
        callout_id=_int(get.get("callout")),
        before=_int(get.get("before")),
    )
    rows = selectors.review_queue(filters=filters)
    older = min((c.id for c in rows), default=None) if len(rows) >= selectors.PAGE_SIZE else None
    return TemplateResponse(
        request,
        "contributions/admin/queue.html",
        {
            "rows": rows,
            "filters": filters,
            "older": older,
            "sites": Site.objects.order_by("site_name"),
            "kinds": Contribution.Kind.choices,
            "statuses": Contribution.Status.choices,
            "sections": SectionPage.objects.order_by("path").only("id", "title", "depth"),
            "callouts": CallOutPage.objects.order_by("-deadline").only("id", "title")[:50],
            "places": {c.place for c in rows if c.place_id},
        },
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reviewer(request)
    contribution = selectors.contribution_get_for_review(pk=pk)
    return TemplateResponse(
        request,
        "contributions/admin/detail.html",
        {
            "contribution": contribution,
            "paragraphs": wording.paragraphs(contribution.body),
            "photos": list(contribution.photos.all()),
            "decisions": list(contribution.decisions.all()),
            "form": DecisionForm(),
            "min_words": wording.MIN_WORDS,
        },
    )


@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reviewer(request)
    contribution = selectors.contribution_get_for_review(pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a decision.")
        return redirect("contributions_admin:detail", pk=pk)
    action, note, actor = form.cleaned_data["action"], form.cleaned_data["note"], request.user
    try:
        if action == "review":
            services.contribution_start_review(actor=actor, contribution=contribution)
            messages.success(request, "Marked as in review.")
        elif action == "request_changes":
            services.contribution_request_changes(actor=actor, contribution=contribution, note=note)
            messages.success(request, "Changes requested; the contributor will be e-mailed.")
        elif action == "decline":
            services.contribution_decline(actor=actor, contribution=contribution, reason=note)
            messages.success(request, "Declined; the contributor will be e-mailed.")
        elif action in ("accept", "publish"):
            page = services.contribution_accept(
                actor=actor, contribution=contribution, publish=action == "publish", note=note
            )
            messages.success(
                request,
                "Published." if action == "publish" else "Accepted: the page is a draft to polish.",
            )
            if action == "accept":
                return redirect("wagtailadmin_pages:edit", page.pk)
        elif action == "verify":
            services.contribution_verify(actor=actor, contribution=contribution, note=note)
            messages.success(request, "Marked verified by the newsroom.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("contributions_admin:detail", pk=pk)
