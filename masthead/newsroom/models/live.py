"""Live blogs: a story told as a stream of short updates posted while it happens.

``LiveBlogPage`` is a story kind like an article, so it is listed, searched, mapped and served
by the API with the others. Its updates are rows of ``LiveUpdate``, written from the live desk
or the API without publishing the page (``masthead.newsroom.services``). Each change to an
update takes the next number of the blog's ``version``, so a reader's poll asks "what changed
after version N": one indexed range, the same answer for every reader at N (cacheable).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.http import HttpRequest
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from masthead.newsroom.blocks import PARAGRAPH_FEATURES
from masthead.newsroom.models.pages import StoryPage


class LiveBlogPage(StoryPage):
    """Live coverage: key events, a pinned post and updates, newest first."""

    class Status(models.TextChoices):
        LIVE = "live", "Live"
        ENDED = "ended", "Ended"

    status = models.CharField(max_length=8, choices=Status.choices, default=Status.LIVE)
    ended_at = models.DateTimeField(
        null=True, blank=True, help_text="When coverage ended; set when the status is Ended."
    )
    # Written by the update services only (never by the page form): the number of the latest
    # change to any update, and the time of the newest update, for teasers and feeds.
    version = models.PositiveBigIntegerField(default=0, editable=False)
    last_update_at = models.DateTimeField(null=True, blank=True, editable=False)

    content_panels = [
        *Page.content_panels,
        *StoryPage.story_panels,
        FieldRowPanel([FieldPanel("status"), FieldPanel("ended_at")], heading="Coverage"),
    ]
    template = "newsroom/live_blog_page.html"

    class Meta:
        verbose_name = "live blog"

    @property
    def is_live(self) -> bool:
        return self.status == self.Status.LIVE

    def clean(self) -> None:
        super().clean()
        if self.status == self.Status.LIVE:
            self.ended_at = None
        elif self.ended_at is None:
            from django.utils import timezone

            self.ended_at = timezone.now()

    def with_content_json(self, content: dict) -> LiveBlogPage:
        """A revision being published or previewed keeps the blog's live counters: they move
        with every update, never with the page's form, and a revision saved an hour ago would
        take them back (readers' polls would then miss every change until they caught up)."""
        page = super().with_content_json(content)
        page.version = self.version
        page.last_update_at = self.last_update_at
        return page

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from masthead.newsroom import live_selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(
            live_selectors.live_blog_page(
                blog=self,
                order=request.GET.get("order", ""),
                cursor=request.GET.get("before", ""),
            )
        )
        return context


class LiveUpdateQuerySet(models.QuerySet):
    def shown(self) -> LiveUpdateQuerySet:
        """Updates a reader sees: not deleted."""
        return self.filter(deleted_at__isnull=True)


class LiveUpdate(models.Model):
    page = models.ForeignKey(LiveBlogPage, on_delete=models.CASCADE, related_name="updates")
    posted_at = models.DateTimeField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The byline as it stood when posted: readers see a name, never an account's e-mail.
    author_name = models.CharField(max_length=150, blank=True)
    headline = models.CharField(
        max_length=200, blank=True, help_text="Optional; a key event is listed by it."
    )
    body = RichTextField(features=PARAGRAPH_FEATURES, blank=True)
    image = models.ForeignKey(
        "newsroom.NewsImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image_caption = models.CharField(max_length=500, blank=True)
    embed_url = models.URLField(
        blank=True, help_text="A post or video on YouTube, Vimeo, Bluesky, X and the like."
    )
    quote = models.TextField(max_length=1000, blank=True)
    quote_attribution = models.CharField(max_length=200, blank=True)
    pinned = models.BooleanField(default=False)
    key_event = models.BooleanField(default=False)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # The blog's version when this update last changed (posted, edited, pinned, deleted).
    version = models.PositiveBigIntegerField(default=0)

    objects = LiveUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-posted_at", "-id"]
        indexes = [
            models.Index(fields=["page", "posted_at", "id"], name="newsroom_liveupdate_stream"),
            models.Index(fields=["page", "version"], name="newsroom_liveupdate_changes"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["page"],
                condition=Q(pinned=True, deleted_at__isnull=True),
                name="newsroom_liveupdate_one_pinned",
            )
        ]

    def __str__(self) -> str:
        return self.headline or f"Update {self.pk}"

    @property
    def anchor(self) -> str:
        return f"update-{self.pk}"
