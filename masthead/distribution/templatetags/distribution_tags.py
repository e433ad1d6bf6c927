"""``{% page_metadata %}``: OpenGraph, Twitter card and JSON-LD for the page being rendered."""

from __future__ import annotations

from django import template

from masthead.distribution import structured_data
from masthead.newsroom.models import HomePage, LiveBlogPage, StoryPage

register = template.Library()


def _section_title(story: StoryPage, context) -> str:
    section = context.get("section")
    if section is None:
        # Treebeard keeps the parent on the page, so the story header asks for it again free.
        section = story.get_parent()
    return section.title if section is not None else ""


@register.inclusion_tag("distribution/page_metadata.html", takes_context=True)
def page_metadata(context) -> dict:
    site = context.get("current_site")
    request = context.get("request")
    if site is None:
        return {"meta": None}
    page = context.get("page")
    if isinstance(page, StoryPage):
        authors = context.get("authors")
        if authors is None:
            authors = list(page.authors.all())
        tags = context.get("tags")
        tag_names = [t.name for t in (tags if tags is not None else page.tags.all())]
        meta = structured_data.story_metadata(
            story=page,
            site=site,
            authors=authors,
            tags=tag_names,
            section_title=_section_title(page, context),
            gallery_photos=context.get("photos"),
            trail=structured_data.page_trail(page, site),
            notes=context.get("notes"),
        )
        stream = context.get("stream")
        if isinstance(page, LiveBlogPage) and stream is not None:
            meta.json_ld.append(
                structured_data.live_blog_posting(blog=page, site=site, updates=stream.updates)
            )
    elif isinstance(page, HomePage):
        meta = structured_data.front_page_metadata(
            site=site, description=page.search_description or page.tagline
        )
    elif page is not None and getattr(page, "url_path", None):
        meta = structured_data.plain_metadata(
            site=site,
            url=structured_data.page_url(page, site),
            title=page.seo_title or page.title,
            description=page.search_description or getattr(page, "intro", "") or "",
            trail=structured_data.page_trail(page, site),
        )
    else:
        # Views outside the page tree (tag and author pages) name their subject in the context.
        subject = context.get("tag") or context.get("author")
        path = request.path if request is not None else "/"
        title = str(subject) if subject else site.name
        meta = structured_data.plain_metadata(
            site=site,
            url=site.root_url + path,
            title=title,
            description=getattr(subject, "bio", "") or "",
            trail=[(title, site.root_url + path)] if subject else None,
        )
    return {"meta": meta}
