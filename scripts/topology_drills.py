"""The drills of `make topology-drills` (scripts/topology.py starts the network they run on).

Each drill prints what it saw and returns its failures; the run fails when any drill does.
"""
# ruff: noqa: S101, S608, T201 - a drill: SQL of its own markers, a log; asserts narrow types

from __future__ import annotations

import io
import os
import re
import secrets
import shutil
import signal
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import requests

from scripts.topology import PASSWORD, SEED, Topology, log


class Reader(requests.Session):
    """Production cookies are Secure; the drills speak plain HTTP on loopback, so cookies are
    sent back by hand. ``node`` asks the cache for one app node (the topology's VCL obeys)."""

    def __init__(self, base: str, node: str = "") -> None:
        super().__init__()
        self.base = base
        self.node = node
        self.address = f"198.51.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}"

    def request(self, method, url, **kwargs):
        headers = dict(kwargs.pop("headers", None) or {})
        headers["X-Forwarded-For"] = self.address
        if self.node:
            headers["X-Topology-Node"] = self.node
        jar = {c.name: c.value for c in self.cookies}
        if jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        if url.startswith("/"):
            url = self.base + url
        kwargs.setdefault("timeout", 10)
        return super().request(method, url, headers=headers, **kwargs)

    def csrf(self) -> str:
        return self.cookies.get("csrftoken", "")

    def sign_in(self, name: str) -> requests.Response:
        page = self.get("/accounts/login/")
        if page.status_code != 200:
            return page
        return self.post("/accounts/login/", data={
            "login": f"{name}@example.test", "password": PASSWORD,
            "csrfmiddlewaretoken": self.csrf()}, allow_redirects=False,
            headers={"Referer": f"{self.base}/accounts/login/"})  # fmt: skip


def photo() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (40, 90, 160)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def form_fields(html: str) -> dict[str, str]:
    """The fields of a form as the browser would send them unchanged (text inputs, hidden
    inputs, text areas, each select's selected or first option)."""
    fields: dict[str, str] = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if name and (kind is None or kind.group(1) in ("text", "hidden", "number", "url")):
            value = re.search(r'value="([^"]*)"', tag)
            fields[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html,
                                 re.S):  # fmt: skip
        fields[name] = body.strip()
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html,
                                    re.S):  # fmt: skip
        chosen = re.search(r'<option[^>]*value="([^"]*)"[^>]*selected', options) or re.search(
            r'<option[^>]*value="([^"]+)"', options
        )
        fields[name] = chosen.group(1) if chosen else ""
    fields.pop("csrfmiddlewaretoken", None)
    return fields


def send_story(reader: Reader, marker: str) -> requests.Response:
    return reader.post("/contribute/story/", data={
        "title": f"Topology drill {marker}", "body": marker + " " + " ".join(
            f"word{i}" for i in range(210)),
        "place_text": "Durban", "declaration": "on", "licence": "non-exclusive",
        "caption_0": "The street", "send": "1", "csrfmiddlewaretoken": reader.csrf()},
        files={"photo_0": ("street.jpg", photo(), "image/jpeg")}, allow_redirects=False,
        headers={"Referer": f"{reader.base}/contribute/story/"})  # fmt: skip


def post_comment(reader: Reader, story_id: int, marker: str) -> requests.Response:
    return reader.post(f"/comments/{story_id}/post/", data={
        "body": f"A comment from the topology drill, {marker}.",
        "csrfmiddlewaretoken": reader.csrf()}, allow_redirects=False,
        headers={"Referer": reader.base + "/"})  # fmt: skip


@dataclass
class Event:
    at: float
    kind: str
    ok: bool
    detail: str = ""


