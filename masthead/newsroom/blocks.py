"""StreamField blocks of a story body, each with its own template."""

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=PARAGRAPH_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "newsroom/blocks/paragraph.html"


class SubheadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        template = "newsroom/blocks/subheading.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False, max_length=500)
    alt_text = blocks.CharBlock(
        required=False, max_length=255, help_text="Leave empty to use the picture's default."
    )

    class Meta:
        icon = "image"
        template = "newsroom/blocks/image.html"


class PullQuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False)

    class Meta:
        icon = "openquote"
        template = "newsroom/blocks/pull_quote.html"


class VideoEmbedBlock(blocks.StructBlock):
    video = EmbedBlock(help_text="A link to the video on YouTube, Vimeo or another provider.")
    caption = blocks.CharBlock(required=False)

    class Meta:
        icon = "media"
        template = "newsroom/blocks/video_embed.html"


class RelatedLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock()
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, help_text="Used when no page is chosen.")

    class Meta:
        icon = "link"


class RelatedLinksBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="Related")
    links = blocks.ListBlock(RelatedLinkBlock())

    class Meta:
        icon = "list-ul"
        template = "newsroom/blocks/related_links.html"


class StoryBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    subheading = SubheadingBlock()
    image = ImageBlock()
    pull_quote = PullQuoteBlock()
    video = VideoEmbedBlock()
    related_links = RelatedLinksBlock()
