import pytest

from masthead.traffic.tests.factories import make_world


@pytest.fixture
def world(db):
    return make_world()
