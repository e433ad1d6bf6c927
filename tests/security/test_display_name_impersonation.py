# ruff: noqa: RUF001 - look-alike characters are what this file tests
"""A reader's display name cannot pass for the site or for another reader (issue #13).

Found: a display name could be ``editor``, another reader's username, or hold a bidi override
(U+202E turned "nimda ehT" into "The admin"). Display names that fold (case, NFKC, look-alike
letters, gaps between words, digits at the ends, a leading "the") to a reserved word or to
another member's username are refused; invisible and direction-changing characters are
refused; staff carry a role badge beside their name on comments and their profile; reserved
usernames cover the same simple variants.
"""

from __future__ import annotations

import pytest

from masthead.accounts.selectors import username_availability
from masthead.accounts.tests.factories import make_member, sign_in
from masthead.comments.models import CommentSiteSettings
from masthead.newsroom.tests import factories as f


@pytest.fixture
def reader(db):
    return make_member("mallory", display_name="Mallory")


def _save_display_name(client, name: str):
    return client.post("/accounts/profile/", {"display_name": name, "bio": ""})


@pytest.mark.parametrize(
    "name",
    [
        "editor",
        "Editor",
        "The Editor",
        "the_editor",
        "Admin1",
        "ADMIN",
        "Support 1",
        "Moderator",
        "newsroom",
        "Ed1tor",
        "\u0415ditor",  # Cyrillic capital IE for E
        "Ｅｄｉｔｏｒ",  # full-width letters (NFKC)
        "Staff",
        "Test News",  # a site's own name
    ],
)
def test_a_display_name_reading_as_the_site_is_refused(client, network, reader, name):
    sign_in(client, reader)
    response = _save_display_name(client, name)
    assert response.status_code == 200, name
    assert "reserved for the site itself" in response.content.decode()
    reader.refresh_from_db()
    assert reader.display_name == "Mallory"


@pytest.mark.parametrize("name", ["Victoria Reader", "victoria.reader", "VICTORIA_READER2"])
def test_a_display_name_reading_as_another_members_username_is_refused(
    client, network, reader, name
):
    make_member("victoria_reader", display_name="Vicky")
    sign_in(client, reader)
    response = _save_display_name(client, name)
    assert response.status_code == 200
    assert "another member" in response.content.decode()
    reader.refresh_from_db()
    assert reader.display_name == "Mallory"


@pytest.mark.parametrize(
    "name",
    [
        "nimda ehT\u202e",
        "\u202enimda ehT",
        "Mal\u200blory",  # zero-width space
        "Mallory\u2066x\u2069",  # isolates
        "Mallory\u00ad",  # soft hyphen
        "\u3164",  # Hangul filler: an "empty" name
    ],
)
def test_invisible_and_bidi_characters_are_refused(client, network, reader, name):
    sign_in(client, reader)
    response = _save_display_name(client, name)
    assert response.status_code == 200
    assert "invisible or direction-changing" in response.content.decode()
    reader.refresh_from_db()
    assert reader.display_name == "Mallory"


@pytest.mark.parametrize(
    "name",
    ["Mallory Malone", "mallory", "Mallory, the Editor's pal", "Theo", "Ada 2nd", "مریم\u200cجان"],
)
def test_ordinary_display_names_are_kept(client, network, reader, name):
    """Controls: a name, one's own username, a name with a joiner Persian needs."""
    sign_in(client, reader)
    response = _save_display_name(client, name)
    assert response.status_code == 302, response.content.decode()[:2000]
    reader.refresh_from_db()
    assert reader.display_name == name


@pytest.mark.parametrize(
    "username", ["Admin1", "editor2", "support1", "the_editor", "the-admin", "2moderator"]
)
def test_reserved_usernames_cover_simple_variants(network, username):
    verdict = username_availability(username=username)
    assert not verdict.available
    assert verdict.code == "reserved"


@pytest.mark.parametrize("username", ["theodora", "edith", "adminton", "supporter_fan"])
def test_names_merely_starting_like_a_role_stay_free(network, username):
    assert username_availability(username=username).available


def test_staff_carry_a_role_badge_on_comments_and_their_profile(client, network):
    rules = CommentSiteSettings.for_site(network["news"].get_site())
    rules.hold_first_comments = 0
    rules.save()
    story = f.make_article(network["world"], title="Harbour bridge reopens")
    staff = make_member("dana_desk", display_name="Dana", is_staff=True)
    reader = make_member("rita", display_name="Rita")
    for member, body in ((staff, "From the desk"), (reader, "From a reader")):
        client.logout()
        sign_in(client, member)
        assert client.post(f"/comments/{story.pk}/post/", {"body": body}).status_code == 302
    client.logout()
    thread = client.get(f"/fragments/comments/{story.pk}/").content.decode()
    staff_part, reader_part = (
        thread.split('aria-label="Comment by dana_desk"')[1].split("</header>")[0],
        thread.split('aria-label="Comment by rita"')[1].split("</header>")[0],
    )
    assert '<span class="role-badge">Staff</span>' in staff_part
    assert "role-badge" not in reader_part
    assert '<span class="role-badge">Staff</span>' in client.get("/u/dana_desk/").content.decode()
    assert "role-badge" not in client.get("/u/rita/").content.decode()
