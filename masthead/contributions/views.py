"""Reader views: send a story or pictures, "My contributions" and each status page, and the
permission-checked photo files. Adapters only: the rules are in services and selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Site

from masthead.contributions import selectors, services
from masthead.contributions import text as wording
from masthead.contributions.errors import ContributionError
from masthead.contributions.forms import PHOTO_ROWS, ContributionForm
from masthead.contributions.models import (
    CommunityStoryPage,
    Contribution,
    ContributionPhoto,
    UserGalleryPage,
)
from masthead.core import ratelimit
from masthead.core.images import ImageRejected
from masthead.core.storage import StorageUnavailable, signed_url
from masthead.newsroom.reading import views as newsroom_views

INTRO = (
    f"Contributions of {wording.MIN_WORDS} words or more will be considered for publication; "
    "we reserve editorial discretion to decide what will be published."
)


def _site(request: HttpRequest) -> Site:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site answers to this address.")
    return site


def _photos_from(form: ContributionForm) -> list[services.PhotoUpload]:
    data = form.cleaned_data
    return [
        services.PhotoUpload(
            file=data[f"photo_{n}"],
            caption=data.get(f"caption_{n}", ""),
            place_text=data.get(f"photo_place_{n}", ""),
            taken_on=data.get(f"taken_on_{n}"),
        )
        for n in range(PHOTO_ROWS)
        if data.get(f"photo_{n}")
    ]


def _form_page(
    request: HttpRequest,
    *,
    kind: str,
    form: ContributionForm | None,
    contribution: Contribution | None = None,
    status: int = 200,
) -> HttpResponse:
    site = _site(request)
    callout = contribution.callout if contribution else None
    if callout is None and form is not None:
        callout = selectors.callout_get_open(site=site, pk=form["callout"].value())
    response = TemplateResponse(
        request,
        "contributions/send.html",
        {
            "kind": kind,
            "form": form,
            "contribution": contribution,
            "photos": list(contribution.photos.all()) if contribution else [],
            "callout": callout,
            "callouts": selectors.callouts_open(site=site),
            "intro": INTRO,
            "min_words": wording.MIN_WORDS,
        },
        status=status,
    )
    return response


STORAGE_DOWN = (
    "Your photos could not be stored just now: our picture store is not answering. "
    "Nothing was sent and your text is still here; choose the photos again and send it "
    "in a minute."
)


def _handle(request: HttpRequest, *, kind: str, contribution: Contribution | None) -> HttpResponse:
    site = contribution.site if contribution else _site(request)
    sections = selectors.sections_for_site(site=site)
    if request.method != "POST":
        initial = {"callout": request.GET.get("callout")}
        if contribution is not None:
            initial = {
                "title": contribution.title,
                "body": contribution.body,
                "place_text": contribution.place_text,
                "place": contribution.place.slug if contribution.place else "",
                "section": contribution.section_id,
                "declaration": contribution.declaration,
                "licence": contribution.licence,
                "callout": contribution.callout_id,
            }
        form = ContributionForm(initial=initial, kind=kind, sections=sections)
        return _form_page(request, kind=kind, form=form, contribution=contribution)

    form = ContributionForm(request.POST, request.FILES, kind=kind, sections=sections)
    if not form.is_valid():
        return _form_page(request, kind=kind, form=form, contribution=contribution, status=400)
    data = form.cleaned_data
    callout = None
    if contribution is None:
        callout = selectors.callout_get_open(site=site, pk=data.get("callout"))
    submit = "send" in request.POST
    try:
        contribution = services.contribution_save(
            user=request.user,
            site=site,
            kind=kind,
            title=data["title"],
            body=data.get("body", ""),
            section=data.get("section"),
            callout=callout,
            place_text=data.get("place_text", ""),
            place_slug=data.get("place") or "",
            declaration=bool(data.get("declaration")),
            licence=data.get("licence", ""),
            photos=_photos_from(form),
            contribution=contribution,
            submit=submit,
            rate_keys=ratelimit.keys_for(request, request.user),
        )
    except ratelimit.RateLimited as exc:
        form.add_error(None, exc.message)
        return _form_page(request, kind=kind, form=form, contribution=contribution, status=429)
    except (ContributionError, ImageRejected) as exc:
        kept = getattr(exc, "contribution", None) or contribution
        for message in exc.messages:
            form.add_error(None, message)
        # The saved draft (if any) keeps its photos; the form keeps what was typed.
        return _form_page(request, kind=kind, form=form, contribution=kept, status=400)
    except StorageUnavailable:
        # The object store is down: nothing was kept, the form keeps what was typed.
        form.add_error(None, STORAGE_DOWN)
        return _form_page(request, kind=kind, form=form, contribution=contribution, status=503)
    except PermissionDenied as exc:
        # Suspended, banned, or e-mail not yet confirmed: the reason, in the form.
        form.add_error(None, getattr(exc, "message", None) or str(exc))
        return _form_page(request, kind=kind, form=form, contribution=contribution, status=403)
    if submit:
        messages.success(request, f"Thank you: {contribution.reference} is with the newsroom.")
    else:
        messages.success(request, f"Draft saved as {contribution.reference}.")
    return redirect(contribution.get_absolute_url())


@never_cache
@require_http_methods(["GET", "POST"])
def story_new(request: HttpRequest) -> HttpResponse:
    return _new(request, kind=Contribution.Kind.STORY)


@never_cache
@require_http_methods(["GET", "POST"])
def pictures_new(request: HttpRequest) -> HttpResponse:
    return _new(request, kind=Contribution.Kind.PICTURES)


def _new(request: HttpRequest, *, kind: str) -> HttpResponse:
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return _form_page(request, kind=kind, form=None)
    return _handle(request, kind=kind, contribution=None)


@never_cache
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "contributions/mine.html",
        {"contributions": selectors.contributions_for_owner(user=request.user)[:200]},
    )


@never_cache
@login_required
def status(request: HttpRequest, reference: str) -> HttpResponse:
    contribution = selectors.contribution_get_for_owner(user=request.user, reference=reference)
    return TemplateResponse(
        request,
        "contributions/status.html",
        {
            "contribution": contribution,
            "photos": list(contribution.photos.all()),
            "min_words": wording.MIN_WORDS,
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, reference: str) -> HttpResponse:
    contribution = selectors.contribution_get_for_owner(user=request.user, reference=reference)
    if not contribution.editable_by_reader:
        return redirect(contribution.get_absolute_url())
    return _handle(request, kind=contribution.kind, contribution=contribution)


@login_required
@require_POST
def photo_remove(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    contribution = selectors.contribution_get_for_owner(user=request.user, reference=reference)
    photo = get_object_or_404(ContributionPhoto, pk=pk, contribution=contribution)
    try:
        services.photo_remove(user=request.user, photo=photo)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("contributions:edit", reference=reference)


@never_cache
@login_required
def photo_file(request: HttpRequest, pk: int, variant: str) -> HttpResponse:
    """The clean copy for its owner and for editors; the original for editors only."""
    photo = get_object_or_404(ContributionPhoto.objects.select_related("contribution"), pk=pk)
    is_reviewer = request.user.has_perm("contributions.review_contribution")
    is_owner = photo.contribution.contributor_id == request.user.pk
    if variant == "clean" and (is_owner or is_reviewer):
        field = photo.clean
    elif variant == "original" and is_reviewer:
        field = photo.original
    else:
        raise Http404("No such photo.")
    # The file itself is only ever reached through a short-lived signed link (a local view
    # or the bucket's presigned address), handed out after the check above.
    # The original is never shown inline: it may be anything its sender made it.
    filename = f"original-{photo.pk}" if variant == "original" else ""
    response = redirect(signed_url(field.storage, field.name, filename=filename))
    response["Cache-Control"] = "private, no-store"
    return response


COMMUNITY_TABS = (("All community", "/community/"), ("User Galleries", "/community/galleries/"))


def community(request: HttpRequest) -> HttpResponse:
    """Readers' published stories and galleries, as one section-like listing."""
    return newsroom_views.collection(
        request,
        models=(CommunityStoryPage, UserGalleryPage),
        title="Community",
        intro="Stories and pictures sent in by our readers.",
        tabs=COMMUNITY_TABS,
    )


def user_galleries(request: HttpRequest) -> HttpResponse:
    return newsroom_views.collection(
        request,
        models=(UserGalleryPage,),
        title="User Galleries",
        intro="Our readers' photographs, published by the newsroom.",
        tabs=COMMUNITY_TABS,
    )
