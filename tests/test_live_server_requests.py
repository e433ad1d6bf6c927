"""The live server's requests on SQLite in memory (tests/live_server.py's middleware): the
database there is one connection that every server thread is handed, so the server answers
one request at a time. Side by side, two requests shared one transaction: a session write
failed (400, "session was deleted before the request completed") or was lost though the
answer said it was made; in a browser that was a network sign-in hop never asked for. On
PostgreSQL each thread has its own connection and the same requests must hold too."""

from __future__ import annotations

import concurrent.futures
from urllib.parse import urlparse

import httpx
import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

from masthead.accounts import network as network_sign_in
from masthead.accounts.tests.factories import make_member

READERS = 40


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_many_readers_at_once_each_keep_what_their_request_wrote(network: dict, live_server):
    from wagtail.models import Site

    from masthead.core.sites import forget_network_sites

    port = urlparse(live_server.url).port
    Site.objects.update(port=port)
    forget_network_sites()
    sessions = []
    for number in range(READERS):
        client = Client()
        client.force_login(make_member(f"Reader{number}", email=f"reader{number}@example.test"))
        sessions.append(client.cookies[settings.SESSION_COOKIE_NAME].value)

    def account_fragment(session: str) -> tuple[int, bool]:
        # Signed in on a site other than the home: the fragment tells the browser to hop
        # through the home, and writes in the session that it did (once per session).
        response = httpx.get(
            f"http://127.0.0.1:{port}/fragments/account/?here=/markets/",
            headers={
                "Host": f"money.localhost:{port}",
                "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}",
            },
            timeout=60,
        )
        return response.status_code, "data-network-check" in response.text

    with concurrent.futures.ThreadPoolExecutor(max_workers=12) as pool:
        answers = list(pool.map(account_fragment, sessions))

    assert answers == [(200, True)] * READERS
    told = [SessionStore(session_key=key).get(network_sign_in.HOME_TOLD_KEY) for key in sessions]
    assert told == [True] * READERS
