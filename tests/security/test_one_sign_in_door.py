"""Exactly one way proves an account password: allauth's sign-in form (rate limits, lock-out,
verified address, second factor). The test walks the whole URL configuration and posts a
reader's correct e-mail, username and password to every route, as a form, as JSON and as HTTP
Basic credentials: no route outside the approved list may sign the reader in (a session, a
``user_logged_in`` signal, a token minted). Issue #13: Django's bare ``LoginView`` at
``/_util/login/`` was such a door."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.models import PageViewRestriction

from masthead.accounts.tests.factories import PASSWORD, make_member
from masthead.newsroom.tests import factories as f

pytestmark = pytest.mark.django_db

# Routes that may take an account password, and why each is the same flow.
APPROVED = {
    "accounts/login/": "allauth's sign-in form: the one door (limits, verified address, 2FA)",
    "accounts/reauthenticate/": "allauth: a signed-in reader confirms the password again "
    "(its own rate limit); it signs nobody in",
}

_GROUP = re.compile(
    r"\(\?P<(?P<name>\w+)>(?P<body>(?:[^()]|\([^()]*\))*)\)|\((?P<anon>[^?][^()]*)\)"
)
_CONVERTER = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
_SAMPLES = ("1", "x", "rss", "2026-01", "x/", "1-x")
_SAMPLE_BY_CONVERTER = {
    "int": "1",
    "id": "1",
    "slug": "x",
    "str": "x",
    "path": "x",
    "uuid": "0" * 32,
}


def _sample_for(body: str) -> str:
    for candidate in _SAMPLES:
        if re.fullmatch(body, candidate):
            return candidate
    return "1"


def _concrete(route: str) -> str:
    """A request path that the route (a RoutePattern or RegexPattern string) matches."""
    route = _GROUP.sub(lambda m: _sample_for(m["body"] if m["name"] else m["anon"]), route)
    route = _CONVERTER.sub(lambda m: _SAMPLE_BY_CONVERTER.get(m["conv"] or "str", "x"), route)
    route = route.replace("^", "").replace("$", "").replace("\\", "")
    return "/" + route


def _routes(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern), entry


def every_route() -> list[str]:
    seen: dict[str, None] = {}
    for route, _pattern in _routes(get_resolver()):
        seen.setdefault(route)
    return list(seen)


@pytest.fixture
def reader(network):
    return make_member("door.tester", email="door.tester@example.test")


@pytest.fixture
def logins() -> Iterator[list]:
    seen: list = []

    def record(sender, user, request, **kwargs):
        seen.append((request.path if request else None, user.pk))

    user_logged_in.connect(record, dispatch_uid="door-test")
    yield seen
    user_logged_in.disconnect(dispatch_uid="door-test")


def _attempts(reader, path: str) -> list[dict]:
    """What a password door could read: form fields under every usual name (the username,
    then the e-mail in the username field), JSON and HTTP Basic for the API."""
    basic = base64.b64encode(f"{reader.email}:{PASSWORD}".encode()).decode()
    fields = {"username": reader.username, "login": reader.email, "email": reader.email,
              "password": PASSWORD, "password1": PASSWORD, "oldpassword": PASSWORD}  # fmt: skip
    attempts = [
        {"method": "post", "data": fields, "HTTP_AUTHORIZATION": f"Basic {basic}"},
        {"method": "post", "data": {**fields, "username": reader.email, "login": reader.username}},
    ]
    if path.startswith("/api/"):
        attempts += [
            {"method": "post", "data": json.dumps({**fields, "username": reader.email}),
             "content_type": "application/json", "HTTP_AUTHORIZATION": f"Basic {basic}"},
            {"method": "get", "data": {}, "HTTP_AUTHORIZATION": f"Basic {basic}"},
        ]  # fmt: skip
    return attempts


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _accepts_password(path: str, reader, logins: list) -> bool:
    for attempt in _attempts(reader, path):
        attempt = dict(attempt)
        method, data = attempt.pop("method"), attempt.pop("data")
        # A 500 is not a sign-in (and is another test's business): keep walking.
        client = Client(HTTP_HOST="localhost", raise_request_exception=False)
        del logins[:]
        getattr(client, method)(path, data, **attempt)
        if _signed_in(client) or logins:
            return True
    return False


CHUNKS = 6


def test_the_walk_covers_the_whole_url_configuration():
    routes = every_route()
    assert len(routes) > 300  # the admin's routes are in the walk too
    for must in ("accounts/login/", "admin/", "api/v1/tokens", "^(?P<path>.*)$"):
        assert any(r == must or r.startswith(must) for r in routes), must
    assert _concrete("comments/<int:comment_id>/edit/") == "/comments/1/edit/"
    assert _concrete("comments/<id:comment_id>/edit/") == "/comments/1/edit/"
    assert _concrete("^feeds/(?P<kind>rss|atom|json)/$") == "/feeds/rss/"
    assert _concrete("^sitemaps/stories-(?P<name>\\d{4}-\\d{2}(?:-\\d{2})?)\\.xml$") == (
        "/sitemaps/stories-2026-01.xml"
    )
    assert sorted(r for n in range(CHUNKS) for r in every_route()[n::CHUNKS]) == sorted(routes)


def test_the_approved_door_takes_the_same_credentials(reader, logins):
    # The control for the walk below: these credentials are right and a door would take them.
    assert _accepts_password("/accounts/login/", reader, logins)


# Every route of the site, twice or four times each: `make test` runs the walk, the inner loop
# (`make test-fast`) keeps only the cheap checks above it.
@pytest.mark.thorough
@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_no_route_but_the_approved_ones_accepts_an_account_password(chunk, reader, logins):
    from masthead.api.models import ApiToken

    routes = [r for r in every_route()[chunk::CHUNKS] if r not in APPROVED]
    accepted = [r for r in routes if _accepts_password(_concrete(r), reader, logins)]
    assert accepted == [], f"routes that sign a reader in with a password: {accepted}"
    assert not ApiToken.objects.filter(user=reader).exists()


def test_the_old_frontend_login_is_gone_and_sign_in_only_pages_send_readers_to_allauth(
    client, network
):
    members = f.make_section(network["news_section"], "Members")
    story = f.make_article(members, title="For members only")
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    assert client.get("/_util/login/").status_code == 404
    response = client.get(story.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_a_password_proves_nothing_outside_the_account_flow(reader, rf):
    # Django's authenticate() is what LoginView, Wagtail's login form and Basic auth call.
    assert authenticate(rf.post("/"), username=reader.username, password=PASSWORD) is None
    assert authenticate(rf.post("/"), email=reader.email, password=PASSWORD) is None
    assert not Client().login(username=reader.username, password=PASSWORD)


def test_the_one_door_still_asks_verified_readers_only(client, network):
    unverified = make_member("not.yet")
    unverified.emailaddress_set.update(verified=False)
    response = client.post("/accounts/login/", {"login": unverified.email, "password": PASSWORD})
    assert not _signed_in(client)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert "confirm-email" in response["Location"]


def test_the_one_door_asks_staff_for_their_second_factor(client, network):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    editor = make_member("night.editor", is_staff=True, is_superuser=True)
    TOTP.activate(editor, generate_totp_secret())
    response = client.post(
        "/accounts/login/?next=/admin/", {"login": editor.email, "password": PASSWORD}
    )
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert not _signed_in(client)
    assert client.get("/admin/")["Location"].startswith("/accounts/login/")


def test_the_api_mints_tokens_for_a_signed_in_session_only(client, reader):
    from masthead.api.models import ApiToken

    basic = base64.b64encode(f"{reader.email}:{PASSWORD}".encode()).decode()
    response = client.post(
        "/api/v1/tokens",
        json.dumps({"name": "stolen"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {basic}",
    )
    assert response.status_code in (401, 403)
    assert not ApiToken.objects.exists()
