"""Every URL in an answer is absolute and on the right site; every kind of story can be asked
for by the kind its answers carry; HEAD, OPTIONS, 405, 414, CORS and conditional GET answer
as docs/api.md says."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.http import http_date
from wagtail.models import Page

from masthead.accounts.tests.factories import make_member
from masthead.comments import services as comments
from masthead.comments.models import CommentSiteSettings
from masthead.contributions.models import CommunityStoryPage, UserGalleryPage, UserGalleryPhoto
from masthead.newsroom.tests import factories as f

pytestmark = pytest.mark.django_db


def _get(client, url, **params):
    return client.get(f"/api/v1{url}", params)


def urls_in(value, key: str = "") -> Iterator[tuple[str, str]]:
    """Every (key, value) whose key names a URL, however deep in the answer."""
    if isinstance(value, dict):
        for name, item in value.items():
            yield from urls_in(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from urls_in(item, key)
    elif key in ("url", "author_url") and value is not None:
        yield key, value


def _open_comments(site_page) -> None:
    from wagtail.models import Site

    rules = CommentSiteSettings.for_site(Site.objects.get(root_page=site_page))
    rules.hold_first_comments = 0
    rules.hold_links = False
    rules.save()


def test_every_url_in_every_answer_is_absolute_and_names_the_right_site(client, newsroom):
    money_story = f.make_article(
        newsroom["markets"], title="Rates hold", lead_image=f.make_image(photographer="Cem Kaya")
    )
    money_story.authors.add(newsroom["author"])
    f.publish(money_story)
    newsroom["author"].photo = f.make_image()
    newsroom["author"].save()
    reader = make_member("ruth")
    _open_comments(newsroom["money"])
    comments.comment_create(page=money_story, author=reader, body="Good news for savers.")

    answers = {
        url: _get(client, url).json()
        for url in (
            "/stories",
            f"/stories/{money_story.id}",
            f"/stories/{newsroom['gallery'].id}",
            "/galleries",
            "/authors",
            "/authors/ada-arden",
            "/profiles/ruth",
            f"/stories/{money_story.id}/comments",
            "/sections",
            "/sites",
        )
    }

    found = [(url, key, value) for url, answer in answers.items() for key, value in urls_in(answer)]
    assert len(found) > 20
    relative = [item for item in found if not item[2].startswith(("http://", "https://"))]
    assert relative == []
    story = answers[f"/stories/{money_story.id}"]
    assert story["lead_image"]["url"].startswith("http://money.localhost/media/")
    assert story["authors"][0]["url"] == "http://money.localhost/authors/ada-arden/"
    comment = answers[f"/stories/{money_story.id}/comments"]["items"][0]
    assert comment["author_url"] == "http://money.localhost/u/ruth/"
    # Authors and profiles exist on every site: the answer names the site asked.
    assert answers["/profiles/ruth"]["url"] == "http://localhost/u/ruth/"
    sport = client.get("/api/v1/authors/ada-arden", HTTP_HOST="sport.localhost").json()
    assert sport["url"] == "http://sport.localhost/authors/ada-arden/"
    assert sport["photo"]["url"].startswith("http://sport.localhost/media/")


def _readers_pages(newsroom):
    reader = make_member("ines")
    community = f.make_section(newsroom["news"], "Community")
    story = CommunityStoryPage(
        title="Our street party",
        contributor=reader,
        contributor_name="ines",
        body=[("paragraph", "<p>Everyone came.</p>")],
    )
    community.add_child(instance=story)
    f.publish(story)
    gallery = UserGalleryPage(title="Snow on the hill", contributor=reader, contributor_name="ines")
    gallery.photos = [
        UserGalleryPhoto(image=f.make_image(), caption=f"Hill {n}", sort_order=n) for n in range(2)
    ]
    community.add_child(instance=gallery)
    f.publish(gallery)
    return story, gallery


def test_kind_story_lists_readers_stories_and_user_galleries_show_their_photos(client, newsroom):
    story, gallery = _readers_pages(newsroom)

    listed = _get(client, "/stories", kind="story")
    assert listed.status_code == 200, listed.content
    items = listed.json()["items"]
    assert [(s["title"], s["kind"]) for s in items] == [
        ("Snow on the hill", "story"),
        ("Our street party", "story"),
    ]
    everything = _get(client, "/stories", limit=50).json()["items"]
    for kind in ("article", "gallery", "video", "live", "story"):
        asked = {s["id"] for s in _get(client, "/stories", kind=kind, limit=50).json()["items"]}
        assert asked == {s["id"] for s in everything if s["kind"] == kind}, kind

    photos = _get(client, f"/stories/{gallery.id}").json()["photos"]
    assert [p["caption"] for p in photos] == ["Hill 0", "Hill 1"]
    assert all(p["image"]["url"].startswith("http://localhost/media/images/") for p in photos)
    body = _get(client, f"/stories/{story.id}").json()["body"]
    assert [(b["type"], b["html"]) for b in body] == [("paragraph", "<p>Everyone came.</p>")]
    # A reader's gallery is not News in Pictures.
    assert _get(client, f"/galleries/{gallery.id}").status_code == 404


def test_head_answers_like_get_without_a_body(client, newsroom):
    url = f"/api/v1/stories/{newsroom['lead'].id}"
    got = client.get(url)
    head = client.head(url)

    assert head.status_code == 200 and head.content == b""
    assert head["Content-Type"] == got["Content-Type"] == "application/json; charset=utf-8"
    assert head["ETag"] == got["ETag"]
    assert head["Content-Length"] == str(len(got.content))
    assert head["Last-Modified"] == got["Last-Modified"]
    missing = client.head("/api/v1/stories/999999")
    assert missing.status_code == 404 and missing["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    ("method", "url", "allowed"),
    [
        ("post", "/api/v1/stories", "GET, HEAD, OPTIONS"),
        ("delete", "/api/v1/sites", "GET, HEAD, OPTIONS"),
        ("put", "/api/v1/tokens", "GET, HEAD, OPTIONS, POST"),
    ],
)
def test_a_method_an_address_does_not_take_is_405_in_the_error_shape(
    client, newsroom, method, url, allowed
):
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert response["Allow"] == allowed
    error = response.json()["error"]
    assert error["code"] == "method_not_allowed"
    assert method.upper() in error["message"] and allowed in error["message"]


def test_an_address_too_long_is_414_in_the_error_shape(client, newsroom):
    response = client.get("/api/v1/stories", {"tag": "x" * 3000})
    assert response.status_code == 414
    assert response.json()["error"]["code"] == "uri_too_long"
    assert "2,048 characters" in response.json()["error"]["message"]


def test_public_reads_allow_any_origin_and_the_reader_s_own_data_does_not(client, newsroom):
    origin = {"HTTP_ORIGIN": "https://elsewhere.example"}
    read = client.get("/api/v1/stories", **origin)
    assert read["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in read["Access-Control-Expose-Headers"]
    assert not read.has_header("Access-Control-Allow-Credentials")
    preflight = client.options(
        "/api/v1/stories",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
        **origin,
    )
    assert preflight.status_code == 204
    assert preflight["Allow"] == "GET, HEAD, OPTIONS"
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "Authorization" in preflight["Access-Control-Allow-Headers"]
    for answer in (
        client.get("/api/v1/tokens", **origin),
        client.options("/api/v1/tokens", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST", **origin),
    ):
        assert not answer.has_header("Access-Control-Allow-Origin")


def test_answers_revalidate_with_etag_and_last_modified(client, newsroom):
    lead = newsroom["lead"]
    an_hour_ago = timezone.now() - timedelta(hours=1)
    Page.objects.filter(pk=lead.pk).update(
        first_published_at=an_hour_ago - timedelta(hours=1), last_published_at=an_hour_ago
    )
    for url in (f"/api/v1/stories/{lead.id}", "/api/v1/stories", "/api/v1/galleries"):
        first = client.get(url)
        assert first["ETag"] and first["Last-Modified"], url
        assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304, url
        since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert since.status_code == 304, url
    detail = client.get(f"/api/v1/stories/{lead.id}")
    lead.refresh_from_db()
    assert detail["Last-Modified"] == http_date(lead.last_published_at.timestamp())

    lead.title = "Harbour reopens at last"
    f.publish(lead)

    changed = client.get(f"/api/v1/stories/{lead.id}", HTTP_IF_NONE_MATCH=detail["ETag"])
    assert changed.status_code == 200 and changed.json()["title"] == "Harbour reopens at last"
    since = client.get(f"/api/v1/stories/{lead.id}", HTTP_IF_MODIFIED_SINCE=detail["Last-Modified"])
    assert since.status_code == 200


def test_a_304_to_another_origin_keeps_its_cors_headers(client, newsroom):
    etag = client.get("/api/v1/stories")["ETag"]
    again = client.get(
        "/api/v1/stories", HTTP_IF_NONE_MATCH=etag, HTTP_ORIGIN="https://elsewhere.example"
    )
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == "*"


def test_a_live_blog_is_kind_live_with_its_state_and_the_address_of_its_updates(client, newsroom):
    running = f.make_live_blog(newsroom["markets"], title="Live: markets open")
    f.add_live_updates_in_bulk(running, count=3)
    ended = f.make_live_blog(newsroom["markets"], title="Live: the count")
    ended.status = ended.Status.ENDED
    ended.ended_at = timezone.now() - timedelta(hours=1)
    f.publish(ended)

    listed = _get(client, "/stories", kind="live").json()["items"]
    assert [(s["title"], s["kind"]) for s in listed] == [
        ("Live: the count", "live"),
        ("Live: markets open", "live"),
    ]
    # Not counted among the readers' stories any more (it was "story" before it had a kind).
    assert "live" not in {s["kind"] for s in _get(client, "/stories", kind="story").json()["items"]}

    detail = _get(client, f"/stories/{running.id}").json()
    assert detail["live"]["status"] == "live"
    assert detail["live"]["ended_at"] is None
    updates_url = detail["live"]["updates_url"]
    assert updates_url == f"http://money.localhost/api/v1/stories/{running.id}/updates"
    updates = client.get(updates_url.removeprefix("http://money.localhost")).json()["items"]
    assert len(updates) == 3
    finished = _get(client, f"/stories/{ended.id}").json()["live"]
    assert finished["status"] == "ended"
    assert finished["ended_at"] is not None
    article = f.make_article(newsroom["markets"], title="Not live")
    assert _get(client, f"/stories/{article.id}").json()["live"] is None
