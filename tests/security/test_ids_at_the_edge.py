"""Ids from the outside world are checked at the edge on every engine (issue #13).

SQLite cannot compare a column with an integer beyond a signed 64-bit one: the driver raises
``OverflowError``, which was a 500 on the embedded default for the comment fragments, posting,
and the story and pictures forms (which also lost the story the reader had typed). PostgreSQL
copes, so these run on both engines and must answer the same: 404 for a URL, a form error
with the reader's text kept for a form.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from masthead.accounts.tests.factories import make_member, sign_in
from masthead.contributions.tests.conftest import words
from masthead.core.ids import MAX_ID, IdConverter
from masthead.newsroom.tests import factories as f

# Just past SQLite's INTEGER, the same as a 64-bit unsigned maximum, and far past both.
HUGE = [str(MAX_ID + 1), str(2**64 - 1), "9" * 30]


def _patterns(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def test_no_route_of_ours_takes_an_unbounded_int():
    """Every route written in our URL modules reads a row id through the bounded converter.
    Routes a Wagtail viewset builds from its own URL templates (staff-only editing of our
    snippets) are Wagtail's and left out."""
    unbounded = []
    for route, entry in _patterns(get_resolver()):
        module = getattr(entry.callback, "__module__", "") or ""
        view_class = getattr(entry.callback, "view_class", None)
        if view_class is not None and any(
            base.__module__.startswith("wagtail.") for base in view_class.__mro__
        ):
            continue
        converters = getattr(entry.pattern, "converters", {})
        if module.startswith("masthead.") and any(
            isinstance(c, IntConverter) for c in converters.values()
        ):
            unbounded.append(route)
    assert not unbounded, unbounded
    # The walk finds the id routes at all (a control).
    assert any(
        isinstance(c, IdConverter)
        for _, entry in _patterns(get_resolver())
        for c in getattr(entry.pattern, "converters", {}).values()
    )


@pytest.fixture
def story(network):
    return f.make_article(network["world"], title="Harbour bridge reopens")


@pytest.fixture
def reader(db):
    return make_member("idreader")


@pytest.mark.parametrize("huge", HUGE)
def test_comment_urls_with_a_huge_id_are_not_found(client, story, reader, huge):
    for url in (
        f"/fragments/comments/{huge}/",
        f"/fragments/comments/{huge}/me/",
        f"/fragments/comments/replies/{huge}/",
    ):
        assert client.get(url).status_code == 404, url
    sign_in(client, reader)
    assert client.get(f"/fragments/comments/{huge}/me/").status_code == 404
    for url in (
        f"/comments/{huge}/post/",
        f"/comments/{huge}/reply/",
        f"/comments/{huge}/edit/",
        f"/comments/{huge}/delete/",
        f"/comments/{huge}/report/",
    ):
        assert client.post(url, {"body": "Hello"}).status_code == 404, url
    assert client.get(f"/contribute/photos/{huge}/clean/").status_code == 404
    # The largest id a column can hold is still an id: looked up, simply not there.
    assert client.get(f"/fragments/comments/{MAX_ID}/").status_code == 404
    # The control: the story's own thread answers.
    assert client.get(f"/fragments/comments/{story.pk}/").status_code == 200


@pytest.mark.parametrize("field", ["section", "callout"])
@pytest.mark.parametrize("huge", HUGE[:2])
@pytest.mark.parametrize("kind", ["story", "pictures"])
def test_a_huge_section_or_callout_is_a_form_error_that_keeps_the_story(
    client, network, reader, field, huge, kind
):
    sign_in(client, reader)
    body = words(210)
    response = client.post(
        f"/contribute/{kind}/",
        {
            "title": "Flooding on Smith Street",
            "body": body,
            "place_text": "Durban",
            "declaration": "on",
            "licence": "non-exclusive",
            "send": "1",
            field: huge,
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Flooding on Smith Street" in text
    assert "word209" in text  # the reader's story is in the re-rendered form
    assert "Durban" in text
    # And the page says what is wrong rather than failing silently.
    assert 'class="errorlist' in text or "error" in text.lower()


@pytest.mark.parametrize("huge", HUGE)
def test_a_huge_callout_in_the_address_opens_the_plain_form(client, network, reader, huge):
    sign_in(client, reader)
    assert client.get(f"/contribute/story/?callout={huge}").status_code == 200
    assert client.get(f"/contribute/pictures/?callout={huge}").status_code == 200


@pytest.mark.parametrize("huge", HUGE)
def test_api_ids_beyond_a_column_are_refused_not_errors(client, story, huge):
    for url in (
        f"/api/v1/stories/{huge}",
        f"/api/v1/galleries/{huge}",
        f"/api/v1/stories/{huge}/comments",
    ):
        status = client.get(url).status_code
        assert status in (404, 422), (url, status)
    assert client.get(f"/api/v1/stories/{story.pk}").status_code == 200


@pytest.mark.parametrize("huge", HUGE)
@pytest.mark.parametrize(
    "route",
    [
        "/admin/pages/{}/edit/",
        "/admin/pages/{}/",
        "/admin/images/{}/",
        "/admin/documents/edit/{}/",
        "/admin/users/{}/",
        "/admin/pages/1/revisions/{}/view/",
    ],
)
def test_the_admin_s_own_routes_answer_a_huge_id_as_a_missing_one(client, network, huge, route):
    """Wagtail's routes take ``<int:>`` (left out of the walk above): staff asking for an id
    beyond any column get the answer of an id that fits but is not there (Django's lookups
    answer "no row" for a value out of the column's range), never SQLite's OverflowError."""
    client.force_login(make_member("desk.chief", is_staff=True, is_superuser=True))
    missing = client.get(route.format(MAX_ID))
    assert missing.status_code in (302, 404)  # a control: the route exists and finds nothing
    response = client.get(route.format(huge))
    assert (response.status_code, response.get("Location")) == (
        missing.status_code,
        missing.get("Location"),
    )
