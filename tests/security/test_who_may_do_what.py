"""Who may do what, generated from the URL configuration (registry: ownership.py).

1. Every route with a parameter under the reader-facing prefixes is classified: owned (with
   tries), public by design, or pending its app. A new endpoint fails here until it is.
2. Each owned object of reader A is tried by reader B and by an anonymous visitor through
   every registered URL: refused (403/404, or a form's redirect back) and unchanged.
3. The reader's own pages (settings, avatar, export, delete, tokens) act on the signed-in
   reader only, and staff-only fields sent through the form or the API change nothing.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from masthead.accounts.tests.factories import make_member
from tests.security.ownership import GUARDED_PREFIXES, PENDING, PUBLIC, REGISTRY

pytestmark = pytest.mark.django_db


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _has_parameter(route: str) -> bool:
    return "<" in route or "(?P" in route


def _guarded_routes() -> list[str]:
    return sorted(
        {
            route
            for route in _walk(get_resolver().url_patterns)
            if route.lstrip("^").startswith(GUARDED_PREFIXES) and _has_parameter(route)
        }
    )


def test_every_route_with_an_id_or_slug_is_classified():
    owned = {route for entry in REGISTRY for route in entry.routes}
    unknown = [
        route
        for route in _guarded_routes()
        if route not in owned and route not in PUBLIC and route not in PENDING
    ]
    assert not unknown, (
        "Routes that take an id or slug and are not classified in tests/security/ownership.py "
        "(add an Owned entry with tries, or a PUBLIC line saying why):\n  " + "\n  ".join(unknown)
    )


def test_the_registry_names_only_routes_that_exist():
    routes = set(_walk(get_resolver().url_patterns))
    stale = [r for entry in REGISTRY for r in entry.routes if r not in routes]
    assert not stale, stale


def _send(client: Client, method: str, url: str, data: dict | None, **extra):
    body = json.dumps(data) if data is not None and method != "POST" else data
    if method == "POST":
        return client.post(url, data or {}, HTTP_HOST="localhost", **extra)
    return client.generic(
        method, url, body or "", content_type="application/json", HTTP_HOST="localhost", **extra
    )


@pytest.mark.parametrize("entry", REGISTRY, ids=lambda e: e.name)
def test_another_reader_and_a_visitor_cannot_read_or_change_it(network, entry):
    owner = make_member("owner_a")
    other = make_member("other_b")
    thing = entry.make(owner)
    before = entry.snapshot(thing)
    assert before is not None

    reader_b = Client(enforce_csrf_checks=False)
    reader_b.force_login(other)
    anonymous = Client()
    for attempt in entry.tries:
        url = attempt.url(thing)
        response = _send(reader_b, attempt.method, url, attempt.data)
        assert response.status_code in attempt.allowed, (url, "as B", response.status_code)
        assert str(owner.username) not in response.content.decode(errors="replace")
        response = _send(anonymous, attempt.method, url, attempt.data)
        assert response.status_code in attempt.allowed_anonymous, (url, response.status_code)
        assert entry.snapshot(thing) == before, f"{attempt.method} {url} changed it"


# --- The reader's own pages: they act on request.user only ------------------------------------


def test_profile_form_ignores_staff_only_fields_and_the_username(client, network):
    reader = make_member("plainreader")
    client.force_login(reader)
    response = client.post(
        "/accounts/profile/",
        {
            "display_name": "Plain Reader",
            "bio": "hello",
            "username": "renamed",
            "is_staff": "on",
            "is_superuser": "on",
            "is_active": "",
            "email": "takeover@example.test",
            "groups": "1",
        },
        HTTP_HOST="localhost",
    )
    assert response.status_code in (200, 302)
    reader.refresh_from_db()
    assert reader.display_name == "Plain Reader"
    assert reader.username == "plainreader"
    assert (reader.is_staff, reader.is_superuser, reader.is_active) == (False, False, True)
    assert reader.email == "plainreader@example.test"
    assert not reader.groups.exists()


def test_a_token_is_always_made_for_the_signed_in_reader(network):
    from masthead.api.models import ApiToken

    owner = make_member("tokenowner")
    other = make_member("tokenthief")
    client = Client(enforce_csrf_checks=False)
    client.force_login(other)
    response = client.post(
        "/api/v1/tokens",
        json.dumps({"name": "mine", "user": owner.pk, "user_id": owner.pk, "revoked_at": None}),
        content_type="application/json",
        HTTP_HOST="localhost",
    )
    assert response.status_code in (201, 403), response.content
    assert not ApiToken.objects.filter(user=owner).exists()


def test_data_export_holds_only_the_signed_in_readers_data(client, network):
    owner = make_member("exportowner", display_name="Owner Secret Name")
    make_member("exportother")
    from masthead.api.services import api_token_create

    api_token_create(user=owner, name="owner-private-app")
    other = make_member("exportasker")
    client.force_login(other)
    response = client.get("/accounts/data/", HTTP_HOST="localhost", follow=True)
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert "exportasker" in body
    for leak in ("exportowner", "Owner Secret Name", "owner-private-app", "exportother"):
        assert leak not in body


def test_own_pages_need_a_signed_in_reader(network):
    anonymous = Client()
    for method, url in [
        ("GET", "/accounts/profile/"),
        ("POST", "/accounts/profile/avatar/"),
        ("POST", "/accounts/profile/avatar/remove/"),
        ("GET", "/accounts/data/"),
        ("GET", "/accounts/delete/"),
        ("POST", "/accounts/delete/"),
        ("GET", "/api/tokens/"),
        ("GET", "/api/v1/tokens"),
    ]:
        response = anonymous.generic(method, url, HTTP_HOST="localhost")
        assert response.status_code in (302, 401, 403), (method, url, response.status_code)
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"]


def test_avatar_removal_touches_only_the_signed_in_reader(client, network, tmp_path):
    from django.core.files.base import ContentFile

    from tests.security.hostile_uploads import jpeg

    owner = make_member("avatarowner")
    owner.avatar.save(f"{owner.pk}.jpg", ContentFile(jpeg()), save=True)
    other = make_member("avatarother")
    client.force_login(other)
    response = client.post("/accounts/profile/avatar/remove/", HTTP_HOST="localhost")
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.avatar
