"""Newsroom models: pictures with their rights, bylines and agencies, and the page tree."""

from .images import NewsImage, NewsRendition
from .pages import (
    ArticlePage,
    GalleryPage,
    GalleryPhoto,
    HomePage,
    RelatedStory,
    SectionPage,
    StandardPage,
    StoryPage,
    StoryTag,
    TopStory,
    VideoPage,
)
from .snippets import Agency, Author

__all__ = [
    "Agency",
    "ArticlePage",
    "Author",
    "GalleryPage",
    "GalleryPhoto",
    "HomePage",
    "NewsImage",
    "NewsRendition",
    "RelatedStory",
    "SectionPage",
    "StandardPage",
    "StoryPage",
    "StoryTag",
    "TopStory",
    "VideoPage",
]
