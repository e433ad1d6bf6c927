"""The demo network: deterministic for a seed, idempotent, and every kind of page renders.

Small counts (30 articles: the first 24 made through Wagtail, the rest by the bulk path that
scales to 100,000); the bench builds the big one.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from wagtail.models import Site

from masthead.newsroom.models import (
    ArticlePage,
    GalleryPage,
    HomePage,
    RelatedStory,
    SectionPage,
    StoryPage,
    StoryTag,
    VideoPage,
)

ARTICLES = 30

# Volume: each test builds whole demo networks (minutes). CI runs them; `make test` leaves
# them out (docs/testing.md).
pytestmark = pytest.mark.slow


def build(**options) -> None:
    call_command("demo_network", articles=ARTICLES, **options)


def snapshot() -> list[tuple]:
    """What the network holds, without the build's clock or database ids."""
    return sorted(
        (
            story.url_path,
            story.title,
            story.standfirst,
            tuple(sorted(t.name for t in story.tags.all())),
        )
        for story in StoryPage.objects.live().prefetch_related("tags")
    )


@pytest.mark.django_db
def test_demo_builds_three_sites_with_every_kind_of_story():
    build(seed=7)

    assert Site.objects.count() == 3
    assert HomePage.objects.count() == 3
    assert ArticlePage.objects.live().count() == ARTICLES
    assert GalleryPage.objects.live().count() == 6
    assert VideoPage.objects.live().count() == 6
    assert RelatedStory.objects.exists()
    # The bulk-written stories carry their tags' copy of the publishing time (listing index).
    assert not StoryTag.objects.filter(published_at__isnull=True).exists()


@pytest.mark.django_db
def test_same_seed_builds_the_same_network_and_another_seed_does_not():
    build(seed=7)
    first = snapshot()

    build(seed=7, reset=True)
    assert snapshot() == first

    build(seed=8, reset=True)
    assert snapshot() != first


@pytest.mark.django_db
def test_second_run_reuses_the_network(capsys, django_assert_max_num_queries):
    build(seed=7)
    before = (StoryPage.objects.count(), list(Site.objects.values_list("id", flat=True)))
    capsys.readouterr()

    # What a later `make run` does: nothing to migrate, the network is there, so a handful of
    # reads (is it built? the summary) and no writes.
    with django_assert_max_num_queries(12) as queries:
        call_command("demo_prepare", no_static=True)

    assert (StoryPage.objects.count(), list(Site.objects.values_list("id", flat=True))) == before
    err = capsys.readouterr().err
    assert "exists already" in err
    assert "Applying" not in err and "Writing stories" not in err
    assert not [
        q for q in queries.captured_queries if not q["sql"].lstrip().upper().startswith("SELECT")
    ]


@pytest.mark.django_db
def test_demo_pages_render_for_a_reader(client):
    build(seed=7)
    site = Site.objects.get(is_default_site=True)
    root = site.root_page.url_path
    article = ArticlePage.objects.live().filter(latest_revision__isnull=False).first()
    bulk_article = ArticlePage.objects.live().filter(latest_revision__isnull=True).first()
    section = SectionPage.objects.live().descendant_of(site.root_page).first()
    gallery = GalleryPage.objects.live().descendant_of(site.root_page).first()
    tag = article.tags.first()

    for url in [
        "/",
        section.url_path[len(root) - 1 :],
        article.url_path[len(root) - 1 :],
        gallery.url_path[len(root) - 1 :],
        f"/tags/{tag.slug}/",
    ]:
        response = client.get(url, HTTP_HOST=site.hostname)
        assert response.status_code == 200, url
    bulk_site = Site.objects.get(
        root_page__in=[p for p in HomePage.objects.all() if bulk_article.path.startswith(p.path)]
    )
    bulk_root = bulk_site.root_page.url_path
    response = client.get(bulk_article.url_path[len(bulk_root) - 1 :], HTTP_HOST=bulk_site.hostname)
    assert response.status_code == 200
    assert bulk_article.title in response.content.decode()


