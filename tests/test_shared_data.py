"""The shared inputs are found beside the checkout however it is reached, and served over
loopback when ../shared is a symlink (the ingest tests' file server answered 404 then)."""

from __future__ import annotations

import urllib.request

from masthead.ingest.tests.test_fetching import FileServer
from tests.shared_data import find


def test_a_symlinked_shared_folder_beside_the_checkout_is_found(tmp_path):
    (tmp_path / "elsewhere" / "shared" / "data").mkdir(parents=True)
    (tmp_path / "work" / "checkout").mkdir(parents=True)
    (tmp_path / "work" / "shared").symlink_to(tmp_path / "elsewhere" / "shared")
    found = find(tmp_path / "work" / "checkout", named="")
    assert found == tmp_path / "work" / "shared" / "data" and found.is_dir()


def test_a_checkout_reached_through_a_symlink_finds_the_folder_beside_its_real_path(tmp_path):
    (tmp_path / "real" / "checkout").mkdir(parents=True)
    (tmp_path / "real" / "shared" / "data").mkdir(parents=True)
    (tmp_path / "link").symlink_to(tmp_path / "real" / "checkout")
    assert find(tmp_path / "link", named="") == tmp_path / "real" / "shared" / "data"


def test_without_the_folder_the_place_it_belongs_is_named(tmp_path):
    (tmp_path / "checkout").mkdir()
    assert find(tmp_path / "checkout", named="") == tmp_path / "shared" / "data"
    assert find(tmp_path / "checkout", named=str(tmp_path / "x")) == tmp_path / "x"


def test_the_file_server_serves_from_a_symlinked_folder(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "feed.rss").write_bytes(b"<rss/>")
    (tmp_path / "linked").symlink_to(tmp_path / "real")
    with FileServer(tmp_path / "linked") as server:
        response = urllib.request.urlopen(f"{server.url}/feed.rss", timeout=5)  # noqa: S310
        assert response.status == 200 and response.read() == b"<rss/>"
