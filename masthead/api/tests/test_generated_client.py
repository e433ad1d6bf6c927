"""The API as a client generated from its own document sees it: the document is valid
OpenAPI 3.1 (openapi-spec-validator), openapi-python-client generates a client from it, and
that client, imported from a temporary folder, reads a live server: lists stories, fetches
each kind, reads a story's comments."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from masthead.accounts.tests.factories import make_member
from masthead.comments import services as comments
from masthead.comments.models import CommentSiteSettings
from masthead.contributions.models import UserGalleryPage, UserGalleryPhoto
from masthead.newsroom.tests import factories as f

PACKAGE = "masthead_api_client"


@pytest.mark.django_db
def test_the_document_is_valid_openapi_3_1_and_says_reads_need_no_token(client):
    document = client.get("/api/v1/openapi.json").json()

    assert document["openapi"].startswith("3.1.")
    validate(document)  # raises on the first error, with its path in the document
    stories = document["paths"]["/api/v1/stories"]["get"]
    assert {} in stories["security"], "anonymous reads must be declared"
    tag = next(p for p in stories["parameters"] if p["name"] == "tag")
    # A map of Example Objects (named by us before django-ninja 1.8, by ninja since).
    assert list(tag["examples"].values()) == [{"value": "weather"}]
    tokens = document["paths"]["/api/v1/tokens"]["post"]
    assert {} not in tokens["security"]


def test_the_validator_refuses_examples_as_a_list():
    # What ninja wrote before: the validator must see it, or the test above proves nothing.
    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/x": {
                "get": {
                    "parameters": [
                        {
                            "in": "query",
                            "name": "q",
                            "schema": {"type": "string"},
                            "examples": ["a"],
                        }
                    ],
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
    }
    with pytest.raises(OpenAPIValidationError):
        validate(document)


@pytest.fixture
def generated_client(tmp_path: Path, live_server) -> Iterator:
    document = httpx.get(f"{live_server.url}/api/v1/openapi.json", timeout=30).json()
    (tmp_path / "openapi.json").write_text(json.dumps(document))
    # No post hooks: the generator would otherwise run ruff from PATH over the code.
    (tmp_path / "config.json").write_text(json.dumps({"post_hooks": []}))
    result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [
            sys.executable,
            "-m",
            "openapi_python_client",
            "generate",
            "--path",
            str(tmp_path / "openapi.json"),
            "--meta",
            "none",
            "--output-path",
            str(tmp_path / PACKAGE),
            "--config",
            str(tmp_path / "config.json"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout, result.stdout
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def _content(network) -> dict:
    from wagtail.models import Site

    lead = f.make_article(
        network["world"], title="Harbour reopens", lead_image=f.make_image(), tags=["Harbour"]
    )
    f.make_gallery(network["world"], images=[f.make_image(), f.make_image()], title="Storm")
    f.make_video(network["world"], title="The storm from the air", duration_seconds=95)
    f.make_live_blog(network["world"], title="Live: the clean-up")
    reader = make_member("ruth")
    gallery = UserGalleryPage(title="Snow on the hill", contributor=reader, contributor_name="ruth")
    gallery.photos = [UserGalleryPhoto(image=f.make_image(), caption="The hill", sort_order=0)]
    network["world"].add_child(instance=gallery)
    f.publish(gallery)
    rules = CommentSiteSettings.for_site(Site.objects.get(hostname="localhost"))
    rules.hold_first_comments = 0
    rules.save()
    comments.comment_create(page=lead, author=reader, body="Good to see the boats back.")
    return {"lead": lead}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_generated_client_lists_stories_fetches_each_kind_and_reads_comments(
    network, generated_client, live_server
):
    made = _content(network)
    stories_op = importlib.import_module(f"{PACKAGE}.api.newsroom.masthead_newsroom_api_stories")
    story_op = importlib.import_module(f"{PACKAGE}.api.newsroom.masthead_newsroom_api_story")
    comments_op = importlib.import_module(
        f"{PACKAGE}.api.comments.masthead_comments_api_story_comments"
    )
    models = importlib.import_module(f"{PACKAGE}.models")
    reader_client = generated_client.Client(
        base_url=live_server.url, raise_on_unexpected_status=True
    )

    listed = stories_op.sync(client=reader_client)
    assert isinstance(listed, models.StoryList)
    kinds = {story.kind: story for story in listed.items}
    assert set(kinds) == {"article", "gallery", "video", "live", "story"}

    for kind, teaser in kinds.items():
        only = stories_op.sync(
            client=reader_client, kind=models.MastheadNewsroomApiStoriesKindType0(kind)
        )
        assert [s.id for s in only.items] == [teaser.id], kind
        detail = story_op.sync(client=reader_client, story_id=teaser.id)
        assert isinstance(detail, models.StoryDetailOut), kind
        assert detail.title == teaser.title and detail.url.startswith("http://"), kind
        if kind == "article":
            assert detail.body[0]["type"] == "paragraph"
            assert detail.lead_image.url.startswith("http://localhost/media/")
        if kind in ("gallery", "story"):
            assert detail.photos and all(p.image.url.startswith("http") for p in detail.photos)
        if kind == "video":
            assert detail.video.duration_seconds == 95
        if kind == "live":
            assert detail.live.status == "live"
            assert detail.live.updates_url.endswith(f"/api/v1/stories/{teaser.id}/updates")
        else:
            assert detail.live is None, kind

    thread = comments_op.sync(client=reader_client, story_id=made["lead"].id)
    assert isinstance(thread, models.CommentList)
    assert [(c.author, c.body) for c in thread.items] == [("ruth", "Good to see the boats back.")]
    assert thread.items[0].author_url == "http://localhost/u/ruth/"

    missing = story_op.sync_detailed(client=reader_client, story_id=999_999)
    assert missing.status_code == 404
    assert isinstance(missing.parsed, models.ErrorOut)
    assert missing.parsed.error.code == "not_found"