@dataclass
class Load:
    """Readers, commenters and a contributor through one address, every answer recorded."""

    base: str
    story_id: int
    story_path: str
    readers: int = 3
    writers: bool = True
    busting: bool = False
    events: list[Event] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    contributions: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    threads: list[threading.Thread] = field(default_factory=list)

    def record(self, kind: str, call: Callable[[], requests.Response], good) -> object:
        try:
            response = call()
        except requests.RequestException as error:
            self.events.append(Event(time.monotonic(), kind, False, type(error).__name__))
            return None
        ok = good(response)
        detail = "" if ok else f"{response.status_code} {response.text[:120]!r}"
        self.events.append(Event(time.monotonic(), kind, ok, detail))
        return response if ok else None

    def reader(self) -> None:
        session = Reader(self.base)
        n = 0
        while not self.stop.is_set():
            n += 1
            # A query string the page cache has never seen: the page is rendered, its reads
            # go to a replica (or the primary when the replica is not fit).
            bust = f"?r={secrets.token_hex(4)}" if self.busting else ""
            for kind, path in (("home", "/" + bust), ("story", self.story_path + bust),
                               ("api", "/api/v1/sites")):  # fmt: skip
                self.record(kind, lambda p=path: session.get(p), lambda r: r.status_code == 200)
            time.sleep(0.05)

    def commenter(self, name: str) -> None:
        session = Reader(self.base)
        while not self.stop.is_set() and session.sign_in(name).status_code != 302:
            time.sleep(0.5)
        n = 0
        while not self.stop.is_set():
            n += 1
            marker = f"{name}-{n}-{secrets.token_hex(3)}"
            if self.record("comment", lambda m=marker: post_comment(session, self.story_id, m),
                           lambda r: r.status_code == 302):  # fmt: skip
                self.comments.append(marker)
            time.sleep(0.2)

    def contributor(self) -> None:
        session = Reader(self.base)
        while not self.stop.is_set() and session.sign_in("contributor").status_code != 302:
            time.sleep(0.5)
        n = 0
        while not self.stop.is_set():
            n += 1
            marker = f"c{n}-{secrets.token_hex(3)}"
            answer = self.record(
                "contribution", lambda m=marker: send_story(session, m),
                lambda r: r.status_code == 302
                and r.headers["Location"].startswith("/my-contributions/"),
            )  # fmt: skip
            if answer is not None:
                self.contributions.append(answer.headers["Location"].split("/")[2])
            time.sleep(0.3)

    def start(self) -> None:
        targets = [self.reader] * self.readers
        if self.writers:
            targets += [lambda: self.commenter("commenter0"), lambda: self.commenter("commenter1"),
                        self.contributor]  # fmt: skip
        self.threads = [threading.Thread(target=t, daemon=True) for t in targets]
        for thread in self.threads:
            thread.start()

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(20)

    def failures(self, since: float = 0.0) -> list[Event]:
        return [e for e in self.events if not e.ok and e.at >= since]


def summary(events: list[Event]) -> str:
    counts = Counter((e.kind, e.ok) for e in events)
    kinds = sorted({k for k, _ in counts})
    return ", ".join(f"{k} {counts[(k, True)]} ok/{counts[(k, False)]} bad" for k in kinds)


def check_writes(top: Topology, load: Load, drill: str) -> list[str]:
    assert top.pg and top.pg.primary
    failures = []
    if load.comments:
        bodies = ",".join(f"'A comment from the topology drill, {m}.'" for m in load.comments)
        found = int(
            top.pg.primary.sql(
                f"SELECT count(*) FROM comments_comment WHERE body IN ({bodies})", "masthead"
            )
        )
        if found != len(load.comments):
            failures.append(f"{drill}: {len(load.comments) - found} acknowledged comments lost")
    if load.contributions:
        refs = ",".join(f"'{r}'" for r in load.contributions)
        stored = int(top.pg.primary.sql(
            "SELECT count(*) FROM contributions_contribution c WHERE c.reference IN "
            f"({refs}) AND EXISTS (SELECT 1 FROM contributions_contributionphoto p "
            "WHERE p.contribution_id = c.id)", "masthead"))  # fmt: skip
        if stored != len(load.contributions):
            failures.append(
                f"{drill}: {len(load.contributions) - stored} acknowledged contributions lost"
            )
    log(f"{drill}: {len(load.comments)} comments and {len(load.contributions)} contributions "
        "acknowledged, all checked in the primary")  # fmt: skip
    return failures


# --- the drills ---------------------------------------------------------------------------------


