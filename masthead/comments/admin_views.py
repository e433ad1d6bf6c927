"""The moderation queue in the Wagtail admin: pending, reported and recent comments, filters,
single and bulk actions, suspensions and the log. Every action goes through services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from wagtail.models import Site

from masthead.comments import selectors, services
from masthead.comments.models import Comment, ModerationLog
from masthead.core.ids import parse as parse_id

BULK = {"approve", "reject", "hold", "feature", "unfeature"}
SINGLE = BULK | {"suspend", "ban"}


# Ten years: beyond it a suspension is a ban (and a date past year 9999 is an error).
MAX_SUSPENSION_DAYS = 3650


def _int(value: str | None) -> int | None:
    return parse_id(value)


@require_http_methods(["GET", "POST"])
def queue(request: HttpRequest) -> HttpResponse:
    services.access_comments_for_moderation(actor=request.user)
    if request.method == "POST":
        _act(request)
        return redirect(request.get_full_path())
    which = request.GET.get("queue", "pending")
    which = which if which in selectors.QUEUES else "pending"
    filters = {
        "site_id": _int(request.GET.get("site")),
        "section_id": _int(request.GET.get("section")),
        "page_id": _int(request.GET.get("story")),
        "author": request.GET.get("author", "").strip()[:150],
    }
    rows, next_key = selectors.queue_list(
        queue=which, before=request.GET.get("before", ""), **filters
    )
    query = request.GET.copy()
    query.pop("before", None)
    return render(
        request,
        "comments/admin/queue.html",
        {
            "rows": rows,
            "next_key": next_key,
            "queue": which,
            "queues": [("pending", "Pending"), ("reported", "Reported"), ("recent", "Recent")],
            "sites": Site.objects.order_by("site_name"),
            "filters": filters,
            "query": query.urlencode(),
        },
    )


def _act(request: HttpRequest) -> None:
    act = request.POST.get("act", "")
    name, _, target = act.partition(":")
    reason = request.POST.get("reason", "").strip()
    if target:
        ids = [pk for pk in [_int(target)] if pk]
    else:
        ids = [pk for pk in (_int(v) for v in request.POST.getlist("ids")) if pk]
    if name not in (SINGLE if target else BULK) or not ids:
        messages.error(request, "Choose comments and an action.")
        return
    actor = request.user
    try:
        if name == "approve":
            done = services.comment_approve(actor=actor, comment_ids=ids, reason=reason)
        elif name == "reject":
            done = services.comment_reject(actor=actor, comment_ids=ids, reason=reason)
        elif name == "hold":
            done = services.comment_hold(actor=actor, comment_ids=ids, reason=reason)
        elif name in ("feature", "unfeature"):
            done = services.comment_feature(
                actor=actor, comment_ids=ids, featured=name == "feature"
            )
        else:
            comment = Comment.objects.select_related("author").get(pk=ids[0])
            days = _int(request.POST.get("days")) if name == "suspend" else None
            if name == "suspend" and not (days and days <= MAX_SUSPENSION_DAYS):
                raise services.CommentError(
                    f"Give the number of days for the suspension (1 to {MAX_SUSPENSION_DAYS})."
                )
            services.author_suspend(actor=actor, comment=comment, days=days, reason=reason)
            done = 1
    except (ValidationError, PermissionDenied, Comment.DoesNotExist) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text or "That action is not allowed.")
        return
    past = {
        "approve": "approved",
        "reject": "rejected",
        "hold": "held",
        "feature": "featured",
        "unfeature": "unfeatured",
        "suspend": "suspended",
        "ban": "banned",
    }[name]
    noun = "author" if name in ("suspend", "ban") else "comment"
    messages.success(request, f"{done} {noun}{'s' if done != 1 else ''} {past}.")


def log(request: HttpRequest) -> HttpResponse:
    services.access_comments_for_moderation(actor=request.user)
    entries = ModerationLog.objects.select_related("actor", "subject", "comment").order_by(
        "-created_at", "-id"
    )[:200]
    return render(request, "comments/admin/log.html", {"entries": entries})
