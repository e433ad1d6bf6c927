"""JSON-LD, OpenGraph and Twitter card tags on the pages, read back from the HTML."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest

from masthead.core.pagecache import purge_all
from masthead.newsroom.models import GalleryPage, VideoPage
from masthead.newsroom.tests import factories as f

pytestmark = pytest.mark.django_db


class HeadReader(HTMLParser):
    """Collects <meta> values and the text of every JSON-LD script, as a crawler would."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.json_ld: list[str] = []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            key = attrs.get("property") or attrs.get("name")
            self.meta.setdefault(key, []).append(attrs.get("content", ""))
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data


def read(client, url: str) -> HeadReader:
    response = client.get(url, HTTP_HOST="localhost")
    assert response.status_code == 200
    reader = HeadReader()
    reader.feed(response.content.decode())
    return reader


@pytest.fixture
def article(network):
    author = f.make_author("Ada Arden")
    agency = f.make_agency("AFP", "Agence France-Presse")
    image = f.make_image(photographer="Cem Kaya", agency="AFP", default_alt_text="A bridge")
    story = f.make_article(
        network["world"],
        title="Bridge reopens",
        standfirst="Traffic flows again.",
        dateline="Ankara",
        tags=["Transport", "Ankara"],
        agency=agency,
        lead_image=image,
        lead_image_caption="The bridge at dawn",
        live=False,
    )
    story.authors.add(author)
    return f.publish(story, at=datetime(2026, 11, 20, 9, 30, tzinfo=UTC))


def test_article_has_news_article_json_ld_with_every_field(client, article):
    article_ld, trail_ld = read(client, article.url).json_ld
    data = json.loads(article_ld)
    assert json.loads(trail_ld)["@type"] == "BreadcrumbList"
    url = "http://localhost/news/world/bridge-reopens/"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Bridge reopens"
    assert data["description"] == "Traffic flows again."
    assert data["datePublished"].startswith("2026-11-20T09:30:00")
    assert data["dateModified"].startswith("2026-11-20T09:30:00")
    assert data["author"] == [
        {"@type": "Person", "name": "Ada Arden", "url": "http://localhost/authors/ada-arden/"},
        {"@type": "Organization", "name": "Agence France-Presse"},
    ]
    assert data["publisher"] == {
        "@type": "Organization",
        "name": "Test News",
        "url": "http://localhost/",
        "logo": {
            "@type": "ImageObject",
            "url": "http://localhost/logo.png",
            "width": 600,
            "height": 60,
        },
    }
    (image,) = data["image"]
    assert image["url"].startswith("http://localhost/media/images/")
    assert image["creditText"] == "Cem Kaya / AFP"
    assert image["caption"] == "The bridge at dawn"
    assert sorted(data["keywords"]) == ["Ankara", "Transport"]
    assert data["articleSection"] == "World"
    assert data["locationCreated"] == {"@type": "Place", "name": "Ankara"}
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}


def test_article_has_opengraph_and_twitter_card_tags(client, article):
    meta = read(client, article.url).meta
    assert meta["og:type"][-1] == "article"
    assert meta["og:title"] == ["Bridge reopens"]
    assert meta["og:url"] == ["http://localhost/news/world/bridge-reopens/"]
    assert meta["og:site_name"] == ["Test News"]
    assert meta["og:description"] == ["Traffic flows again."]
    assert meta["og:locale"] == ["en_GB"]
    assert meta["og:image"][0].startswith("http://localhost/media/images/")
    assert meta["og:image:alt"] == ["A bridge"]
    assert meta["article:published_time"][0].startswith("2026-11-20T09:30:00")
    assert meta["article:section"] == ["World"]
    assert sorted(meta["article:tag"]) == ["Ankara", "Transport"]
    assert meta["article:author"] == ["http://localhost/authors/ada-arden/"]
    assert meta["twitter:card"] == ["summary_large_image"]
    assert meta["twitter:title"] == ["Bridge reopens"]
    assert meta["twitter:image"] == meta["og:image"]


