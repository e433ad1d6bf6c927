"""Reader views: the shared thread fragment, the reader's own fragment, counts, and the pages
to post, reply, edit, delete and report. Each parses, checks and calls a service or selector."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from masthead.comments import conf, selectors, services
from masthead.comments.models import Comment, Mode, ReportReason, Status
from masthead.core.pagecache import cacheable
from masthead.core.ratelimit import RateLimited, keys_for
from masthead.newsroom.models import StoryPage

MAX_COUNT_IDS = 100


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


def _shared_briefly(response: HttpResponse) -> HttpResponse:
    # Proxies may keep it a few seconds; the app's own copy is versioned (selectors).
    patch_cache_control(response, public=True, max_age=0, s_maxage=conf.thread_proxy_seconds())
    return response


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return getattr(error, "message", None) or str(error) or "That is not allowed."


def _story(page_id: int) -> StoryPage:
    # public(): a story behind a password or login shares nothing through these fragments.
    story = StoryPage.objects.live().public().filter(pk=page_id).first()
    if story is None:
        raise Http404("No such story")
    return story


# --- Fragments -------------------------------------------------------------------------------
@require_GET
def thread_fragment(request: HttpRequest, page_id: int) -> HttpResponse:
    """The story's thread, the same for every reader (nothing here reads the session)."""
    sort = request.GET.get("sort", "newest")
    sort = sort if sort in selectors.SORTS else "newest"
    after = request.GET.get("after", "")[:40]
    key = f"comments:thread:{page_id}:{selectors.thread_version(page_id)}:{sort}:{after}"
    html = cache.get(key)
    if html is None:
        story = _story(page_id)
        thread = selectors.thread_page(page_id=story.pk, sort=sort, after=after)
        html = render_to_string(
            "comments/thread.html",
            {"story_id": story.pk, "thread": thread, "sorts": _sort_links(story.pk, sort)},
        )
        cache.set(key, html, timeout=conf.thread_cache_seconds())
    return _shared_briefly(HttpResponse(html))


def _sort_links(page_id: int, current: str) -> list[dict]:
    names = {"newest": "Newest", "oldest": "Oldest", "picks": "Editors' picks"}
    return [
        {
            "name": names[s],
            "url": f"/fragments/comments/{page_id}/?sort={s}",
            "current": s == current,
        }
        for s in selectors.SORTS
    ]


@require_GET
def replies_fragment(request: HttpRequest, root_id: int) -> HttpResponse:
    root = get_object_or_404(Comment, pk=root_id, depth=0)
    after = request.GET.get("after", "")[:255]
    replies, next_key = selectors.replies_after(root=root, after_path=after)
    html = render_to_string(
        "comments/replies.html", {"root": root, "replies": replies, "next_key": next_key}
    )
    return _shared_briefly(HttpResponse(html))


@require_GET
def me_fragment(request: HttpRequest, page_id: int) -> HttpResponse:
    """What belongs to this reader: the form (or why there is none), the policy, and their
    own comments on the story at once, including those awaiting review."""
    story = _story(page_id)
    site_settings = services.settings_for_story(story=story)
    mode, why = services.mode_for_story(story=story, site_settings=site_settings)
    own: list[Comment] = []
    editable: list[int] = []
    if request.user.is_authenticated:
        own = selectors.comments_of_author_on_page(author_id=request.user.pk, page_id=story.pk)
        now = timezone.now()
        editable = [
            c.pk
            for c in own
            if c.status in (Status.PUBLISHED, Status.PENDING) and services.editable_until(c) > now
        ]
    context = {
        "story": story,
        "mode": mode,
        "why": why,
        "closed": mode == Mode.CLOSED,
        "premoderated": mode == Mode.PREMODERATED,
        "hold": _hold_notice(request, story=story, mode=mode, site_settings=site_settings)
        if mode != Mode.CLOSED
        else None,
        "policy_url": _policy_url(site_settings, request),
        "own": own,
        "own_ids": " ".join(str(c.pk) for c in own if c.status != Status.DELETED),
        "editable_ids": " ".join(str(pk) for pk in editable),
        "max_length": conf.max_length(),
        "form_action": f"/comments/{story.pk}/post/",
        "next": story.get_url(request) or "/",
    }
    return _private(render(request, "comments/me.html", context))


def _hold_notice(
    request: HttpRequest, *, story: StoryPage, mode: str | None = None, site_settings=None
) -> dict[str, list[str]] | None:
    """What the form says before posting: held for sure and why, or held only if the text has
    a link or a listed word. The same function decides the hold itself (services.hold_reasons)."""
    if not request.user.is_authenticated:
        return None
    reasons = services.hold_reasons(
        author=request.user, story=story, body=None, mode=mode, site_settings=site_settings
    )
    return {
        "certain": [r.text for r in reasons if r.certain],
        "conditions": [r.condition for r in reasons if not r.certain],
    }


