"""A NUL in the address is refused with 400 on every database, never a 500."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_api_answers_400_in_its_error_shape(client, network):
    response = client.get("/api/v1/stories?tag=a%00b", HTTP_HOST="localhost")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"
    assert "NUL" in response.json()["error"]["message"]


def test_pages_answer_400_with_a_plain_reason(client, network):
    response = client.get("/search/?q=storm%00", HTTP_HOST="localhost")
    assert response.status_code == 400
    assert b"NUL character" in response.content


def test_an_ordinary_query_still_works(client, network):
    assert client.get("/api/v1/tags?q=storm", HTTP_HOST="localhost").status_code == 200
