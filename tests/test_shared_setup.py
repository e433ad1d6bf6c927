"""Shared fixtures (tests/shared_setup.py) keep every test's isolation: a row of tests in one
process, in this order, each checking what the one before it left behind."""

from __future__ import annotations

import pytest
from django.db import connection
from wagtail.models import Page, Site

from masthead.newsroom.models import ArticlePage
from masthead.newsroom.tests import factories as f
from tests.shared_setup import shared_fixture

# Each test checks what the one before it left, so they mean most in file order in one process
# (`make test TEST_WORKERS=0 TEST_ARGS=tests/test_shared_setup.py`). Under xdist with pytest
# 9.2 the group no longer keeps them together (tests/test_xdist_groups.py): split across
# workers they still pass, each checking less.
pytestmark = pytest.mark.xdist_group("shared-setup-isolation")


@shared_fixture("shared-setup-test-story", needs=("network",))
def one_story(network):
    return {**network, "story": f.make_article(network["world"], title="The one shared story")}


@pytest.mark.django_db
def test_a_test_writes_into_the_shared_network_and_changes_its_instances(network):
    network["news"].title = "Renamed in memory"
    f.make_article(network["world"], title="Written by the first test")
    Site.objects.filter(hostname="money.localhost").delete()
    assert ArticlePage.objects.filter(title="Written by the first test").exists()


@pytest.mark.django_db
def test_the_next_test_sees_neither_the_rows_nor_the_instance_changes(network):
    assert not ArticlePage.objects.filter(title="Written by the first test").exists()
    assert Site.objects.filter(hostname="money.localhost").exists()
    assert network["news"].title == "Test News"
    # The shared rows are there, under the test's own transaction.
    assert connection.in_atomic_block
    assert {s.hostname for s in Site.objects.all()} == {
        "localhost",
        "money.localhost",
        "sport.localhost",
    }


@pytest.mark.django_db
def test_a_layer_on_top_is_built_for_the_test_that_asks(one_story):
    assert ArticlePage.objects.filter(title="The one shared story").count() == 1
    assert one_story["story"].get_parent().specific == one_story["world"]


@pytest.mark.django_db
def test_a_test_asking_for_less_does_not_see_the_layer_above(network):
    assert not ArticlePage.objects.filter(title="The one shared story").exists()
    assert network["world"].get_children_count() == 0


@pytest.mark.django_db
def test_a_test_asking_for_nothing_sees_the_migrated_database_only():
    assert not Site.objects.filter(hostname="money.localhost").exists()
    assert not Page.objects.filter(title="Test News").exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_transactional_test_builds_its_own_network_outside_any_shared_transaction(network):
    assert not connection.in_atomic_block
    assert Site.objects.filter(hostname="sport.localhost").exists()


@pytest.mark.django_db
def test_after_a_transactional_test_the_network_is_built_again(network):
    assert connection.in_atomic_block
    assert Site.objects.filter(hostname="money.localhost").exists()
    assert network["world"].get_children_count() == 0
