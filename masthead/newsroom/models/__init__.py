"""Newsroom models: pictures with their rights, bylines and agencies, and the page tree."""

from .images import NewsImage, NewsRendition
from .live import LiveBlogPage, LiveUpdate
from .pages import (
    ArticlePage,
    GalleryPage,
    GalleryPhoto,
    HomePage,
    RelatedStory,
    SectionPage,
    StandardPage,
    StoryNote,
    StoryNoteKind,
    StoryPage,
    StoryTag,
    TopStory,
    VideoPage,
    restricted_at_or_above,
)
from .snippets import Agency, Author

__all__ = [
    "Agency",
    "ArticlePage",
    "Author",
    "GalleryPage",
    "GalleryPhoto",
    "HomePage",
    "LiveBlogPage",
    "LiveUpdate",
    "NewsImage",
    "NewsRendition",
    "RelatedStory",
    "SectionPage",
    "StandardPage",
    "StoryNote",
    "StoryNoteKind",
    "StoryPage",
    "StoryTag",
    "TopStory",
    "VideoPage",
    "restricted_at_or_above",
]