# --- content that agrees with itself and varies (issue 14) -------------------------------------
SPORT_TAGS = {"football", "tennis", "athletics"}
MONEY_TAGS = {"business", "economy", "markets", "energy", "technology"}


def _site_key(story) -> str:
    return next(h.slug for h in HomePage.objects.all() if story.path.startswith(h.path))


@pytest.mark.django_db
def test_demo_shows_the_product_with_content_that_agrees_and_varies():
    """One build (a build loads the whole places catalogue) checked for what a reader sees."""
    import re

    import av

    from masthead.contributions.models import UserGalleryPage
    from masthead.newsroom.reading.listings import front_page
    from masthead.places.models import StoryPlace
    from masthead.places.selectors import news_for_place, site_default_place

    build(seed=7)
    stories = list(StoryPage.objects.live().prefetch_related("tags"))
    articles = [s for s in stories if s.specific_class is ArticlePage]
    assert len(articles) == ARTICLES

    # A headline names its dateline's place, and the story is tagged with that very place.
    tagged = {sp.story_id: sp.place for sp in StoryPlace.objects.select_related("place")}
    for story in stories:
        if story.specific_class is ArticlePage or story.specific_class in (GalleryPage, VideoPage):
            assert story.dateline and story.dateline in story.title, story.title
            assert tagged[story.id].name == story.dateline, story.title

    # "Local news: Cape Town" lists stories from Cape Town (or within it), nowhere else.
    news_site = Site.objects.get(root_page__slug="news")
    cape_town = site_default_place(site=news_site)
    assert cape_town.name == "Cape Town"
    local = news_for_place(place=cape_town)
    assert local, "the news site's own place has local news"
    assert all("Cape Town" in t.title for t in local)

    # Standfirsts vary, slugs read as the headline (no "-n-290" suffix) and are unique.
    standfirsts = [s.standfirst for s in articles]
    assert len(set(standfirsts)) == len(standfirsts)
    slugs = [s.slug for s in articles]
    assert len(set(slugs)) == len(slugs)
    assert not [s for s in slugs if re.search(r"-\d+$", s)]

    # Sport on the sport site, business on the money site, and neither elsewhere.
    for story in articles:
        names = {t.name for t in story.tags.all()}
        site = _site_key(story)
        assert bool(names & SPORT_TAGS) == (site == "sport"), (site, story.title, names)
        assert bool(names & MONEY_TAGS) == (site == "money"), (site, story.title, names)

    # Every front page leads with a picture, and has galleries, video and reader galleries.
    for home in HomePage.objects.all():
        page = front_page(home=home)
        lead = page["lead_story"]
        assert lead is not None and lead.lead_image is not None, home.title
        assert page["pictures"], f"{home.title}: no galleries"
        assert page["multimedia"], f"{home.title}: no video"
    assert UserGalleryPage.objects.live().count() >= 3

    # The video pages play a file of our own, a small real WebM, not a link to nowhere.
    videos = list(VideoPage.objects.live().select_related("video_file"))
    assert videos and all(v.video_file is not None and not v.video_url for v in videos)
    document = videos[0].video_file
    path = document.file.path
    with open(path, "rb") as handle:
        header = handle.read(64)
    assert header[:4] == b"\x1a\x45\xdf\xa3", "an EBML (Matroska/WebM) header"
    assert b"webm" in header
    assert 10_000 < document.file.size < 1_000_000
    with av.open(path) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "vp8"
        frames = sum(1 for _ in container.decode(stream))
    assert frames >= 24, "at least a second of pictures"


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_bulk_build_leaves_the_planner_statistics_of_what_it_wrote():
    from django.db import connection

    build(seed=7)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname IN "
            "('sitesearch_searchdocument', 'newsroom_storypage')"
        )
        estimates = dict(cursor.fetchall())
    # Never analysed, a table's estimate is -1 and PostgreSQL guesses (autovacuum may be off).
    assert estimates["sitesearch_searchdocument"] >= ARTICLES
    assert estimates["newsroom_storypage"] >= ARTICLES
