"""Site URL building (masthead.core.sites): one answer for "url_path to address" everywhere."""

from __future__ import annotations

from masthead.core.sites import NetworkSite, site_holding, site_owning


def _site(id: int, hostname: str, port: int, root_url_path: str, root_path: str) -> NetworkSite:
    return NetworkSite(
        id=id,
        hostname=hostname,
        port=port,
        name=hostname,
        root_page_id=id * 10,
        root_url_path=root_url_path,
        root_path=root_path,
        time_zone="Europe/London",
        is_default=id == 1,
    )


NEWS = _site(1, "news.example", 443, "/home/", "00010001")
MONEY = _site(2, "money.localhost", 8000, "/money/", "00010002")
SITES = [NEWS, MONEY]


def test_a_page_path_on_its_site_keeps_the_leading_slash() -> None:
    assert NEWS.path_of("/home/news/world/story/") == "/news/world/story/"
    assert NEWS.path_of("/home/") == "/"


def test_a_full_address_carries_scheme_host_and_port() -> None:
    assert NEWS.url_of("/home/news/a/") == "https://news.example/news/a/"
    assert MONEY.url_of("/money/markets/") == "http://money.localhost:8000/markets/"


def test_owns_matches_whole_path_segments_of_the_root() -> None:
    assert NEWS.owns("/home/x/")
    assert not NEWS.owns("/homes/x/")
    assert not NEWS.owns("/money/x/")


def test_the_site_owning_a_url_path_or_none() -> None:
    assert site_owning("/money/markets/a/", SITES) is MONEY
    assert site_owning("/home/a/", SITES) is NEWS
    assert site_owning("/elsewhere/a/", SITES) is None


def test_the_site_holding_a_tree_path_or_none() -> None:
    assert site_holding("000100020005", SITES) is MONEY
    assert site_holding("00010001", SITES) is NEWS
    assert site_holding("00010003", SITES) is None
