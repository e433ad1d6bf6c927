"""Writes on contributions: saving and sending, photos, and every editorial decision.

Views, the admin and the demo all call these; each checks who is acting.
"""

from __future__ import annotations

import io
import logging
import uuid
from dataclasses import dataclass
from datetime import date
from typing import IO

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Page, Site

from masthead.accounts.services import access_member_can_post, mail_send_later
from masthead.contributions import text as wording
from masthead.contributions.errors import ContributionError, ContributionPermissionError
from masthead.contributions.models import (
    CallOutPage,
    CommunityStoryPage,
    Contribution,
    ContributionPhoto,
    Decision,
    UserGalleryPage,
    UserGalleryPhoto,
)
from masthead.contributions.photos import check_photo
from masthead.core import ratelimit
from masthead.core import text as storable
from masthead.newsroom.models import NewsImage, SectionPage

logger = logging.getLogger(__name__)

COMMUNITY_SLUG = "community"
USER_GALLERIES_SLUG = "user-galleries"
MAX_PHOTOS = 10


@dataclass(frozen=True)
class PhotoUpload:
    file: IO[bytes]
    caption: str
    place_text: str = ""
    taken_on: date | None = None


# --- access -------------------------------------------------------------------------------


def access_contribution_for_sending(*, user: AbstractBaseUser) -> None:
    """Suspended and banned members are refused; so are accounts without a verified e-mail
    while ``MASTHEAD_CONTRIBUTIONS_REQUIRE_VERIFIED_EMAIL`` is on (the default)."""
    access_member_can_post(user=user)
    required = getattr(settings, "MASTHEAD_CONTRIBUTIONS_REQUIRE_VERIFIED_EMAIL", True)
    if required and not EmailAddress.objects.filter(user=user, verified=True).exists():
        raise ContributionPermissionError(
            "Confirm your e-mail address first: we sent you a link when you signed up "
            "(Account settings can send it again)."
        )


def access_contribution_for_owner(*, user: AbstractBaseUser, contribution: Contribution) -> None:
    if not user.is_authenticated or contribution.contributor_id != user.pk:
        raise ContributionPermissionError("That is not your contribution.")


def access_contribution_for_review(*, actor: AbstractBaseUser) -> None:
    if not (actor.is_authenticated and actor.has_perm("contributions.review_contribution")):
        raise ContributionPermissionError("You may not review reader contributions.")


# --- readers ------------------------------------------------------------------------------


def _reference(contribution: Contribution) -> str:
    return f"MH-{contribution.created_at.year}-{contribution.pk:06d}"


def _resolve_place(place_text: str, place_slug: str = ""):
    """The catalogue place the reader picked from the type-ahead, or one named exactly."""
    from masthead.places.models import Place
    from masthead.places.selectors import place_get, place_search

    if place_slug:
        try:
            return place_get(slug=place_slug)
        except Place.DoesNotExist:
            pass
    if not place_text:
        return None
    wanted = place_text.strip().casefold()
    for place in place_search(q=place_text, limit=5):
        if place.name.casefold() == wanted:
            return place
    return None


