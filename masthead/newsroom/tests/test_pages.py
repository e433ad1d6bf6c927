"""What readers get from each page type: the tree's rules, every part of a story, listings
paged by key, landmarks, and 404s for pages that are not on this site."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.models import Page

from masthead.core.sites import forget_network_sites
from masthead.newsroom.models import (
    ArticlePage,
    GalleryPage,
    HomePage,
    RelatedStory,
    SectionPage,
    StandardPage,
    StoryPage,
    VideoPage,
)
from masthead.newsroom.reading.listings import PAGE_SIZE
from masthead.newsroom.tests import factories as f
from tests.shared_setup import shared_fixture

STORY_TYPES = {ArticlePage, GalleryPage, VideoPage}


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


def set_time_zone(home: HomePage, zone: str) -> None:
    HomePage.objects.filter(pk=home.pk).update(time_zone=zone)
    forget_network_sites()


def follow_older_stories(client, url: str, host: str = "localhost") -> list[list[str]]:
    """Every page of a listing, following its "Older stories" link as a reader would."""
    pages = []
    while url:
        page = soup(client.get(url, HTTP_HOST=host))
        pages.append([text_of(h) for h in page.select("main .teaser__headline")])
        older = page.find("a", string="Older stories")
        url = older["href"] if older else None
        if url and url.startswith("?"):
            url = page.find("link", rel="canonical")["href"].split("?")[0] + url
        if len(pages) > 20:
            pytest.fail("the listing never ends")
    return pages


# --- The page tree -------------------------------------------------------------------------


def test_front_pages_sit_at_the_root_and_hold_sections_and_plain_pages():
    assert HomePage.allowed_parent_page_models() == [Page]
    assert set(HomePage.allowed_subpage_models()) == {SectionPage, StandardPage}


def test_sections_nest_and_hold_every_kind_of_story():
    assert set(SectionPage.allowed_parent_page_models()) == {HomePage, SectionPage}
    # Other apps add their own story kinds (contributions: community stories, user galleries,
    # call-outs); the newsroom's own must all be there.
    assert set(SectionPage.allowed_subpage_models()) >= {
        SectionPage,
        StandardPage,
        *STORY_TYPES,
    }


@pytest.mark.parametrize("story_type", sorted(STORY_TYPES, key=lambda m: m.__name__))
def test_stories_are_created_in_sections_only_and_have_no_children(story_type):
    assert story_type.allowed_parent_page_models() == [SectionPage]
    assert story_type.allowed_subpage_models() == []
    assert story_type.is_creatable


def test_the_shared_story_base_cannot_be_created_on_its_own():
    assert not StoryPage.is_creatable


@pytest.mark.django_db
def test_a_site_has_one_front_page(network):
    assert not HomePage.can_create_at(network["news"])
    assert not HomePage.can_create_at(network["world"])
    assert not ArticlePage.can_create_at(network["news"])
    assert ArticlePage.can_create_at(network["world"])


@pytest.mark.django_db
def test_editors_can_start_another_site_beside_the_three_in_the_network(network):
    root = network["news"].get_parent()
    assert HomePage.objects.count() == 3
    assert HomePage.can_create_at(root)


# --- An article, all of it -----------------------------------------------------------------


@shared_fixture("pages-full-article", needs=("network",))
def full_article(network):
    set_time_zone(network["news"], "Europe/Istanbul")
    author = f.make_author("Selin Kaya")
    agency = f.make_agency("AFP", "Agence France-Presse")
    lead = f.make_image(photographer="Deniz Aksoy", agency="AFP", default_alt_text="Default alt")
    body_image = f.make_image(photographer="Ali Demir", default_alt_text="A negotiating table")
    background = f.make_article(network["world"], title="How the talks began")
    chosen = f.make_article(network["world"], title="Earlier round ended without a deal")
    shares_tag = f.make_article(network["world"], title="Ceasefire holds", tags=["Diplomacy"])
    published = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)
    article = f.make_article(
        network["world"],
        title="Talks resume in the capital",
        standfirst="Negotiators return to the table after a week of silence.",
        dateline="Ankara",
        authors=[author],
        agency=agency,
        lead_image=lead,
        lead_image_caption="Delegates arrive for the talks",
        lead_image_alt="Delegates walking into a hall",
        tags=["Diplomacy", "Turkey"],
        related_stories=[RelatedStory(story=chosen)],
        body=[
            {"type": "paragraph", "value": "<p>Officials said the talks would resume.</p>"},
            {"type": "subheading", "value": "What comes next"},
            {
                "type": "image",
                "value": {"image": body_image.pk, "caption": "The table", "alt_text": ""},
            },
            {
                "type": "pull_quote",
                "value": {"quote": "We are ready.", "attribution": "A minister"},
            },
            {
                "type": "related_links",
                "value": {
                    "heading": "Background",
                    "links": [
                        {"title": "How it began", "page": background.pk, "url": ""},
                        {"title": "The statement", "page": None, "url": "https://example.org/s"},
                    ],
                },
            },
        ],
        at=published,
    )
    return {
        "article": article,
        "author": author,
        "published": published,
        "chosen": chosen,
        "shares_tag": shares_tag,
    }


@pytest.mark.django_db
def test_article_shows_headline_standfirst_and_byline_linking_the_author(client, full_article):
    page = soup(client.get(full_article["article"].url, HTTP_HOST="localhost"))
    assert text_of(page.find("h1")) == "Talks resume in the capital"
    assert text_of(page.select_one(".standfirst")) == (
        "Negotiators return to the table after a week of silence."
    )
    byline = page.select_one(".byline")
    author_link = byline.find("a", rel="author")
    assert text_of(author_link) == "Selin Kaya"
    assert text_of(byline.find("abbr", title="Agence France-Presse")) == "AFP"
    author_page = soup(client.get(author_link["href"], HTTP_HOST="localhost"))
    assert "Talks resume in the capital" in text_of(author_page.find("main"))


@pytest.mark.django_db
def test_article_time_is_iso_in_the_markup_and_shown_in_the_site_time_zone(client, full_article):
    page = soup(client.get(full_article["article"].url, HTTP_HOST="localhost"))
    published = page.find("time", class_="published")
    assert published["datetime"] == "2026-03-14T12:30:00+03:00"
    assert datetime.fromisoformat(published["datetime"]) == full_article["published"]
    teaser_times = [
        t["datetime"]
        for t in soup(client.get("/", HTTP_HOST="localhost")).select("main .teaser time")
    ]
    assert "2026-03-14T12:30:00+03:00" in teaser_times
    # 09:30 UTC is 12:30 in Istanbul, the zone this site's front page is set to.
    assert text_of(published) == "14 March 2026, 12:30 +03"


@pytest.mark.django_db
def test_article_opens_with_its_dateline(client, full_article):
    page = soup(client.get(full_article["article"].url, HTTP_HOST="localhost"))
    first = page.select_one(".story-body > *")
    assert text_of(first).startswith("Ankara \N{EN DASH} Officials said the talks would resume.")


@pytest.mark.django_db
def test_article_lead_picture_is_a_figure_with_caption_credit_and_its_own_alt(client, full_article):
    page = soup(client.get(full_article["article"].url, HTTP_HOST="localhost"))
    figure = page.select_one("figure.lead-figure")
    assert figure.img["alt"] == "Delegates walking into a hall"
    assert figure.img["src"].startswith("/media/")
    caption = text_of(figure.figcaption)
    assert caption == "Delegates arrive for the talks Photo: Deniz Aksoy / AFP"


@pytest.mark.django_db
def test_article_body_renders_every_block(client, full_article):
    page = soup(client.get(full_article["article"].url, HTTP_HOST="localhost"))
    body = page.select_one(".story-body")
    assert text_of(body.find("h2", class_="subheading")) == "What comes next"
    body_figure = body.select_one("figure.body-figure")
    assert body_figure.img["alt"] == "A negotiating table"
    assert text_of(body_figure.figcaption) == "The table Photo: Ali Demir"
    quote = body.select_one("figure.pull-quote")
    assert text_of(quote.blockquote) == "We are ready."
    assert text_of(quote.figcaption) == "A minister"
    links = body.select_one("aside.related-links")
    assert links["aria-label"] == "Background"
    hrefs = {text_of(a): a["href"] for a in links.find_all("a")}
    assert hrefs == {
        "How it began": "/news/world/how-the-talks-began/",
        "The statement": "https://example.org/s",
    }


@pytest.mark.django_db
def test_article_shows_tags_and_related_stories_chosen_first(client, full_article):
    page = soup(client.get(full_article["article"].url, HTTP_HOST="localhost"))
    read_more = page.find("nav", attrs={"aria-label": "Read more on"})
    assert text_of(read_more.h2) == "Read more on:"
    assert [(text_of(a), a["href"]) for a in read_more.find_all("a")] == [
        ("Diplomacy", "/tags/diplomacy/"),
        ("Turkey", "/tags/turkey/"),
    ]
    related = [text_of(h) for h in page.select(".related .teaser__headline")]
    assert related[0] == "Earlier round ended without a deal"
    assert "Ceasefire holds" in related
    assert "Talks resume in the capital" not in related


@pytest.mark.django_db
def test_article_with_comments_closed_says_so(client, network):
    article = f.make_article(network["world"], comments_open=False)
    page = soup(client.get(article.url, HTTP_HOST="localhost"))
    assert "Comments are closed on this story." in text_of(page.select_one(".conversation"))


# --- Galleries and video -------------------------------------------------------------------


@pytest.mark.django_db
def test_gallery_shows_its_photos_in_order_with_caption_and_credit(client, network):
    images = [
        f.make_image(photographer=name, agency="Reuters", default_alt_text=f"Alt {name}")
        for name in ("First Person", "Second Person", "Third Person")
    ]
    gallery = f.make_gallery(network["world"], images=images, title="The week in pictures")
    # Editors reorder photos: the page follows sort_order, not creation order.
    for order, photo in zip((2, 1, 0), gallery.photos.order_by("pk"), strict=True):
        photo.sort_order = order
        photo.save(update_fields=["sort_order"])

    page = soup(client.get(gallery.url, HTTP_HOST="localhost"))
    figures = page.select("ol.gallery figure")
    captions = [text_of(fig.figcaption) for fig in figures]
    assert captions == [
        "1 of 3 Caption 2 Photo: Third Person / Reuters",
        "2 of 3 Caption 1 Photo: Second Person / Reuters",
        "3 of 3 Caption 0 Photo: First Person / Reuters",
    ]
    assert [fig.img["alt"] for fig in figures] == [
        "Alt Third Person",
        "Alt Second Person",
        "Alt First Person",
    ]


@pytest.mark.django_db
def test_video_page_plays_the_uploaded_file_with_poster_and_transcript(client, network):
    document = Document(title="Harbour video")
    document.file.save("harbour.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42"), save=False)
    document.save()
    poster = f.make_image(photographer="Camera Crew")
    video = VideoPage(
        title="The harbour at dawn",
        video_file=document,
        poster=poster,
        transcript="Waves.\n\nGulls calling over the water.",
    )
    network["world"].add_child(instance=video)
    f.publish(video)
    page = soup(client.get(video.url, HTTP_HOST="localhost"))
    player = page.select_one(".video video")
    assert player.has_attr("controls")
    assert player["poster"].startswith("/media/images/")
    assert player.source["src"] == document.url
    transcript = page.select_one("details.transcript")
    assert text_of(transcript.summary) == "Transcript"
    assert [text_of(p) for p in transcript.find_all("p")] == [
        "Waves.",
        "Gulls calling over the water.",
    ]


@pytest.mark.django_db
def test_video_page_needs_a_link_or_a_file(network):
    from django.core.exceptions import ValidationError

    video = VideoPage(title="Nothing to play", slug="nothing")
    with pytest.raises(ValidationError, match="either a link or an uploaded file"):
        video.clean()


# --- Listings paged by key -----------------------------------------------------------------


def _stories_at_times(section, *, count: int, tag: str | None = None) -> list[str]:
    """``count`` stories, newest first; every third shares its timestamp with the next,
    so the listing must break ties by id to page without duplicates or gaps."""
    start = timezone.now() - timedelta(days=1)
    titles = []
    for n in range(count):
        at = start - timedelta(minutes=(n // 2) * 5)
        story = f.make_article(section, title=f"Story {n:02d}", tags=[tag] if tag else [], at=at)
        titles.append((at, story.pk, story.title))
    return [title for _, _, title in sorted(titles, key=lambda t: (t[0], t[1]), reverse=True)]


@pytest.mark.django_db
def test_tag_page_lists_the_sites_stories_newest_first_and_pages_by_key(client, network):
    expected = _stories_at_times(network["world"], count=PAGE_SIZE * 2 + 3, tag="Elections")
    f.make_article(network["markets"], title="Another site's election story", tags=["Elections"])

    pages = follow_older_stories(client, "/tags/elections/")

    assert [len(p) for p in pages] == [PAGE_SIZE, PAGE_SIZE, 3]
    seen = [title for page in pages for title in page]
    assert seen == expected
    assert "Another site's election story" not in seen


@pytest.mark.django_db
def test_a_tag_with_any_letter_has_its_page(client, network):
    # The load test met /tags/malmö/ from the demo: a 404 while the story linked to it.
    story = f.make_article(network["world"], title="Ferry to Malmö", tags=["Malmö"])
    html = client.get(story.url, HTTP_HOST="localhost").content.decode()
    assert 'href="/tags/malm%C3%B6/"' in html or 'href="/tags/malmö/"' in html
    response = client.get("/tags/malmö/", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert "Ferry to Malmö" in response.content.decode()


@pytest.mark.django_db
def test_section_lists_its_own_and_its_subsections_stories_by_key(client, network):
    expected = _stories_at_times(network["world"], count=PAGE_SIZE + 5)
    f.make_article(network["football"], title="A sport story")

    pages = follow_older_stories(client, network["news_section"].url)

    assert [len(p) for p in pages] == [PAGE_SIZE, 5]
    assert [title for page in pages for title in page] == expected


@pytest.mark.django_db
def test_a_listing_with_one_page_offers_no_older_stories_link(client, network):
    f.make_article(network["world"], title="Only story")
    page = soup(client.get(network["world"].url, HTTP_HOST="localhost"))
    assert page.find("a", string="Older stories") is None


@pytest.mark.django_db
def test_a_broken_cursor_shows_the_first_page_instead_of_an_error(client, network):
    f.make_article(network["world"], title="Still here")
    page = soup(client.get(network["world"].url + "?before=not-a-cursor", HTTP_HOST="localhost"))
    assert "Still here" in text_of(page.find("main"))


@pytest.mark.django_db
def test_drafts_are_not_listed_or_served(client, network):
    draft = f.make_article(network["world"], title="Unpublished scoop", live=False)
    assert "Unpublished scoop" not in client.get("/", HTTP_HOST="localhost").content.decode()
    assert client.get(draft.url or "/news/world/unpublished-scoop/").status_code == 404


# --- The front page ------------------------------------------------------------------------


@pytest.mark.django_db
def test_front_page_leads_with_the_editors_pick_and_falls_back_to_the_newest(client, network):
    older = f.make_article(
        network["world"], title="Editors' pick", at=timezone.now() - timedelta(days=2)
    )
    newest = f.make_article(network["world"], title="Newest story")
    page = soup(client.get("/", HTTP_HOST="localhost"))
    assert text_of(page.select_one(".front-lead .teaser__headline")) == newest.title

    home = network["news"]
    home.lead_story = older
    f.publish(home)
    page = soup(client.get("/", HTTP_HOST="localhost"))
    assert text_of(page.select_one(".front-lead .teaser__headline")) == older.title


@pytest.mark.django_db
def test_front_page_has_section_blocks_pictures_and_multimedia(client, network):
    # The lead and four top stories take the five newest articles; the oldest is the News
    # block's, the gallery and the video are their own blocks'.
    f.make_article(network["world"], title="World story", at=timezone.now() - timedelta(hours=9))
    for n in range(5):
        # Explicit times: the factory's default steps back a minute per story made in the
        # session, so late in a long worker's run it falls behind "World story".
        f.make_article(
            network["world"], title=f"Newer {n}", at=timezone.now() - timedelta(minutes=n)
        )
    f.make_gallery(network["world"], images=[f.make_image()], title="Gallery of the day")
    f.make_video(network["world"], title="Video of the day")
    page = soup(client.get("/", HTTP_HOST="localhost"))
    blocks = {text_of(s.h2): text_of(s) for s in page.select("section.section-block")}
    assert "World story" in blocks["News"]
    pictures = page.find("h2", string="News in Pictures").parent
    assert "Gallery of the day" in text_of(pictures)
    multimedia = page.find("h2", string="Multimedia").parent
    assert "Video of the day" in text_of(multimedia)


@pytest.mark.django_db
def test_front_page_shows_no_story_twice(client, network):
    for n in range(14):
        f.make_article(network["world"], title=f"Story {n}")
    f.make_gallery(network["world"], images=[f.make_image()], title="A gallery")
    f.make_video(network["world"], title="A video")
    home = network["news"]
    home.lead_story = f.make_article(network["world"], title="The pick")
    f.publish(home)
    page = soup(client.get("/", HTTP_HOST="localhost"))
    links = [
        a["href"]
        for a in page.select("main .teaser__headline a, main .latest a")
        if "/tags/" not in a["href"]
    ]
    assert len(links) >= 17  # every story is somewhere on the page...
    assert len(links) == len(set(links))  # ...and only once


@pytest.mark.django_db
def test_front_page_lead_has_a_picture_or_a_text_led_treatment(client, network):
    pictured = f.make_article(
        network["world"],
        title="With a picture",
        lead_image=f.make_image(),
        at=timezone.now() - timedelta(hours=2),
    )
    f.make_article(network["world"], title="Newest, no picture", at=timezone.now())
    page = soup(client.get("/", HTTP_HOST="localhost"))
    lead = page.select_one(".front-lead .teaser")
    # The newest story has no picture: the newest one with a picture leads.
    assert text_of(lead.select_one(".teaser__headline")) == pictured.title
    assert lead.select_one("img")["fetchpriority"] == "high"
    assert "teaser--text" not in lead["class"]

    # No story with a picture at all: the newest text story leads, in its text-led design.
    f.make_article(network["world"], title="Later, no picture either", at=timezone.now())
    pictured.unpublish()
    page = soup(client.get("/", HTTP_HOST="localhost"))
    lead = page.select_one(".front-lead .teaser")
    assert text_of(lead.select_one(".teaser__headline")) == "Later, no picture either"
    assert "teaser--text" in lead["class"]
    assert lead.select_one("img") is None


@pytest.mark.django_db
def test_an_editors_pick_without_a_picture_heads_the_top_stories_not_the_lead(client, network):
    pictured = f.make_article(network["world"], title="With a picture", lead_image=f.make_image())
    home = network["news"]
    home.lead_story = f.make_article(network["world"], title="Pick without a picture")
    f.publish(home)
    page = soup(client.get("/", HTTP_HOST="localhost"))
    assert text_of(page.select_one(".front-lead .teaser__headline")) == pictured.title
    first_top = page.select_one(".front-top__list .teaser__headline")
    assert text_of(first_top) == "Pick without a picture"


@pytest.mark.django_db
def test_kind_labels_only_where_they_tell_something(client, network):
    f.make_article(network["world"], title="Plain article")
    f.make_gallery(network["world"], images=[f.make_image()], title="A gallery")
    f.make_video(network["world"], title="A video")
    page = soup(client.get("/", HTTP_HOST="localhost"))
    labels = {
        text_of(t.select_one(".teaser__headline")): text_of(t.select_one(".teaser__kind"))
        if t.select_one(".teaser__kind")
        else ""
        for t in page.select("main .teaser")
    }
    assert labels["Plain article"] == ""
    assert labels["A gallery"] == "Gallery"
    assert labels["A video"] == "Video"


# --- Landmarks and navigation --------------------------------------------------------------


@shared_fixture("pages-one-of-each", needs=("network",))
def one_of_each(network):
    article = f.make_article(network["world"], title="An article", tags=["Harbour"])
    gallery = f.make_gallery(network["world"], images=[f.make_image()], title="A gallery")
    video = f.make_video(network["world"], title="A video")
    return {
        "front page": "/",
        "section": network["world"].url,
        "article": article.url,
        "gallery": gallery.url,
        "video": video.url,
        "tag page": "/tags/harbour/",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind", ["front page", "section", "article", "gallery", "video", "tag page"]
)
def test_every_page_has_landmarks_one_h1_and_a_skip_link_to_main(client, one_of_each, kind):
    page = soup(client.get(one_of_each[kind], HTTP_HOST="localhost"))
    assert len(page.find_all("h1")) == 1
    assert page.html["lang"] == "en-GB"
    skip = page.body.find("a")
    assert text_of(skip) == "Skip to main content"
    assert skip["href"] == "#main"
    main = page.find("main")
    assert main["id"] == "main"
    assert len(page.find_all("main")) == 1
    assert page.find("header", role="banner") is not None
    assert page.find("footer", role="contentinfo") is not None
    assert page.find("nav", attrs={"aria-label": "Sections"}) is not None
    for img in page.find_all("img"):
        assert img.has_attr("alt"), img


@pytest.mark.django_db
def test_every_site_links_its_sister_sites_inside_the_network(client, network):
    page = soup(client.get("/", HTTP_HOST="money.localhost"))
    network_nav = page.find("nav", attrs={"aria-label": "Inside the network"})
    links = {text_of(a): a for a in network_nav.find("ul").find_all("a")}
    assert set(links) == {"Test News", "Test Money", "Test Sport"}
    assert links["Test Sport"]["href"].startswith("http://sport.localhost")
    assert links["Test Money"].get("aria-current") == "true"
    sections = page.find("nav", attrs={"aria-label": "Sections"})
    assert "Markets" in text_of(sections)
    # The money site's own sections, not the news site's ("News in Pictures" is a collection).
    assert "News" not in [text_of(a) for a in sections.find_all("a")]


# --- Not found -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_unknown_pages_are_not_found(client, network):
    assert client.get("/no/such/page/", HTTP_HOST="localhost").status_code == 404
    assert client.get("/tags/no-such-tag/", HTTP_HOST="localhost").status_code == 404
    assert client.get("/authors/nobody/", HTTP_HOST="localhost").status_code == 404


@pytest.mark.django_db
def test_another_sites_pages_and_tags_are_not_found_here(client, network):
    story = f.make_article(network["markets"], title="Shares rally", tags=["Markets"])
    assert client.get(story.url, HTTP_HOST="money.localhost").status_code == 200
    assert client.get(story.url, HTTP_HOST="localhost").status_code == 404
    money_path = story.url_path.removeprefix(network["money"].url_path)
    assert client.get("/" + money_path, HTTP_HOST="money.localhost").status_code == 200
    assert client.get("/" + money_path, HTTP_HOST="localhost").status_code == 404
    assert client.get("/tags/markets/", HTTP_HOST="money.localhost").status_code == 200
    assert client.get("/tags/markets/", HTTP_HOST="localhost").status_code == 404


@pytest.mark.django_db
def test_an_unpublished_story_is_gone_at_once(client, network):
    story = f.make_article(network["world"], title="Withdrawn story")
    assert client.get(story.url, HTTP_HOST="localhost").status_code == 200
    assert "Withdrawn story" in client.get("/", HTTP_HOST="localhost").content.decode()
    story.unpublish()
    assert client.get(story.url, HTTP_HOST="localhost").status_code == 404
    assert "Withdrawn story" not in client.get("/", HTTP_HOST="localhost").content.decode()
