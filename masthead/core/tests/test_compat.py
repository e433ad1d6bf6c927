"""Contracts of the framework internals masthead.core.compat relies on: each test fails when an
upgrade of Django, Wagtail or treebeard changes the internal its function uses."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Value
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils.functional import LazyObject
from taggit.models import Tag
from wagtail.models import Page, Site

from masthead.core import compat
from masthead.newsroom.models import SectionPage


@pytest.fixture
def request_for_news(network):
    return RequestFactory().get("/news/", HTTP_HOST="localhost")


@pytest.mark.django_db
def test_a_remembered_site_is_what_wagtail_finds_for_the_request(request_for_news, network):
    site = Site(id=-1, hostname="remembered.example", root_page_id=network["news"].id)
    compat.remember_request_site(request_for_news, site)
    with CaptureQueriesContext(connection) as queries:
        assert Site.find_for_request(request_for_news) is site
    assert len(queries) == 0


@pytest.mark.django_db
def test_a_remembered_route_is_the_page_wagtail_finds_for_the_request(request_for_news, network):
    page = network["world"]
    compat.remember_request_route(request_for_news, page)
    with CaptureQueriesContext(connection) as queries:
        assert Page.find_for_request(request_for_news, "/anything/") is page
        assert Page.route_for_request(request_for_news, "/anything/") == (page, [], {})
    assert len(queries) == 0


@pytest.mark.django_db
def test_remembered_site_root_paths_are_the_ones_a_page_address_is_built_from(
    request_for_news, network
):
    page = Page.objects.get(id=network["world"].id)
    real = Site.get_site_root_paths()
    compat.remember_site_root_paths(request_for_news, real)
    compat.remember_site_root_paths(page, real)
    with CaptureQueriesContext(connection) as queries:
        assert page._get_site_root_paths(request_for_news) is real
        assert page._get_site_root_paths() is real
    assert len(queries) == 0
    assert page.get_url(request_for_news) == "/news/world/"


@pytest.mark.django_db
def test_a_remembered_parent_is_what_get_parent_answers(network):
    section = SectionPage.objects.get(id=network["world"].id)
    stand_in = Page(id=network["news_section"].id, title="Remembered")
    compat.remember_parent(section, stand_in)
    with CaptureQueriesContext(connection) as queries:
        assert section.get_parent() is stand_in
    assert len(queries) == 0


@pytest.mark.django_db
def test_tree_path_is_the_path_treebeard_gives_a_new_child(network):
    parent = Page.objects.get(id=network["world"].id)
    expected = compat.tree_path(parent.path, parent.depth + 1, parent.numchild + 1)
    child = parent.add_child(instance=SectionPage(title="Harbour"))
    assert child.path == expected
    assert len(expected) == len(parent.path) + Page.steplen


@pytest.mark.django_db
def test_insert_raw_writes_the_rows_as_given():
    compat.insert_raw(
        Tag,
        [Tag(name="Harbour", slug="harbour"), Tag(name="Ferries", slug="ferries")],
        fields=[Tag._meta.get_field("name"), Tag._meta.get_field("slug")],
    )
    assert set(Tag.objects.values_list("slug", flat=True)) >= {"harbour", "ferries"}


def test_reset_lazy_builds_the_object_again():
    built = []

    class Counter(LazyObject):
        def _setup(self):
            built.append(1)
            self._wrapped = {"n": len(built)}

    counter = Counter()
    assert counter["n"] == 1
    assert counter["n"] == 1
    compat.reset_lazy(counter)
    assert counter["n"] == 2


@pytest.mark.django_db
def test_iterable_kind_tells_instances_rows_and_the_rest_apart():
    pages = Page.objects.all()
    assert compat.iterable_kind(pages) == "models"
    assert compat.iterable_kind(pages.values_list("id", "title")) == "values_list"
    assert compat.iterable_kind(pages.values_list("id", flat=True)) is None
    assert compat.iterable_kind(pages.values("id")) is None
    assert compat.iterable_kind(pages.values_list("id", named=True)) is None


@pytest.mark.django_db
def test_known_related_objects_are_seen_on_a_related_manager(network):
    home = network["news"]
    assert not compat.has_known_related_objects(Page.objects.all())
    assert compat.has_known_related_objects(home.top_stories.all())


@pytest.mark.django_db
def test_instance_layout_builds_the_instances_the_orm_builds(network):
    queryset = SectionPage.objects.filter(id=network["world"].id).select_related("owner")
    compiler = queryset.query.get_compiler(using="default")
    sql, params = compiler.as_sql()
    layout = compat.instance_layout(compiler, "default")
    assert layout is not None
    model, start, end, init_list, populators = layout
    assert model is SectionPage
    assert "title" in init_list
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    built = model.from_db("default", init_list, row[start:end])
    for populator in populators:
        populator.populate(row, built)
    expected = queryset.get()
    assert (built.id, built.title, built.url_path) == (
        expected.id,
        expected.title,
        expected.url_path,
    )


@pytest.mark.django_db
def test_instance_layout_declines_an_annotated_query():
    compiler = SectionPage.objects.annotate(one=Value(1)).query.get_compiler(using="default")
    compiler.as_sql()
    assert compat.instance_layout(compiler, "default") is None


def test_the_view_restriction_hook_is_wagtails_on_serve_page_hook():
    from wagtail import hooks

    assert compat.view_restriction_hook() in hooks.get_hooks("on_serve_page")


@pytest.mark.django_db
def test_an_image_file_hash_is_the_one_wagtail_stores_for_the_same_bytes():
    from masthead.newsroom.tests import factories as f

    image = f.make_image()
    with image.open_file() as stored:
        data = stored.read()
    image.file_hash = ""
    image.save(update_fields=["file_hash"])
    assert compat.image_file_hash(data) == image.get_file_hash() != ""
    assert compat.image_file_hash(data + b"\0") != image.get_file_hash()


@pytest.mark.django_db
def test_a_response_in_process_runs_the_middleware_and_sends_no_request_signals(network):
    import io
    import sys

    from django.core.signals import request_finished, request_started

    sent = []

    def record(**kwargs):
        sent.append(kwargs)

    request_started.connect(record)
    request_finished.connect(record)
    try:
        response = compat.response_in_process({
            "REQUEST_METHOD": "GET", "PATH_INFO": "/", "QUERY_STRING": "",
            "SERVER_NAME": "localhost", "SERVER_PORT": "80", "HTTP_HOST": "localhost",
            "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr,
        })  # fmt: skip
    finally:
        request_started.disconnect(record)
        request_finished.disconnect(record)
    assert response.status_code == 200
    assert "Test News" in response.content.decode()
    assert response.has_header("Content-Security-Policy")  # a middleware's header
    assert sent == []