def test_article_canonical_url_matches_its_structured_data(client, article):
    html = client.get(article.url, HTTP_HOST="localhost").content.decode()
    canonical = re.findall(r'<link rel="canonical" href="([^"]+)">', html)
    assert canonical == ["http://localhost/news/world/bridge-reopens/"]


def test_a_hostile_headline_cannot_break_out_of_the_json_ld_script(client, network):
    hostile = '</script><script>alert("pwned")</script><!-- & "quotes"'
    story = f.make_article(network["world"], title=hostile, slug="hostile", dateline="<b>X</b>")
    html = client.get(story.url, HTTP_HOST="localhost").content.decode()
    assert '<script>alert("pwned")' not in html
    assert html.count("</script>") == html.count("<script")
    reader = HeadReader()
    reader.feed(html)
    data = json.loads(reader.json_ld[0])
    assert data["headline"] == hostile
    trail = json.loads(reader.json_ld[1])["itemListElement"]
    assert trail[-1]["name"] == hostile
    assert data["locationCreated"]["name"] == "<b>X</b>"
    assert reader.meta["og:title"] == [hostile]


def test_story_page_metadata_costs_no_extra_query(client, article):
    client.get(article.url, HTTP_HOST="localhost")
    purge_all()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        html = client.get(article.url, HTTP_HOST="localhost").content.decode()
    assert "application/ld+json" in html
    # Nothing the metadata reads is fetched twice: authors, tags, section, renditions.
    statements = [q["sql"] for q in queries.captured_queries]
    assert len(statements) == len(set(statements)), "\n".join(statements)


def test_gallery_is_a_news_article_whose_page_is_an_image_gallery(client, network):
    gallery = f.make_gallery(
        network["world"], images=[f.make_image(), f.make_image()], title="Storm in pictures"
    )
    data = json.loads(read(client, gallery.url).json_ld[0])
    assert data["@type"] == "NewsArticle"
    assert data["mainEntityOfPage"]["@type"] == "ImageGallery"
    assert [img["caption"] for img in data["image"]] == ["Caption 0", "Caption 1"]
    assert isinstance(GalleryPage.objects.get(pk=gallery.pk), GalleryPage)


def test_video_page_describes_its_video_object(client, network):
    video = f.make_video(
        network["world"],
        title="Flood footage",
        standfirst="Water rises.",
        duration_seconds=95,
        transcript="Water everywhere.",
        poster=f.make_image(),
    )
    documents = [json.loads(d) for d in read(client, video.url).json_ld]
    assert [d["@type"] for d in documents] == ["NewsArticle", "BreadcrumbList", "VideoObject"]
    clip = documents[2]
    assert clip["name"] == "Flood footage"
    assert clip["description"] == "Water rises."
    assert clip["embedUrl"] == "https://video.localhost/v/1"
    assert clip["duration"] == "PT1M35S"
    assert clip["transcript"] == "Water everywhere."
    assert clip["thumbnailUrl"][0].startswith("http://localhost/media/images/")
    assert clip["uploadDate"]
    assert isinstance(VideoPage.objects.get(pk=video.pk), VideoPage)


def test_section_and_tag_pages_have_opengraph_but_no_article_json_ld(client, network):
    f.make_article(network["world"], title="A story", tags=["Ankara"])
    section = read(client, "/news/world/")
    assert [json.loads(d)["@type"] for d in section.json_ld] == ["BreadcrumbList"]
    assert section.meta["og:type"] == ["website"]
    assert section.meta["og:url"] == ["http://localhost/news/world/"]
    assert section.meta["twitter:card"] == ["summary"]
    tag = read(client, "/tags/ankara/")
    assert tag.meta["og:title"] == ["Ankara"]
    assert tag.meta["og:url"] == ["http://localhost/tags/ankara/"]


def test_front_page_names_the_site_as_a_website(client, network):
    front = read(client, "/")
    (document,) = front.json_ld
    data = json.loads(document)
    assert data["@type"] == "WebSite"
    assert data["name"] == "Test News"
    assert data["url"] == "http://localhost/"
    assert front.meta["og:url"] == ["http://localhost/"]
    assert front.meta["og:type"] == ["website"]


