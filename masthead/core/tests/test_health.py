"""Health endpoints: ``/health/`` says the process is alive, ``/health/ready/`` that every
database and the cache answer (load balancers take a 503 instance out of rotation)."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from django.db import connections


def closed_port() -> int:
    """A local port nothing listens on: bound, then released."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db
def test_alive_answers_without_touching_anything_and_is_never_cached(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert "X-Cache" not in response


@pytest.mark.django_db
def test_ready_reports_database_and_cache_ok(client):
    response = client.get("/health/ready/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-cache" in response["Cache-Control"]


@pytest.fixture
def unreachable_database(db) -> Iterator[str]:
    """A second database alias (say a read replica) pointing at a port nothing listens on."""
    alias = "unreachable"
    connections.settings[alias] = connections.configure_settings(
        {
            "default": connections.settings["default"],
            alias: {
                "ENGINE": "django.db.backends.postgresql",
                "HOST": "127.0.0.1",
                "PORT": closed_port(),
                "NAME": "masthead",
                "USER": "nobody",
                "OPTIONS": {"connect_timeout": 2},
            },
        }
    )[alias]
    yield alias
    connections[alias].close()
    del connections[alias]
    del connections.settings[alias]


def test_ready_is_503_when_a_database_is_unreachable(client, unreachable_database):
    response = client.get("/health/ready/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"][f"database:{unreachable_database}"] == "unreachable"
    assert body["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_ready_is_503_when_the_cache_is_unreachable(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "masthead.core.cache.FailOpenRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
    response = client.get("/health/ready/")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "unreachable"}
