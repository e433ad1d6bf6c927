"""Multimedia and News in Pictures: section-like listings of a site's galleries and videos,
reachable from every page's navigation; bounded queries however many stories there are."""

from __future__ import annotations

import pytest

from masthead.newsroom.models import GalleryPage
from masthead.newsroom.tests import factories as f

pytestmark = pytest.mark.django_db


def test_multimedia_lists_galleries_and_video_of_this_site_only(client, network):
    gallery = f.make_gallery(
        network["world"], images=[f.make_image()], title="In pictures: the harbour at dawn"
    )
    video = f.make_video(network["world"], title="Watch: the tram line opens")
    f.make_article(network["world"], title="A plain article")
    f.make_gallery(network["football"], images=[f.make_image()], title="Sport site gallery")
    html = client.get("/multimedia/").content.decode()
    assert "<h1>Multimedia</h1>" in html
    assert gallery.title in html and video.title in html
    assert "A plain article" not in html
    assert "Sport site gallery" not in html
    pictures = client.get("/multimedia/pictures/").content.decode()
    assert "<h1>News in Pictures</h1>" in pictures
    assert gallery.title in pictures
    assert video.title not in pictures
    assert 'href="/multimedia/pictures/" aria-current="page"' in pictures


def test_an_empty_collection_says_so_instead_of_404(client, network):
    response = client.get("/multimedia/", HTTP_HOST="money.localhost")
    assert response.status_code == 200
    assert "No stories here yet." in response.content.decode()


def test_every_page_links_the_collections_in_the_navigation(client, network):
    html = client.get("/").content.decode()
    nav = html.split('aria-label="Sections"', 1)[1].split("</nav>", 1)[0]
    for href in ("/multimedia/", "/multimedia/pictures/", "/community/", "/community/galleries/"):
        assert f'href="{href}"' in nav


@pytest.mark.parametrize("count", [3, 30])
def test_multimedia_queries_do_not_grow_with_the_stories(
    client, network, settings, django_assert_num_queries, count
):
    settings.PAGE_CACHE_ENABLED = False
    image = f.make_image()
    for n in range(count):
        f.make_gallery(network["world"], images=[image], title=f"Gallery {n}")
    GalleryPage.objects.update(lead_image=image)  # a picture on every teaser
    assert client.get("/multimedia/").status_code == 200
    # the listing, the renditions of its pictures
    with django_assert_num_queries(2):
        response = client.get("/multimedia/")
    assert response.status_code == 200
    assert response.content.decode().count("<img") >= min(count, 20)