# --- Read by extruct, as a search engine's extractor would -------------------------------------
def extracted(client, url: str, host: str = "localhost") -> dict:
    import extruct

    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200, url
    return extruct.extract(
        response.content.decode(),
        base_url=f"http://{host}{url}",
        syntaxes=["json-ld", "opengraph"],
        uniform=True,
    )


def _of_type(data: dict, kind: str) -> list[dict]:
    return [item for item in data["json-ld"] if item.get("@type") == kind]


def test_news_article_names_its_publisher_with_a_logo_that_is_served(client, network):
    from io import BytesIO

    from PIL import Image

    story = f.make_article(network["world"], title="Harbour reopens")

    (article,) = _of_type(extracted(client, story.url), "NewsArticle")
    logo = article["publisher"]["logo"]
    assert article["publisher"]["name"] == "Test News"
    assert logo["url"] == "http://localhost/logo.png"
    response = client.get("/logo.png", HTTP_HOST="localhost")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    picture = Image.open(BytesIO(response.content))
    assert picture.size == (logo["width"], logo["height"]) == (600, 60)
    (website,) = _of_type(extracted(client, "/"), "WebSite")
    assert website["publisher"]["logo"]["url"] == "http://localhost/logo.png"
    sport = client.get("/logo.png", HTTP_HOST="sport.localhost")
    assert sport.content != response.content  # each site's own name


def test_breadcrumbs_lead_from_the_front_page_to_the_story_and_to_a_section(client, network):
    story = f.make_article(network["world"], title="Harbour reopens")

    (trail,) = _of_type(extracted(client, story.url), "BreadcrumbList")
    items = [(i["position"], i["name"], i["item"]) for i in trail["itemListElement"]]
    assert items == [
        (1, "Test News", "http://localhost/"),
        (2, "News", "http://localhost/news/"),
        (3, "World", "http://localhost/news/world/"),
        (4, "Harbour reopens", "http://localhost/news/world/harbour-reopens/"),
    ]
    (section_trail,) = _of_type(extracted(client, "/news/world/"), "BreadcrumbList")
    assert [i["name"] for i in section_trail["itemListElement"]] == ["Test News", "News", "World"]


def test_a_renamed_section_is_renamed_in_the_breadcrumbs_of_its_stories(client, network):
    story = f.make_article(network["world"], title="Harbour reopens")
    extracted(client, story.url)  # the sections are now remembered by this process
    world = network["world"]
    world.title = "Abroad"
    f.publish(world)

    (trail,) = _of_type(extracted(client, story.url), "BreadcrumbList")
    assert [i["name"] for i in trail["itemListElement"]] == [
        "Test News",
        "News",
        "Abroad",
        "Harbour reopens",
    ]


def test_a_user_gallery_names_its_photos_and_the_reader_and_has_an_og_image(client, network):
    from masthead.accounts.tests.factories import make_member
    from masthead.contributions.models import UserGalleryPage, UserGalleryPhoto

    reader = make_member("ines")
    gallery = UserGalleryPage(title="Snow on the hill", contributor=reader, contributor_name="ines")
    gallery.photos = [
        UserGalleryPhoto(image=f.make_image(), caption=f"Hill {n}", sort_order=n) for n in range(3)
    ]
    network["world"].add_child(instance=gallery)
    f.publish(gallery)

    data = extracted(client, gallery.url)
    (article,) = _of_type(data, "NewsArticle")
    assert [image["caption"] for image in article["image"]] == ["Hill 0", "Hill 1", "Hill 2"]
    assert all(image["url"].startswith("http://localhost/media/") for image in article["image"])
    assert article["author"] == [
        {"@type": "Person", "name": "ines", "url": "http://localhost/u/ines/"}
    ]
    assert article["mainEntityOfPage"]["@type"] == "ImageGallery"
    (graph,) = data["opengraph"]
    assert graph["og:image"] == article["image"][0]["url"]
