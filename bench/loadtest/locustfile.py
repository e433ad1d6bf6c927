"""The load of `make loadtest` (bench/loadtest/run.py starts it; issue #9 "Load").

The mix, and why
----------------
A news network's traffic is mostly people reading; a few of them talk back, and fewer still
send a story. The weights follow that, with the writers over-represented compared with a
real day (commonly well under 1 % of visitors comment) so that ten minutes produce hundreds of
writes to count and check:

=================  ======  ==========  ==================================================
user               weight  think time  what one visit does
=================  ======  ==========  ==================================================
``Reader``         12      2-6 s       front page (3), a section (3), an article with its
                                       comment thread and teaser counts (6), a tag page (1);
                                       one of the three sites each time (Host header)
``Commenter``      4       4-10 s      signs in once through the real form on one of the
                                       sites (sessions are per site); reads articles (with
                                       the thread and their own "me" fragment) (5), posts a
                                       comment (2) or replies to a published one (1)
``Contributor``    1       60-90 s     signs in once; opens the story form and sends a
                                       200+ word story with a JPEG made by Pillow, then
                                       opens the status page it was sent to
=================  ======  ==========  ==================================================

With the default 60 users that is about 42 readers, 14 commenters and 4 contributors.

The production limits stay on and are respected, not measured: a commenter posts at most once
every 15 s (the limit is 5 a minute and one per 10 s per account); a contributor sends one
story per 60-90 s, at most 10 in ten minutes (the limit is 10 a day per account). Every
simulated reader comes from its own address (``X-Forwarded-For`` behind one trusted proxy, as
behind nginx), so per-address limits count each reader, not the whole load as one. A 429 is
not a server error: it is counted and reported.

Acknowledged writes: a comment or reply answered with a redirect (its anchor carries the id
when it was published; a held one carries none, so every body has a unique reference), and a
contribution answered with a redirect to its status page (the reference). They are written to
LOADTEST_REPORT at the end with the status counts; run.py checks them against the database.

Inputs (environment, set by run.py): LOADTEST_TARGETS (pages and accounts, from
setup_network.py), LOADTEST_PASSWORD, LOADTEST_REPORT.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import os
import random
import re
import time
import uuid
from collections import Counter, defaultdict
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task
from locust.exception import StopUser
from PIL import Image, ImageDraw

with open(os.environ["LOADTEST_TARGETS"]) as _file:
    TARGETS = json.load(_file)
PASSWORD = os.environ["LOADTEST_PASSWORD"]
PORT = int(os.environ.get("LOADTEST_PORT", "58100"))
COMMENT_GAP_SECONDS = 15
SITES = TARGETS["sites"]
COMMENT_SITES = [s for s in SITES if s["commentable"]]

_accounts = iter(TARGETS["accounts"])
_addresses = itertools.count(1)
STATUS: dict[str, Counter] = defaultdict(Counter)
ACKNOWLEDGED: dict[str, list[dict]] = {"comments": [], "contributions": []}

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
COMMENT_ID = re.compile(r'data-comment-id="(\d+)"')
ANCHOR_ID = re.compile(r"#comment-(\d+)$")
_WORD_SOURCE = (
    "the council met on tuesday evening to hear from residents about the bridge repairs "
    "and the new ferry timetable while traders on the high street said the closures had "
    "cost them customers through the autumn months and asked for a clear date for reopening "
    "a spokesperson said work would finish before the spring tides"
)
WORDS = _WORD_SOURCE.split()
SENTENCES = [
    "Good to see this covered properly.",
    "The figures in the middle of the piece deserve a closer look.",
    "This matches what neighbours have been saying for weeks.",
    "I would like to know what the council plans next.",
    "A clear summary, thank you.",
    "The timeline helps, though the costs are still vague.",
]


@events.request.add_listener
def _count(name: str, response=None, exception=None, **_kwargs) -> None:
    code = getattr(response, "status_code", 0) or 0
    STATUS[name][code] += 1


@events.test_stop.add_listener
def _write_report(**_kwargs) -> None:
    path = os.environ.get("LOADTEST_REPORT")
    if not path:
        return
    with open(path, "w") as out:
        json.dump(
            {
                "status": {name: dict(counts) for name, counts in STATUS.items()},
                "acknowledged": ACKNOWLEDGED,
            },
            out,
            indent=1,
        )


class Visitor(HttpUser):
    abstract = True

    def on_start(self) -> None:
        n = next(_addresses)
        # 198.18.0.0/15 is set aside for benchmarks (RFC 2544): never a real reader.
        self.address = f"198.18.{n // 250}.{n % 250 + 1}"
        self.cookies: dict[str, dict[str, str]] = defaultdict(dict)

    @contextlib.contextmanager
    def send(self, method: str, site: dict, path: str, name: str, *, referer=None, **kwargs):
        """One request as a browser on ``site`` makes it, its cookies kept by hand: production
        cookies are Secure, and this plain-HTTP client on loopback (no TLS proxy in front)
        would not send them back, nor keep them apart by the Host header."""
        headers = self._headers(site, referer)
        jar = self.cookies[site["host"]]
        if jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        with self.client.request(
            method,
            path,
            name=name,
            headers=headers,
            allow_redirects=False,
            catch_response=True,
            **kwargs,
        ) as response:
            raw = getattr(response, "raw", None)
            for line in raw.headers.getlist("Set-Cookie") if raw is not None else []:
                parsed = SimpleCookie()
                parsed.load(line)
                for key, morsel in parsed.items():
                    if morsel["max-age"] == "0":
                        jar.pop(key, None)
                    else:
                        jar[key] = morsel.value
            yield response

    def get(self, site: dict, path: str, name: str) -> str:
        with self.send("GET", site, path, name) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            return response.text or ""

    def _headers(self, site: dict, referer: str | None = None) -> dict:
        headers = {"Host": f"{site['host']}:{PORT}", "X-Forwarded-For": self.address}
        if referer:
            headers["Referer"] = f"http://{site['host']}:{PORT}{referer}"
        return headers

    def read_article(self, site: dict, story: dict, *, signed_in: bool) -> str:
        """The article, then what its page's script fetches: the thread (and, for a signed-in
        reader, their own fragment with the form)."""
        self.get(site, story["path"], "article (signed in)" if signed_in else "article")
        thread = self.get(site, f"/fragments/comments/{story['id']}/", "comment thread")
        if signed_in:
            return self.get(site, f"/fragments/comments/{story['id']}/me/", "comment me fragment")
        return thread


class Reader(Visitor):
    weight = 12
    wait_time = between(2, 6)

    @task(3)
    def front(self) -> None:
        site = random.choice(SITES)
        self.get(site, "/", "front")
        ids = ",".join(str(a["id"]) for a in random.sample(site["articles"], 12))
        self.get(site, f"/fragments/comments/counts/?ids={ids}", "comment counts")

    @task(3)
    def section(self) -> None:
        site = random.choice(SITES)
        self.get(site, random.choice(site["sections"]), "section")

    @task(6)
    def article(self) -> None:
        site = random.choice(SITES)
        # Most reads are of the newest stories; some go deep into the archive.
        pool = site["articles"][:30] if random.random() < 0.7 else site["articles"]
        self.read_article(site, random.choice(pool), signed_in=False)

    @task(1)
    def tag(self) -> None:
        site = random.choice(SITES)
        if site["tags"]:
            self.get(site, random.choice(site["tags"]), "tag")


class Member(Visitor):
    """Signs in once through the real sign-in form (CSRF token read from the page)."""

    abstract = True

    def on_start(self) -> None:
        super().on_start()
        try:
            self.account = next(_accounts)
        except StopIteration:
            raise StopUser("no account left: run.py makes one per user") from None
        # Sessions are per site (no shared cookie domain on loopback): a member stays on one.
        self.site = site = random.choice(COMMENT_SITES)
        page = self.get(site, "/accounts/login/", "sign-in page")
        token = CSRF.search(page)
        with self.send(
            "POST",
            site,
            "/accounts/login/",
            "sign in",
            referer="/accounts/login/",
            data={
                "login": self.account["email"],
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in answered HTTP {response.status_code}")
                raise StopUser(f"{self.account['username']} could not sign in")


class Commenter(Member):
    weight = 4
    wait_time = between(4, 10)

    def on_start(self) -> None:
        super().on_start()
        self.last_post = 0.0

    def _may_post(self) -> bool:
        return time.monotonic() - self.last_post >= COMMENT_GAP_SECONDS

    @task(5)
    def read(self) -> None:
        site = self.site
        self.read_article(site, random.choice(site["commentable"]), signed_in=True)

    @task(2)
    def comment(self) -> None:
        if not self._may_post():
            self.read()
            return
        site = self.site
        story = random.choice(site["commentable"])
        me = self.read_article(site, story, signed_in=True)
        self._post(site, story, f"/comments/{story['id']}/post/", me, "comment post")

    @task(1)
    def reply(self) -> None:
        if not self._may_post():
            self.read()
            return
        site = self.site
        story = random.choice(site["commentable"])
        self.get(site, story["path"], "article (signed in)")
        thread = self.get(site, f"/fragments/comments/{story['id']}/", "comment thread")
        ids = COMMENT_ID.findall(thread)
        if not ids:
            return
        parent = random.choice(ids)
        form = self.get(site, f"/comments/{parent}/reply/", "reply form")
        self._post(site, story, f"/comments/{parent}/reply/", form, "reply post")

    def _post(self, site: dict, story: dict, action: str, page: str, name: str) -> None:
        token = CSRF.search(page)
        reference = uuid.uuid4().hex[:12]
        body = f"{random.choice(SENTENCES)} {random.choice(SENTENCES)} (load {reference})"
        self.last_post = time.monotonic()
        with self.send(
            "POST",
            site,
            action,
            name,
            referer=story["path"],
            data={
                "body": body,
                "website": "",
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
        ) as response:
            if response.status_code == 302:
                found = ANCHOR_ID.search(response.headers.get("Location", ""))
                ACKNOWLEDGED["comments"].append(
                    {
                        "username": self.account["username"],
                        "reference": reference,
                        "id": int(found.group(1)) if found else None,
                        "reply": name == "reply post",
                    }
                )
            elif response.status_code == 429:
                response.success()  # refused by a limit: counted in the report, not an error
            else:
                response.failure(f"HTTP {response.status_code}")


def story_text(reference: str) -> str:
    rng = random.Random(reference)
    paragraphs = []
    for _ in range(4):
        words = [rng.choice(WORDS) for _ in range(60)]
        words[0] = words[0].capitalize()
        paragraphs.append(" ".join(words) + ".")
    return "\n\n".join(paragraphs) + f"\n\nReference {reference}."


def jpeg(seed: str) -> bytes:
    """A 1600 by 1200 photo-sized JPEG, different every time."""
    rng = random.Random(seed)
    image = Image.new("RGB", (1600, 1200), (rng.randrange(256), 90, 140))
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y = rng.randrange(1500), rng.randrange(1100)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.rectangle((x, y, x + rng.randrange(20, 300), y + rng.randrange(20, 300)), colour)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


class Contributor(Member):
    weight = 1
    wait_time = between(60, 90)

    @task
    def send_story(self) -> None:
        site = self.site
        form = self.get(site, "/contribute/story/", "contribute form")
        token = CSRF.search(form)
        reference = uuid.uuid4().hex[:12]
        with self.send(
            "POST",
            site,
            "/contribute/story/",
            "contribution send",
            referer="/contribute/story/",
            data={
                "title": f"Load test story {reference}",
                "body": story_text(reference),
                "place_text": "",
                "section": "",
                "licence": "cc-by",
                "declaration": "on",
                "caption_0": f"The scene, {reference}",
                "website": "",
                "callout": "",
                "send": "1",
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            files={"photo_0": (f"photo-{reference}.jpg", jpeg(reference), "image/jpeg")},
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code == 302 and "/my-contributions/" in location:
                path = urlsplit(location).path
                ACKNOWLEDGED["contributions"].append(
                    {
                        "username": self.account["username"],
                        "reference": path.rstrip("/").rsplit("/", 1)[-1],
                        "title": f"Load test story {reference}",
                    }
                )
            elif response.status_code == 429:
                response.success()
                return
            else:
                response.failure(f"HTTP {response.status_code}")
                return
        self.get(site, path, "contribution status")