def contribution_save(
    *,
    user: AbstractBaseUser,
    site: Site,
    kind: str,
    title: str,
    body: str = "",
    section: SectionPage | None = None,
    callout: CallOutPage | None = None,
    place_text: str = "",
    place_slug: str = "",
    declaration: bool = False,
    licence: str = "",
    photos: list[PhotoUpload] | None = None,
    contribution: Contribution | None = None,
    submit: bool = False,
    rate_keys: list[str] | None = None,
) -> Contribution:
    """Save a draft (new or the reader's own), then, with ``submit``, send it to the newsroom.

    The draft is saved first in its own transaction, so a refusal (too few words, no
    declaration) keeps what the reader wrote and the photos they uploaded: the
    :class:`ContributionError` carries the saved draft.
    """
    access_member_can_post(user=user)
    if contribution is not None:
        access_contribution_for_owner(user=user, contribution=contribution)
        if not contribution.editable_by_reader:
            raise ContributionError(
                "This contribution is with the newsroom and can no longer be changed.",
                code="locked",
                contribution=contribution,
            )
    if rate_keys:
        ratelimit.limit(
            scope="contribution-save",
            keys=rate_keys,
            rate=getattr(settings, "MASTHEAD_CONTRIBUTIONS_RATE", "30/h"),
            message="You have saved or sent many contributions in a short time.",
        )
    # The storable-text rule every app shares: refused with the reason before anything is
    # saved (clean_text below only tidies what may be stored).
    for label, value in (
        ("The headline", title),
        ("The story", body),
        ("The place", place_text),
        *(
            pair
            for n, upload in enumerate(photos or [], start=1)
            for pair in (
                (f"The caption of photo {n}", upload.caption),
                (f"The place of photo {n}", upload.place_text),
            )
        ),
    ):
        why = storable.problem(value or "")
        if why is not None:
            raise ContributionError(f"{label} {why}.", code="unstorable", contribution=contribution)
    body = wording.clean_text(body)
    with transaction.atomic():
        if contribution is None:
            contribution = Contribution(contributor=user, site=site, kind=kind)
        contribution.title = wording.clean_text(title)[:200]
        contribution.body = body
        contribution.word_count = wording.count_words(body)
        contribution.section = section
        if callout is not None or contribution.pk is None:
            contribution.callout = callout
        contribution.place_text = wording.clean_text(place_text)[:200]
        contribution.place = _resolve_place(contribution.place_text, place_slug)
        contribution.declaration = declaration
        contribution.licence = licence
        contribution.updated_at = timezone.now()
        contribution.full_clean(exclude=["reference", "licence"])
        contribution.save()
        if not contribution.reference:
            contribution.reference = _reference(contribution)
            contribution.save(update_fields=["reference"])
        for upload in photos or []:
            photo_add(user=user, contribution=contribution, upload=upload)
    if submit:
        contribution_submit(user=user, contribution=contribution, rate_keys=rate_keys)
    return contribution


def contribution_submit(
    *, user: AbstractBaseUser, contribution: Contribution, rate_keys: list[str] | None = None
) -> Contribution:
    """Send a saved draft to the newsroom, after every rule for a complete submission."""
    access_contribution_for_owner(user=user, contribution=contribution)
    try:
        access_contribution_for_sending(user=user)
    except ContributionPermissionError as exc:
        raise ContributionError(str(exc), code="not_allowed", contribution=contribution) from exc
    if not contribution.editable_by_reader:
        raise ContributionError(
            "This contribution has already been sent.", code="locked", contribution=contribution
        )
    problems = []
    if contribution.kind == Contribution.Kind.STORY and contribution.word_count < wording.MIN_WORDS:
        problems.append(wording.too_short_message(contribution.word_count))
    if contribution.kind == Contribution.Kind.PICTURES and not contribution.photos.exists():
        problems.append("Add at least one photo.")
    if not contribution.declaration:
        problems.append("Confirm that this is your own work.")
    if not contribution.licence:
        problems.append("Choose the licence you grant us.")
    if contribution.callout_id and not contribution.callout.is_open:
        problems.append("That call-out has closed.")
    if problems:
        raise ContributionError(problems, code="incomplete", contribution=contribution)
    if rate_keys:
        ratelimit.limit(
            scope="contribution-submit",
            keys=rate_keys,
            rate=getattr(settings, "MASTHEAD_CONTRIBUTIONS_SUBMIT_RATE", "10/d"),
            message="You have sent many contributions today.",
        )
    now = timezone.now()
    contribution.status = Contribution.Status.SUBMITTED
    contribution.submitted_at = now
    contribution.updated_at = now
    contribution.save(update_fields=["status", "submitted_at", "updated_at"])
    return contribution


