"""Live blogs: posting, editing, pinning and deleting updates, who may do which, the reader's
page, the changes an open page polls for, and teasers that say "Live"."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from masthead.newsroom import live_services as services
from masthead.newsroom.live_services import LiveUpdateFields
from masthead.newsroom.models import LiveBlogPage, LiveUpdate
from masthead.newsroom.tests import factories as f
from masthead.newsroom.tests.test_query_budgets import ARTICLE_QUERIES


def post(desk, text: str = "<p>Rain is falling.</p>", *, who: str = "reporter", **options):
    return services.live_update_post(
        blog=desk["blog"], user=desk[who], fields=LiveUpdateFields(body=text), **options
    )


def blog_row(desk) -> LiveBlogPage:
    return LiveBlogPage.objects.get(pk=desk["blog"].pk)


# --- services ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_change_to_an_update_takes_the_blogs_next_version(desk):
    first = post(desk)
    second = post(desk, "<p>Wind picks up.</p>")
    services.live_update_edit(
        update=first, user=desk["reporter"], fields=LiveUpdateFields(body="<p>Heavy rain.</p>")
    )

    first.refresh_from_db()
    assert (second.version, first.version, blog_row(desk).version) == (2, 3, 3)
    assert first.edited_at is not None
    assert str(first.body) == "<p>Heavy rain.</p>"


@pytest.mark.django_db
def test_posting_records_the_newest_update_time_and_the_reporters_name(desk):
    update = post(desk)

    assert blog_row(desk).last_update_at == update.posted_at
    assert update.author_name == "reporter"
    assert update.author == desk["reporter"]


@pytest.mark.django_db
def test_a_back_dated_update_does_not_move_the_newest_update_time_back(desk):
    newest = post(desk)
    post(desk, "<p>From this morning.</p>", posted_at=newest.posted_at - timedelta(hours=2))

    assert blog_row(desk).last_update_at == newest.posted_at


@pytest.mark.django_db
def test_script_and_styles_are_removed_from_an_update_and_its_text_kept(desk):
    update = post(desk, '<p onclick="x()">Safe <b>bold</b></p><script>alert(1)</script>')

    assert str(update.body) == "<p>Safe <b>bold</b></p>"


@pytest.mark.django_db
def test_an_empty_update_is_refused_with_the_reason(desk):
    with pytest.raises(services.LiveUpdateError, match="Write something"):
        post(desk, "  ")


@pytest.mark.django_db
def test_pinning_an_update_unpins_the_one_pinned_before(desk):
    old = post(desk, pinned=True)
    new = post(desk, "<p>Read this first.</p>")

    services.live_update_mark(update=new, user=desk["reporter"], pinned=True)

    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.pinned, new.pinned) == (False, True)
    assert old.version < new.version  # open pages learn of both


@pytest.mark.django_db
def test_the_database_refuses_two_pinned_updates_in_one_blog(desk):
    post(desk, pinned=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        LiveUpdate.objects.create(
            page=desk["blog"], posted_at=timezone.now(), body="<p>x</p>", pinned=True
        )


@pytest.mark.django_db
def test_deleting_keeps_the_row_for_readers_and_steps_back_the_newest_time(desk):
    older = post(desk)
    newer = post(desk, "<p>Later.</p>")

    services.live_update_delete(update=newer, user=desk["reporter"])

    newer.refresh_from_db()
    assert newer.deleted_at is not None
    assert newer.version == blog_row(desk).version
    assert blog_row(desk).last_update_at == older.posted_at


@pytest.mark.django_db
def test_publishing_a_revision_keeps_the_blogs_version_and_latest_time(desk):
    blog = desk["blog"]
    blog.save_revision()  # an hour-old draft of the page, version 0
    post(desk)
    blog.refresh_from_db()
    blog.get_latest_revision().publish()

    assert blog_row(desk).version == 1
    assert blog_row(desk).last_update_at is not None


# --- access -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_reporter_edits_and_deletes_only_their_own_updates(desk):
    theirs = post(desk, who="other_reporter")

    with pytest.raises(services.LiveDeskDenied):
        services.live_update_edit(
            update=theirs, user=desk["reporter"], fields=LiveUpdateFields(body="<p>Mine now</p>")
        )
    with pytest.raises(services.LiveDeskDenied):
        services.live_update_delete(update=theirs, user=desk["reporter"])
    with pytest.raises(services.LiveDeskDenied):
        services.live_update_mark(update=theirs, user=desk["reporter"], key_event=True)


@pytest.mark.django_db
def test_an_editor_edits_and_deletes_anyones_update(desk):
    theirs = post(desk, who="reporter")

    services.live_update_edit(
        update=theirs, user=desk["editor"], fields=LiveUpdateFields(body="<p>Fixed.</p>")
    )
    services.live_update_delete(update=theirs, user=desk["editor"])

    theirs.refresh_from_db()
    assert theirs.deleted_at is not None


@pytest.mark.django_db
def test_staff_of_another_site_and_readers_may_not_post(desk, django_user_model):
    reader = django_user_model.objects.create_user(username="reader", password="pw-reader-x")
    for who in (desk["sport_editor"], reader):
        with pytest.raises(services.LiveDeskDenied):
            services.live_update_post(
                blog=desk["blog"], user=who, fields=LiveUpdateFields(body="<p>Hi</p>")
            )
    assert not LiveUpdate.objects.exists()


# --- the reader's page -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_shows_key_events_the_pinned_post_and_updates_newest_first(client, desk):
    post(desk, "<p>First thing.</p>", key_event=True)
    services.live_update_post(
        blog=desk["blog"],
        user=desk["reporter"],
        fields=LiveUpdateFields(headline="Evacuation ordered", body="<p>Leave now.</p>"),
        key_event=True,
        pinned=True,
    )
    post(desk, "<p>Third thing.</p>")
    gone = post(desk, "<p>Posted by mistake.</p>")
    services.live_update_delete(update=gone, user=desk["reporter"])

    html = client.get(desk["blog"].url).content.decode()

    summary = html.split('class="live-key-events__list"')[1].split("</ol>")[0]
    assert "Evacuation ordered" in summary and "First thing." in summary
    assert html.index("Evacuation ordered") < html.index("First thing")
    pinned = html.split('class="live-pinned"')[1].split("</section>")[0]
    assert "Leave now." in pinned
    stream = html.split("data-live-stream")[1]
    assert stream.index("Third thing.") < stream.index("Leave now.") < stream.index("First thing.")
    assert "Posted by mistake" not in html


@pytest.mark.django_db
def test_oldest_first_on_request(client, desk):
    post(desk, "<p>Alpha.</p>")
    post(desk, "<p>Omega.</p>")

    html = client.get(desk["blog"].url + "?order=oldest").content.decode()

    assert html.index("Alpha.") < html.index("Omega.")


@pytest.mark.django_db
def test_the_stream_pages_by_key_without_repeating_or_missing_an_update(client, desk):
    f.add_live_updates_in_bulk(desk["blog"], count=45)
    seen: list[str] = []
    url = desk["blog"].url
    for _ in range(3):
        html = client.get(url).content.decode()
        stream = html.split("data-live-stream")[1]
        seen += [part.split(".<")[0] for part in stream.split("Bulk update ")[1:]]
        if 'rel="next"' not in html:
            break
        url = desk["blog"].url + html.split('rel="next" href="')[1].split('"')[0].replace(
            "&amp;", "&"
        )
    assert seen == [str(i) for i in range(44, -1, -1)]


# --- the changes an open page polls for ------------------------------------------------------


def changes(client, desk, since: int):
    response = client.get(f"/liveblog/{desk['blog'].pk}/updates/?since={since}")
    assert response.status_code == 200
    return response, json.loads(response.content)


@pytest.mark.django_db
def test_a_poll_returns_what_changed_since_its_version(client, desk):
    kept = post(desk, "<p>Kept.</p>")
    edited = post(desk, "<p>Before edit.</p>")
    gone = post(desk, "<p>Gone.</p>")
    _, at_three = changes(client, desk, 0)
    services.live_update_edit(
        update=edited, user=desk["reporter"], fields=LiveUpdateFields(body="<p>After edit.</p>")
    )
    services.live_update_delete(update=gone, user=desk["reporter"])

    _, data = changes(client, desk, at_three["version"])

    assert at_three["version"] == 3 and len(at_three["updates"]) == 3
    assert data["version"] == 5
    by_id = {u["id"]: u for u in data["updates"]}
    assert set(by_id) == {edited.id, gone.id} and kept.id not in by_id
    assert "After edit." in by_id[edited.id]["html"]
    assert by_id[gone.id] == {**by_id[gone.id], "deleted": True, "html": ""}


@pytest.mark.django_db
def test_a_poll_at_the_current_version_is_empty_and_cacheable_under_the_blogs_key(client, desk):
    post(desk)

    response, data = changes(client, desk, 1)

    assert data["updates"] == [] and data["version"] == 1 and data["status"] == "live"
    assert "public" in response["Cache-Control"]
    assert f"page-{desk['blog'].pk}" in response["xkey"].split()


@pytest.mark.django_db
def test_a_poll_shows_a_new_key_event_in_the_summary(client, desk):
    post(desk, "<p>Bridge closed.</p>", key_event=True)

    _, data = changes(client, desk, 0)

    assert "Bridge closed." in data["key_events_html"] and data["key_events"] == 1


@pytest.mark.django_db
def test_a_cached_poll_answer_is_replaced_when_an_update_is_posted(client, desk):
    post(desk)
    changes(client, desk, 1)
    hit, _ = changes(client, desk, 1)
    assert hit["X-Cache"] == "HIT"

    post(desk, "<p>News.</p>")
    fresh, data = changes(client, desk, 1)

    assert fresh["X-Cache"] == "MISS" and data["version"] == 2


@pytest.mark.django_db
def test_posting_leaves_an_unrelated_story_cached(client, desk, network):
    article = f.make_article(network["world"])
    client.get(article.url)
    client.get(desk["blog"].url)

    post(desk)

    assert client.get(article.url)["X-Cache"] == "HIT"
    assert "Rain is falling." in client.get(desk["blog"].url).content.decode()


@pytest.mark.django_db
def test_a_poll_refuses_a_bad_version_and_another_sites_blog(client, desk):
    bad = client.get(f"/liveblog/{desk['blog'].pk}/updates/?since=abc")
    elsewhere = client.get(
        f"/liveblog/{desk['blog'].pk}/updates/?since=0", HTTP_HOST="sport.localhost"
    )

    assert bad.status_code == 400
    assert elsewhere.status_code == 404


@pytest.mark.django_db
def test_an_unpublished_blog_has_no_poll(client, desk):
    desk["blog"].unpublish()

    assert client.get(f"/liveblog/{desk['blog'].pk}/updates/").status_code == 404


# --- teasers ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_running_live_blogs_teaser_says_live_with_its_latest_update_time(client, desk, network):
    post(desk)

    html = client.get(network["world"].url).content.decode()

    teaser = html.split("teaser__kind--live")[1].split("</article>")[0]
    assert "Live" in teaser and "Updated " in teaser


@pytest.mark.django_db
def test_an_ended_live_blogs_teaser_has_no_live_label(client, desk, network):
    post(desk)
    blog = desk["blog"]
    blog.status = LiveBlogPage.Status.ENDED
    blog.ended_at = timezone.now() - timedelta(minutes=1)
    f.publish(blog)

    html = client.get(network["world"].url).content.decode()

    assert "teaser__kind--live" not in html
    page = client.get(blog.url).content.decode()
    assert "Coverage ended" in page


# --- query budget ----------------------------------------------------------------------------

# route, tags, authors, corrections and updates (every story's notes), stream page, renditions
# of the pictures shown; the key events summary and the pinned post are kept per process for
# the blog's version (live_selectors). No more than an article (ARTICLE_QUERIES) costs.
LIVE_BLOG_QUERIES = 6


@pytest.mark.django_db
@pytest.mark.parametrize("count", [10, 5000])
def test_a_live_blog_runs_the_same_queries_with_10_or_5000_updates(
    client, settings, django_assert_num_queries, desk, count
):
    settings.PAGE_CACHE_ENABLED = False
    f.add_live_updates_in_bulk(desk["blog"], count=count, image=f.make_image())
    url = desk["blog"].url
    assert client.get(url).status_code == 200  # warms the per-process copies

    with django_assert_num_queries(LIVE_BLOG_QUERIES):
        html = client.get(url).content.decode()

    assert LIVE_BLOG_QUERIES <= ARTICLE_QUERIES

    assert html.count("data-live-update=") == min(count, 20)
    assert f"Bulk update {count - 1}." in html
    assert ('rel="next"' in html) == (count > 20)


# --- distribution ----------------------------------------------------------------------------


def json_ld_documents(html: str) -> list[dict]:
    parts = html.split('<script type="application/ld+json">')[1:]
    return [json.loads(part.split("</script>")[0]) for part in parts]


@pytest.mark.django_db
def test_the_page_describes_itself_as_a_live_blog_posting_with_its_updates(client, desk):
    update = post(desk, "<p>Rain is falling.</p>")

    html = client.get(desk["blog"].url).content.decode()

    posting = next(d for d in json_ld_documents(html) if d["@type"] == "LiveBlogPosting")
    assert posting["coverageStartTime"] and "coverageEndTime" not in posting
    assert [u["articleBody"] for u in posting["liveBlogUpdate"]] == ["Rain is falling."]
    assert posting["liveBlogUpdate"][0]["url"].endswith(f"#update-{update.pk}")


@pytest.mark.django_db
def test_an_ended_blog_names_when_coverage_ended(client, desk):
    blog = desk["blog"]
    blog.status = LiveBlogPage.Status.ENDED
    blog.ended_at = timezone.now()
    f.publish(blog)

    html = client.get(blog.url).content.decode()

    posting = next(d for d in json_ld_documents(html) if d["@type"] == "LiveBlogPosting")
    assert posting["coverageEndTime"]


@pytest.mark.django_db
def test_the_updates_feed_lists_updates_newest_first_without_deleted_ones(client, desk):
    post(desk, "<p>Older one.</p>")
    services.live_update_post(
        blog=desk["blog"],
        user=desk["reporter"],
        fields=LiveUpdateFields(headline="Newer one", body="<p>Text.</p>"),
    )
    gone = post(desk, "<p>Withdrawn.</p>")
    services.live_update_delete(update=gone, user=desk["reporter"])

    response = client.get(f"/liveblog/{desk['blog'].pk}/feed/")

    body = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert body.index("Newer one") < body.index("Older one.")
    assert "Withdrawn" not in body
    assert f"page-{desk['blog'].pk}" in response["xkey"].split()


@pytest.mark.django_db
def test_a_live_blog_is_found_by_the_words_of_its_updates_and_filtered_by_kind(client, desk):
    post(desk, "<p>Sandbags stacked along the embankment.</p>")

    response = client.get("/search/", {"q": "sandbags", "kind": "live blog"})

    assert [hit.story_id for hit in response.context["results"].hits] == [desk["blog"].pk]
