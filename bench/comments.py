"""The comments scenario for `make bench` (hooked into bench/run.py): the thread fragment of a
story with 10,000 comments under wrk, and a mix of nine thread reads to one comment posted by
signed-in bench members.

``prepare`` gives the bench article its big thread (once; reused) and sessions for the bench
members; ``rows`` adds the thread rows; ``posting_mix`` runs the mix with
bench/comments_mix.lua. ``ENV`` relaxes the per-reader posting limits for the bench processes
only (the mix measures the cost of posting, not of refusing).

Standalone, against a running server on the bench database (a two-second dry run):

    python bench/comments.py --port 8111 --duration 2
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
MIX_SCRIPT = BENCH / "comments_mix.lua"
COMMENTS = 10_000
MEMBERS = 50
ENV = {
    "COMMENTS_POST_RATE": "1000000/m",
    "COMMENTS_ADDRESS_POST_RATE": "1000000/m",
    "COMMENTS_MIN_INTERVAL_SECONDS": "0",
}

PREPARE = r"""
import json, os, importlib
from datetime import timedelta
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.middleware.csrf import _get_new_csrf_string
from django.utils import timezone
from wagtail.models import Page
from masthead.accounts.models import User
from masthead.comments import text
from masthead.comments.models import Comment, CommentCount, Status
from masthead.comments.selectors import thread_changed

wanted = int(os.environ["BENCH_COMMENTS"])
path = os.environ["BENCH_ARTICLE"]
story = None
for page in Page.objects.filter(url_path__endswith=path.strip("/").split("/")[-1] + "/"):
    specific = page.specific
    if hasattr(specific, "comments_open"):
        story = specific
        break
assert story is not None, f"no story at {path}"
members = []
for n in range(int(os.environ["BENCH_MEMBERS"])):
    user, made = User.objects.get_or_create(
        username=f"bench-reader-{n}", defaults={"email": f"bench-reader-{n}@example.test"}
    )
    members.append(user)
have = Comment.objects.filter(page=story).count()
if have < wanted:
    start = timezone.now() - timedelta(days=2)
    rows = []
    for n in range(have, wanted):
        body = f"Bench comment {n}: the bridge, the ferry and the town."
        rows.append(Comment(
            page=story, author=members[n % len(members)], body=body,
            body_html=text.render_body(body), body_hash=f"bench-{n}",
            status=Status.PUBLISHED, created_at=start + timedelta(seconds=n),
            published_at=start + timedelta(seconds=n),
        ))
    Comment.objects.bulk_create(rows, batch_size=1000)
    made = list(Comment.objects.filter(page=story, depth=0, path=""))
    for c in made:
        c.path = f"{c.pk:010d}"
    Comment.objects.bulk_update(made, ["path"], batch_size=1000)
    replies = []
    for c in made[-100:]:
        for r in range(3):
            body = f"Reply {r} to {c.pk}"
            replies.append(Comment(
                page=story, author=members[r], parent=c, root=c, depth=1, body=body,
                body_html=text.render_body(body), body_hash=f"bench-r-{c.pk}-{r}",
                status=Status.PUBLISHED, created_at=c.created_at + timedelta(milliseconds=r + 1),
                path=f"{c.path}/{c.pk * 10 + r:010d}",
            ))
        c.reply_count = 3
    Comment.objects.bulk_create(replies, batch_size=1000)
    Comment.objects.bulk_update(made[-100:], ["reply_count"])
    CommentCount.objects.update_or_create(
        page_id=story.pk,
        defaults={"count": Comment.objects.filter(page=story, status=Status.PUBLISHED).count()},
    )
    thread_changed(story.pk)
engine = importlib.import_module(settings.SESSION_ENGINE)
sessions = []
for user in members:
    store = engine.SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    sessions.append(store.session_key)
print(json.dumps({
    "story": story.pk,
    "thread": f"/fragments/comments/{story.pk}/",
    "post": f"/comments/{story.pk}/post/",
    "comments": Comment.objects.filter(page=story).count(),
    "sessions": sessions,
    "csrf": _get_new_csrf_string(),
}))
"""


def prepare(manage: Callable[..., str], *, env: dict, article: str) -> dict:
    """Give ``article`` its big thread (kept for the next run) and sign the members in."""
    out = manage(
        "shell",
        "-c",
        PREPARE,
        env={
            **env,
            "BENCH_ARTICLE": article,
            "BENCH_COMMENTS": str(COMMENTS),
            "BENCH_MEMBERS": str(MEMBERS),
        },
        capture=True,
    )
    return json.loads(out.strip().splitlines()[-1])


def rows(
    row: Callable[..., object], *, groups: list[tuple[str, int]], info: dict, connections: int
):
    """Rows for run.py's table: the thread fragment (newest first and oldest first)."""
    made = []
    for group, port in groups:
        made.append(row(group, "comments thread", port, info["thread"], connections))
    made.append(
        row(
            groups[-1][0],
            "comments oldest",
            groups[-1][1],
            info["thread"] + "?sort=oldest",
            connections,
        )
    )
    return made


def posting_mix(
    *, host: str, port: int, site_host: str, info: dict, connections: int, seconds: int
) -> dict:
    """Nine thread reads to one post, posts spread over the members' sessions."""
    env = {
        **os.environ,
        "COMMENTS_THREAD": info["thread"],
        "COMMENTS_POST": info["post"],
        "COMMENTS_SESSIONS": ",".join(info["sessions"]),
        "COMMENTS_CSRF": info["csrf"],
    }
    cmd = [
        "wrk",
        "-t2" if connections > 1 else "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "5s",
        "-H",
        f"Host: {site_host}",
        "-s",
        str(MIX_SCRIPT),
        f"http://{host}:{port}/",
    ]
    out = subprocess.run(
        cmd, capture_output=True, text=True, timeout=seconds + 30, check=False, env=env
    )
    line = next((ln for ln in reversed(out.stdout.splitlines()) if ln.startswith("{")), None)
    if line is None:
        return {"error": (out.stderr or out.stdout).strip()[-300:]}
    return json.loads(line)


def _manage_here(env: dict) -> Callable[..., str]:
    def manage(*args: str, env: dict = env, capture: bool = False) -> str:
        done = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            env=env,
            cwd=ROOT,
            capture_output=capture,
            text=True,
            check=True,
        )
        return done.stdout if capture else ""

    return manage


def main() -> int:
    parser = argparse.ArgumentParser(description="The comments bench scenario on its own.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--site-host", default="localhost")
    parser.add_argument("--article", required=True, help="the story's path, e.g. /news/world/x/")
    parser.add_argument("--duration", type=int, default=2)
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args()
    env = {**os.environ}
    info = prepare(_manage_here(env), env=env, article=args.article)
    print(f"thread {info['thread']} with {info['comments']:,} comments")
    mix = posting_mix(
        host=args.host,
        port=args.port,
        site_host=args.site_host,
        info=info,
        connections=args.connections,
        seconds=args.duration,
    )
    print(json.dumps(mix))
    return 0 if "error" not in mix else 1


if __name__ == "__main__":
    raise SystemExit(main())