def _policy_url(site_settings, request: HttpRequest) -> str:
    if site_settings.policy_page_id:
        page = site_settings.policy_page
        if page is not None and page.live:
            return page.get_url(request) or "/comments-policy/"
    # Every demo site has one at this address; editors may choose another page.
    return "/comments-policy/"


@require_GET
def counts(request: HttpRequest) -> JsonResponse:
    """Comment counts for the teasers on a page, one query; the same answer for everyone."""
    parts = [p.strip() for p in request.GET.get("ids", "").split(",")[:MAX_COUNT_IDS]]
    ids = [int(p) for p in parts if p.isdigit() and len(p) < 12]
    found = selectors.counts_for(page_ids=ids) if ids else {}
    response = JsonResponse({"counts": {str(pk): found.get(pk, 0) for pk in ids}})
    return cacheable(response, seconds=30)


# --- Reader actions --------------------------------------------------------------------------
def _story_url(request: HttpRequest, story: StoryPage, anchor: str = "comments") -> str:
    return (story.get_url(request) or "/") + f"#{anchor}"


@login_required
@require_POST
def post(request: HttpRequest, page_id: int) -> HttpResponse:
    story = _story(page_id)
    return _create(request, story=story, parent=None)


@login_required
@require_http_methods(["GET", "POST"])
def reply(request: HttpRequest, comment_id: int) -> HttpResponse:
    parent = get_object_or_404(
        Comment.objects.select_related("author", "page"), pk=comment_id, status=Status.PUBLISHED
    )
    story = _story(parent.page_id)
    if request.method == "POST":
        return _create(request, story=story, parent=parent)
    return _private(
        render(
            request,
            "comments/reply.html",
            {
                "story": story,
                "parent": parent,
                "hold": _hold_notice(request, story=story),
                "max_length": conf.max_length(),
                "form_action": f"/comments/{parent.pk}/reply/",
            },
        )
    )


def _create(request: HttpRequest, *, story: StoryPage, parent: Comment | None) -> HttpResponse:
    # The page and the parent come from the URL and the author from the session: a forged
    # form field naming another page, parent or author is never read.
    body = request.POST.get("body", "")
    try:
        comment = services.comment_create(
            page=story,
            author=request.user,
            body=body,
            parent=parent,
            rate_keys=keys_for(request, request.user),
            honeypot=request.POST.get("website", ""),
        )
    except (ValidationError, PermissionDenied) as error:
        response = render(
            request,
            "comments/reply.html" if parent else "comments/post.html",
            {
                "story": story,
                "parent": parent,
                "error": _message(error),
                "body": body,
                "hold": _hold_notice(request, story=story),
                "max_length": conf.max_length(),
                "form_action": f"/comments/{parent.pk}/reply/"
                if parent
                else f"/comments/{story.pk}/post/",
            },
            status=429 if isinstance(error, RateLimited) else 400,
        )
        return _private(response)
    anchor = "comments" if comment.status != Status.PUBLISHED else f"comment-{comment.pk}"
    return redirect(_story_url(request, story, anchor))


def _own(request: HttpRequest, comment_id: int) -> Comment:
    comment = get_object_or_404(Comment.objects.select_related("page"), pk=comment_id)
    try:
        services.access_comment_for_change(comment=comment, user=request.user)
    except PermissionDenied as error:
        raise PermissionDenied(_message(error)) from None
    return comment


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _own(request, comment_id)
    error = ""
    body = comment.body
    if request.method == "POST":
        body = request.POST.get("body", "")
        try:
            services.comment_edit(comment=comment, user=request.user, body=body)
        except (ValidationError, PermissionDenied) as exc:
            error = _message(exc)
        else:
            return redirect(_story_url(request, comment.page, f"comment-{comment.pk}"))
    context = {
        "comment": comment,
        "story": comment.page,
        "body": body,
        "error": error,
        "max_length": conf.max_length(),
        "until": services.editable_until(comment),
        "form_action": f"/comments/{comment.pk}/edit/",
    }
    return _private(render(request, "comments/edit.html", context, status=400 if error else 200))


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _own(request, comment_id)
    if request.method == "POST":
        services.comment_delete(comment=comment, user=request.user)
        return redirect(_story_url(request, comment.page))
    return _private(render(request, "comments/delete.html", {"comment": comment}))


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(
        Comment.objects.select_related("page", "author"), pk=comment_id, status=Status.PUBLISHED
    )
    error = ""
    done = False
    if request.method == "POST":
        try:
            services.comment_report(
                comment=comment,
                reporter=request.user,
                reason=request.POST.get("reason", ""),
                note=request.POST.get("note", ""),
                rate_keys=keys_for(request, request.user),
            )
            done = True
        except (ValidationError, PermissionDenied) as exc:
            error = _message(exc)
    context = {
        "comment": comment,
        "story": comment.page,
        "reasons": ReportReason.choices,
        "error": error,
        "done": done,
        "story_url": _story_url(request, comment.page),
    }
    return _private(render(request, "comments/report.html", context, status=400 if error else 200))
