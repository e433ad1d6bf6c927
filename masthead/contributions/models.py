"""Reader contributions (stories and pictures), their photos and every editorial decision,
and the pages they become: community stories, user galleries, and the call-outs that ask."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from masthead.contributions.storage import get_private_storage
from masthead.newsroom.blocks import StoryBodyBlock
from masthead.newsroom.models import StoryPage
from masthead.newsroom.models.pages import CachedPage


class Contributed(models.Model):
    """What a published contribution shows beyond a newsroom story: who sent it, where it
    happened and whether the newsroom has checked it."""

    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The reader credited; their profile is linked from the page.",
    )
    contributor_name = models.CharField(
        max_length=150, blank=True, help_text="Shown when the account no longer exists."
    )
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    place_text = models.CharField("where it happened", max_length=200, blank=True)
    verified = models.BooleanField(
        "verified by the newsroom",
        default=False,
        help_text="Tick only once the newsroom has checked the contribution.",
    )
    verification_note = models.CharField(
        max_length=300, blank=True, help_text="What was checked, shown to readers."
    )
    contribution_reference = models.CharField(max_length=20, blank=True, editable=False)

    contributed_panels = [
        MultiFieldPanel(
            [
                FieldPanel("contributor"),
                FieldPanel("contributor_name"),
                FieldPanel("place"),
                FieldPanel("place_text"),
                FieldPanel("verified"),
                FieldPanel("verification_note"),
            ],
            heading="Reader contribution",
        )
    ]
    serve_related = ("agency", "lead_image", "contributor", "place")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    @property
    def where(self) -> str:
        return self.place.name if self.place_id and self.place else self.place_text


class CommunityStoryPage(Contributed, StoryPage):
    """A reader's story as published: their text and photos, credited to them."""

    body = StreamField(StoryBodyBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        *StoryPage.story_panels,
        FieldPanel("body"),
        *Contributed.contributed_panels,
        *StoryPage.notes_panels,
    ]
    search_fields = [*StoryPage.search_fields, index.SearchField("body")]
    template = "contributions/community_story_page.html"
    parent_page_types = ["newsroom.SectionPage"]
    is_creatable = True

    class Meta:
        verbose_name = "community story"
        verbose_name_plural = "community stories"


class UserGalleryPage(Contributed, StoryPage):
    """A reader's pictures as published: a gallery with the reader credited.

    A story of its own kind, not a newsroom ``GalleryPage``: "News in Pictures" and anything
    else that counts the newsroom's galleries stays the newsroom's (decision 0850)."""

    content_panels = [
        *Page.content_panels,
        *StoryPage.story_panels,
        InlinePanel("photos", label="Photos", min_num=1),
        *Contributed.contributed_panels,
        *StoryPage.notes_panels,
    ]
    template = "contributions/user_gallery_page.html"
    parent_page_types = ["newsroom.SectionPage"]
    is_creatable = True

    class Meta:
        verbose_name = "user gallery"
        verbose_name_plural = "user galleries"

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from masthead.contributions.selectors import user_gallery_photos

        context = super().get_context(request, *args, **kwargs)
        context["photos"] = user_gallery_photos(page=self)
        return context


