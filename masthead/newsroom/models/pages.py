"""The page tree of each site: front page, sections, stories (articles, galleries, video).

Every story type extends ``StoryPage``, so listings read one table for every kind of story
and never need ``.specific`` to show a teaser.
"""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

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
            cacheable(response)
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
        from masthead.newsroom import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.front_page(home=self))
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
        "newsroom.StandardPage",
    ]

    class Meta:
        verbose_name = "section"

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from masthead.newsroom import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.section_page(section=self, cursor=request.GET.get("before", "")))
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


class StoryPageManager(PageManager):
    pass


class StoryPage(CachedPage):
    """What every kind of story shares: the teaser, the credits and the tags."""

    standfirst = models.TextField(
        max_length=400, blank=True, help_text="One or two sentences under the headline."
    )
    dateline = models.CharField(
        max_length=100, blank=True, help_text='Where the story was filed, e.g. "Ankara".'
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

    objects = StoryPageManager()
    # What the router loads with the page, so the template's credits cost no extra query.
    serve_related = ("agency", "lead_image")

    promote_panels = [*Page.promote_panels, FieldPanel("comments_open")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("standfirst"),
        index.FilterField("first_published_at"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    story_panels = [
        FieldPanel("standfirst"),
        FieldRowPanel([FieldPanel("dateline"), FieldPanel("agency")]),
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
    def lead_image_alt_text(self) -> str:
        if self.lead_image_alt:
            return self.lead_image_alt
        return self.lead_image.default_alt_text if self.lead_image else ""

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from masthead.newsroom import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.story_page(story=self, request=request))
        return context


class ArticlePage(StoryPage):
    body = StreamField(StoryBodyBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        *StoryPage.story_panels,
        FieldPanel("body"),
        InlinePanel("related_stories", label="Related stories", max_num=10),
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
