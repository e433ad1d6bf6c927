"""Query budgets: each reader page runs a fixed number of queries, the same with 1 or 8 tags,
pictures, authors and related stories, and with 10 or 1,000 stories in the database.

The counts are exact, so a query per item fails as soon as there are two items; eight (not
fifty: each related story and picture is built through Wagtail) shows the number stays put.

The budgets are for a warm process with the page cache off (``PAGE_CACHE_ENABLED=False``, as
the bench's uncached rows): the first request fills the per-process copies of sites, sections
and routes, the second is counted. A failing count means a template or selector started
querying per item: fix the selector, don't raise the number.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Page

from masthead.newsroom.models import (
    ArticlePage,
    NewsImage,
    RelatedStory,
    SectionPage,
    StoryPage,
    StoryTag,
)
from masthead.newsroom.tests import factories as f

# route (the page itself), tags, authors, corrections and updates, renditions of every picture
# shown, stored video embeds; related stories (ids and teaser rows) and the rendered body (with
# its pictures) are remembered per process until the next publish
ARTICLE_QUERIES = 6
# route, tags, authors, corrections and updates, photos, renditions (this gallery has no tag,
# so no same-topic query)
GALLERY_QUERIES = 6
# route, listing, renditions
SECTION_QUERIES = 3
# tag, listing, renditions
TAG_QUERIES = 3
# route, latest, top stories, one block per section (one here), pictures, multimedia, renditions
FRONT_QUERIES = 7


@pytest.fixture
def counted(client, settings, django_assert_num_queries):
    """GET a page twice and count the queries of the second, warm request."""
    settings.PAGE_CACHE_ENABLED = False

    def get(url: str, queries: int, *, host: str = "localhost"):
        assert client.get(url, HTTP_HOST=host).status_code == 200
        with django_assert_num_queries(queries):
            response = client.get(url, HTTP_HOST=host)
        assert response.status_code == 200
        assert "X-Cache" not in response, "the page cache should be off for budgets"
        return response.content.decode()

    return get


def add_stories_in_bulk(
    section: SectionPage, *, count: int, tag: str, image: NewsImage
) -> list[int]:
    """``count`` live articles written straight to the tables (as the demo's bulk path does):
    building a thousand through Wagtail would take minutes."""
    section.refresh_from_db()
    content_type = ContentType.objects.get_for_model(ArticlePage)
    tag_obj, _ = Tag.objects.get_or_create(name=tag, defaults={"slug": tag.lower()})
    start = section.numchild
    oldest = timezone.now() - timedelta(days=3)
    pages = []
    for i in range(count):
        slug = f"bulk-{start + i}"
        when = oldest - timedelta(minutes=i)
        pages.append(
            Page(
                title=f"Bulk story {start + i}",
                draft_title=f"Bulk story {start + i}",
                slug=slug,
                content_type=content_type,
                path=Page._get_path(section.path, section.depth + 1, start + i + 1),
                depth=section.depth + 1,
                numchild=0,
                url_path=f"{section.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=when,
                last_published_at=when,
                locale_id=section.locale_id,
                translation_key=uuid.uuid4(),
            )
        )
    created = Page.objects.bulk_create(pages)
    StoryPage.objects._insert(
        [StoryPage(page_ptr_id=p.pk, standfirst="Bulk.", lead_image=image) for p in created],
        fields=StoryPage._meta.local_concrete_fields,
        raw=True,
    )
    ArticlePage.objects._insert(
        [ArticlePage(page_ptr_id=p.pk, storypage_ptr_id=p.pk, body=[]) for p in created],
        fields=ArticlePage._meta.local_concrete_fields,
        raw=True,
    )
    StoryTag.objects.bulk_create(StoryTag(content_object_id=p.pk, tag=tag_obj) for p in created)
    Page.objects.filter(pk=section.pk).update(numchild=start + count)
    return [p.pk for p in created]


def rich_article(network, *, many: int) -> ArticlePage:
    """An article with ``many`` tags, authors, body pictures and related stories."""
    section = network["world"]
    pictures = [f.make_image(photographer=f"Photographer {i}") for i in range(many)]
    related = [
        f.make_article(section, tags=["Shared"], lead_image=pictures[0]) for _ in range(many)
    ]
    body = [{"type": "paragraph", "value": "<p>Opening paragraph.</p>"}]
    body += [
        {"type": "image", "value": {"image": p.pk, "caption": f"Caption {i}", "alt_text": ""}}
        for i, p in enumerate(pictures)
    ]
    body.append({"type": "video", "value": {"video": "https://video.localhost/v/9", "caption": ""}})
    return f.make_article(
        section,
        tags=["Shared", *(f"Topic {i}" for i in range(many - 1))],
        authors=[f.make_author(f"Writer {i}") for i in range(many)],
        agency=f.make_agency(),
        lead_image=pictures[0],
        body=body,
        related_stories=[RelatedStory(story=story) for story in related],
    )


@pytest.mark.django_db
@pytest.mark.parametrize("many", [1, 8])
def test_article_runs_the_same_queries_with_1_or_8_tags_authors_pictures_and_related(
    counted, network, many
):
    article = rich_article(network, many=many)

    html = counted(article.url, ARTICLE_QUERIES)

    assert html.count('class="body-figure"') == many
    assert html.count('rel="tag"') == many
    assert html.count('rel="author"') == many
    assert 'class="related"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("many", [1, 8])
def test_gallery_runs_the_same_queries_with_1_or_8_photos(counted, network, many):
    photos = [f.make_image(photographer=f"Photographer {i}") for i in range(many)]
    gallery = f.make_gallery(network["world"], images=photos)

    html = counted(gallery.url, GALLERY_QUERIES)

    assert html.count("<figcaption>") >= many


@pytest.fixture
def stories_in_db(network):
    """Builds ``count`` stories on the news site (every one tagged "Bulk", with a picture),
    plus a gallery and a video so every front-page block has something to show."""

    def build(count: int) -> None:
        image = f.make_image()
        f.make_gallery(network["world"], images=[image])
        f.make_video(network["world"], lead_image=image)
        add_stories_in_bulk(network["world"], count=count, tag="Bulk", image=image)

    return build


@pytest.mark.django_db
@pytest.mark.parametrize("stories", [10, 1000])
def test_section_page_runs_the_same_queries_with_10_or_1000_stories(
    counted, network, stories_in_db, stories
):
    stories_in_db(stories)

    html = counted(network["world"].url, SECTION_QUERIES)

    assert html.count('class="teaser__headline"') == min(stories + 2, 20)


@pytest.mark.django_db
@pytest.mark.parametrize("stories", [10, 1000])
def test_tag_page_runs_the_same_queries_with_10_or_1000_stories(
    counted, network, stories_in_db, stories
):
    stories_in_db(stories)

    html = counted("/tags/bulk/", TAG_QUERIES)

    assert html.count('class="teaser__headline"') == min(stories, 20)


@pytest.mark.django_db
@pytest.mark.parametrize("stories", [10, 1000])
def test_front_page_runs_the_same_queries_with_10_or_1000_stories(
    counted, network, stories_in_db, stories
):
    stories_in_db(stories)

    html = counted("/", FRONT_QUERIES)

    assert "News in Pictures" in html
    assert "Multimedia" in html


@pytest.mark.django_db
@pytest.mark.parametrize("stories", [10, 1000])
def test_article_runs_the_same_queries_with_10_or_1000_stories_in_the_database(
    counted, network, stories_in_db, stories
):
    stories_in_db(stories)
    article = rich_article(network, many=3)

    counted(article.url, ARTICLE_QUERIES)