def photo_add(
    *, user: AbstractBaseUser, contribution: Contribution, upload: PhotoUpload
) -> ContributionPhoto:
    """Check the photo by content; keep the original privately and a clean re-encode."""
    access_contribution_for_owner(user=user, contribution=contribution)
    if not contribution.editable_by_reader:
        raise ContributionError("This contribution can no longer be changed.", code="locked")
    if contribution.photos.count() >= MAX_PHOTOS:
        raise ContributionError(f"A contribution may have up to {MAX_PHOTOS} photos.", code="many")
    caption = wording.clean_text(upload.caption)[:500]
    if not caption:
        raise ContributionError("Give each photo a caption.", code="caption")
    checked = check_photo(upload.file)
    name = uuid.uuid4().hex
    with transaction.atomic():
        photo = ContributionPhoto(
            contribution=contribution,
            original_format=checked.original_format,
            width=checked.clean.width,
            height=checked.clean.height,
            caption=caption,
            place_text=wording.clean_text(upload.place_text)[:200],
            taken_on=upload.taken_on,
            sort_order=contribution.photos.count(),
        )
        photo.original.save(f"{name}.bin", ContentFile(checked.original), save=False)
        photo.clean.save(
            f"{name}.{checked.clean.extension}", ContentFile(checked.clean.content), save=False
        )
        photo.save()
    return photo


def photo_remove(*, user: AbstractBaseUser, photo: ContributionPhoto) -> None:
    access_contribution_for_owner(user=user, contribution=photo.contribution)
    if not photo.contribution.editable_by_reader:
        raise ContributionError("This contribution can no longer be changed.", code="locked")
    _delete_files(photo)
    photo.delete()


def _delete_files(photo: ContributionPhoto) -> None:
    for field in (photo.original, photo.clean):
        if field.name:
            field.storage.delete(field.name)


# --- editors ------------------------------------------------------------------------------


def _decide(
    *, contribution: Contribution, actor: AbstractBaseUser, action: str, note: str = ""
) -> Decision:
    decision = Decision(contribution=contribution, actor=actor, action=action, note=note)
    decision.full_clean()
    decision.save()
    logger.info("contribution %s: %s by %s", contribution.reference, action, actor)
    return decision


def _notify(*, contribution: Contribution, subject: str, lines: list[str]) -> None:
    user = contribution.contributor
    if not (user.email and user.notify_contribution_decisions):
        return
    base = contribution.site.root_url
    body = "\n\n".join(
        [
            f"Hello {user.public_name},",
            *lines,
            f"Your contribution's page: {base}{contribution.get_absolute_url()}",
            f"— {contribution.site.site_name or 'The newsroom'}",
        ]
    )
    mail_send_later(
        message=EmailMessage(
            subject=f"{subject} ({contribution.reference})", body=body, to=[user.email]
        )
    )


_OPEN_FOR_DECISION = (
    Contribution.Status.SUBMITTED,
    Contribution.Status.IN_REVIEW,
)


def _require_status(contribution: Contribution, allowed) -> None:
    if contribution.status not in allowed:
        raise ContributionError(
            f"This contribution is {contribution.get_status_display().lower()}; "
            "that decision is not possible now.",
            code="status",
        )


@transaction.atomic
def contribution_start_review(
    *, actor: AbstractBaseUser, contribution: Contribution
) -> Contribution:
    access_contribution_for_review(actor=actor)
    if contribution.status == Contribution.Status.SUBMITTED:
        contribution.status = Contribution.Status.IN_REVIEW
        contribution.updated_at = timezone.now()
        contribution.save(update_fields=["status", "updated_at"])
        _decide(contribution=contribution, actor=actor, action=Decision.Action.REVIEW)
        _notify(
            contribution=contribution,
            subject="Your contribution is being reviewed",
            lines=[f"An editor has started reading “{contribution.title}”."],
        )
    return contribution


@transaction.atomic
def contribution_request_changes(
    *, actor: AbstractBaseUser, contribution: Contribution, note: str
) -> Contribution:
    access_contribution_for_review(actor=actor)
    _require_status(contribution, _OPEN_FOR_DECISION)
    note = wording.clean_text(note)
    if not note:
        raise ContributionError("Say what should change: the reader sees this note.", code="note")
    contribution.status = Contribution.Status.CHANGES_REQUESTED
    contribution.editor_note = note
    contribution.updated_at = timezone.now()
    contribution.save(update_fields=["status", "editor_note", "updated_at"])
    _decide(
        contribution=contribution, actor=actor, action=Decision.Action.REQUEST_CHANGES, note=note
    )
    _notify(
        contribution=contribution,
        subject="An editor asked for changes to your contribution",
        lines=[f"About “{contribution.title}”, the editor wrote:", note],
    )
    return contribution


