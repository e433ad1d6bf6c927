"""The page tree of each site: front page, sections, stories (articles, galleries, video).

Every story type extends ``StoryPage``, so listings read one table for every kind of story
and never need ``.specific`` to show a teaser.
"""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index

from masthead.core import surrogate
from masthead.core.languages import language_tag, site_language, validate_language_tag
from masthead.core.pagecache import cacheable
from masthead.newsroom.blocks import StoryBodyBlock

TIME_ZONE_CHOICES = sorted((tz, tz) for tz in zoneinfo.available_timezones())


class CachedPage(Page):
    """Pages a reader sees are the same for everyone, so shared caches may keep them."""

    class Meta:
        abstract = True

    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().serve(request, *args, **kwargs)
        # A page behind a view restriction gets Wagtail's private header after this, and the
        # page cache never stores private responses (masthead.core.pagecache).
        if response.status_code == 200 and not getattr(request, "is_preview", False):
            cacheable(response, keys=(surrogate.page(self.id),), exact=True)
        return response


class HomePage(CachedPage):
    """The front page of one site of the network."""

    tagline = models.CharField(max_length=255, blank=True)
    time_zone = models.CharField(
        max_length=64,
        choices=TIME_ZONE_CHOICES,
        default=settings.TIME_ZONE,
        help_text="Times on this site are shown in this zone.",
    )
    lead_story = models.ForeignKey(
        "newsroom.StoryPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The story at the top of the front page. Empty: the newest story.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("tagline"),
        FieldPanel("lead_story"),
        InlinePanel("top_stories", label="Top stories", max_num=8),
    ]
    settings_panels = [*Page.settings_panels, FieldPanel("time_zone")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["newsroom.SectionPage", "newsroom.StandardPage"]

    class Meta:
        verbose_name = "front page"

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from masthead.newsroom.reading import listings

        context = super().get_context(request, *args, **kwargs)
        context.update(listings.front_page(home=self))
        return context


class TopStory(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="top_stories")
    story = models.ForeignKey("newsroom.StoryPage", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("story")]


class SectionPage(CachedPage):
    """A section (News, World, Sport…); sections nest, and list every story below them."""

    intro = models.TextField(blank=True, max_length=500)
    show_on_front_page = models.BooleanField(
        default=True, help_text="Give this section a block of its newest stories on the front page."
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    promote_panels = [*Page.promote_panels, FieldPanel("show_on_front_page")]
    parent_page_types = ["newsroom.HomePage", "newsroom.SectionPage"]
    subpage_types = [
        "newsroom.SectionPage",
        "newsroom.ArticlePage",
        "newsroom.GalleryPage",
        "newsroom.VideoPage",
        "newsroom.LiveBlogPage",
        "newsroom.StandardPage",
    ]

    class Meta:
        verbose_name = "section"

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from masthead.newsroom.reading import listings

        context = super().get_context(request, *args, **kwargs)
        context.update(listings.section_page(section=self, cursor=request.GET.get("before", "")))
        return context


class StandardPage(CachedPage):
    """A plain page: about us, the comments policy, contact details."""

    body = RichTextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["newsroom.HomePage", "newsroom.SectionPage"]
    subpage_types: list[str] = []


class StoryTag(TaggedItemBase):
    content_object = ParentalKey(
        "newsroom.StoryPage", on_delete=models.CASCADE, related_name="tagged_items"
    )
    # The story's first-published time, copied here so a tag page walks one index in its
    # order (tag, newest first) instead of sorting every story with the tag. Database triggers
    # keep the copy right whatever writes the page (migration 0003).
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        indexes = [
            models.Index(
                fields=["tag", "-published_at", "-content_object"], name="newsroom_storytag_listing"
            )
        ]


def restricted_at_or_above(path: str) -> Exists:
    """Whether a view restriction (sign-in, groups or password) sits on the page whose tree
    path is the outer query's field ``path`` (``"path"``, ``"page__path"``), or above it."""
    return Exists(
        PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef(path), 1, Length("page__path"))
        )
    )