def drill_session_and_pictures(top: Topology) -> list[str]:
    """A session made on node A works on node B; a picture uploaded on A has its renditions
    served through B and the cache (from the bucket)."""
    failures = []
    a = Reader(f"http://127.0.0.1:{top.nodes['a'].port}")
    if a.sign_in("editor").status_code != 302:
        return ["session: the editor could not sign in on node A"]
    b = Reader(f"http://127.0.0.1:{top.nodes['b'].port}")
    b.cookies.update(a.cookies)
    admin = b.get("/admin/")
    if admin.status_code != 200 or "editor" not in admin.text:
        failures.append(f"session: node B did not know node A's session ({admin.status_code})")
    else:
        log("session: signed in on node A, the admin answers on node B")
    a.get("/admin/images/multiple/add/")
    upload = a.post(
        "/admin/images/multiple/add/",
        data={"csrfmiddlewaretoken": a.csrf()},
        files={"files[]": ("harbour.jpg", photo(), "image/jpeg")},
        headers={"X-Requested-With": "XMLHttpRequest", "Referer": a.base + "/admin/images/"},
    )
    answer = upload.json() if upload.ok else {}
    image_id = answer.get("image_id")
    if not image_id and answer.get("uploaded_file_id"):
        # Our picture model asks for more than a title (the licence): the editor completes
        # the upload's form, as the admin's multiple upload page does.
        upload_id = answer["uploaded_file_id"]
        fields = form_fields(answer.get("form", ""))
        for name in fields:
            if name.endswith("-licence"):
                fields[name] = "staff"
        created = a.post(
            f"/admin/images/multiple/create_from_uploaded_image/{upload_id}/",
            data={**fields, "csrfmiddlewaretoken": a.csrf()},
            headers={"X-Requested-With": "XMLHttpRequest", "Referer": a.base + "/admin/images/"},
        )
        image_id = created.json().get("image_id") if created.ok else None
        upload = created
    if not image_id:
        said = f"{upload.status_code} {upload.text[:300]}"
        return [*failures, f"pictures: upload on A failed ({said})"]
    page = b.get(f"/admin/images/{image_id}/")
    addresses = sorted(set(re.findall(r'src="(/media/images/[^"]+)"', page.text)))
    if not addresses:
        found = re.findall(r'src="[^"]+"', page.text)[:8]
        return [*failures, f"pictures: node B's image page ({page.status_code}) shows no "
                f"rendition among {found}"]  # fmt: skip
    front = Reader(top.front)
    for address in addresses:
        got = front.get(address)
        if got.status_code != 200 or got.content[:2] != b"\xff\xd8":
            failures.append(f"pictures: {address} through the cache: {got.status_code}")
    log(f"pictures: uploaded on A (image {image_id}), {len(addresses)} rendition(s) made on B "
        "and served by the cache from the bucket")  # fmt: skip
    return failures


def drill_publish_fresh(
    top: Topology, draft_id: int, draft_path: str, section_path: str
) -> list[str]:
    """A story published through node A is read fresh through the cache from node B within
    1 s: the article, and the section and front pages Varnish held (xkey purges from the
    worker, node B's own per-process copies dropped by key)."""
    title = "Published through node A"
    editor = Reader(f"http://127.0.0.1:{top.nodes['a'].port}")
    editor.sign_in("editor")
    via_b = Reader(top.front, node="b")
    before = via_b.get(draft_path)
    if before.status_code != 404:
        return [f"publish: the draft answered {before.status_code} before it was published"]
    listings = ["/", section_path]
    for path in listings:
        via_b.get(path)
        again = via_b.get(path)
        if again.headers.get("X-Proxy-Cache") != "HIT" or title in again.text:
            return [f"publish: {path} was not a cache hit without the story before the publish "
                    f"({again.status_code}, {again.headers.get('X-Proxy-Cache')})"]  # fmt: skip
    confirm = f"/admin/bulk/wagtailcore/page/publish/?id={draft_id}&next=/admin/"
    editor.get(confirm)
    answer = editor.post(
        confirm,
        data={"csrfmiddlewaretoken": editor.csrf()},
        allow_redirects=False,
        headers={"Referer": editor.base + confirm},
    )
    published_at = time.monotonic()
    if answer.status_code != 302:
        return [f"publish: node A's admin answered {answer.status_code}"]
    waiting = [draft_path, *listings]
    took: dict[str, float] = {}
    while waiting and time.monotonic() - published_at < 5:
        for path in list(waiting):
            got = via_b.get(path)
            if got.status_code == 200 and title in got.text:
                took[path] = time.monotonic() - published_at
                waiting.remove(path)
        time.sleep(0.05)
    log("publish: published on A, read through the cache from B after "
        + ", ".join(f"{path} {seconds:.2f} s" for path, seconds in took.items()))  # fmt: skip
    failures = [
        f"publish: {path} not fresh through the cache from B within 5 s" for path in waiting
    ]
    failures += [
        f"publish: {path} fresh from B only after {seconds:.2f} s"
        for path, seconds in took.items()
        if seconds > 1.0
    ]
    return failures