@transaction.atomic
def contribution_decline(
    *, actor: AbstractBaseUser, contribution: Contribution, reason: str
) -> Contribution:
    access_contribution_for_review(actor=actor)
    _require_status(contribution, (*_OPEN_FOR_DECISION, Contribution.Status.CHANGES_REQUESTED))
    reason = wording.clean_text(reason)
    if not reason:
        raise ContributionError("Give the reason: the reader sees it.", code="reason")
    contribution.status = Contribution.Status.DECLINED
    contribution.decline_reason = reason
    contribution.updated_at = timezone.now()
    contribution.save(update_fields=["status", "decline_reason", "updated_at"])
    _decide(contribution=contribution, actor=actor, action=Decision.Action.DECLINE, note=reason)
    _notify(
        contribution=contribution,
        subject="Your contribution will not be published",
        lines=[f"We will not publish “{contribution.title}”. The reason:", reason],
    )
    return contribution


def _child_section(parent: Page, *, slug: str, title: str, intro: str) -> SectionPage:
    found = SectionPage.objects.child_of(parent).filter(slug=slug).first()
    if found is not None:
        return found
    section = SectionPage(title=title, slug=slug, intro=intro, show_on_front_page=False)
    parent.add_child(instance=section)
    return section


def community_section_for(*, site: Site) -> SectionPage:
    """The site's "Community" section (made on first use), where community stories go."""
    return _child_section(
        site.root_page,
        slug=COMMUNITY_SLUG,
        title="Community",
        intro="Stories and pictures sent in by our readers.",
    )


def user_galleries_section_for(*, site: Site) -> SectionPage:
    return _child_section(
        community_section_for(site=site),
        slug=USER_GALLERIES_SLUG,
        title="User Galleries",
        intro="Readers' pictures.",
    )


def _news_image(*, photo: ContributionPhoto, credit: str) -> NewsImage:
    """A wagtail image whose file is the clean re-encode: no original byte reaches it."""
    if photo.image_id:
        return photo.image
    with photo.clean.open("rb") as handle:
        content = handle.read()
    image = NewsImage(
        title=photo.caption[:255],
        photographer=credit,
        licence=NewsImage.Licence.READER,
        default_alt_text=photo.caption[:255],
        usage_terms=f"Reader contribution {photo.contribution.reference}.",
    )
    # A fresh name: the private copies' shared name must not be readable from a public
    # address (it named the original's path in the private store; issue #13).
    extension = photo.clean.name.rsplit(".", 1)[-1].lower()
    image.file = ImageFile(io.BytesIO(content), name=f"{uuid.uuid4().hex}.{extension}")
    image.width, image.height = photo.width, photo.height
    image.save()
    photo.image = image
    photo.save(update_fields=["image"])
    return image


def _story_body(contribution: Contribution, images: list[tuple[NewsImage, ContributionPhoto]]):
    blocks = [("paragraph", f"<p>{escape(p)}</p>") for p in wording.paragraphs(contribution.body)]
    # Photos after the first paragraph, then spread through the text.
    for n, (image, photo) in enumerate(images[1:], start=1):
        at = min(len(blocks), 1 + n * 2)
        blocks.insert(at, ("image", {"image": image, "caption": photo.caption, "alt_text": ""}))
    return blocks


