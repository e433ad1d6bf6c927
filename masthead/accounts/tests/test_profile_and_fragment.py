"""The profile page on every site, the 404, cache behaviour, and the header fragment."""

import pytest

from masthead.accounts import hooks
from masthead.accounts.tests.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(network):
    return make_member("Quill", display_name="Quill Penn", bio="Writes <b>letters</b>.")


@pytest.mark.parametrize("host", ["localhost", "money.localhost", "sport.localhost"])
def test_the_same_profile_is_on_every_site_in_that_sites_look(client, member, host):
    response = client.get("/u/Quill/", HTTP_HOST=host)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Quill Penn" in html
    assert "Writes &lt;b&gt;letters&lt;/b&gt;." in html  # reader text is escaped
    assert f"site-{host.replace('.', '')}" in html
    assert "Member since" in html


def test_profile_is_cacheable_and_carries_nothing_per_reader(client, member):
    other = make_member("viewer")
    client.force_login(other)
    response = client.get("/u/Quill/")
    assert "public" in response["Cache-Control"]
    assert "viewer" not in response.content.decode()
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert client.get("/u/Quill/")["X-Cache"] == "HIT"


def test_a_profile_change_purges_the_cached_page(
    client, member, django_capture_on_commit_callbacks
):
    client.get("/u/Quill/")
    assert client.get("/u/Quill/")["X-Cache"] == "HIT"
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/profile/", {"display_name": "Quill Renamed", "bio": ""})
    client.logout()
    response = client.get("/u/Quill/")
    assert "Quill Renamed" in response.content.decode()


def test_unknown_username_is_a_proper_404_page(client, network):
    response = client.get("/u/nobody-here/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "Test News" in html  # the site's own frame


def test_a_look_alike_spelling_redirects_to_the_real_profile(client, member):
    response = client.get("/u/qu1ll/")
    assert response.status_code == 301
    assert response["Location"] == "/u/Quill/"


def test_other_apps_can_add_profile_sections_without_accounts_importing_them(client, member):
    hooks.register_profile_section(
        key="test-badges",
        title="Badges",
        template="accounts/tests/badges_section.html",
        context=lambda user: {"badges": [f"{user.username} wrote first"]},
    )
    try:
        html = client.get("/u/Quill/").content.decode()
    finally:
        hooks.unregister("test-badges")
    assert "<h2>Badges</h2>" in html
    assert "Quill wrote first" in html


def test_fragment_for_a_visitor_offers_sign_in_and_create_profile(client, network):
    response = client.get(
        "/fragments/account/", HTTP_HOST="localhost", HTTP_REFERER="http://localhost/news/"
    )
    assert response["Cache-Control"].replace(" ", "") in ("private,no-store", "no-store,private")
    html = response.content.decode()
    assert "Sign in" in html
    assert "Create profile" in html
    assert "next=%2Fnews%2F" in html


def test_fragment_for_a_member_shows_their_name_and_links(client, member):
    client.force_login(member)
    response = client.get("/fragments/account/")
    html = response.content.decode()
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert "Quill Penn" in html
    assert 'href="/u/Quill/"' in html
    assert 'href="/accounts/profile/"' in html
    assert "Sign out" in html
