"""Writes on comments: posting, editing, deleting, reporting and every moderation action.

Views, the API, the admin queue, the demo and the account eraser all come through here, so each
rule (modes, word lists, holds, duplicates, rate limits, suspensions) is enforced in one place
and every change is written to ``ModerationLog``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.models import Site

from masthead.accounts import services as accounts
from masthead.comments import conf, text
from masthead.comments.models import (
    Action,
    Comment,
    CommentCount,
    CommentMode,
    CommentReport,
    CommentSiteSettings,
    Mode,
    ModerationLog,
    ReportReason,
    Status,
)
from masthead.comments.selectors import thread_changed
from masthead.core import ratelimit
from masthead.newsroom.models import StoryPage

logger = logging.getLogger(__name__)
MODERATE_PERM = "comments.moderate_comment"


class CommentError(ValidationError):
    """A comment (or report) that cannot be accepted; ``message`` says why, for the reader."""


class CommentPermissionError(PermissionDenied):
    """Someone tried to change a comment that is not theirs to change."""


# --- Modes -----------------------------------------------------------------------------------
def site_for_story(*, story: StoryPage) -> Site | None:
    # The site is the one whose root page is the story's depth-2 ancestor (treebeard paths).
    steplen = StoryPage.steplen
    return Site.objects.filter(root_page__path=story.path[: steplen * 2]).first()


def settings_for_story(*, story: StoryPage) -> CommentSiteSettings:
    site = site_for_story(story=story)
    if site is None:
        return CommentSiteSettings()
    return CommentSiteSettings.for_site(site)


def mode_for_story(
    *, story: StoryPage, site_settings: CommentSiteSettings | None = None
) -> tuple[str, str]:
    """The mode in force and why: the story's own switch, auto-close, then the most specific
    CommentMode (story, section, …, front page), then the site's setting."""
    site_settings = site_settings or settings_for_story(story=story)
    if not story.live:
        return Mode.CLOSED, "This story is not published."
    if not story.comments_open:
        return Mode.CLOSED, "An editor closed them."
    days = site_settings.auto_close_days
    if (
        days
        and story.first_published_at
        and timezone.now() > story.first_published_at + timedelta(days=days)
    ):
        return Mode.CLOSED, f"Comments close {days} days after a story is published."
    steplen = StoryPage.steplen
    prefixes = [story.path[:n] for n in range(steplen * 2, len(story.path) + 1, steplen)]
    override = (
        CommentMode.objects.filter(page__path__in=prefixes)
        .order_by("-page__depth")
        .values_list("mode", flat=True)
        .first()
    )
    if override:
        return override, "Editors set this for the story or its section."
    return site_settings.mode, "The site's setting."


# --- Counters and caches ---------------------------------------------------------------------
def _visibility_changed(comment: Comment, delta: int) -> None:
    """Keep the denormalised counts in step when a comment starts or stops being shown."""
    # get_or_create first: two first comments at once must not both try to insert the row.
    CommentCount.objects.get_or_create(page_id=comment.page_id)
    CommentCount.objects.filter(page_id=comment.page_id).update(count=F("count") + delta)
    if comment.root_id:
        Comment.objects.filter(pk=comment.root_id).update(reply_count=F("reply_count") + delta)
    page_id = comment.page_id
    transaction.on_commit(lambda: thread_changed(page_id))


def _set_status(comment: Comment, status: str, **fields) -> None:
    was_shown = comment.status == Status.PUBLISHED
    comment.status = status
    if status == Status.PUBLISHED and comment.published_at is None:
        comment.published_at = timezone.now()
    for name, value in fields.items():
        setattr(comment, name, value)
    comment.save(update_fields=["status", "published_at", *fields])
    now_shown = status == Status.PUBLISHED
    if was_shown != now_shown:
        _visibility_changed(comment, 1 if now_shown else -1)
    elif now_shown:
        page_id = comment.page_id
        transaction.on_commit(lambda: thread_changed(page_id))


def _log(
    comment: Comment | None,
    *,
    actor: AbstractBaseUser | None,
    action: str,
    reason: str = "",
    subject: AbstractBaseUser | None = None,
) -> None:
    ModerationLog.objects.create(
        comment=comment,
        actor=actor if actor is not None and actor.is_authenticated else None,
        subject=subject if subject is not None else (comment.author if comment else None),
        action=action,
        reason=reason[:500],
        created_at=timezone.now(),
    )