class StoryPageQuerySet(PageQuerySet):
    def listable(self) -> StoryPageQuerySet:
        """Stories a listing may name to any reader: outside every view restriction (sign-in,
        groups or password, on the story or any page above it), or marked by an editor as a
        premium teaser (then listed with a lock and its headline only).

        Listings are cached once and shown to everyone, so they show what an anonymous reader
        may open. One correlated ``NOT EXISTS`` in the same query (restrictions are few rows):
        no extra query and the same SQL whatever the restrictions, unlike Wagtail's
        ``public()``, which reads every restriction first and adds a clause per restriction.
        """
        return self.filter(Q(premium_teaser=True) | ~restricted_at_or_above("path"))


# Wagtail's documented way to give pages their own queryset methods.
StoryPageManager = PageManager.from_queryset(StoryPageQuerySet)


class StoryPage(CachedPage):
    """What every kind of story shares: the teaser, the credits and the tags."""

    standfirst = models.TextField(
        max_length=400, blank=True, help_text="One or two sentences under the headline."
    )
    dateline = models.CharField(
        max_length=100, blank=True, help_text='Where the story was filed, e.g. "Ankara".'
    )
    language = models.CharField(
        max_length=35,
        blank=True,
        validators=[validate_language_tag],
        help_text="The language the story is written in, as a tag: de, fr-CA, pt-BR. "
        "Empty: the site's language.",
    )
    authors = ParentalManyToManyField("newsroom.Author", blank=True, related_name="stories")
    agency = models.ForeignKey(
        "newsroom.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_image = models.ForeignKey(
        "newsroom.NewsImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_image_caption = models.CharField(max_length=500, blank=True)
    lead_image_alt = models.CharField(
        max_length=255, blank=True, help_text="Leave empty to use the picture's default."
    )
    tags = ClusterTaggableManager(through=StoryTag, blank=True)
    comments_open = models.BooleanField(default=True)
    premium_teaser = models.BooleanField(
        "list as a premium teaser",
        default=False,
        help_text="For a story behind a sign-in or password: list it anyway to readers who "
        "cannot open it, with a lock and its headline only (never its standfirst or picture). "
        "Left off, listings leave restricted stories out.",
    )

    objects = StoryPageManager()
    # What the router loads with the page, so the template's credits cost no extra query.
    serve_related = ("agency", "lead_image")

    promote_panels = [
        *Page.promote_panels,
        FieldPanel("comments_open"),
        FieldPanel("premium_teaser"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("standfirst"),
        index.FilterField("first_published_at"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    story_panels = [
        FieldPanel("standfirst"),
        FieldRowPanel([FieldPanel("dateline"), FieldPanel("agency"), FieldPanel("language")]),
        FieldPanel("authors"),
        MultiFieldPanel(
            [
                FieldPanel("lead_image"),
                FieldPanel("lead_image_caption"),
                FieldPanel("lead_image_alt"),
            ],
            heading="Lead picture",
        ),
        FieldPanel("tags"),
    ]
    # Last in every kind's editor, under its own heading: what readers are told changed.
    notes_panels = [
        InlinePanel(
            "notes",
            heading="Corrections and updates",
            label="note",
            help_text="Tell readers what changed when you publish: a correction (what was "
            "wrong, what is right) or an update (what was added). A typo needs no note; the "
            "revision history keeps every change either way.",
        )
    ]
    parent_page_types = ["newsroom.SectionPage"]
    subpage_types: list[str] = []
    is_creatable = False

    class Meta:
        verbose_name = "story"
        verbose_name_plural = "stories"

    @property
    def kind(self) -> str:
        return self.specific_class._meta.verbose_name if self.specific_class else "story"

    @property
    def language_tag(self) -> str:
        """What the story is written in ("de-DE"); the site's language unless it says."""
        return language_tag(self.language) or site_language()

    def clean(self) -> None:
        super().clean()
        self.language = language_tag(self.language) or self.language

    @property
    def lead_image_alt_text(self) -> str:
        if self.lead_image_alt:
            return self.lead_image_alt
        return self.lead_image.default_alt_text if self.lead_image else ""

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from masthead.newsroom.reading import stories

        context = super().get_context(request, *args, **kwargs)
        context.update(stories.story_page(story=self, request=request))
        return context


class StoryNoteKind(models.TextChoices):
    CORRECTION = "correction", "Correction"
    UPDATE = "update", "Update"


class StoryNoteQuerySet(models.QuerySet):
    def public(self) -> StoryNoteQuerySet:
        """Notes of live stories a reader may open (a draft's notes wait for its publish)."""
        return self.filter(page__live=True).exclude(restricted_at_or_above("page__path"))


class StoryNote(Orderable):
    """A note an editor adds when changing a published story, shown to readers with its time:
    a correction says what was wrong and what is right, an update what was added. Part of the
    page's revision, so it reaches readers with the publish that makes the change."""

    page = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(
        max_length=12, choices=StoryNoteKind.choices, default=StoryNoteKind.CORRECTION
    )
    text = models.TextField(
        max_length=1000,
        help_text='Plain words a reader understands, e.g. "An earlier version said the bridge '
        'opened in 2019; it opened in 2021."',
    )
    noted_at = models.DateTimeField(
        "time", default=timezone.now, help_text="When the change was made (shown to readers)."
    )

    objects = StoryNoteQuerySet.as_manager()

    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("noted_at")]), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = "correction or update"
        verbose_name_plural = "corrections and updates"
        indexes = [
            # The corrections page: every note, newest first, paged by (time, id).
            models.Index(fields=["-noted_at", "-id"], name="newsroom_storynote_newest")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"

    @property
    def is_correction(self) -> bool:
        return self.kind == StoryNoteKind.CORRECTION


class ArticlePage(StoryPage):
    body = StreamField(StoryBodyBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        *StoryPage.story_panels,
        FieldPanel("body"),
        InlinePanel("related_stories", label="Related stories", max_num=10),
        *StoryPage.notes_panels,
    ]
    search_fields = [*StoryPage.search_fields, index.SearchField("body")]
    template = "newsroom/article_page.html"

    class Meta:
        verbose_name = "article"


class RelatedStory(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related_stories")
    story = models.ForeignKey(StoryPage, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("story")]

    def clean(self) -> None:
        if self.story_id and self.story_id == self.page_id:
            raise ValidationError({"story": "A story cannot be related to itself."})


class GalleryPage(StoryPage):
    """News in Pictures: ordered photos, each with its own caption and credit."""

    content_panels = [
        *Page.content_panels,
        *StoryPage.story_panels,
        InlinePanel("photos", label="Photos", min_num=1),
        *StoryPage.notes_panels,
    ]
    template = "newsroom/gallery_page.html"

    class Meta:
        verbose_name = "gallery"
        verbose_name_plural = "galleries"


class GalleryPhoto(Orderable):
    page = ParentalKey(GalleryPage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey("newsroom.NewsImage", on_delete=models.CASCADE, related_name="+")
    caption = models.CharField(max_length=500, blank=True)
    alt_text = models.CharField(
        max_length=255, blank=True, help_text="Leave empty to use the picture's default."
    )

    panels = [FieldPanel("image"), FieldPanel("caption"), FieldPanel("alt_text")]

    @property
    def alt(self) -> str:
        return self.alt_text or self.image.default_alt_text


class VideoPage(StoryPage):
    """Multimedia: an embedded or uploaded video with its poster and transcript."""

    video_url = models.URLField(
        blank=True, help_text="A link to the video on YouTube, Vimeo or another provider."
    )
    video_file = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Or an uploaded MP4/WebM file.",
    )
    poster = models.ForeignKey(
        "newsroom.NewsImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    transcript = models.TextField(blank=True)

    content_panels = [
        *Page.content_panels,
        *StoryPage.story_panels,
        MultiFieldPanel(
            [
                FieldPanel("video_url"),
                FieldPanel("video_file"),
                FieldPanel("poster"),
                FieldPanel("duration_seconds"),
            ],
            heading="Video",
        ),
        FieldPanel("transcript"),
        *StoryPage.notes_panels,
    ]
    search_fields = [*StoryPage.search_fields, index.SearchField("transcript")]
    template = "newsroom/video_page.html"
    serve_related = (*StoryPage.serve_related, "poster", "video_file")

    class Meta:
        verbose_name = "video"

    def clean(self) -> None:
        super().clean()
        if not self.video_url and not self.video_file_id:
            raise ValidationError("Give the video either a link or an uploaded file.")
