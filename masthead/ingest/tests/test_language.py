"""A story keeps the language its agency wrote it in: through the draft, the page, the
feeds, the news sitemap and the structured data (real dpa and STT NewsML-G2 files)."""

from __future__ import annotations

import json
import re

import defusedxml.ElementTree as ET
import pytest
from django.core.exceptions import ValidationError

from masthead.core.languages import language_tag, news_language, og_locale
from masthead.ingest import services
from masthead.newsroom.models import ArticlePage
from masthead.newsroom.tests import factories as f

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _import(path, section) -> ArticlePage:
    summary = services.input_import(
        data=path.read_bytes(), origin=str(path), name=path.name, section=section
    )
    (result,) = summary.results
    assert result.page_id, result.message
    return ArticlePage.objects.get(pk=result.page_id)


@pytest.fixture
def german_story(shared_data, section):
    page = _import(shared_data / "newsml-g2" / "superdesk_dpa_text.xml", section)
    return f.publish(page)


def test_a_german_agency_story_is_german_on_its_page_and_in_its_metadata(client, german_story):
    assert german_story.language == "de"
    html = client.get(german_story.url, HTTP_HOST="localhost").content.decode()
    assert re.search(r'<html lang="de">', html)
    documents = [
        json.loads(d)
        for d in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]
    # The story's own document; the page also carries its BreadcrumbList beside it.
    (article,) = [d for d in documents if d["@type"] == "NewsArticle"]
    assert article["inLanguage"] == "de"
    assert '<meta property="og:locale" content="de">' in html


def test_a_german_story_is_marked_in_an_english_sites_feeds(client, german_story):
    english = f.make_article(german_story.get_parent(), title="An English story")
    rss = ET.fromstring(client.get("/feeds/rss/", HTTP_HOST="localhost").content)
    assert rss.findtext("channel/language") == "en-GB"
    languages = {
        item.findtext("title"): item.findtext("{http://purl.org/dc/elements/1.1/}language")
        for item in rss.iter("item")
    }
    assert languages == {german_story.title: "de", english.title: None}

    atom = ET.fromstring(client.get("/feeds/atom/", HTTP_HOST="localhost").content)
    assert atom.get(XML_LANG) == "en-GB"
    entries = {e.findtext(f"{ATOM}title"): e.get(XML_LANG) for e in atom.iter(f"{ATOM}entry")}
    assert entries == {german_story.title: "de", english.title: None}

    feed = json.loads(client.get("/feeds/json/", HTTP_HOST="localhost").content)
    assert feed["language"] == "en-GB"
    assert {i["title"]: i["language"] for i in feed["items"]} == {
        german_story.title: "de",
        english.title: "en-GB",
    }


def test_the_news_sitemap_names_each_storys_own_language(client, german_story):
    f.make_article(german_story.get_parent(), title="An English story")
    sitemap = ET.fromstring(client.get("/sitemaps/news.xml", HTTP_HOST="localhost").content)
    news = "{http://www.google.com/schemas/sitemap-news/0.9}"
    languages = {
        url.findtext(f"{news}news/{news}title"): url.findtext(
            f"{news}news/{news}publication/{news}language"
        )
        for url in sitemap
    }
    assert languages == {german_story.title: "de", "An English story": "en"}


def test_a_finnish_item_keeps_its_region_and_a_story_without_one_is_the_sites(
    client, shared_data, section
):
    finnish = f.publish(_import(shared_data / "newsml-g2" / "superdesk_stt_text_fi.xml", section))
    assert finnish.language == "fi-FI"
    html = client.get(finnish.url, HTTP_HOST="localhost").content.decode()
    assert '<html lang="fi-FI">' in html
    assert '<meta property="og:locale" content="fi_FI">' in html

    plain = f.make_article(section, title="No language given")
    assert plain.language == ""
    html = client.get(plain.url, HTTP_HOST="localhost").content.decode()
    assert '<html lang="en-GB">' in html
    assert '<meta property="og:locale" content="en_GB">' in html
    section_html = client.get("/news/world/", HTTP_HOST="localhost").content.decode()
    assert '<html lang="en-GB">' in section_html


def test_swedish_ninjs_and_a_german_feed_entry_give_their_language(shared_data, section):
    swedish = _import(shared_data / "ninjs" / "ninjs-2.1_tt_text_image_2.json", section)
    assert swedish.language == "sv"
    feed = (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">'
        b"<title>t</title><id>urn:f</id><updated>2026-11-20T09:00:00Z</updated>"
        b'<entry xml:lang="de"><title>Ein Titel</title><id>urn:e1</id>'
        b'<updated>2026-11-20T09:00:00Z</updated><content type="html">&lt;p&gt;Ein Satz, '
        b"der lang genug ist.&lt;/p&gt;</content></entry></feed>"
    )
    summary = services.input_import(data=feed, origin="test", name="f.atom", section=section)
    assert ArticlePage.objects.get(pk=summary.results[0].page_id).language == "de"


def test_an_editor_may_set_the_language_and_a_wrong_one_is_refused(section):
    story = f.make_article(section, title="Bonjour", live=False)
    story.language = "fr_ca"
    story.full_clean()
    assert story.language == "fr-CA"
    story.language = "not a language"
    with pytest.raises(ValidationError) as refused:
        story.full_clean()
    assert "is not a language tag" in str(refused.value)


@pytest.mark.parametrize(
    ("written", "tag", "locale", "news"),
    [
        ("de", "de", "de", "de"),
        ("DE_de", "de-DE", "de_DE", "de"),
        ("en-gb", "en-GB", "en_GB", "en"),
        ("zh-hant-tw", "zh-Hant-TW", "zh_TW", "zh-tw"),
        ("pt-BR", "pt-BR", "pt_BR", "pt"),
        ("und", "", "en_GB", "en"),
        ("German", "", "en_GB", "en"),
    ],
)
def test_language_tags_are_read_as_agencies_write_them(written, tag, locale, news):
    assert language_tag(written) == tag
    assert og_locale(tag) == locale
    assert news_language(tag) == news
