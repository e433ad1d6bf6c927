"""Admin views: upload something to import, read the ingest log, apply a waiting update."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from masthead.core.fetching import HttpFetcher
from masthead.ingest import selectors, services
from masthead.ingest.errors import IngestError
from masthead.ingest.forms import IngestUploadForm
from masthead.ingest.models import IngestedItem, IngestLogEntry
from masthead.newsroom.models import SectionPage


def _sections_for(user) -> list[int]:
    return [
        section.pk
        for section in SectionPage.objects.all()
        if section.permissions_for_user(user).can_add_subpage()
    ]


@permission_required("ingest.add_ingesteditem", raise_exception=True)
def upload(request: HttpRequest) -> HttpResponse:
    sections = SectionPage.objects.filter(pk__in=_sections_for(request.user)).order_by("path")
    summary = None
    if request.method == "POST":
        form = IngestUploadForm(request.POST, request.FILES, sections=sections)
        if form.is_valid():
            section = form.cleaned_data["section"]
            upload_file = form.cleaned_data.get("file")
            if upload_file:
                summary = services.input_import(
                    data=upload_file.read(), origin=f"upload: {upload_file.name}",
                    name=upload_file.name, content_type=upload_file.content_type or "",
                    section=section, user=request.user,
                )  # fmt: skip
            elif form.cleaned_data.get("text"):
                summary = services.input_import(
                    data=form.cleaned_data["text"].encode(), origin="pasted text",
                    name="pasted.txt", section=section, user=request.user,
                )  # fmt: skip
            else:
                summary = services.url_import(
                    url=form.cleaned_data["url"], section=section, fetcher=HttpFetcher(),
                    user=request.user,
                )  # fmt: skip
            if summary.failed:
                messages.warning(request, f"{len(summary.failed)} item(s) could not be imported.")
            else:
                messages.success(request, f"{len(summary.results)} item(s) imported as drafts.")
            # A fresh form for the next item, still filing into the same section.
            form = IngestUploadForm(sections=sections, initial={"section": section.pk})
    else:
        form = IngestUploadForm(sections=sections)
    return TemplateResponse(request, "ingest/upload.html", {"form": form, "summary": summary})


@permission_required("ingest.view_ingestlogentry", raise_exception=True)
def log(request: HttpRequest) -> HttpResponse:
    outcome = request.GET.get("outcome", "")
    if outcome not in IngestLogEntry.Outcome.values:
        outcome = ""
    return TemplateResponse(
        request,
        "ingest/log.html",
        {
            "entries": selectors.log_entry_list(outcome=outcome),
            "awaiting": selectors.items_awaiting_editor(),
            "outcome": outcome,
            "outcomes": IngestLogEntry.Outcome.choices,
        },
    )


@require_POST
@permission_required("ingest.change_ingesteditem", raise_exception=True)
def apply_update(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_object_or_404(IngestedItem.objects.select_related("page"), pk=item_id)
    try:
        page = services.item_apply_update(item=item, user=request.user)
    except IngestError as error:
        messages.error(request, error.reason)
    except PermissionDenied as error:
        raise PermissionDenied(str(error)) from None
    else:
        messages.success(request, f"The new version of “{page.title}” is saved as a draft.")
    return redirect("ingest:log")