# --- Readers ---------------------------------------------------------------------------------
class HoldRule(models.TextChoices):
    """The rules that hold a comment for review before it appears (docs/comments.md)."""

    SECTION_MODE = "section_mode", "Editors review every comment here first"
    WORD_LIST = "word_list", "A word on the site's review list"
    NEW_ACCOUNT = "new_account", "A new account's first comments"
    LINKS = "links", "A link"


@dataclass(frozen=True)
class HoldReason:
    rule: str
    # What the reader reads after "Awaiting review:" (and the editor in the queue).
    text: str
    # False only when the text is not known yet (the form's notice before posting): the rule
    # holds the comment *if* it has a link or a listed word; ``condition`` says which.
    certain: bool = True
    condition: str = ""


def hold_reasons(
    *,
    author: AbstractBaseUser,
    story: StoryPage,
    body: str | None,
    mode: str | None = None,
    site_settings: CommentSiteSettings | None = None,
) -> list[HoldReason]:
    """Why ``author``'s comment on ``story`` is held for review: the one rule, used by the hold
    itself (``body`` given) and by the form's notice before posting (``body=None``), so what a
    reader is told beforehand is what then happens. Without a body, the rules that depend on
    the text come back with ``certain=False``."""
    site_settings = site_settings or settings_for_story(story=story)
    if mode is None:
        mode, _ = mode_for_story(story=story, site_settings=site_settings)
    reasons: list[HoldReason] = []
    if mode == Mode.PREMODERATED:
        reasons.append(
            HoldReason(
                rule=HoldRule.SECTION_MODE,
                text="editors review every comment on this story before it appears",
            )
        )
    words = text.WordList.parse(site_settings.suspect_words)
    if body is None:
        if words.entries:
            reasons.append(
                HoldReason(
                    rule=HoldRule.WORD_LIST,
                    text="comments with a word on our review list are reviewed",
                    certain=False,
                    condition="a word on our review list",
                )
            )
    else:
        suspect = words.find(body)
        if suspect:
            reasons.append(
                HoldReason(
                    rule=HoldRule.WORD_LIST,
                    text=f"it contains “{suspect}”, a word on our review list",
                )
            )
    needed = site_settings.hold_first_comments
    if needed and author.is_authenticated:
        approved = Comment.objects.filter(author=author, status=Status.PUBLISHED).count()
        if approved < needed:
            reasons.append(
                HoldReason(
                    rule=HoldRule.NEW_ACCOUNT,
                    text=(
                        f"a new account's first {needed} comment{pluralize(needed)} are "
                        f"reviewed ({approved} of yours published so far)"
                        if needed > 1
                        else "a new account's first comment is reviewed"
                    ),
                )
            )
    if site_settings.hold_links:
        if body is None:
            reasons.append(
                HoldReason(
                    rule=HoldRule.LINKS,
                    text="comments with links are reviewed",
                    certain=False,
                    condition="a link",
                )
            )
        elif text.has_link(body):
            reasons.append(HoldReason(rule=HoldRule.LINKS, text="comments with links are reviewed"))
    return reasons


def _held_fields(reasons: Sequence[HoldReason]) -> dict[str, str]:
    return {
        "held_reason": "; ".join(r.text for r in reasons)[:200],
        "held_rules": ",".join(r.rule for r in reasons)[:100],
    }