def drill_signed_links(top: Topology, seconds: int) -> list[str]:
    """Contribution originals and data exports: only through a valid, unexpired signed link."""
    failures = []
    reader = Reader(top.front)
    reader.sign_in("reader")
    answer = reader.get("/accounts/data/", allow_redirects=False)
    link = answer.headers.get("Location", "")
    if answer.status_code != 302 or "X-Amz-Signature" not in link:
        return [f"signed: Download my data answered {answer.status_code} {link[:80]}"]
    if requests.get(link, timeout=5).status_code != 200:
        failures.append("signed: the export's signed link did not work")
    if requests.get(link.split("?", 1)[0], timeout=5).status_code != 403:
        failures.append("signed: the export was readable without a signature")
    contributor = Reader(top.front)
    contributor.sign_in("contributor")
    sent = send_story(contributor, f"signed-{secrets.token_hex(3)}")
    reference = sent.headers.get("Location", "").split("/")[2] if sent.status_code == 302 else ""
    assert top.pg and top.pg.primary
    photo_id = top.pg.primary.sql(
        "SELECT p.id FROM contributions_contributionphoto p JOIN contributions_contribution c "
        f"ON c.id = p.contribution_id WHERE c.reference = '{reference}'", "masthead")  # fmt: skip
    if not photo_id:
        return [*failures, f"signed: the contribution was not sent ({sent.status_code})"]
    if contributor.get(f"/contribute/photos/{photo_id}/original/").status_code != 404:
        failures.append("signed: the sender got the original (editors only)")
    editor = Reader(top.front)
    editor.sign_in("editor")
    original = editor.get(f"/contribute/photos/{photo_id}/original/", allow_redirects=False)
    original_link = original.headers.get("Location", "")
    if requests.get(original_link, timeout=5).status_code != 200:
        failures.append("signed: the editor's signed link to the original did not work")
    if requests.get(original_link.split("?", 1)[0], timeout=5).status_code != 403:
        failures.append("signed: the original was readable without a signature")
    time.sleep(seconds + 1.5)
    for what, url in (("export", link), ("original", original_link)):
        if requests.get(url, timeout=5).status_code != 403:
            failures.append(f"signed: the {what}'s link still worked after {seconds} s")
    log(f"signed: export and original readable with their links, refused without, refused "
        f"{seconds} s later")  # fmt: skip
    return failures


def ready(top: Topology, node: str = "a") -> dict:
    return requests.get(f"http://127.0.0.1:{top.nodes[node].port}/health/ready/", timeout=10).json()


