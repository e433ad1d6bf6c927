"""The uncached rendering shortcuts (docs/performance.md) show what readers must see at once:
teasers built from plain rows, page furniture ({% chrome %}) reused until the next publish.

Every test runs with the page cache off, as the bench's uncached rows do, so what is checked is
the rendering itself, not a stored page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from masthead.newsroom.models import NewsImage
from masthead.newsroom.reading.teasers import THUMB_SPEC
from masthead.newsroom.tests import factories as f


@pytest.fixture(autouse=True)
def _page_cache_off(settings):
    settings.PAGE_CACHE_ENABLED = False


def get(client, url: str, host: str = "localhost") -> BeautifulSoup:
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def headlines(page: BeautifulSoup) -> list[str]:
    return [h.get_text(strip=True) for h in page.select("main .teaser__headline")]


def nav_sections(page: BeautifulSoup) -> list[str]:
    return [a.get_text(strip=True) for a in page.select("nav.sections a")]


@pytest.mark.django_db
def test_a_published_story_is_in_its_section_listing_at_once(client, network):
    f.make_article(network["world"], title="First story")
    assert headlines(get(client, network["world"].url)) == ["First story"]

    f.make_article(network["world"], title="Newer story", at=timezone.now())

    assert headlines(get(client, network["world"].url)) == ["Newer story", "First story"]
    assert "Newer story" in headlines(get(client, "/"))


@pytest.mark.django_db
def test_renaming_a_section_changes_the_navigation_on_every_page(client, network):
    story = f.make_article(network["world"], title="A story")
    assert "News" in nav_sections(get(client, "/"))
    assert "News" in nav_sections(get(client, story.url))

    section = network["news_section"]
    section.title = "Headlines"
    f.publish(section)

    for url in ("/", story.url, network["world"].url):
        names = nav_sections(get(client, url))
        assert "Headlines" in names
        assert "News" not in names


@pytest.mark.django_db
def test_renaming_a_site_changes_the_network_bar_and_footer_of_every_site(client, network):
    get(client, "/", host="money.localhost")
    site = Site.objects.get(hostname="money.localhost")
    site.site_name = "Test Finance"
    site.save()

    for host in ("localhost", "money.localhost"):
        page = get(client, "/", host=host)
        bar = [a.get_text(strip=True) for a in page.select("nav.network-bar li a")]
        footer = [a.get_text(strip=True) for a in page.select("footer nav li a")]
        assert "Test Finance" in bar and "Test Money" not in bar
        assert "Test Finance" in footer


@pytest.mark.django_db
def test_each_site_marks_itself_current_in_the_reused_network_bar(client, network):
    for host, name in (("localhost", "Test News"), ("sport.localhost", "Test Sport")):
        for _ in range(2):  # the second request reuses the furniture the first one rendered
            page = get(client, "/", host=host)
            current = page.select('nav.network-bar a[aria-current="true"]')
            assert [a.get_text(strip=True) for a in current] == [name]
            assert page.select_one(".masthead__name").get_text(strip=True) == name


@pytest.mark.django_db
def test_a_picture_past_its_rights_expiry_leaves_listings_without_a_publish(client, network):
    picture = f.make_image(rights_expire_at=timezone.now() + timedelta(hours=1))
    f.make_article(network["world"], title="Pictured story", lead_image=picture)
    assert get(client, network["world"].url).select("main .teaser img")

    # An expiry passing is not an edit: no signal, no purge, no new generation.
    NewsImage.objects.filter(pk=picture.pk).update(
        rights_expire_at=timezone.now() - timedelta(seconds=1)
    )

    page = get(client, network["world"].url)
    assert headlines(page) == ["Pictured story"]
    assert not page.select("main .teaser img")
    assert not get(client, "/").select("main .teaser img")


@pytest.mark.django_db
def test_a_listing_teaser_is_escaped_and_shows_the_site_time_and_the_listing_picture(
    client, network
):
    picture = f.make_image()
    at = datetime(2026, 1, 5, 8, 7, tzinfo=UTC)
    story = f.make_article(
        network["world"],
        title='Rock & "Roll" <live>',
        standfirst="Less < more & so on",
        lead_image=picture,
        at=at,
    )
    rendition = NewsImage.objects.get(pk=picture.pk).get_rendition(THUMB_SPEC)

    html = client.get(network["world"].url, HTTP_HOST="localhost").content.decode()

    path = story.get_url_parts()[2]  # the local address, as the teaser links it
    assert (
        '<article class="teaser teaser--row">\n'
        f'  <a class="teaser__image" href="{path}" tabindex="-1" aria-hidden="true">'
        f'<img src="{rendition.url}" width="{rendition.width}" height="{rendition.height}" '
        'alt="" loading="lazy"></a>\n'
        '  <div class="teaser__text">\n'
        f'    <h3 class="teaser__headline"><a href="{path}">'
        "Rock &amp; &quot;Roll&quot; &lt;live&gt;</a></h3>\n"
        '    <p class="teaser__standfirst">Less &lt; more &amp; so on</p>\n'
        # Europe/London in January is UTC+00:00.
        '    <time datetime="2026-01-05T08:07:00+00:00">5 Jan 2026, 08:07</time>\n'
        f'    <span class="teaser__comments" data-comment-count="{story.pk}" hidden></span>\n'
        "  </div>\n</article>"
    ) in html


@pytest.mark.django_db
def test_a_teaser_picture_follows_a_new_focal_point(client, network):
    picture = f.make_image()
    f.make_article(network["world"], title="Pictured story", lead_image=picture)
    before = get(client, network["world"].url).select_one("main .teaser img")["src"]

    picture.focal_point_x, picture.focal_point_y = 5, 5
    picture.focal_point_width, picture.focal_point_height = 10, 10
    picture.save()
    expected = NewsImage.objects.get(pk=picture.pk).get_rendition(THUMB_SPEC).url

    after = get(client, network["world"].url).select_one("main .teaser img")["src"]
    assert after == expected
    assert after != before


def body_text(page: BeautifulSoup) -> str:
    return page.select_one(".story-body").get_text(" ", strip=True)


@pytest.mark.django_db
def test_a_published_change_to_an_article_body_is_read_at_once(client, network):
    story = f.make_article(
        network["world"], body=[{"type": "paragraph", "value": "<p>First telling.</p>"}]
    )
    for _ in range(2):  # the second request is answered from the kept body
        assert body_text(get(client, story.url)) == "First telling."

    story.body = [("paragraph", "<p>Corrected telling.</p>")]
    f.publish(story)

    assert body_text(get(client, story.url)) == "Corrected telling."


@pytest.mark.django_db
def test_a_body_picture_leaves_the_kept_article_body_at_its_rights_expiry(
    client, network, monkeypatch
):
    expiry = timezone.now() + timedelta(hours=1)
    picture = f.make_image(rights_expire_at=expiry)
    story = f.make_article(
        network["world"],
        body=[
            {"type": "paragraph", "value": "<p>Words.</p>"},
            {"type": "image", "value": {"image": picture.pk, "caption": "", "alt_text": ""}},
        ],
    )
    for _ in range(2):
        assert get(client, story.url).select(".story-body figure.body-figure")

    # No edit, no publish: only the clock passes the expiry.
    later = expiry + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    page = get(client, story.url)
    assert body_text(page) == "Words."
    assert not page.select(".story-body figure")


@pytest.mark.django_db
def test_a_video_embed_stored_after_the_publish_reaches_the_kept_article_body(client, network):
    from wagtail.embeds.models import Embed

    link = "https://video.localhost/v/kept"
    story = f.make_article(
        network["world"],
        body=[{"type": "video", "value": {"video": link, "caption": ""}}],
    )
    for _ in range(2):
        assert get(client, story.url).select_one(f'.body-video a[href="{link}"]')

    # The worker stores the provider's HTML after the publish, without a purge.
    Embed.objects.create(url=link, html='<iframe title="Kept video"></iframe>', type="video")

    page = get(client, story.url)
    assert page.select_one('.body-video iframe[title="Kept video"]')


@pytest.mark.django_db
def test_a_draft_preview_does_not_replace_the_body_readers_get(admin_client, client, network):
    from masthead.newsroom.tests.admin_forms import article_form

    story = f.make_article(
        network["world"],
        title="Live headline",
        body=[{"type": "paragraph", "value": "<p>Live text.</p>"}],
    )
    assert body_text(get(client, story.url)) == "Live text."
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[story.pk])
    form = article_form("Live headline", paragraph="<p>Draft text.</p>", action="save")
    form["slug"] = story.slug
    assert admin_client.post(preview_url, form).json()["is_valid"]
    assert "Draft text." in admin_client.get(preview_url).content.decode()

    for _ in range(2):
        assert body_text(get(client, story.url)) == "Live text."