def _refuse_repeats(*, author: AbstractBaseUser, page_id: int, digest: str) -> None:
    now = timezone.now()
    last = (
        Comment.objects.filter(author=author)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if last and (now - last).total_seconds() < conf.min_interval_seconds():
        raise CommentError("You posted a moment ago. Wait a few seconds before posting again.")
    since = now - timedelta(hours=conf.duplicate_window_hours())
    if (
        Comment.objects.filter(author=author, body_hash=digest, created_at__gte=since)
        .exclude(status=Status.DELETED)
        .exists()
    ):
        raise CommentError("You have already posted this comment.")


@transaction.atomic
def comment_create(
    *,
    page: StoryPage,
    author: AbstractBaseUser,
    body: str | bytes,
    parent: Comment | None = None,
    rate_keys: Sequence[str] = (),
    honeypot: str = "",
) -> Comment:
    """Post a comment or a reply. Refuses (CommentError) or holds it by the site's rules."""
    accounts.access_member_can_post(user=author)
    if honeypot:
        # Filled by a bot that fills every field; say nothing specific.
        raise CommentError("Your comment could not be posted.")
    keys = list(rate_keys) or [f"u:{author.pk}"]
    ratelimit.limit_reader(
        scope="comments:post",
        keys=keys,
        rate=conf.post_rate(),
        address_rate=conf.address_post_rate(),
        message="You are posting comments too quickly.",
    )
    site_settings = settings_for_story(story=page)
    mode, why = mode_for_story(story=page, site_settings=site_settings)
    if mode == Mode.CLOSED:
        raise CommentError(f"Comments are closed on this story. {why}".strip())
    if parent is not None:
        # Read again under a lock: the caller's copy may be stale (held since it was loaded).
        parent = Comment.objects.select_for_update(of=("self",)).get(pk=parent.pk)
        if parent.page_id != page.pk:
            raise CommentError("You can only reply to a comment on the same story.")
        if parent.status != Status.PUBLISHED:
            raise CommentError("That comment can no longer be replied to.")
    cleaned = text.clean_body(body, max_length=conf.max_length())
    banned = text.WordList.parse(site_settings.banned_words).find(cleaned)
    if banned:
        raise CommentError(
            f"Your comment contains “{banned}”, which our comments policy does not allow. "
            "Please rephrase it."
        )
    digest = text.body_hash(cleaned)
    _refuse_repeats(author=author, page_id=page.pk, digest=digest)
    reasons = hold_reasons(
        author=author, story=page, body=cleaned, mode=mode, site_settings=site_settings
    )
    steplen = StoryPage.steplen
    comment = Comment(
        page=page,
        site_id=site_settings.site_id,
        section_id=None,
        author=author,
        parent=parent,
        root_id=(parent.root_id or parent.pk) if parent else None,
        depth=parent.depth + 1 if parent else 0,
        body=cleaned,
        body_html=text.render_body(cleaned),
        body_hash=digest,
        status=Status.PENDING,
        **_held_fields(reasons),
        created_at=timezone.now(),
    )
    if page.depth > 3:
        from wagtail.models import Page

        comment.section_id = (
            Page.objects.filter(path=page.path[: len(page.path) - steplen])
            .values_list("pk", flat=True)
            .first()
        )
    comment.full_clean(exclude=["path"])
    comment.save()
    comment.path = (parent.path + "/" if parent else "") + f"{comment.pk:010d}"
    comment.save(update_fields=["path"])
    _log(comment, actor=author, action=Action.POSTED)
    if reasons:
        _log(comment, actor=None, action=Action.HELD, reason=comment.held_reason)
    else:
        _set_status(comment, Status.PUBLISHED)
        _notify_reply(comment)
    return comment


def access_comment_for_change(*, comment: Comment, user: AbstractBaseUser) -> None:
    if not user.is_authenticated or comment.author_id != user.pk:
        raise CommentPermissionError("You can only change your own comments.")
    if comment.status in (Status.DELETED, Status.REJECTED):
        raise CommentPermissionError("This comment can no longer be changed.")


def editable_until(comment: Comment):
    return comment.created_at + timedelta(minutes=conf.edit_minutes())


@transaction.atomic
def comment_edit(*, comment: Comment, user: AbstractBaseUser, body: str | bytes) -> Comment:
    """The author may correct their comment for a few minutes; the same rules apply again."""
    comment = (
        Comment.objects.select_for_update(of=("self",)).select_related("page").get(pk=comment.pk)
    )
    access_comment_for_change(comment=comment, user=user)
    accounts.access_member_can_post(user=user)
    if timezone.now() > editable_until(comment):
        raise CommentError(
            f"Comments can be edited for {conf.edit_minutes()} minutes after posting."
        )
    cleaned = text.clean_body(body, max_length=conf.max_length())
    site_settings = settings_for_story(story=comment.page)
    banned = text.WordList.parse(site_settings.banned_words).find(cleaned)
    if banned:
        raise CommentError(
            f"Your comment contains “{banned}”, which our comments policy does not allow."
        )
    comment.body = cleaned
    comment.body_html = text.render_body(cleaned)
    comment.body_hash = text.body_hash(cleaned)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "body_hash", "edited_at"])
    _log(comment, actor=user, action=Action.EDITED)
    if comment.status == Status.PUBLISHED:
        # An edit cannot slip past the checks a new comment would meet on its text.
        held = [
            reason
            for reason in hold_reasons(
                author=user, story=comment.page, body=cleaned, site_settings=site_settings
            )
            if reason.rule in (HoldRule.WORD_LIST, HoldRule.LINKS)
        ]
        if held:
            _set_status(comment, Status.PENDING, **_held_fields(held))
            _log(comment, actor=None, action=Action.HELD, reason=comment.held_reason)
        else:
            page_id = comment.page_id
            transaction.on_commit(lambda: thread_changed(page_id))
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, user: AbstractBaseUser) -> Comment:
    """The author removes their comment; a placeholder keeps its replies in place."""
    comment = Comment.objects.select_for_update(of=("self",)).get(pk=comment.pk)
    access_comment_for_change(comment=comment, user=user)
    _set_status(comment, Status.DELETED, body="", body_html="")
    _log(comment, actor=user, action=Action.DELETED)
    return comment


