"""The teaser read model: a page's teaser reads only what a teaser shows; the API's summary is
the same read extended by name, rendered to JSON by one function."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from masthead.core.sites import network_sites
from masthead.newsroom.models import StoryPage
from masthead.newsroom.reading.teasers import (
    TEASER_SPEC,
    story_summaries,
    summaries_json,
    teaser_list,
    with_renditions,
)
from masthead.newsroom.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def harbour(network):
    picture = f.make_image(
        photographer="Ines Ito", agency="Reuters", default_alt_text="Boats at the quay"
    )
    story = f.make_article(
        network["world"],
        title="Harbour reopens",
        standfirst="Boats return.",
        dateline="Ankara",
        lead_image=picture,
        lead_image_caption="The quay at dawn.",
        agency=f.make_agency(),
        tags=["Weather", "Harbour"],
    )
    story.authors.add(f.make_author("Zoe Zed"), f.make_author("Ada Arden"))
    f.publish(story, at=timezone.now() - timedelta(minutes=3))
    return story


def test_a_summary_carries_every_field_of_its_story_by_name(harbour):
    (found,) = story_summaries(StoryPage.objects.filter(id=harbour.id))
    story = StoryPage.objects.get(id=harbour.id)
    assert (found.id, found.title, found.standfirst, found.url_path) == (
        story.id, "Harbour reopens", "Boats return.", story.url_path,
    )  # fmt: skip
    assert found.first_published_at == story.first_published_at
    summary = found.summary
    assert summary is not None
    assert (summary.path, summary.dateline, summary.lead_image_caption) == (
        story.path, "Ankara", "The quay at dawn.",
    )  # fmt: skip
    assert summary.last_published_at == story.last_published_at
    assert (summary.agency_short_name, summary.agency_name) == ("AFP", "Agence France-Presse")
    # Bylines and tags in name order, whatever order they were added in.
    assert [a.slug for a in summary.authors] == ["ada-arden", "zoe-zed"]
    assert [t.name for t in summary.tags] == ["Harbour", "Weather"]
    assert found.lead_image.id == story.lead_image_id
    assert found.lead_image.credit == "Ines Ito / Reuters"
    assert found.lead_image.default_alt_text == "Boats at the quay"


def test_a_page_teaser_reads_none_of_the_summary_columns(harbour):
    with CaptureQueriesContext(connection) as read:
        (teaser,) = teaser_list(StoryPage.objects.filter(id=harbour.id))
    assert teaser.summary is None
    assert len(read.captured_queries) == 1
    sql = read.captured_queries[0]["sql"]
    for column in ("dateline", "lead_image_caption", "photographer", "last_published_at"):
        assert column not in sql
    assert teaser.lead_image.credit == ""  # not read for a page, which never shows it


def test_summaries_cost_the_same_three_queries_for_one_story_or_many(
    network, harbour, django_assert_num_queries
):
    for n in range(4):
        agency = f.make_agency(f"A{n}", f"Agency {n}")
        extra = f.make_article(network["markets"], tags=[f"Tag {n}"], agency=agency)
        extra.authors.add(f.make_author(f"Writer {n}"))
        f.publish(extra, at=extra.first_published_at)  # a page's bylines are kept on publish
    with django_assert_num_queries(3):  # rows, bylines, tags
        found = story_summaries(StoryPage.objects.live().order_by("-first_published_at"))
    assert len(found) == 5
    assert all(s.summary.authors and s.summary.tags for s in found)


def test_the_api_renderer_shows_the_pictures_default_alt_and_absolute_addresses(harbour):
    found = story_summaries(StoryPage.objects.filter(id=harbour.id))
    with_renditions(found, specs=(TEASER_SPEC,))
    news = next(s for s in network_sites() if s.hostname == "localhost")
    (answer,) = summaries_json(found, fallback=news, spec=TEASER_SPEC)
    assert answer["kind"] == "article"
    assert answer["url"] == "http://localhost/news/world/harbour-reopens/"
    assert answer["section_id"] == harbour.get_parent().id
    assert answer["authors"][0] == {
        "name": "Ada Arden", "slug": "ada-arden", "url": "http://localhost/authors/ada-arden/",
    }  # fmt: skip
    image = answer["lead_image"]
    assert image["alt"] == "Boats at the quay"  # the story gave none of its own
    assert image["credit"] == "Ines Ito / Reuters"
    assert image["url"].startswith("http://localhost/media/")
    assert "fill-480x270" in image["url"]
    assert (image["width"], image["height"]) == (64, 36)  # a 64 x 48 picture, never enlarged


def test_a_declared_column_the_teaser_lacks_is_refused_when_the_module_loads():
    from masthead.newsroom.reading.teasers import Teaser, _row_reader

    with pytest.raises(TypeError, match="Teaser has no field headline"):
        _row_reader(Teaser, {"id": "id", "headline": "title"}, start=0)


def test_a_row_is_built_by_name_whatever_the_declarations_order():
    from masthead.newsroom.reading.teasers import Byline, _row_reader

    read = _row_reader(Byline, {"slug": "slug", "name": "name"}, start=1)
    assert read(("ignored", "ada-arden", "Ada Arden")) == Byline("Ada Arden", "ada-arden")
