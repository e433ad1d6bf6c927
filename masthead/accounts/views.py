"""Account views: the header fragment, username check, profile page, settings, export, delete."""

from __future__ import annotations

from urllib.parse import urlparse

from allauth.account.decorators import reauthentication_required
from django.conf import settings
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
from wagtail import views as wagtail_views
from wagtail.documents.views import serve as document_views

from masthead.accounts import selectors, services
from masthead.accounts.forms import AvatarForm, DeleteAccountForm, ProfileForm
from masthead.core import surrogate
from masthead.core.pagecache import cacheable
from masthead.core.storage import private_storage, signed_url


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_GET
def account_fragment(request: HttpRequest) -> HttpResponse:
    """The network bar's signed-in state; pages are shared, so it is fetched separately."""
    from masthead.accounts import network

    if request.user.is_authenticated and network.ended_elsewhere(request):
        # Signed out on another site under a session key this one no longer has: every page
        # asks for this fragment, so the first page here ends it (shared pages never read the
        # session, or they would stop being shared).
        logout(request)
    here = "/"
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        parsed = urlparse(referer)
        here = parsed.path + (f"?{parsed.query}" if parsed.query else "")
    response = render(
        request,
        "accounts/fragment_account.html",
        {"next_query": urlencode({"next": here}), "network_check": _network_check(request, here)},
    )
    return _private(response)


def _network_check(request: HttpRequest, here: str) -> str:
    """Where masthead.js sends the browser on a top-level hop through the network's home, if
    anywhere; only this per-reader fragment says so, the shared pages are the same for all.

    - Anonymous on a site other than the home: ask the home whether they are signed in there,
      once per browser session per site (the cookie).
    - Signed in here by hand on a site other than the home: tell the home, once per session,
      so the other sites can ask it. (Not from the sign-in's own redirect: a form's redirect to
      another origin is refused by our CSP's form-action.)
    """
    from django.urls import reverse

    from masthead.accounts import network

    # A reader on an account page (signing in, signing up) is doing it by hand: a hop would
    # reload the form under their typing.
    if not network.enabled() or here.startswith("/accounts/"):
        return ""
    site = network.site_for(request)
    home = network.home_site()
    if site is None or home is None or site.id == home.id:
        return ""
    if request.user.is_authenticated:
        if request.session.get(network.HOME_TOLD_KEY):
            return ""
        request.session[network.HOME_TOLD_KEY] = True
        query = urlencode({"issuer": str(site.id), "next": here})
        return f"{home.root_url}{reverse('accounts:network_start')}?{query}"
    if network.CHECKED_COOKIE in request.COOKIES:
        return ""
    return f"{reverse('accounts:network_start')}?{urlencode({'next': here})}"


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
    return cacheable(response, keys=(surrogate.user(user.pk),))


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
    """The export is kept as a private file and handed over through a short-lived signed
    link (a local view, or the bucket's presigned address): no node serves it from its disk."""
    data = selectors.personal_data_for(user=request.user)
    data["exported_at"] = timezone.now().isoformat()
    name, filename = services.personal_data_export_store(user=request.user, data=data)
    storage = private_storage(services.EXPORTS_FOLDER)
    return _private(redirect(signed_url(storage, name, filename=filename)))


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


# --- Page and document passwords (Wagtail view restrictions) ---------------------------------
# A PAGE password is a secret shared by the readers of one restricted page or collection, not an
# account password; it signs nobody in. Wagtail checks it with no limit, so wrong ones are
# counted per address here (MASTHEAD_PAGE_PASSWORD_RATE) before Wagtail's own view runs.
PAGE_PASSWORD_SCOPE = "page-password"  # noqa: S105 - a rate-limit scope name, not a secret


def _page_password_wait(request: HttpRequest) -> int:
    from masthead.core import ratelimit

    rate = ratelimit.Rate.parse(settings.MASTHEAD_PAGE_PASSWORD_RATE)
    return ratelimit.waiting(
        scope=PAGE_PASSWORD_SCOPE, key=f"a:{ratelimit.client_address(request)}", rate=rate
    )


def _page_password_failed(request: HttpRequest) -> None:
    from masthead.core import ratelimit

    rate = ratelimit.Rate.parse(settings.MASTHEAD_PAGE_PASSWORD_RATE)
    ratelimit.hit(
        scope=PAGE_PASSWORD_SCOPE, key=f"a:{ratelimit.client_address(request)}", rate=rate
    )


def _locked_password_form(restriction, *, wait: int):
    from wagtail.forms import PasswordViewRestrictionForm

    from masthead.core.ratelimit import say_wait

    class LockedForm(PasswordViewRestrictionForm):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.fields["password"].required = False

        def clean_password(self) -> str:
            # Not compared: past the limit no guess is checked, right or wrong.
            return ""

        def clean(self):
            raise ValidationError(
                f"Too many wrong passwords from your connection. Try again in {say_wait(wait)}.",
                code="rate_limited",
            )

    return LockedForm


def _guarded(wagtail_view, render_locked):
    def view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "POST":
            wait = _page_password_wait(request)
            if wait:
                response = render_locked(request, wait, *args, **kwargs)
                response.status_code = 429
                response["Retry-After"] = str(wait)
                return _private(response)
        response = wagtail_view(request, *args, **kwargs)
        if request.method == "POST" and response.status_code == 200:
            # Wagtail redirects on the right password and shows the form again on a wrong one.
            _page_password_failed(request)
        return _private(response)

    view.__name__ = wagtail_view.__name__
    view.__doc__ = wagtail_view.__doc__
    return view


def _locked_page(request: HttpRequest, wait: int, page_view_restriction_id: int, page_id: int):
    from django.shortcuts import get_object_or_404
    from django.urls import reverse
    from wagtail.models import Page, PageViewRestriction

    restriction = get_object_or_404(PageViewRestriction, id=page_view_restriction_id)
    page = get_object_or_404(Page, id=page_id).specific
    form = _locked_password_form(restriction, wait=wait)(
        {"return_url": request.POST.get("return_url", "")}, instance=restriction
    )
    form.is_valid()
    action_url = reverse("wagtailcore_authenticate_with_password", args=[restriction.id, page.id])
    response = page.serve_password_required_response(request, form, action_url)
    if hasattr(response, "render"):
        response.render()
    return response


def _locked_document(request: HttpRequest, wait: int, restriction_id: int):
    from django.shortcuts import get_object_or_404
    from django.urls import reverse
    from wagtail.models import CollectionViewRestriction

    restriction = get_object_or_404(CollectionViewRestriction, id=restriction_id)
    form = _locked_password_form(restriction, wait=wait)(
        {"return_url": request.POST.get("return_url", "")}, instance=restriction
    )
    form.is_valid()
    action_url = reverse("wagtaildocs_authenticate_with_password", args=[restriction.id])
    template = getattr(
        settings, "WAGTAILDOCS_PASSWORD_REQUIRED_TEMPLATE", "wagtaildocs/password_required.html"
    )
    return render(request, template, {"form": form, "action_url": action_url})


page_password = _guarded(wagtail_views.authenticate_with_password, _locked_page)
document_password = _guarded(document_views.authenticate_with_password, _locked_document)