class UserGalleryPhoto(Orderable):
    page = ParentalKey(UserGalleryPage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey("newsroom.NewsImage", on_delete=models.CASCADE, related_name="+")
    caption = models.CharField(max_length=500, blank=True)
    alt_text = models.CharField(
        max_length=255, blank=True, help_text="Leave empty to use the picture's default."
    )

    panels = [FieldPanel("image"), FieldPanel("caption"), FieldPanel("alt_text")]

    def __str__(self) -> str:
        return self.caption

    @property
    def alt(self) -> str:
        return self.alt_text or self.image.default_alt_text


class CallOutKind(models.TextChoices):
    STORIES = "story", "Stories"
    PICTURES = "pictures", "Pictures"
    BOTH = "both", "Stories and pictures"


class CallOutPage(CachedPage):
    """An assignment for readers: "Send us your pictures of the storm in Durban"."""

    brief = models.TextField(help_text="What the newsroom wants to see, in a few sentences.")
    wanted = models.CharField(max_length=10, choices=CallOutKind.choices, default=CallOutKind.BOTH)
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    place_text = models.CharField("where", max_length=200, blank=True)
    deadline = models.DateTimeField(help_text="Answers are taken until this moment.")

    content_panels = [
        *Page.content_panels,
        FieldPanel("brief"),
        FieldPanel("wanted"),
        FieldPanel("place"),
        FieldPanel("place_text"),
        FieldPanel("deadline"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("brief")]
    template = "contributions/call_out_page.html"
    parent_page_types = ["newsroom.SectionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "call-out"

    @property
    def is_open(self) -> bool:
        return self.live and self.deadline > timezone.now()

    @property
    def where(self) -> str:
        return self.place.name if self.place_id and self.place else self.place_text

    @property
    def wants_stories(self) -> bool:
        return self.wanted in (CallOutKind.STORIES, CallOutKind.BOTH)

    @property
    def wants_pictures(self) -> bool:
        return self.wanted in (CallOutKind.PICTURES, CallOutKind.BOTH)

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["story_url"] = reverse("contributions:story_new") + f"?callout={self.pk}"
        context["pictures_url"] = reverse("contributions:pictures_new") + f"?callout={self.pk}"
        return context


class Contribution(models.Model):
    class Kind(models.TextChoices):
        STORY = "story", "Story"
        PICTURES = "pictures", "Pictures"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        IN_REVIEW = "in_review", "In review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        ACCEPTED = "accepted", "Accepted, being prepared for publication"
        PUBLISHED = "published", "Published"
        DECLINED = "declined", "Declined"

    class Licence(models.TextChoices):
        EXCLUSIVE = "exclusive", "I grant the newsroom an exclusive licence to publish it"
        NON_EXCLUSIVE = "non-exclusive", "I grant a non-exclusive licence to publish it"
        CC_BY = "cc-by", "Creative Commons Attribution (CC BY 4.0)"

    reference = models.CharField(max_length=20, unique=True, null=True, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contributions"
    )
    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    section = models.ForeignKey(
        "newsroom.SectionPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    callout = models.ForeignKey(
        CallOutPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="answers"
    )
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    word_count = models.PositiveIntegerField(default=0)
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    place_text = models.CharField("where it happened", max_length=200, blank=True)
    declaration = models.BooleanField(default=False)
    licence = models.CharField(max_length=20, choices=Licence.choices, blank=True)
    editor_note = models.TextField(blank=True, help_text="What the editor asked to change.")
    decline_reason = models.TextField(blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        permissions = [("review_contribution", "Can review reader contributions")]
        indexes = [
            models.Index(fields=["site", "status", "id"], name="contrib_queue_idx"),
            models.Index(fields=["contributor", "id"], name="contrib_owner_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference or 'draft'}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("contributions:status", kwargs={"reference": self.reference})

    @property
    def where(self) -> str:
        return self.place.name if self.place_id and self.place else self.place_text

    @property
    def editable_by_reader(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.CHANGES_REQUESTED)


def _original_path(instance: ContributionPhoto, filename: str) -> str:
    return f"originals/{instance.contribution_id}/{filename}"


def _clean_path(instance: ContributionPhoto, filename: str) -> str:
    return f"clean/{instance.contribution_id}/{filename}"


class ContributionPhoto(models.Model):
    """One uploaded photo: the original as sent (private, editors only) and the re-encoded
    copy without metadata, which is all the public will ever be served."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="photos")
    original = models.FileField(storage=get_private_storage, upload_to=_original_path)
    clean = models.FileField(storage=get_private_storage, upload_to=_clean_path)
    original_format = models.CharField(max_length=10)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    caption = models.CharField(max_length=500)
    place_text = models.CharField("where taken", max_length=200, blank=True)
    taken_on = models.DateField("when taken", null=True, blank=True)
    image = models.ForeignKey(
        "newsroom.NewsImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.caption


class Decision(models.Model):
    """Every editorial step on a contribution: who, when, what and why."""

    class Action(models.TextChoices):
        REVIEW = "review", "Started review"
        REQUEST_CHANGES = "request_changes", "Asked for changes"
        ACCEPT = "accept", "Accepted as a draft page"
        PUBLISH = "publish", "Published"
        DECLINE = "decline", "Declined"
        VERIFY = "verify", "Marked verified"

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="decisions"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.actor} at {self.at:%Y-%m-%d %H:%M}"
