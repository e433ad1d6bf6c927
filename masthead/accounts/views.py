"""Account views: the header fragment, username check, profile page, settings, export, delete."""

from __future__ import annotations

import json
from urllib.parse import urlparse

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from masthead.accounts import selectors, services
from masthead.accounts.forms import AvatarForm, DeleteAccountForm, ProfileForm
from masthead.core.pagecache import cacheable


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_GET
def account_fragment(request: HttpRequest) -> HttpResponse:
    """The network bar's signed-in state; pages are shared, so it is fetched separately."""
    here = "/"
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        parsed = urlparse(referer)
        here = parsed.path + (f"?{parsed.query}" if parsed.query else "")
    response = render(
        request,
        "accounts/fragment_account.html",
        {"next_query": urlencode({"next": here})},
    )
    return _private(response)


@require_GET
def username_availability(request: HttpRequest) -> JsonResponse:
    verdict = selectors.username_availability(username=request.GET.get("username", ""))
    response = JsonResponse(
        {"available": verdict.available, "code": verdict.code, "message": verdict.message}
    )
    return _private(response)


@require_GET
def profile(request: HttpRequest, username: str) -> HttpResponse:
    """The same public profile on every site of the network, in that site's look."""
    user = selectors.profile_get(username=username)
    if user.username != username:
        # A look-alike or different-case spelling: send readers (and links) to the real one.
        return HttpResponseRedirect(user.get_absolute_url(), status=301)
    response = TemplateResponse(
        request,
        "accounts/profile.html",
        {"member": user, "profile_sections": selectors.profile_sections_for(user=user)},
    )
    return cacheable(response)


@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(instance=user)
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=user)
        if form.is_valid():
            services.profile_update(actor=request.user, user=user, **form.cleaned_data)
            messages.success(request, "Your profile is saved.")
            return redirect("accounts:settings")
    return _private(
        render(
            request,
            "accounts/settings.html",
            {"form": form, "avatar_form": AvatarForm(), "member": user},
        )
    )


@login_required
@require_POST
def avatar_upload(request: HttpRequest) -> HttpResponse:
    form = AvatarForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.avatar_set(
                actor=request.user, user=request.user, upload=form.cleaned_data["avatar"]
            )
        except ValidationError as exc:
            form.add_error("avatar", exc)
        else:
            messages.success(request, "Your new picture is on your profile.")
            return redirect("accounts:settings")
    return _private(
        render(
            request,
            "accounts/settings.html",
            {"form": ProfileForm(instance=request.user), "avatar_form": form,
             "member": request.user},
            status=400,
        )
    )  # fmt: skip


@login_required
@require_POST
def avatar_remove(request: HttpRequest) -> HttpResponse:
    services.avatar_remove(actor=request.user, user=request.user)
    messages.success(request, "Your picture is removed.")
    return redirect("accounts:settings")


@login_required
@require_GET
def data_export(request: HttpRequest) -> HttpResponse:
    data = selectors.personal_data_for(user=request.user)
    data["exported_at"] = timezone.now().isoformat()
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = (
        f'attachment; filename="masthead-{request.user.username_canonical}-{stamp}.json"'
    )
    return _private(response)


@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.account_delete(actor=user, user=user, keep_content=form.keep_content)
        return _private(render(request, "accounts/deleted.html"))
    return _private(render(request, "accounts/delete.html", {"form": form}))


def admin_login(request: HttpRequest) -> HttpResponse:
    """Wagtail's sign-in form has no rate limit: staff sign in through allauth's instead."""
    next_url = request.GET.get("next", "/admin/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/admin/"
    return redirect(f"/accounts/login/?{urlencode({'next': next_url})}")
