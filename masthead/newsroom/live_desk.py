"""The live desk in the Wagtail admin: one screen to post, edit, pin, mark and delete a live
blog's updates without publishing the page. Thin views: each change is a call to
``live_services``, which checks the page's own permissions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST
from wagtail.admin.forms import WagtailAdminModelForm

from masthead.newsroom import live_services as services
from masthead.newsroom.models import LiveBlogPage, LiveUpdate

# How many of the newest updates the desk lists (older ones: the reader's page).
DESK_UPDATES = 50


class LiveUpdateForm(WagtailAdminModelForm):
    """The desk's form: the rich text editor and picture chooser come from Wagtail's admin
    form (the same widgets as a story's)."""

    class Meta:
        model = LiveUpdate
        fields = [
            "headline",
            "body",
            "image",
            "image_caption",
            "quote",
            "quote_attribution",
            "embed_url",
            "key_event",
            "pinned",
        ]
        labels = {
            "body": "Update",
            "image": "Picture",
            "image_caption": "Picture caption",
            "embed_url": "Embed (link)",
            "key_event": "Key event",
            "pinned": "Pin to the top",
        }

    def validate_unique(self) -> None:
        # One pinned update per blog: pinning a new one unpins the old (live_services), so
        # the constraint is the service's to keep, not a form error.
        pass

    def fields_for_service(self) -> services.LiveUpdateFields:
        data = self.cleaned_data
        return services.LiveUpdateFields(
            headline=data.get("headline") or "",
            body=data.get("body") or "",
            image=data.get("image"),
            image_caption=data.get("image_caption") or "",
            embed_url=data.get("embed_url") or "",
            quote=data.get("quote") or "",
            quote_attribution=data.get("quote_attribution") or "",
        )


def _blog(request: HttpRequest, page_id: int) -> LiveBlogPage:
    blog = get_object_or_404(LiveBlogPage, pk=page_id)
    if not services.access_live_blog_for_posting(user=request.user, blog=blog):
        raise PermissionDenied("You may not post to this live blog.")
    return blog


def _update(request: HttpRequest, update_id: int) -> LiveUpdate:
    update = get_object_or_404(LiveUpdate.objects.select_related("page"), pk=update_id)
    if update.deleted_at is not None:
        raise Http404("That update was deleted.")
    if not services.access_live_update_for_changing(user=request.user, update=update):
        raise PermissionDenied("Only an editor may change someone else's update.")
    return update


def desk(request: HttpRequest, page_id: int) -> HttpResponse:
    blog = _blog(request, page_id)
    form = LiveUpdateForm(request.POST or None, prefix="new")
    if request.method == "POST" and form.is_valid():
        try:
            services.live_update_post(
                blog=blog,
                user=request.user,
                fields=form.fields_for_service(),
                pinned=form.cleaned_data["pinned"],
                key_event=form.cleaned_data["key_event"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Posted. Open pages show it within seconds.")
            return redirect("newsroom_live_desk:desk", page_id=blog.pk)
    updates = list(
        LiveUpdate.objects.filter(page=blog)
        .shown()
        .select_related("image")
        .order_by("-posted_at", "-id")[:DESK_UPDATES]
    )
    may_change_any = blog.permissions_for_user(request.user).can_publish()
    for update in updates:
        update.may_change = may_change_any or update.author_id == request.user.pk
    return TemplateResponse(
        request,
        "newsroom/live/desk.html",
        {"blog": blog, "form": form, "updates": updates, "media": form.media},
    )


def edit(request: HttpRequest, update_id: int) -> HttpResponse:
    update = _update(request, update_id)
    form = LiveUpdateForm(request.POST or None, instance=update, prefix="edit")
    if request.method == "POST" and form.is_valid():
        try:
            services.live_update_edit(
                update=LiveUpdate.objects.get(pk=update.pk),
                user=request.user,
                fields=form.fields_for_service(),
            )
            services.live_update_mark(
                update=update,
                user=request.user,
                pinned=form.cleaned_data["pinned"],
                key_event=form.cleaned_data["key_event"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Saved. Open pages show the change within seconds.")
            return redirect("newsroom_live_desk:desk", page_id=update.page_id)
    return TemplateResponse(
        request,
        "newsroom/live/desk_edit.html",
        {"blog": update.page, "update": update, "form": form, "media": form.media},
    )


ACTIONS = {
    "pin": {"pinned": True},
    "unpin": {"pinned": False},
    "key": {"key_event": True},
    "unkey": {"key_event": False},
}


@require_POST
def act(request: HttpRequest, update_id: int, action: str) -> HttpResponse:
    update = _update(request, update_id)
    if action == "delete":
        services.live_update_delete(update=update, user=request.user)
        messages.success(request, "Deleted. Open pages take it away within seconds.")
    elif action in ACTIONS:
        services.live_update_mark(update=update, user=request.user, **ACTIONS[action])
        messages.success(request, "Done.")
    else:
        raise Http404("No such action.")
    return redirect(reverse("newsroom_live_desk:desk", args=[update.page_id]) + f"#u{update.pk}")
