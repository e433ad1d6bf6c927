"""One process holding per-process copies, driven line by line from a test
(test_localcopies.py): ``python -m masthead.core.tests.copies_process '<CACHES json>'``.

Commands on stdin, one JSON list per line; each answer is one JSON line on stdout:
  ["set", key, value, [surrogate keys]]   keep a value in the "drill" copy
  ["get", key]                            the value or null (after the request-start check)
  ["purge", [surrogate keys]]             announce a purge, as pagecache.purge_keys does
"""

# ruff: noqa: T201 - its answers go to stdout, one JSON line each
from __future__ import annotations

import json
import sys

import django
from django.conf import settings


def main() -> None:
    settings.configure(
        CACHES=json.loads(sys.argv[1]),
        # As in production: copies are trusted until the next request's check.
        PAGE_CACHE_GENERATION_TTL=3600,
        USE_TZ=True,
    )
    django.setup()
    from masthead.core import localcopies

    copy: localcopies.LocalCache[str] = localcopies.LocalCache("drill", max_entries=100)
    localcopies.refresh()
    print(json.dumps("ready"), flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        if command[0] == "set":
            copy.set(command[1], command[2], keys=command[3])
            answer: object = "ok"
        elif command[0] == "get":
            # What every request does first (pagecache.begin_request): one round trip.
            localcopies.refresh()
            answer = copy.get(command[1])
        elif command[0] == "purge":
            localcopies.announce(command[1])
            answer = "ok"
        else:
            answer = f"unknown command {command[0]}"
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
