"""Live blog updates through the API: a token with the live:write scope posts, edits and
deletes as the live desk does (reporters their own updates, editors anyone's, each on their
own sites), a token without the scope is refused, and readers' cached pages follow."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from masthead.api.models import Scope
from masthead.api.services import api_token_create
from masthead.newsroom import live_services as services
from masthead.newsroom.live_services import LiveUpdateFields
from masthead.newsroom.models import LiveBlogPage, LiveUpdate
from masthead.newsroom.tests import factories as f

pytestmark = pytest.mark.django_db


def token(user, *, scoped: bool = True) -> Client:
    _, raw = api_token_create(
        user=user, name="desk script", scopes=[Scope.LIVE_WRITE] if scoped else []
    )
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def updates_url(desk, update: LiveUpdate | None = None) -> str:
    base = f"/api/v1/stories/{desk['blog'].pk}/updates"
    return f"{base}/{update.pk}" if update else base


def call(caller: Client, method: str, url: str, body: dict | None = None):
    send = getattr(caller, method)
    if body is None:
        return send(url)
    return send(url, body, content_type="application/json")


def posted(desk, who: str, text: str = "<p>From the desk.</p>") -> LiveUpdate:
    return services.live_update_post(
        blog=desk["blog"], user=desk[who], fields=LiveUpdateFields(body=text)
    )


def version(desk) -> int:
    return LiveBlogPage.objects.get(pk=desk["blog"].pk).version


# --- posting ------------------------------------------------------------------------------


def test_a_reporters_token_posts_an_update_as_the_desk_would(desk):
    answer = call(
        token(desk["reporter"]),
        "post",
        updates_url(desk),
        {
            "headline": "Bridge shut",
            "body": "<p>The <b>bridge</b> is shut.<script>alert(1)</script></p>",
            "key_event": True,
        },
    )

    assert answer.status_code == 201, answer.content
    data = answer.json()
    update = LiveUpdate.objects.get(pk=data["id"])
    assert (update.author, update.key_event, update.version) == (desk["reporter"], True, 1)
    assert "<script>" not in update.body and "alert(1)" not in update.body
    assert data["headline"] == "Bridge shut" and data["author_name"] == update.author_name
    assert data["url"].endswith(f"#update-{update.pk}") and data["url"].startswith("http")
    # No page publish per update: the page's revisions are untouched.
    assert desk["blog"].revisions.count() == 1


def test_an_empty_update_is_refused_in_the_apis_error_shape(desk):
    answer = call(token(desk["reporter"]), "post", updates_url(desk), {"body": "<p> </p>"})

    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "bad_request"
    assert "Write something" in answer.json()["error"]["message"]
    assert not LiveUpdate.objects.exists()


def test_a_token_without_the_live_scope_is_refused_and_says_which_scope(desk):
    answer = call(token(desk["editor"], scoped=False), "post", updates_url(desk), {"body": "x"})

    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "forbidden"
    assert "live:write" in answer.json()["error"]["message"]
    assert not LiveUpdate.objects.exists()


def test_no_token_or_a_browser_session_cannot_write(client, desk):
    client.force_login(desk["editor"])
    for caller in (Client(), client):
        answer = call(caller, "post", updates_url(desk), {"body": "<p>x</p>"})
        assert answer.status_code == 401
        assert answer.json()["error"]["code"] == "authentication_required"
    assert not LiveUpdate.objects.exists()


def test_staff_of_another_site_may_not_post_and_a_draft_is_not_found(desk, network):
    answer = call(token(desk["sport_editor"]), "post", updates_url(desk), {"body": "<p>x</p>"})
    assert answer.status_code == 403

    draft = f.make_live_blog(network["world"], title="Not yet")
    draft.unpublish()
    elsewhere = call(
        token(desk["sport_editor"]),
        "post",
        f"/api/v1/stories/{draft.pk}/updates",
        {"body": "<p>x</p>"},
    )
    assert elsewhere.status_code == 404
    assert not LiveUpdate.objects.exists()


def test_a_reader_may_not_have_a_token_that_writes(django_user_model):
    reader = django_user_model.objects.create_user("reader", "r@example.com", "pw")
    with pytest.raises(ValidationError, match="live:write"):
        api_token_create(user=reader, name="sneaky", scopes=[Scope.LIVE_WRITE])


# --- editing, marking and deleting -----------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "author", "allowed"),
    [
        ("reporter", "reporter", True),
        ("other_reporter", "reporter", False),
        ("editor", "reporter", True),
        ("sport_editor", "reporter", False),
    ],
)
def test_who_may_edit_an_update(desk, who, author, allowed):
    update = posted(desk, author, "<p>Before.</p>")

    answer = call(token(desk[who]), "patch", updates_url(desk, update), {"body": "<p>After.</p>"})

    update.refresh_from_db()
    if allowed:
        assert answer.status_code == 200, answer.content
        assert "After." in answer.json()["html"] and "After." in update.body
        assert update.edited_at is not None and update.version == 2
    else:
        assert answer.status_code == 403
        assert "Before." in update.body and update.version == 1


@pytest.mark.parametrize(
    ("who", "author", "allowed"),
    [
        ("reporter", "reporter", True),
        ("other_reporter", "reporter", False),
        ("editor", "reporter", True),
        ("sport_editor", "reporter", False),
    ],
)
def test_who_may_delete_an_update(desk, who, author, allowed):
    update = posted(desk, author)

    answer = call(token(desk[who]), "delete", updates_url(desk, update))

    update.refresh_from_db()
    if allowed:
        assert answer.status_code == 200, answer.content
        assert answer.json()["deleted"] is True and update.deleted_at is not None
        gone = call(token(desk[who]), "delete", updates_url(desk, update))
        assert gone.status_code == 404
    else:
        assert answer.status_code == 403
        assert update.deleted_at is None


def test_a_patch_changes_only_the_fields_it_names(desk):
    update = services.live_update_post(
        blog=desk["blog"],
        user=desk["reporter"],
        fields=LiveUpdateFields(headline="Kept", body="<p>Old text.</p>", quote="We wait."),
    )

    answer = call(token(desk["reporter"]), "patch", updates_url(desk, update), {"quote": ""})

    assert answer.status_code == 200
    update.refresh_from_db()
    assert (update.headline, update.quote) == ("Kept", "")
    assert "Old text." in update.body


def test_pinning_and_marking_through_the_api_take_versions_without_an_edited_line(desk):
    first = posted(desk, "reporter")
    second = posted(desk, "reporter")
    services.live_update_mark(update=first, user=desk["reporter"], pinned=True)
    before = version(desk)

    answer = call(
        token(desk["reporter"]),
        "patch",
        updates_url(desk, second),
        {"pinned": True, "key_event": True},
    )

    assert answer.status_code == 200
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.pinned, second.pinned, second.key_event) == (False, True, True)
    assert second.edited_at is None and version(desk) > before


def test_an_update_of_another_blog_is_not_found_through_this_one(desk, network):
    other = f.make_live_blog(network["world"], title="Other blog")
    elsewhere = services.live_update_post(
        blog=other, user=desk["editor"], fields=LiveUpdateFields(body="<p>x</p>")
    )

    answer = call(token(desk["editor"]), "delete", f"{updates_url(desk)}/{elsewhere.pk}")

    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "not_found"


# --- what readers see --------------------------------------------------------------------------


def test_an_api_post_replaces_the_cached_poll_answer_as_a_desk_post_does(client, desk):
    posted(desk, "reporter")
    poll = f"/liveblog/{desk['blog'].pk}/updates/?since=1"
    client.get(poll)
    assert client.get(poll)["X-Cache"] == "HIT"

    call(token(desk["reporter"]), "post", updates_url(desk), {"body": "<p>Via the API.</p>"})
    fresh = client.get(poll)

    assert fresh["X-Cache"] == "MISS"
    assert "Via the API." in fresh.json()["updates"][0]["html"]


def test_anyone_reads_the_stream_newest_first_by_key_without_deleted_updates(client, desk):
    f.add_live_updates_in_bulk(desk["blog"], count=25)
    gone = posted(desk, "reporter", "<p>Deleted later.</p>")
    services.live_update_delete(update=gone, user=desk["reporter"])

    first = client.get(updates_url(desk)).json()
    second = client.get(updates_url(desk), {"before": first["next"]}).json()
    oldest = client.get(updates_url(desk), {"order": "oldest"}).json()

    seen = [u["html"] for u in first["items"] + second["items"]]
    assert len(seen) == 25 and len(set(seen)) == 25 and second["next"] is None
    assert "Bulk update 24." in seen[0] and "Deleted later." not in " ".join(seen)
    assert "Bulk update 0." in oldest["items"][0]["html"]


def test_reading_the_stream_costs_the_same_queries_for_few_or_many_updates(
    client, desk, django_assert_max_num_queries
):
    f.add_live_updates_in_bulk(desk["blog"], count=5)
    client.get(updates_url(desk))  # warm the site lookups
    with django_assert_max_num_queries(8) as few:
        client.get(updates_url(desk))
    f.add_live_updates_in_bulk(desk["blog"], count=500)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(updates_url(desk)).json()["items"]) == 20


# --- making such a token ---------------------------------------------------------------------


def test_the_token_page_offers_the_live_scope_to_newsroom_accounts_only(desk, django_user_model):
    reader = django_user_model.objects.create_user("reader", "r@example.com", "pw")
    as_reader = Client()
    as_reader.force_login(reader)
    assert b"live blog updates" not in as_reader.get("/api/tokens/").content

    as_reporter = Client()
    as_reporter.force_login(desk["reporter"])
    page = as_reporter.post("/api/tokens/", {"name": "Scene phone", "live_write": "on"})

    assert page.status_code == 200
    secret = page.context["new_secret"]
    answer = call(
        Client(HTTP_AUTHORIZATION=f"Bearer {secret}"),
        "post",
        updates_url(desk),
        {"body": "<p>From the scene.</p>"},
    )
    assert answer.status_code == 201


def test_the_openapi_document_names_the_scope_each_write_needs(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    stream = paths["/api/v1/stories/{story_id}/updates"]
    one = paths["/api/v1/stories/{story_id}/updates/{update_id}"]

    for operation in (stream["post"], one["patch"], one["delete"]):
        assert operation["security"] == [{"TokenAuth": ["live:write"]}]
    assert {} in stream["get"]["security"]
