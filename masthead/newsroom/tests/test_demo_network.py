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
def test_second_run_reuses_the_network(capsys):
    build(seed=7)
    before = (StoryPage.objects.count(), list(Site.objects.values_list("id", flat=True)))

    build(seed=99)

    assert (StoryPage.objects.count(), list(Site.objects.values_list("id", flat=True))) == before
    assert "exists already" in capsys.readouterr().err


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
