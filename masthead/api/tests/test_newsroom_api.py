import pytest

pytestmark = pytest.mark.django_db


def _get(client, url, **params):
    return client.get(f"/api/v1{url}", params)


def _titles(answer) -> list[str]:
    return [item["title"] for item in answer.json()["items"]]


def test_stories_are_newest_first_and_never_drafts_or_restricted_pages(client, newsroom):
    titles = _titles(_get(client, "/stories"))
    assert titles == [
        "Storm in pictures",
        "Harbour reopens after storm",
        "Shares rise",
        "Council meets",
    ]
    assert "Secret draft" not in titles
    assert "Members only story" not in titles


def test_story_pages_follow_their_key_without_gaps_or_repeats(client, newsroom):
    seen, key = [], ""
    while True:
        answer = _get(client, "/stories", limit=1, before=key).json()
        seen += [s["title"] for s in answer["items"]]
        key = answer["next"]
        if not key:
            break
    assert seen == _titles(_get(client, "/stories"))


def test_stories_filter_by_site_section_tag_author_and_kind(client, newsroom):
    money_site = next(
        s["id"]
        for s in _get(client, "/sites").json()["items"]
        if s["hostname"] == "money.localhost"
    )
    assert _titles(_get(client, "/stories", site=money_site)) == ["Shares rise"]
    assert _titles(_get(client, "/stories", section=newsroom["world"].id)) == [
        "Storm in pictures",
        "Harbour reopens after storm",
    ]
    assert _titles(_get(client, "/stories", tag="weather")) == ["Harbour reopens after storm"]
    assert _titles(_get(client, "/stories", author="ada-arden")) == ["Harbour reopens after storm"]
    assert _titles(_get(client, "/stories", kind="gallery")) == ["Storm in pictures"]


def test_a_story_carries_its_body_as_structured_blocks(client, newsroom):
    story = _get(client, f"/stories/{newsroom['lead'].id}").json()
    assert story["title"] == "Harbour reopens after storm"
    assert story["authors"] == [
        {"name": "Ada Arden", "slug": "ada-arden", "url": "http://localhost/authors/ada-arden/"}
    ]
    assert story["agency"]["short_name"] == "AFP"
    assert [t["slug"] for t in story["tags"]] == ["harbour", "weather"]
    assert story["url"] == "http://localhost/news/world/harbour-reopens-after-storm/"
    blocks = story["body"]
    assert [b["type"] for b in blocks] == ["paragraph", "subheading", "pull_quote", "related_links"]
    assert blocks[0]["html"] == "<p>The <i>harbour</i> opened at dawn.</p>"
    assert blocks[1]["text"] == "What comes next"
    assert blocks[2] == {**blocks[2], "quote": "We are back.", "attribution": "The harbour master"}
    # A related link to a draft page is left out: drafts never leave through the API.
    assert blocks[3]["links"] == [{"title": "Elsewhere", "url": "https://example.org/x"}]
    assert "secret-draft" not in str(story)


@pytest.mark.parametrize("which", ["draft", "hidden"])
def test_a_draft_or_restricted_story_is_not_found(client, newsroom, which):
    response = _get(client, f"/stories/{newsroom[which].id}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_gallery_lists_its_photos_with_captions_and_no_original_files(client, newsroom):
    assert _titles(_get(client, "/galleries")) == ["Storm in pictures"]
    gallery = _get(client, f"/galleries/{newsroom['gallery'].id}").json()
    assert [p["caption"] for p in gallery["photos"]] == ["Caption 0", "Caption 1"]
    assert all("/original_images/" not in p["image"]["url"] for p in gallery["photos"])
    assert _get(client, f"/galleries/{newsroom['lead'].id}").status_code == 404


def test_sections_of_a_site_know_their_parent_and_hide_restricted_ones(client, newsroom):
    items = _get(client, "/sections").json()["items"]
    by_title = {s["title"]: s for s in items}
    assert by_title["World"]["parent_section_id"] == newsroom["news_section"].id
    assert by_title["News"]["parent_section_id"] is None
    assert "Members" not in by_title


def test_tags_only_of_published_stories(client, newsroom):
    slugs = [t["slug"] for t in _get(client, "/tags").json()["items"]]
    assert slugs == ["harbour", "markets", "weather"]
    assert _get(client, "/tags/embargo").status_code == 404
    assert _get(client, "/tags/weather").json() == {"name": "Weather", "slug": "weather"}


def test_authors_show_their_byline_and_never_their_account(client, newsroom, django_user_model):
    newsroom["author"].user = django_user_model.objects.create_user("ada", "ada@example.com", "pw")
    newsroom["author"].save()
    answer = _get(client, "/authors/ada-arden")
    assert answer.json()["name"] == "Ada Arden"
    assert b"ada@example.com" not in answer.content
    assert "user" not in answer.json()
    assert [a["slug"] for a in _get(client, "/authors").json()["items"]] == ["ada-arden"]


def test_story_list_costs_the_same_queries_for_few_or_many_stories(
    client, newsroom, django_assert_max_num_queries
):
    from masthead.newsroom.tests import factories as f

    _get(client, "/stories")  # warm the site list and content types
    with django_assert_max_num_queries(12) as few:
        _get(client, "/stories")
    for _ in range(6):
        f.make_article(newsroom["world"], tags=["Weather"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        _get(client, "/stories")


def test_bad_input_gets_one_error_shape_with_a_clear_message(client, newsroom):
    too_many = _get(client, "/stories", limit=500)
    assert too_many.status_code == 422
    error = too_many.json()["error"]
    assert error["code"] == "invalid"
    assert error["details"][0]["field"] == "limit"
    assert "limit" in error["message"]

    bad_key = _get(client, "/stories", before="not-a-key")
    assert bad_key.status_code == 400
    assert bad_key.json()["error"]["message"].startswith("That page key is not valid")

    nowhere = _get(client, "/no-such-thing")
    assert nowhere.status_code == 404
    assert nowhere.json()["error"]["code"] == "not_found"