@transaction.atomic
def comment_report(
    *,
    comment: Comment,
    reporter: AbstractBaseUser,
    reason: str,
    note: str = "",
    rate_keys: Sequence[str] = (),
) -> CommentReport:
    """A reader flags a comment; past the site's threshold of readers it is hidden for review."""
    accounts.access_member_can_post(user=reporter)
    ratelimit.limit(
        scope="comments:report",
        keys=list(rate_keys) or [f"u:{reporter.pk}"],
        rate=conf.report_rate(),
        message="You are reporting too often.",
    )
    if reason not in ReportReason.values:
        raise CommentError("Choose a reason for the report.")
    comment = (
        Comment.objects.select_for_update(of=("self",)).select_related("page").get(pk=comment.pk)
    )
    if comment.author_id == reporter.pk:
        raise CommentError("You cannot report your own comment.")
    if comment.status != Status.PUBLISHED:
        raise CommentError("This comment is not shown any more; thank you.")
    cleaned_note = ""
    if note.strip():
        cleaned_note = text.clean_body(note, max_length=500)
    try:
        with transaction.atomic():
            report = CommentReport.objects.create(
                comment=comment,
                reporter=reporter,
                reason=reason,
                note=cleaned_note,
                created_at=timezone.now(),
            )
    except IntegrityError:
        raise CommentError("You have already reported this comment.") from None
    comment.reports_open = F("reports_open") + 1
    comment.save(update_fields=["reports_open"])
    comment.refresh_from_db(fields=["reports_open"])
    _log(comment, actor=reporter, action=Action.REPORTED, reason=f"{reason}: {cleaned_note}")
    threshold = settings_for_story(story=comment.page).report_threshold
    reporters = CommentReport.objects.filter(comment=comment, resolved_at__isnull=True).count()
    if threshold and reporters >= threshold:
        _set_status(comment, Status.HIDDEN)
        _log(comment, actor=None, action=Action.HIDDEN, reason=f"{reporters} readers reported it")
    return report


def _notify_reply(comment: Comment) -> None:
    """Tell the parent's author, in the background, that someone replied (if they want to)."""
    if comment.parent_id is None:
        return
    parent = Comment.objects.select_related("author", "page").get(pk=comment.parent_id)
    recipient = parent.author
    if (
        recipient is None
        or recipient.pk == comment.author_id
        or not recipient.is_active
        or not recipient.email
        or not getattr(recipient, "notify_comment_replies", False)
    ):
        return
    story = parent.page
    url = (story.full_url or "") + f"#comment-{comment.pk}"
    body = render_to_string(
        "comments/email/reply.txt",
        {"recipient": recipient, "reply": comment, "story": story, "url": url},
    )
    author_name = comment.author.username if comment.author else "Someone"
    accounts.mail_send_later(
        message=EmailMessage(
            subject=f"{author_name} replied to your comment on “{story.title}”",
            body=body,
            to=[recipient.email],
        )
    )


# --- Moderation ------------------------------------------------------------------------------
def access_comments_for_moderation(*, actor: AbstractBaseUser) -> None:
    if not actor.is_authenticated or not actor.has_perm(MODERATE_PERM):
        raise CommentPermissionError("You may not moderate comments.")


def _locked(comment_ids: Iterable[int]) -> list[Comment]:
    return list(
        Comment.objects.select_for_update(of=("self",))
        .filter(pk__in=list(comment_ids))
        .select_related("author")
        .order_by("pk")
    )


def _resolve_reports(comment: Comment) -> None:
    if comment.reports_open:
        CommentReport.objects.filter(comment=comment, resolved_at__isnull=True).update(
            resolved_at=timezone.now()
        )
        comment.reports_open = 0
        comment.save(update_fields=["reports_open"])


