"""Comments, their reports, per-page counts, moderation modes, word lists and the action log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class Mode(models.TextChoices):
    OPEN = "open", "Open: published at once, reviewed after"
    PREMODERATED = "premoderated", "Pre-moderated: held until an editor approves"
    CLOSED = "closed", "Closed"


@register_setting(icon="comment")
class CommentSiteSettings(BaseSiteSetting):
    """The site's comment rules; sections and stories may override the mode (CommentMode)."""

    mode = models.CharField(max_length=20, choices=Mode.choices, default=Mode.OPEN)
    auto_close_days = models.PositiveIntegerField(
        default=14,
        help_text="Stories close to comments this many days after first publication (0: never).",
    )
    hold_first_comments = models.PositiveIntegerField(
        default=2,
        help_text="Hold a new account's comments until this many of theirs have been approved.",
    )
    hold_links = models.BooleanField(
        default=True, help_text="Hold comments that contain a link for review."
    )
    report_threshold = models.PositiveIntegerField(
        default=3, help_text="Hide a comment reported by this many readers until reviewed."
    )
    banned_words = models.TextField(
        blank=True,
        help_text="One word or phrase a line; comments containing one are refused. "
        "A trailing * matches any ending (e.g. spam*).",
    )
    suspect_words = models.TextField(
        blank=True, help_text="One word or phrase a line; comments containing one are held."
    )
    policy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The comments policy the form links to.",
    )

    panels = [
        FieldPanel("mode"),
        FieldPanel("auto_close_days"),
        FieldPanel("hold_first_comments"),
        FieldPanel("hold_links"),
        FieldPanel("report_threshold"),
        FieldPanel("banned_words"),
        FieldPanel("suspect_words"),
        FieldPanel("policy_page"),
    ]

    class Meta:
        verbose_name = "comment settings"


class CommentMode(models.Model):
    """The mode for one section or story (or a site's front page): the most specific wins."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="comment_mode"
    )
    mode = models.CharField(max_length=20, choices=Mode.choices)
    note = models.CharField(max_length=200, blank=True, help_text="Why (for other editors).")

    panels = [FieldPanel("page"), FieldPanel("mode"), FieldPanel("note")]

    class Meta:
        verbose_name = "comment mode for a section or story"

    def __str__(self) -> str:
        return f"{self.page}: {self.get_mode_display()}"


class Status(models.TextChoices):
    PENDING = "pending", "Awaiting review"
    PUBLISHED = "published", "Published"
    HIDDEN = "hidden", "Hidden after reports"
    REJECTED = "rejected", "Rejected"
    DELETED = "deleted", "Deleted"


class CommentQuerySet(models.QuerySet):
    def published(self) -> CommentQuerySet:
        return self.filter(status=Status.PUBLISHED)


class Comment(models.Model):
    page = models.ForeignKey(
        "newsroom.StoryPage", on_delete=models.CASCADE, related_name="comments"
    )
    # Copies for the moderation queue's filters (site, section) without walking the tree.
    site = models.ForeignKey(
        "wagtailcore.Site", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    section = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    # Thread shape: the top-level comment and a path of zero-padded ids, so a page of top-level
    # comments loads its replies (in tree order) with one query.
    root = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="descendants"
    )
    path = models.CharField(max_length=255, blank=True, db_index=True)
    depth = models.PositiveSmallIntegerField(default=0)
    body = models.TextField(help_text="Plain text as written (normalised).")
    body_html = models.TextField(help_text="Escaped, linkified rendering of the body.")
    body_hash = models.CharField(max_length=64, db_index=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    # Why it waits for review, in words its author reads ("Awaiting review: …"); an editor's
    # own hold keeps their note here for the queue, with no rule named in ``held_rules``.
    held_reason = models.CharField(max_length=200, blank=True)
    # The rules that held it (services.HoldRule values, comma-separated); empty: an editor did.
    held_rules = models.CharField(max_length=100, blank=True)
    rejection_reason = models.CharField(max_length=500, blank=True)
    featured = models.BooleanField("editors' pick", default=False)
    reply_count = models.PositiveIntegerField(default=0)
    reports_open = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    edited_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        permissions = [("moderate_comment", "Can moderate reader comments")]
        indexes = [
            # A page's top-level comments, newest or oldest first, by key.
            models.Index(
                fields=["page", "depth", "status", "created_at", "id"], name="comment_thread"
            ),
            models.Index(fields=["root", "status", "path"], name="comment_replies"),
            models.Index(fields=["page", "featured", "created_at", "id"], name="comment_picks"),
            models.Index(fields=["status", "created_at"], name="comment_queue"),
            models.Index(fields=["author", "created_at"], name="comment_author"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(depth=0, parent__isnull=True, root__isnull=True)
                | Q(depth__gt=0, parent__isnull=False, root__isnull=False),
                name="comment_thread_shape",
            )
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk} on {self.page_id}"

    @property
    def display_depth(self) -> int:
        from masthead.comments import conf

        return min(self.depth, conf.display_depth())


class ReportReason(models.TextChoices):
    ABUSE = "abuse", "Abusive or hateful"
    SPAM = "spam", "Spam or advertising"
    OFF_TOPIC = "off_topic", "Off topic"
    LEGAL = "legal", "Possibly unlawful (defamation, privacy)"
    OTHER = "other", "Something else"


class CommentReport(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=20, choices=ReportReason.choices)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_reader")
        ]

    def __str__(self) -> str:
        return f"Report on {self.comment_id}: {self.reason}"


class CommentCount(models.Model):
    """Published comments per story, kept by the services: teasers read many in one query."""

    page = models.OneToOneField(
        "newsroom.StoryPage", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    count = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.page_id}: {self.count}"


class Action(models.TextChoices):
    POSTED = "posted", "Posted"
    HELD = "held", "Held"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    FEATURED = "featured", "Featured"
    UNFEATURED = "unfeatured", "Unfeatured"
    REPORTED = "reported", "Reported"
    HIDDEN = "hidden", "Hidden after reports"
    EDITED = "edited", "Edited"
    DELETED = "deleted", "Deleted by its author"
    SUSPENDED = "suspended", "Author suspended"
    BANNED = "banned", "Author banned"
    ERASED = "erased", "Author's account deleted"


class ModerationLog(models.Model):
    """Every change to a comment: who, when, why. Kept when the comment goes."""

    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="log"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The comment's author at the time.",
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.comment_id}"