def drill_replica(top: Topology, story_id: int, story_path: str) -> list[str]:
    """Replica stopped, then lagging: reads fall back to the primary, no reader error,
    /health/ready/ says so; a reader who just commented sees the comment at once."""
    assert top.pg and top.pg.replica
    failures = []
    load = Load(f"http://127.0.0.1:{top.nodes['b'].port}", story_id, story_path, readers=3,
                writers=False, busting=True)  # fmt: skip
    load.start()
    time.sleep(3)
    top.pg.replica.stop()
    stopped = time.monotonic()
    time.sleep(4)
    state = ready(top)
    said = state["checks"].get("database:replica1", "")
    log(f"replica stopped: /health/ready/ {state['status']}: replica1 {said!r}")
    if not said.startswith("unreachable") or state["status"] != "ok":
        failures.append(f"replica: stopped, /health/ready/ said {state}")
    top.pg.replica.start()
    back = time.monotonic() + 30
    while time.monotonic() < back and ready(top)["checks"].get("database:replica1") != "ok":
        time.sleep(0.5)
    top.pg.replica.sql("SELECT pg_wal_replay_pause()")
    try:
        commenter = Reader(f"http://127.0.0.1:{top.nodes['b'].port}")
        commenter.sign_in("commenter0")
        # Something to lag behind: the primary moves on while the replica does not replay.
        post_comment(commenter, story_id, f"lag-{secrets.token_hex(3)}")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            said = ready(top)["checks"].get("database:replica1", "")
            if said.startswith("lagging"):
                break
            time.sleep(0.5)
        log(f"replica paused: /health/ready/ replica1 {said!r}")
        if not said.startswith("lagging"):
            failures.append(f"replica: replay paused, /health/ready/ said {said!r}")
        marker = f"ryw-{secrets.token_hex(4)}"
        answer = post_comment(commenter, story_id, marker)
        # What the reader sees of their own comments right after (held for review or not).
        mine = commenter.get(f"/fragments/comments/{story_id}/me/")
        if answer.status_code != 302 or marker not in mine.text:
            failures.append(f"replica: the commenter did not see their comment at once "
                            f"({answer.status_code}, fragment {mine.status_code})")  # fmt: skip
        else:
            log("replica lagging: the reader who commented saw the comment at once")
        status = top.pg.primary.sql(
            f"SELECT status FROM comments_comment WHERE body LIKE '%{marker}%'", "masthead"
        )
        if status == "published":
            # Another reader, not pinned: the thread is never rendered from the lagging
            # replica after the comment's purge (the fence), so it has the comment too.
            seen = Reader(f"http://127.0.0.1:{top.nodes['a'].port}").get(
                f"/fragments/comments/{story_id}/"
            )
            if marker not in seen.text:
                failures.append("replica: another reader got a thread older than the comment")
            else:
                log("replica lagging: another reader's thread has the comment too (fence)")
    finally:
        top.pg.replica.sql("SELECT pg_wal_replay_resume()")
    time.sleep(2)
    load.finish()
    log(f"replica: readers during the drill: {summary(load.events)}")
    if bad := load.failures():
        failures.append(f"replica: {len(bad)} reader errors, e.g. {bad[0]}")
    log(f"replica: {time.monotonic() - stopped:.0f} s from the stop to the end of the drill")
    return failures


def drill_storage_down(top: Topology, story_path: str) -> list[str]:
    """SeaweedFS stopped: pages are served; a send answers a clear error and keeps the text;
    when it is back, sends work without restarting anything."""
    assert top.weed
    failures = []
    contributor = Reader(top.front)
    contributor.sign_in("contributor")
    top.weed.stop()
    try:
        page = Reader(f"http://127.0.0.1:{top.nodes['a'].port}").get(f"{story_path}?w=1")
        if page.status_code != 200:
            failures.append(f"storage: a page answered {page.status_code} with the store down")
        marker = f"down-{secrets.token_hex(3)}"
        refused = send_story(contributor, marker)
        if refused.status_code != 503 or "picture store is not answering" not in refused.text:
            failures.append(f"storage: a send with the store down answered {refused.status_code}")
        elif marker not in refused.text:
            failures.append("storage: the reader's text was not kept in the form")
        else:
            log("storage: store down, pages served, the send refused clearly, text kept")
    finally:
        top.weed.start()
    sent = send_story(contributor, f"back-{secrets.token_hex(3)}")
    if sent.status_code != 302:
        failures.append(f"storage: after the store came back a send answered {sent.status_code}")
    else:
        log("storage: store back, the next send works (no restart)")
    return failures