@transaction.atomic
def comment_approve(
    *, actor: AbstractBaseUser, comment_ids: Iterable[int], reason: str = ""
) -> int:
    access_comments_for_moderation(actor=actor)
    done = 0
    for comment in _locked(comment_ids):
        if comment.status == Status.DELETED:
            continue
        notify = comment.status == Status.PENDING
        _resolve_reports(comment)
        _set_status(comment, Status.PUBLISHED, held_reason="", held_rules="", rejection_reason="")
        _log(comment, actor=actor, action=Action.APPROVED, reason=reason)
        if notify:
            _notify_reply(comment)
        done += 1
    return done


@transaction.atomic
def comment_reject(*, actor: AbstractBaseUser, comment_ids: Iterable[int], reason: str) -> int:
    """Reject with a reason the author sees beside their comment."""
    access_comments_for_moderation(actor=actor)
    reason = reason.strip()
    if not reason:
        raise CommentError("Give the reason the author will see.")
    done = 0
    for comment in _locked(comment_ids):
        if comment.status == Status.DELETED:
            continue
        _resolve_reports(comment)
        _set_status(comment, Status.REJECTED, rejection_reason=reason[:500], featured=False)
        _log(comment, actor=actor, action=Action.REJECTED, reason=reason)
        done += 1
    return done


@transaction.atomic
def comment_hold(*, actor: AbstractBaseUser, comment_ids: Iterable[int], reason: str = "") -> int:
    """Take a published comment down until it is reviewed."""
    access_comments_for_moderation(actor=actor)
    done = 0
    for comment in _locked(comment_ids):
        if comment.status not in (Status.PUBLISHED, Status.HIDDEN):
            continue
        # The editor's note is for the queue; the author reads that an editor is reviewing it.
        _set_status(
            comment,
            Status.PENDING,
            held_reason=(reason or "held by an editor")[:200],
            held_rules="",
        )
        _log(comment, actor=actor, action=Action.HELD, reason=reason)
        done += 1
    return done


@transaction.atomic
def comment_feature(
    *, actor: AbstractBaseUser, comment_ids: Iterable[int], featured: bool = True
) -> int:
    """Mark as an editors' pick (only a published comment can be one)."""
    access_comments_for_moderation(actor=actor)
    done = 0
    for comment in _locked(comment_ids):
        if featured and comment.status != Status.PUBLISHED:
            continue
        comment.featured = featured
        comment.save(update_fields=["featured"])
        page_id = comment.page_id
        transaction.on_commit(lambda page_id=page_id: thread_changed(page_id))
        _log(comment, actor=actor, action=Action.FEATURED if featured else Action.UNFEATURED)
        done += 1
    return done


@transaction.atomic
def author_suspend(
    *,
    actor: AbstractBaseUser,
    comment: Comment,
    days: int | None,
    reason: str,
) -> None:
    """Suspend (``days``) or ban (None) the author of ``comment``; their pending comments stay
    for review. Goes through accounts' own service, which checks the permission."""
    access_comments_for_moderation(actor=actor)
    if comment.author is None:
        raise CommentError("This comment's author no longer has an account.")
    if not reason.strip():
        raise CommentError("Give a reason for the suspension.")
    ends_at = None if days is None else timezone.now() + timedelta(days=days)
    accounts.suspension_create(actor=actor, user=comment.author, reason=reason, ends_at=ends_at)
    _log(
        comment,
        actor=actor,
        action=Action.BANNED if days is None else Action.SUSPENDED,
        reason=reason if days is None else f"{days} days: {reason}",
    )


# --- Accounts' eraser ------------------------------------------------------------------------
@transaction.atomic
def comments_erase_author(*, user: AbstractBaseUser, keep_content: bool) -> None:
    """Before an account goes: keep its comments under "deleted account", or remove them
    (placeholders keep the replies of others in their thread)."""
    comments = list(Comment.objects.select_for_update(of=("self",)).filter(author=user))
    for comment in comments:
        if keep_content:
            comment.author = None
            comment.save(update_fields=["author"])
        else:
            if comment.status != Status.DELETED:
                _set_status(comment, Status.DELETED, body="", body_html="")
            comment.author = None
            comment.save(update_fields=["author"])
        _log(comment, actor=None, action=Action.ERASED, subject=user)
        page_id = comment.page_id
        transaction.on_commit(lambda page_id=page_id: thread_changed(page_id))
