"""Rate limits and the client address: what a reader behind proxies is counted as."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from masthead.core.ratelimit import Rate, RateLimited, client_address, hit, keys_for, limit


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.MASTHEAD_TRUSTED_PROXIES = 0
    assert client_address(_request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_behind_one_proxy_the_client_is_the_last_forwarded_entry(settings):
    settings.MASTHEAD_TRUSTED_PROXIES = 1
    # The client wrote "1.1.1.1" itself; nginx appended the address it saw.
    request = _request("127.0.0.1", "1.1.1.1, 198.51.100.7")
    assert client_address(request) == "198.51.100.7"


def test_rotating_a_forged_forwarded_entry_does_not_change_the_address(settings):
    settings.MASTHEAD_TRUSTED_PROXIES = 1
    seen = {client_address(_request("127.0.0.1", f"10.0.0.{i}, 198.51.100.7")) for i in range(20)}
    assert seen == {"198.51.100.7"}


def test_behind_two_proxies_the_client_is_two_from_the_right(settings):
    settings.MASTHEAD_TRUSTED_PROXIES = 2
    request = _request("10.1.1.1", "6.6.6.6, 198.51.100.7, 10.0.0.2")
    assert client_address(request) == "198.51.100.7"


def test_a_short_chain_falls_back_to_its_first_entry(settings):
    settings.MASTHEAD_TRUSTED_PROXIES = 2
    assert client_address(_request("10.1.1.1")) == "10.1.1.1"


def test_garbage_from_a_trusted_proxy_counts_the_hop(settings):
    settings.MASTHEAD_TRUSTED_PROXIES = 1
    assert client_address(_request("10.1.1.1", "not-an-address")) == "10.1.1.1"


def test_rates_parse_and_bad_rates_say_how_to_write_them():
    assert Rate.parse("5/m") == Rate(count=5, seconds=60)
    assert Rate.parse("10/15m") == Rate(count=10, seconds=900)
    assert Rate.parse("30/h") == Rate(count=30, seconds=3600)
    with pytest.raises(ValueError, match="count/period"):
        Rate.parse("five a minute")


def test_the_try_past_the_limit_is_refused_until_the_window_turns():
    rate = Rate(count=3, seconds=60)
    now = 1_000_040.0  # 20 s into a window (windows start at multiples of 60)
    assert [hit(scope="t", key="k", rate=rate, now=now) for _ in range(3)] == [0, 0, 0]
    assert hit(scope="t", key="k", rate=rate, now=now) == 40
    assert hit(scope="t", key="k", rate=rate, now=now + 40) == 0


def test_limit_counts_account_and_address_apart():
    rate = Rate(count=2, seconds=3600)
    for _ in range(2):
        limit(scope="s", keys=["u:1", "a:203.0.113.9"], rate=rate)
    with pytest.raises(RateLimited) as refused:
        limit(scope="s", keys=["u:1", "a:198.51.100.1"], rate=rate, message="Slow down.")
    assert refused.value.message.startswith("Slow down. Try again in ")
    assert refused.value.retry_after > 0
    # Another account from a fresh address is not affected; one from the used address is.
    limit(scope="s", keys=["u:2", "a:192.0.2.1"], rate=rate)
    with pytest.raises(RateLimited):
        limit(scope="s", keys=["u:3", "a:203.0.113.9"], rate=rate)


def test_keys_for_a_member_include_the_account(django_user_model, settings):
    settings.MASTHEAD_TRUSTED_PROXIES = 0

    class Member:
        pk = 42
        is_authenticated = True

    class Anonymous:
        is_authenticated = False

    request = _request("192.0.2.5")
    assert keys_for(request, Member()) == ["u:42", "a:192.0.2.5"]
    assert keys_for(request, Anonymous()) == ["a:192.0.2.5"]


def test_an_unreachable_cache_lets_the_try_through(monkeypatch):
    # django-redis with IGNORE_EXCEPTIONS answers None to add and incr while Redis is down.
    monkeypatch.setattr(cache, "add", lambda *a, **k: None)
    monkeypatch.setattr(cache, "incr", lambda *a, **k: None)
    rate = Rate(count=1, seconds=60)
    assert [hit(scope="t", key="down", rate=rate) for _ in range(3)] == [0, 0, 0]