def drill_two_schedulers(top: Topology, started: datetime) -> list[str]:
    """Two schedulers (nodes A and B) for at least one period: each job once per period."""
    assert top.pg and top.pg.primary
    rows = top.pg.primary.sql(
        "SELECT job, slot, count(*) FROM core_scheduledrun WHERE slot >= "
        f"'{started.isoformat()}' GROUP BY job, slot ORDER BY slot", "masthead")  # fmt: skip
    runs = top.pg.primary.sql(
        "SELECT task_path, count(*) FROM django_tasks_database_dbtaskresult WHERE enqueued_at >= "
        f"'{started.isoformat()}' AND task_path LIKE '%publish_scheduled' GROUP BY task_path",
        "masthead")  # fmt: skip
    nodes = top.pg.primary.sql(
        f"SELECT DISTINCT node FROM core_scheduledrun WHERE slot >= '{started.isoformat()}'",
        "masthead").split()  # fmt: skip
    now = datetime.now(UTC)
    minutes = int((now - started).total_seconds() // 60)
    # A once-a-minute job may run in every minute the drill touched: from 16:40:50 to 16:42:40
    # is one whole minute but three periods (16:40, 16:41, 16:42).
    periods = int(now.timestamp() // 60) - int(started.timestamp() // 60) + 1
    slots = [line.split("|") for line in rows.splitlines() if line]
    published = int(runs.split("|")[1]) if runs else 0
    log(f"schedulers: {len(slots)} job periods claimed by {nodes}, publish_scheduled enqueued "
        f"{published} times in {minutes}+ whole minutes ({periods} periods)")  # fmt: skip
    failures = []
    if any(count != "1" for *_, count in slots):
        failures.append(f"schedulers: a job ran twice in a period: {rows}")
    if not minutes or not slots:
        failures.append("schedulers: the drill did not span a whole period")
    if published > periods:
        failures.append(f"schedulers: publish_scheduled enqueued {published} times")
    return failures


# How long after the kill a request that node A was answering may still be failing: its
# connection is reset as the process dies, well within this.
KILL_MOMENT_SECONDS = 2.0


def drill_node_killed(top: Topology, story_id: int, story_path: str) -> list[str]:
    """Node A killed under load: readers through the cache see no errors beyond the requests
    in flight on that node; every acknowledged comment and contribution is stored."""
    load = Load(top.front, story_id, story_path, readers=3)
    load.start()
    time.sleep(6)
    killed_at = time.monotonic()
    top.kill_node("a")
    log("node killed: node A's gunicorn master and workers SIGKILLed under load")
    time.sleep(8)
    load.finish()
    before = [e for e in load.events if e.at < killed_at]
    after = [e for e in load.events if e.at >= killed_at]
    log(f"node killed: before {summary(before)}")
    log(f"node killed: after {summary(after)}")
    failures = []
    if bad := [e for e in before if not e.ok]:
        failures.append(f"node killed: {len(bad)} failures before the kill, e.g. {bad[0]}")
    bad = [e for e in after if not e.ok]
    in_flight = len(load.threads)  # one request per thread at most
    if len(bad) > in_flight:
        failures.append(f"node killed: {len(bad)} failures, more than the {in_flight} requests "
                        f"that can be in flight: {Counter(e.kind for e in bad)}, e.g. "
                        f"{[e.detail[:80] for e in bad[:3]]}")  # fmt: skip
    if bad:
        log(f"node killed: failed after the kill: {[(round(e.at - killed_at, 2), e.kind, e.detail[:80]) for e in bad]}")  # fmt: skip  # noqa: E501
    if pages := [e for e in bad if e.kind in ("home", "story")]:
        failures.append(f"node killed: a reader's page failed (the cache serves it, and retries "
                        f"a miss on node B): {[e.detail[:80] for e in pages[:3]]}")  # fmt: skip
    # The API is passed to a node, never stored: a call node A was answering when it died is
    # lost with it (once its answer has begun, Varnish cannot send it elsewhere), as any
    # request in flight is. One that fails later means the retry on node B did not happen.
    if late := [e for e in bad if e.kind == "api" and e.at - killed_at > KILL_MOMENT_SECONDS]:
        failures.append(f"node killed: {len(late)} API calls failed after the moment of the kill "
                        f"(Varnish should have retried them on node B): {late[:3]}")  # fmt: skip
    failures += [
        f"node killed: no {kind} served after the kill"
        for kind in ("home", "comment", "contribution")
        if not any(e.ok and e.kind == kind for e in after)
    ]
    failures += check_writes(top, load, "node killed")
    return failures


def drills() -> None:
    limit = int(os.environ.get("TOPOLOGY_TIMEOUT", "600"))

    def overtime(*_: object) -> None:
        raise TimeoutError(f"the topology drills took longer than {limit} s (TOPOLOGY_TIMEOUT)")

    signal.signal(signal.SIGALRM, overtime)
    signal.alarm(limit)
    directory = Path(tempfile.mkdtemp(prefix="masthead-topology-"))
    os.chmod(directory, 0o777)  # noqa: S103 - the postgres and varnish users work in it
    signed_seconds = 4
    top = Topology(directory, settings_overrides={
        "MASTHEAD_SIGNED_URL_SECONDS": str(signed_seconds),
        "MASTHEAD_REPLICA_MAX_LAG_SECONDS": "1",
        # The drills write far faster than people: abuse limits have their own tests.
        "MASTHEAD_API_RATE_PER_ADDRESS": "1000000", "COMMENTS_POST_RATE": "100000/m",
        "COMMENTS_ADDRESS_POST_RATE": "100000/m",
        "COMMENTS_MIN_INTERVAL_SECONDS": "0", "MASTHEAD_CONTRIBUTIONS_RATE": "100000/h",
        "MASTHEAD_CONTRIBUTIONS_SUBMIT_RATE": "100000/d",
        "LOG_LEVEL": os.environ.get("TOPOLOGY_LOG_LEVEL", "WARNING"),
    })  # fmt: skip
    failures: list[str] = []
    began = time.monotonic()
    try:
        top.start(seed=SEED.format(password=PASSWORD, port=80))
        ids = dict(line.split(" ", 1) for line in top.setup_output.splitlines()
                   if line.startswith(("STORY", "DRAFT", "SECTION")))  # fmt: skip
        story_id, story_path = ids["STORY"].split(" ", 1)
        draft_id, draft_path = ids["DRAFT"].split(" ", 1)
        log(f"topology up in {time.monotonic() - began:.0f} s:\n{top.addresses()}")
        schedulers_from = datetime.now(UTC)
        top.start_scheduler("b")
        drill_began = time.monotonic()
        for name, run in [
            ("session and pictures", lambda: drill_session_and_pictures(top)),
            (
                "publish",
                lambda: drill_publish_fresh(top, int(draft_id), draft_path, ids["SECTION"]),
            ),
            ("signed links", lambda: drill_signed_links(top, signed_seconds)),
            ("replica", lambda: drill_replica(top, int(story_id), story_path)),
            ("storage down", lambda: drill_storage_down(top, story_path)),
        ]:
            started = time.monotonic()
            try:
                failures += run()
            except Exception as error:  # noqa: BLE001 - reported as the drill's failure
                failures.append(f"{name}: {type(error).__name__}: {error}")
            log(f"-- {name}: {time.monotonic() - started:.1f} s")
        # Both schedulers run for at least one whole minute before the count.
        wait = 62 - (datetime.now(UTC) - schedulers_from).total_seconds()
        if wait > 0:
            time.sleep(wait)
        for name, run in [
            ("schedulers", lambda: drill_two_schedulers(top, schedulers_from)),
            ("node killed", lambda: drill_node_killed(top, int(story_id), story_path)),
        ]:
            try:
                failures += run()
            except Exception as error:  # noqa: BLE001 - reported as the drill's failure
                failures.append(f"{name}: {type(error).__name__}: {error}")
        log(f"drills: {time.monotonic() - drill_began:.0f} s; whole run "
            f"{time.monotonic() - began:.0f} s")  # fmt: skip
    except TimeoutError as error:
        failures.append(str(error))
    finally:
        signal.alarm(0)
        if failures:
            for log_file in sorted(directory.glob("**/*.log")):
                tail = log_file.read_text(errors="replace")[-1500:]
                print(f"--- {log_file.relative_to(directory)}\n{tail}")
        top.stop()
        if failures and os.environ.get("TOPOLOGY_KEEP"):
            log(f"kept for a look: {directory}")
        else:
            shutil.rmtree(directory, ignore_errors=True)
    if failures:
        raise SystemExit("TOPOLOGY DRILLS FAILED:\n  " + "\n  ".join(failures))
    log("topology drills passed")
