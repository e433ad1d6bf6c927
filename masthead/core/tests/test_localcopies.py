"""Per-process copies (masthead.core.localcopies): bounded, and dropped by surrogate key in
every process — real processes sharing the embedded file cache or Redis, no mocks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from masthead.core import localcopies, pagecache, surrogate

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def copy():
    made: localcopies.LocalCache[object] = localcopies.LocalCache("test:copy", max_entries=3)
    yield made
    made.clear()
    del localcopies._registry["test:copy"]


def test_a_copy_keeps_at_most_its_bound_and_drops_the_least_recently_used(copy):
    copy.set("a", 1, keys=["page-1"])
    copy.set("b", 2, keys=["page-2"])
    copy.set("c", 3, keys=["page-3"])
    assert copy.get("a") == 1  # now the most recently used

    copy.set("d", 4, keys=["page-4"])

    assert len(copy) == 3
    assert copy.get("b") is None
    assert [copy.get(k) for k in ("a", "c", "d")] == [1, 3, 4]
    # The dropped entry left nothing behind in the index either.
    assert ("test:copy", "b") not in localcopies._index.get("page-2", set())


def test_an_entry_needs_the_keys_that_invalidate_it(copy):
    with pytest.raises(ValueError, match="needs the keys"):
        copy.set("a", 1, keys=[])


def test_a_purge_drops_only_the_entries_carrying_its_keys(copy):
    copy.set("story", "body of 7", keys=["page-7", "image-3"])
    copy.set("other", "body of 8", keys=["page-8"])
    copy.set("none", None, keys=["page-9"])

    pagecache.purge_keys([surrogate.image(3)])

    assert copy.get("story") is None
    assert copy.get("other") == "body of 8"
    assert copy.get_or_set("none", lambda: "recomputed", keys=["page-9"]) is None


def test_purge_everything_drops_every_copy(copy):
    copy.set("a", 1, keys=["page-1"])
    pagecache.remember("test:single", lambda: "kept", keys=["chrome-1"])

    pagecache.purge_all()

    assert copy.get("a") is None
    assert pagecache.remember("test:single", lambda: "new", keys=["chrome-1"]) == "new"


def test_remember_is_dropped_by_its_key_and_not_by_others():
    assert pagecache.remember("test:nav", lambda: "v1", keys=["chrome-1"]) == "v1"

    pagecache.purge_keys(["chrome-2", "page-5"])
    assert pagecache.remember("test:nav", lambda: "v2", keys=["chrome-1"]) == "v1"

    pagecache.purge_keys(["chrome-1"])
    assert pagecache.remember("test:nav", lambda: "v3", keys=["chrome-1"]) == "v3"


def test_a_flushed_shared_cache_makes_every_process_forget(copy):
    from django.core.cache import cache

    localcopies.refresh()
    pagecache.purge_keys(["page-1"])
    localcopies.refresh()
    copy.set("a", 1, keys=["page-2"])

    cache.clear()  # the counter and the log are gone: what changed meanwhile is unknown
    localcopies.refresh()
    assert copy.get("a") is None

    copy.set("b", 2, keys=["page-2"])
    localcopies.announce(["page-3"])  # the counter starts again, ahead of the last look
    copy._entries.clear()
    copy.set("b", 2, keys=["page-2"])  # kept by a process that missed what happened
    localcopies._seen = 5
    localcopies.refresh()
    assert copy.get("b") is None


def test_a_process_further_behind_than_the_log_forgets_everything(copy):
    localcopies.refresh()
    copy.set("a", 1, keys=["page-2"])
    for n in range(localcopies.LOG_READ_LIMIT + 1):
        localcopies.announce([f"page-{1000 + n}"])
    # Undo this process's own application so only the log can tell it.
    copy._entries["a"] = (1, ("page-2",))
    localcopies._index.setdefault("page-2", set()).add(("test:copy", "a"))

    localcopies.refresh()

    assert copy.get("a") is None


# --- two real processes -------------------------------------------------------------------


def _caches(kind: str, tmp_path: Path) -> dict:
    if kind == "file":
        location = str(tmp_path / "cache")
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": location,
            }
        }
    default = settings.CACHES["default"]
    if "redis" not in default["BACKEND"].lower():
        message = "needs REDIS_URL for the Redis case (the file cache case ran)"
        from masthead.core.localservices import REQUIRE_SERVICES

        if REQUIRE_SERVICES:
            pytest.fail(f"MASTHEAD_REQUIRE_SERVICES=1 but {message}")
        pytest.skip(message)
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": default["LOCATION"],
            # Apart from the suite's own keys in the same database.
            "KEY_PREFIX": f"copies-test-{tmp_path.name}",
        }
    }


class Process:
    def __init__(self, caches: dict) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - this interpreter, our own module
            [sys.executable, "-m", "masthead.core.tests.copies_process", json.dumps(caches)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._read() == "ready"

    def _read(self):
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line, "the process ended"
        return json.loads(line)

    def __call__(self, *command):
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        return self._read()

    def stop(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(10)


@pytest.mark.parametrize("kind", ["file", "redis"])
def test_a_purge_in_one_process_drops_those_keys_in_another_and_only_those(kind, tmp_path):
    caches = _caches(kind, tmp_path)
    reader, writer = Process(caches), Process(caches)
    try:
        reader("set", "story-7", "kept 7", ["page-7", "image-3"])
        reader("set", "story-8", "kept 8", ["page-8"])
        reader("set", "nav-1", "nav of site 1", ["chrome-1"])
        assert reader("get", "story-7") == "kept 7"

        writer("purge", ["image-3"])

        assert reader("get", "story-7") is None
        assert reader("get", "story-8") == "kept 8"
        assert reader("get", "nav-1") == "nav of site 1"

        # Two purges between two requests: both applied at the next one.
        writer("purge", ["page-8"])
        writer("purge", ["chrome-1"])
        assert reader("get", "story-8") is None
        assert reader("get", "nav-1") is None
    finally:
        reader.stop()
        writer.stop()