@transaction.atomic
def contribution_accept(
    *, actor: AbstractBaseUser, contribution: Contribution, publish: bool = False, note: str = ""
) -> Page:
    """Make the community story (or user gallery) page: a draft for the normal Wagtail
    workflow, or live at once with ``publish``."""
    access_contribution_for_review(actor=actor)
    _require_status(contribution, _OPEN_FOR_DECISION)
    user = contribution.contributor
    credit = user.public_name
    photos = list(contribution.photos.all())
    images = [(_news_image(photo=p, credit=credit), p) for p in photos]
    common = {
        "title": contribution.title,
        "contributor": user,
        "contributor_name": credit,
        "place": contribution.place,
        "place_text": contribution.place_text,
        "dateline": contribution.where[:100],
        "contribution_reference": contribution.reference or "",
        "lead_image": images[0][0] if images else None,
        "lead_image_caption": images[0][1].caption if images else "",
        "live": False,
    }
    if contribution.kind == Contribution.Kind.STORY:
        parent = community_section_for(site=contribution.site)
        page = CommunityStoryPage(body=_story_body(contribution, images), **common)
    else:
        parent = user_galleries_section_for(site=contribution.site)
        common["lead_image"] = None  # the gallery shows every photo itself
        page = UserGalleryPage(standfirst=wording.clean_text(contribution.body)[:400], **common)
        for n, (image, photo) in enumerate(images):
            page.photos.add(UserGalleryPhoto(image=image, caption=photo.caption, sort_order=n))
    if publish and not parent.permissions_for_user(actor).can_publish_subpage():
        raise ContributionError(
            f"You may not publish in “{parent.title}”: accept it as a draft instead.",
            code="publish_permission",
        )
    parent.add_child(instance=page)
    revision = page.save_revision(user=actor, log_action=True)
    contribution.page = page
    contribution.status = Contribution.Status.ACCEPTED
    contribution.updated_at = timezone.now()
    contribution.save(update_fields=["page", "status", "updated_at"])
    _decide(contribution=contribution, actor=actor, action=Decision.Action.ACCEPT, note=note)
    if publish:
        revision.publish(user=actor)  # page_published marks the contribution published
        page.refresh_from_db()
    else:
        _notify(
            contribution=contribution,
            subject="Your contribution has been accepted",
            lines=[
                f"We accepted “{contribution.title}”; an editor is preparing it for publication."
            ],
        )
    return page


def contribution_mark_published(*, page: Page, actor: AbstractBaseUser | None) -> None:
    """Called when a contribution's page goes live, from the admin or at once on accepting."""
    contribution = (
        Contribution.objects.filter(page=page).select_related("contributor", "site").first()
    )
    if contribution is None or contribution.status == Contribution.Status.PUBLISHED:
        return
    contribution.status = Contribution.Status.PUBLISHED
    contribution.updated_at = timezone.now()
    contribution.save(update_fields=["status", "updated_at"])
    _decide(contribution=contribution, actor=actor, action=Decision.Action.PUBLISH)
    _notify(
        contribution=contribution,
        subject="Your contribution is published",
        lines=[f"“{contribution.title}” is published: {page.full_url}"],
    )


@transaction.atomic
def contribution_verify(*, actor: AbstractBaseUser, contribution: Contribution, note: str) -> Page:
    """Mark the published page verified by the newsroom, with what was checked."""
    access_contribution_for_review(actor=actor)
    note = wording.clean_text(note)
    if not note:
        raise ContributionError("Say briefly what was checked.", code="note")
    if contribution.page_id is None:
        raise ContributionError("Accept the contribution first.", code="status")
    page = contribution.page.specific
    page.verified = True
    page.verification_note = note[:300]
    revision = page.save_revision(user=actor, log_action=True)
    if page.live:
        revision.publish(user=actor)
    _decide(contribution=contribution, actor=actor, action=Decision.Action.VERIFY, note=note)
    return page


# --- accounts ---------------------------------------------------------------------------


def contributions_erase(user: AbstractBaseUser, keep_content: bool) -> None:
    """Before an account is deleted: drop unpublished contributions and every original;
    published pages stay credited to a former member, or are unpublished, as the reader chose."""
    for photo in ContributionPhoto.objects.filter(contribution__contributor=user):
        _delete_files(photo)
    for model in (CommunityStoryPage, UserGalleryPage):
        for page in model.objects.filter(contributor=user):
            if keep_content:
                model.objects.filter(pk=page.pk).update(
                    contributor=None, contributor_name="A former member"
                )
            elif page.live:
                page.unpublish()
    Contribution.objects.filter(contributor=user).delete()
