"""Compiled SQL reused per query shape (masthead.core.prepared) answers exactly what the ORM
answers for the same query, on every call, whatever the arguments."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from masthead.core import prepared
from masthead.newsroom.models import ArticlePage
from masthead.newsroom.tests import factories as f

PAGE_COLUMNS = ("id", "title", "url_path", "live", "first_published_at")


def pages_under(root: str):
    return Page.objects.filter(url_path__startswith=root).order_by("id").values_list(*PAGE_COLUMNS)


@pytest.mark.django_db
def test_rows_match_the_orm_for_each_argument_and_compile_once(network):
    f.make_article(network["world"], title="One")
    f.make_article(network["world"], title="Two")
    roots = ["/", network["world"].url_path, network["news_section"].url_path, "/nowhere/"]

    for root in roots:
        assert prepared.fetch("test:under", pages_under, root) == list(pages_under(root))
    shapes = connections["default"].__dict__["_masthead_prepared"]
    assert [key for key in shapes if key[0] == "test:under"] == [("test:under", (-1,), (True,))]


@pytest.mark.django_db
def test_pattern_arguments_are_escaped_as_the_orm_escapes_them():
    User = get_user_model()
    for name in ("a%b", "a_b", "axb", "a\\b", "a%bc"):
        User.objects.create_user(username=name, email=f"{len(name)}{ord(name[1])}@example.com")

    def named(prefix: str):
        return (
            User.objects.filter(username__startswith=prefix)
            .order_by("username")
            .values_list("username")
        )

    for prefix in ("a%", "a_", "a\\", "a", "zz"):
        assert prepared.fetch("test:names", named, prefix) == list(named(prefix)), prefix


@pytest.mark.django_db
def test_in_lists_of_any_length_and_instances_with_related_rows(network):
    picture = f.make_image()
    agency = f.make_agency()
    stories = [
        f.make_article(network["world"], title=f"Story {i}", lead_image=picture, agency=agency)
        for i in range(3)
    ]
    ids = [s.id for s in stories]

    def load(wanted: list[int]):
        return ArticlePage.objects.filter(id__in=wanted).select_related("agency", "lead_image")

    for wanted in (ids[:1], ids, ids[1:], [10**9]):
        got = sorted(prepared.fetch("test:stories", load, wanted), key=lambda s: s.id)
        expected = sorted(load(wanted), key=lambda s: s.id)
        assert [(s.id, s.title, s.body.raw_data[:]) for s in got] == [
            (s.id, s.title, s.body.raw_data[:]) for s in expected
        ]
        assert [s.first_published_at for s in got] == [s.first_published_at for s in expected]
        with CaptureQueriesContext(connection) as ctx:
            # select_related filled them: no query for the agency or the picture.
            assert all(s.agency.name == agency.name for s in got)
            assert all(s.lead_image.id == picture.id for s in got)
        assert len(ctx.captured_queries) == 0


@pytest.mark.django_db
def test_arguments_it_cannot_bind_fall_back_to_the_orm(network):
    story = f.make_article(network["world"], title="Dated")
    when = story.first_published_at

    def on(moment):
        return Page.objects.filter(first_published_at=moment).values_list("title")

    assert prepared.fetch("test:dated", on, when) == [("Dated",)]


@pytest.mark.django_db
def test_integer_arguments_are_compiled_on_every_engine(network):
    # The placeholders must be values the ORM accepts for the field: on PostgreSQL an id is a
    # 32-bit integer, and Django refuses to compile an out-of-range lookup (EmptyResultSet),
    # which made every page a 500 there (found by `make loadtest`).
    story = f.make_article(network["world"], title="By id")

    def by_id(pk: int):
        return Page.objects.filter(id=pk).values_list("id", "title")

    def at_depth(depth: int, ids: list):
        return Page.objects.filter(depth=depth, id__in=ids).order_by("id").values_list("id")

    assert prepared.fetch("test:by-id", by_id, story.id) == [(story.id, "By id")]
    assert prepared.fetch("test:by-id", by_id, 0) == []
    ids = [story.id, network["world"].id]
    assert prepared.fetch("test:depth", at_depth, story.depth, ids) == list(
        at_depth(story.depth, ids)
    )
    shapes = connections["default"].__dict__["_masthead_prepared"]
    compiled = {key[0]: shape for key, shape in shapes.items() if key[0].startswith("test:")}
    assert compiled["test:by-id"] is not None
    assert compiled["test:depth"] is not None
