#!/usr/bin/env python
"""Fault drills against REAL services on PRIVATE instances (nothing else on the machine is
touched): its own PostgreSQL (initdb in a temporary directory, port 55432) and Redis (port
56379), and gunicorn with production settings on 127.0.0.1:58000. `make drills` runs both.

    python scripts/faults/outages.py postgres   # PostgreSQL restarted under load
    python scripts/faults/outages.py redis      # Redis stopped for REDIS_OUTAGE_SECONDS (60)
    python scripts/faults/outages.py all

The load, throughout each drill: anonymous readers (home page, a story, the login page, the
API), signed-in readers posting comments through the story's comment form, a contributor
sending 200-word stories with a photo through /contribute/story/, and fresh sign-ins.
A write is acknowledged when the app answers with its redirect (the comment's story, the
contribution's status page); each carries a unique marker, looked up in the database after.

postgres: errors only from the stop until 5 s after PostgreSQL answers again, every kind of
request served again within those 5 s, none at all after a second restart made while no
request comes in (stale persistent connections), the gunicorn master and workers not
restarted, every acknowledged comment and contribution (with its photo) in the database.
redis: no errors at all while Redis is stopped (pages, sign-in, comments, contributions),
the outage logged as a rate-limited warning (a few lines, no traceback), every acknowledged
write present, and the page cache
serving hits again once Redis is back.
Exit status 0 when every assertion holds; otherwise each failed assertion is printed with
the app's log. The whole run is bounded by FAULT_DRILL_TIMEOUT (seconds, default 290).

To see a drill fail with a protection removed, point FAULT_DRILL_SETTINGS (and
FAULT_DRILL_PYTHONPATH) at a settings module that imports the production one and undoes it.
docs/security.md "Faults and recovery".
"""
# ruff: noqa: S103, S105, S603, S607, S608, T201 - a drill script: starts servers from PATH, prints a log; the password and markers are its own

from __future__ import annotations

import contextlib
import io
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
PG_PORT, REDIS_PORT, APP_PORT = 55432, 56379, 58000
BASE = f"http://127.0.0.1:{APP_PORT}"
PASSWORD = "drill-password-not-secret-123"
COMMENTERS = 2
PG_DOWN_SECONDS = 4
RECOVERY_SECONDS = 5
STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.1f}s] {message}", flush=True)


def pg_bin(name: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not found:
        raise SystemExit(f"{name} not found under /usr/lib/postgresql (install postgresql)")
    return str(found[-1])


def as_postgres(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:  # initdb refuses root
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)


@dataclass
class Target:
    """What the setup made for the load: the story to read and comment on."""

    story_id: int = 0
    story_path: str = "/"


class Services:
    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="masthead-faults-"))
        os.chmod(self.dir, 0o777)
        self.pgdata = self.dir / "pg"
        self.redis: subprocess.Popen | None = None
        self.app: subprocess.Popen | None = None
        self.target = Target()
        self.env = {
            **{k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")},
            "DJANGO_SETTINGS_MODULE": os.environ.get(
                "FAULT_DRILL_SETTINGS", "masthead.settings.production"
            ),
            "MASTHEAD_VAR_DIR": str(self.dir / "var"),
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/drill",
            "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
            "SECURE_SSL_REDIRECT": "false",
            "STATIC_ROOT": str(self.dir / "static"),
            "MEDIA_ROOT": str(self.dir / "media"),
            "LOG_LEVEL": "ERROR",
            "MASTHEAD_TRUSTED_PROXIES": "1",
            # The drill is about outages, not abuse limits (they have their own tests): a few
            # simulated readers write far faster than a person, so the limits are opened up.
            "MASTHEAD_API_RATE_PER_ADDRESS": "1000000",
            "COMMENTS_POST_RATE": "100000/m",
            "COMMENTS_ADDRESS_POST_RATE": "100000/m",
            "COMMENTS_MIN_INTERVAL_SECONDS": "0",
            "MASTHEAD_CONTRIBUTIONS_RATE": "100000/h",
            "MASTHEAD_CONTRIBUTIONS_SUBMIT_RATE": "100000/d",
        }
        if extra := os.environ.get("FAULT_DRILL_PYTHONPATH"):
            # Where FAULT_DRILL_SETTINGS lives when it is not in the repository.
            self.env["PYTHONPATH"] = extra

    def start_postgres(self) -> None:
        if not self.pgdata.exists():
            as_postgres([pg_bin("initdb"), "-D", str(self.pgdata), "-A", "trust", "-U", "postgres"])
        as_postgres([pg_bin("pg_ctl"), "-D", str(self.pgdata), "-w", "-l",
                     str(self.dir / "pg.log"), "-o", f"-p {PG_PORT} -k {self.dir} -c fsync=off",
                     "start"])  # fmt: skip

    def stop_postgres(self) -> None:
        as_postgres([pg_bin("pg_ctl"), "-D", str(self.pgdata), "-w", "-m", "fast", "stop"])

    def start_redis(self) -> None:
        self.redis = subprocess.Popen(
            ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(lambda: redis_cli("ping") == "PONG", 10, "Redis")

    def stop_redis(self) -> None:
        if self.redis:
            self.redis.terminate()
            self.redis.wait(10)
            self.redis = None

    def manage(self, *args: str) -> str:
        result = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=self.env,
                                capture_output=True, text=True, check=False)  # fmt: skip
        if result.returncode:
            raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def prepare(self) -> None:
        log(f"setup: private PostgreSQL on {PG_PORT} and Redis on {REDIS_PORT} in {self.dir}")
        self.start_postgres()
        subprocess.run([pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(PG_PORT), "-U",
                        "postgres", "drill"], check=True)  # fmt: skip
        self.start_redis()
        log("setup: migrate and collectstatic (side by side), a small network of pages")
        # Compressing every static file takes as long as the migrations: run both at once.
        collect = subprocess.Popen([PY, "manage.py", "collectstatic", "--noinput", "-v0"],
                                   cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True)  # fmt: skip
        self.manage("migrate", "--noinput", "-v0")
        names = ["signer", "contributor", *(f"commenter{n}" for n in range(COMMENTERS))]
        out = self.manage(
            "shell", "-c", SETUP_SHELL.format(names=names, password=PASSWORD, port=APP_PORT)
        )
        story_id, story_path = out.strip().splitlines()[-1].split(" ", 1)
        self.target = Target(int(story_id), story_path)
        log(f"setup: members {', '.join(names)}; comments go to story {story_id} {story_path}")
        _, errors = collect.communicate(timeout=600)
        if collect.returncode:
            raise SystemExit(f"manage.py collectstatic failed:\n{errors[-3000:]}")
        self.app = subprocess.Popen(
            [str(Path(PY).parent / "gunicorn"), "masthead.wsgi:application", "--bind",
             f"127.0.0.1:{APP_PORT}", "--workers", "2", "--timeout", "30"],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL,
            stderr=open(self.dir / "app.log", "w"),  # noqa: SIM115 - lives as long as the app
        )  # fmt: skip
        wait_for(lambda: requests.get(f"{BASE}/health/", timeout=2).ok, 60, "the app")
        log(f"setup: gunicorn master {self.app.pid}, workers {self.worker_pids()}")

    def worker_pids(self) -> list[int]:
        if not self.app:
            return []
        children = Path(f"/proc/{self.app.pid}/task/{self.app.pid}/children")
        return sorted(int(p) for p in children.read_text().split()) if children.exists() else []

    def app_log(self) -> str:
        path = self.dir / "app.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def psql(self, sql: str) -> str:
        out = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-d", "drill",
             "-tAc", sql],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        return out.stdout.strip()

    def stop(self) -> None:
        if self.app:
            self.app.terminate()
            self.app.wait(20)
        self.stop_redis()
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop_postgres()
        shutil.rmtree(self.dir, ignore_errors=True)


# A site answering for 127.0.0.1 (the default) with a section and stories, made with the test
# factories as the suite makes them; members the way sign-up leaves them (verified e-mail).
SETUP_SHELL = """
from masthead.accounts.tests.factories import make_member
from masthead.newsroom.tests import factories as f
for name in {names!r}:
    user = make_member(name, email=name + '@example.test')
    user.set_password({password!r})
    user.save()
f.clear_tree()
home = f.make_site(name='Drill News', hostname='localhost', port={port}, default=True)
section = f.make_section(home, 'News')
stories = [f.make_article(section, title=f'Drill story {{n}}') for n in range(6)]
print(stories[0].pk, stories[0].get_url_parts()[2])
"""


def redis_cli(*args: str) -> str:
    result = subprocess.run(["redis-cli", "-p", str(REDIS_PORT), *args], capture_output=True,
                            text=True, check=False)  # fmt: skip
    return result.stdout.strip()


def wait_for(check: Callable[[], object], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:  # noqa: BLE001, S110 - not up yet
            pass
        time.sleep(0.2)
    raise SystemExit(f"{what} did not come up within {seconds} s")


class LoopbackSession(requests.Session):
    """Production cookies are Secure; this drill speaks plain HTTP on loopback, so the
    cookies are sent back by hand."""

    def __init__(self) -> None:
        super().__init__()
        # Each simulated reader has its own address behind one trusted proxy (as in
        # production), so per-address limits count each of them, not the whole load as one.
        self.address = f"198.51.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}"

    def request(self, method, url, **kwargs):
        headers = dict(kwargs.pop("headers", None) or {})
        headers["X-Forwarded-For"] = self.address
        jar = {c.name: c.value for c in self.cookies}
        if jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        return super().request(method, url, headers=headers, **kwargs)


def sign_in(username: str) -> tuple[requests.Response, LoopbackSession]:
    """Sign in through allauth's form; a 302 is a success."""
    session = LoopbackSession()
    page = session.get(f"{BASE}/accounts/login/", timeout=5)
    if page.status_code != 200:
        return page, session  # the form itself failed: counted as a failed sign-in
    response = session.post(
        f"{BASE}/accounts/login/",
        data={"login": f"{username}@example.test", "password": PASSWORD,
              "csrfmiddlewaretoken": session.cookies.get("csrftoken", "")},
        headers={"Referer": f"{BASE}/accounts/login/"}, timeout=5, allow_redirects=False,
    )  # fmt: skip
    return response, session


def _photo() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (40, 90, 160)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


@dataclass
class Event:
    at: float
    kind: str
    status: int
    ok: bool
    detail: str = ""


@dataclass
class Load:
    """Readers, commenters, a contributor and a sign-in prober; every answer is recorded."""

    target: Target
    events: list[Event] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # markers of acknowledged comments
    contributions: list[str] = field(default_factory=list)  # references acknowledged
    stop: threading.Event = field(default_factory=threading.Event)
    threads: list[threading.Thread] = field(default_factory=list)

    def _call(self, kind: str, call: Callable[[], requests.Response], ok: Callable) -> object:
        try:
            response = call()
        except requests.RequestException as error:
            self.events.append(Event(time.monotonic(), kind, 0, False, type(error).__name__))
            return None
        good = ok(response)
        detail = "" if good else f"{response.headers.get('Location', '')} {response.text[:160]!r}"
        self.events.append(Event(time.monotonic(), kind, response.status_code, good, detail))
        return response if good else None

    def _reader(self) -> None:
        session = LoopbackSession()
        pages = [("home", "/"), ("story", self.target.story_path), ("login", "/accounts/login/"),
                 ("api", "/api/v1/sites")]  # fmt: skip
        while not self.stop.is_set():
            for kind, path in pages:
                self._call(kind, lambda p=path: session.get(BASE + p, timeout=5),
                           lambda r: r.status_code == 200)  # fmt: skip
            time.sleep(0.05)

    def _signer(self) -> None:
        while not self.stop.is_set():
            self._call("signin", lambda: _SignIn(sign_in("signer")), lambda r: r.status_code == 302)
            time.sleep(0.5)

    def _signed_in(self, username: str) -> LoopbackSession | None:
        while not self.stop.is_set():
            result = self._call(f"signin {username}", lambda: _SignIn(sign_in(username)),
                                lambda r: r.status_code == 302)  # fmt: skip
            if result is not None:
                return result.session
            time.sleep(0.5)
        return None

    def _commenter(self, username: str) -> None:
        session = self._signed_in(username)
        story = self.target
        n = 0
        while session is not None and not self.stop.is_set():
            n += 1
            marker = f"drill-{username}-{n}-{secrets.token_hex(4)}"
            response = self._call(
                "comment",
                lambda m=marker: session.post(
                    f"{BASE}/comments/{story.story_id}/post/",
                    data={"body": f"A comment from the fault drill, {m}.",
                          "csrfmiddlewaretoken": session.cookies.get("csrftoken", "")},
                    timeout=5, allow_redirects=False,
                ),
                # The story again, at the comment or at the thread when it is held for review.
                lambda r: r.status_code == 302 and story.story_path in r.headers["Location"],
            )  # fmt: skip
            if response is not None:
                self.comments.append(marker)
            time.sleep(0.2)

    def _contributor(self) -> None:
        session = self._signed_in("contributor")
        photo = _photo()
        n = 0
        while session is not None and not self.stop.is_set():
            n += 1
            marker = f"drill-story-{n}-{secrets.token_hex(4)}"
            body = " ".join(f"word{i}" for i in range(210))
            response = self._call(
                "contribution",
                lambda m=marker, b=body: session.post(
                    f"{BASE}/contribute/story/",
                    data={"title": f"Fault drill {m}", "body": f"{m} {b}",
                          "place_text": "Durban", "declaration": "on",
                          "licence": "non-exclusive", "caption_0": "The street", "send": "1",
                          "csrfmiddlewaretoken": session.cookies.get("csrftoken", "")},
                    files={"photo_0": ("street.jpg", photo, "image/jpeg")},
                    timeout=10, allow_redirects=False,
                ),
                lambda r: r.status_code == 302
                and r.headers["Location"].startswith("/my-contributions/"),
            )  # fmt: skip
            if response is not None:
                self.contributions.append(response.headers["Location"].split("/")[2])
            time.sleep(0.3)

    def start(self) -> None:
        targets = [self._reader] * 3 + [self._signer, self._contributor]
        targets += [lambda n=n: self._commenter(f"commenter{n}") for n in range(COMMENTERS)]
        self.threads = [threading.Thread(target=t, daemon=True) for t in targets]
        for thread in self.threads:
            thread.start()

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(15)

    def kinds(self) -> list[str]:
        return sorted({e.kind for e in self.events})


@dataclass
class _SignIn:
    """A sign-in's outcome shaped like a response for Load._call."""

    result: tuple[requests.Response, LoopbackSession]

    @property
    def status_code(self) -> int:
        return self.result[0].status_code

    @property
    def headers(self) -> dict:
        return self.result[0].headers

    @property
    def text(self) -> str:
        # The form's error, not the page around it.
        page = self.result[0].text
        start = page.find('class="errorlist')
        return page[start : start + 300] if start >= 0 else page[:160]

    @property
    def session(self) -> LoopbackSession:
        return self.result[1]


def figures(events: list[Event]) -> str:
    counts = Counter((e.kind.split(" ")[0], e.ok) for e in events)
    kinds = sorted({k for k, _ in counts})
    return ", ".join(f"{k} {counts[(k, True)]} ok/{counts[(k, False)]} bad" for k in kinds)


def failed(events: list[Event]) -> str:
    counts = Counter((e.kind, e.status, e.detail[:120]) for e in events if not e.ok)
    return "; ".join(f"{k} {s} x{n} {d}" for (k, s, d), n in counts.most_common(6))


def check_writes(services: Services, load: Load, drill: str) -> list[str]:
    """Every acknowledged comment and contribution (with its photo) is in the database."""
    failures = []
    if load.comments:
        markers = ",".join(f"'A comment from the fault drill, {m}.'" for m in load.comments)
        found = int(
            services.psql(f"SELECT count(*) FROM comments_comment WHERE body IN ({markers})")
        )
        if found != len(load.comments):
            failures.append(f"{drill}: {len(load.comments) - found} acknowledged comments lost")
    else:
        found = 0
        failures.append(f"{drill}: no comment was acknowledged")
    if load.contributions:
        refs = ",".join(f"'{r}'" for r in load.contributions)
        stored = int(services.psql(
            "SELECT count(*) FROM contributions_contribution c WHERE c.reference IN "
            f"({refs}) AND c.status = 'submitted' AND length(c.body) > 1000 AND EXISTS "
            "(SELECT 1 FROM contributions_contributionphoto p WHERE p.contribution_id = c.id)"
        ))  # fmt: skip
        if stored != len(load.contributions):
            failures.append(
                f"{drill}: {len(load.contributions) - stored} acknowledged contributions lost "
                "or stored without their text or photo"
            )
    else:
        stored = 0
        failures.append(f"{drill}: no contribution was acknowledged")
    log(f"{drill}: acknowledged {len(load.comments)} comments ({found} in the database), "
        f"{len(load.contributions)} contributions ({stored} with text and photo)")  # fmt: skip
    return failures


def drill_postgres(services: Services) -> list[str]:
    failures = []
    pids = (services.app.pid if services.app else 0, services.worker_pids())
    load = Load(services.target)
    log("postgres: load running (3 readers, sign-ins, 2 commenters, 1 contributor)")
    load.start()
    time.sleep(6)
    down_at = time.monotonic()
    log(f"postgres: stopping PostgreSQL for {PG_DOWN_SECONDS} s")
    services.stop_postgres()
    time.sleep(PG_DOWN_SECONDS)
    services.start_postgres()
    up_at = time.monotonic()
    log("postgres: PostgreSQL answers again (pg_ctl -w returned)")
    time.sleep(RECOVERY_SECONDS + 10)
    load.finish()
    end = time.monotonic()

    before = [e for e in load.events if e.at < down_at]
    outage = [e for e in load.events if down_at <= e.at <= up_at + RECOVERY_SECONDS]
    after = [e for e in load.events if e.at > up_at + RECOVERY_SECONDS]
    log(f"postgres: before the stop {figures(before)}")
    log(f"postgres: stop until {RECOVERY_SECONDS} s after restart {figures(outage)}")
    log(f"postgres: afterwards {figures(after)}")
    if bad := [e for e in before if not e.ok]:
        failures.append(f"postgres: {len(bad)} failures before the outage: {failed(bad)}")
    if bad := [e for e in after if not e.ok]:
        failures.append(
            f"postgres: {len(bad)} failures more than {RECOVERY_SECONDS} s after PostgreSQL "
            f"was back: {failed(bad)}"
        )
    last_bad = max((e.at for e in load.events if not e.ok), default=down_at)
    log(f"postgres: last failure {last_bad - up_at:+.1f} s from PostgreSQL answering")
    for kind in ("home", "story", "login", "api", "signin", "comment", "contribution"):
        first = min((e.at for e in load.events if e.kind == kind and e.ok and e.at > up_at),
                    default=None)  # fmt: skip
        if first is None:
            failures.append(f"postgres: no successful {kind} after the restart")
            continue
        served_in = first - up_at
        if kind in ("login", "signin", "comment", "contribution"):
            log(f"postgres: first {kind} served {served_in:.2f} s after PostgreSQL answered")
        if served_in > RECOVERY_SECONDS:
            failures.append(f"postgres: first {kind} served {served_in:.1f} s after restart")
    if not any(not e.ok for e in outage):
        failures.append("postgres: no failure during the outage (was PostgreSQL really stopped?)")
    failures += check_writes(services, load, "postgres")
    log(f"postgres: {len(load.events)} requests in {end - load.events[0].at:.0f} s")
    failures += drill_postgres_quiet(services)
    now = (services.app.pid if services.app else 0, services.worker_pids())
    log(f"postgres: gunicorn master/workers before {pids}, after {now}")
    if now != pids:
        failures.append(f"postgres: the app was restarted (master/workers {pids} -> {now})")
    return failures


def drill_postgres_quiet(services: Services) -> list[str]:
    """PostgreSQL restarted while no request comes in (a night-time restart, a fail-over):
    each worker still holds its persistent connection (CONN_MAX_AGE) to the old server, and
    the first request after must not fail on it (CONN_HEALTH_CHECKS). Under steady load this
    goes unseen, because every worker meets the outage and drops its connection itself."""
    log("postgres (quiet): no load; restarting PostgreSQL")
    services.stop_postgres()
    services.start_postgres()
    # Past the outage window: from here on, a failure is a failure.
    time.sleep(RECOVERY_SECONDS + 1)
    load = Load(services.target)
    load.start()
    time.sleep(5)
    load.finish()
    log(f"postgres (quiet): afterwards {figures(load.events)}")
    failures = []
    if bad := [e for e in load.events if not e.ok]:
        failures.append(
            f"postgres (quiet): {len(bad)} failures after a restart without load (stale "
            f"persistent connections?): {failed(bad)}"
        )
    return failures + check_writes(services, load, "postgres (quiet)")


def cache_state() -> str:
    """X-Cache of a second anonymous request for the home page: HIT needs a working cache."""
    requests.get(f"{BASE}/", timeout=5)
    return requests.get(f"{BASE}/", timeout=5).headers.get("X-Cache", "none")


def drill_redis(services: Services, seconds: int) -> list[str]:
    failures = []
    log_before = len(services.app_log())
    load = Load(services.target)
    log("redis: load running (3 readers, sign-ins, 2 commenters, 1 contributor)")
    load.start()
    time.sleep(4)
    if (state := cache_state()) != "HIT":
        failures.append(f"redis: the page cache was not in use before the outage ({state})")
    log(f"redis: page cache before the outage: {state}; stopping Redis for {seconds} s")
    services.stop_redis()
    stopped_at = time.monotonic()
    while time.monotonic() < stopped_at + seconds:
        time.sleep(min(15, stopped_at + seconds - time.monotonic()))
        so_far = [e for e in load.events if e.at > stopped_at]
        log(f"redis: {time.monotonic() - stopped_at:.0f} s down: {figures(so_far)}")
    state_down = cache_state()
    restarted_at = time.monotonic()
    services.start_redis()
    log(f"redis: Redis started again (page cache while down: {state_down})")
    # Used again: a page is stored and served from the fresh Redis.
    deadline, state = time.monotonic() + 10, "none"
    while time.monotonic() < deadline and (state := cache_state()) != "HIT":
        time.sleep(0.5)
    time.sleep(3)
    load.finish()

    during = [e for e in load.events if stopped_at < e.at < restarted_at]
    log(f"redis: while down {figures(during)}")
    if bad := [e for e in load.events if not e.ok]:
        failures.append(
            f"redis: {len(bad)} failures (pages, sign-in and writes must keep working): "
            f"{failed(bad)}"
        )
    failures += [
        f"redis: no successful {kind} while Redis was down"
        for kind in ("home", "story", "login", "api", "signin", "comment", "contribution")
        if not any(e.kind == kind and e.ok for e in during)
    ]
    outage_log = services.app_log()[log_before:]
    logged = outage_log.count("masthead.cache.outage")
    if not logged:
        failures.append("redis: the cache errors were not logged")
    # One warning per 30 s per process (2 gunicorn workers), not one line per failed call.
    allowed = 2 * (seconds // 30 + 2)
    if logged > allowed:
        failures.append(f"redis: {logged} outage warnings logged, more than {allowed}")
    if "Traceback" in outage_log:
        failures.append("redis: a traceback was logged during the outage")
    if state_down == "HIT":
        failures.append("redis: a page came from the cache while Redis was down (not stopped?)")
    keys = redis_cli("dbsize")
    log(f"redis: page cache after restart: {state}; {keys} keys in Redis; "
        f"{logged} rate-limited outage warnings in the app log "
        f"({len(outage_log.splitlines())} lines in all)")  # fmt: skip
    if state != "HIT":
        failures.append(f"redis: the page cache was not used again after Redis came back ({state})")
    failures += check_writes(services, load, "redis")
    log(f"redis: {len(load.events)} requests, {len(during)} during the {seconds} s outage")
    return failures


def main() -> None:
    which = sys.argv[1] if len(sys.argv) > 1 else "all"
    if which not in ("postgres", "redis", "all"):
        raise SystemExit("usage: outages.py postgres|redis|all")
    limit = int(os.environ.get("FAULT_DRILL_TIMEOUT", "290"))

    def overtime(*_: object) -> None:
        raise TimeoutError(f"the fault drills took longer than {limit} s (FAULT_DRILL_TIMEOUT)")

    signal.signal(signal.SIGALRM, overtime)
    signal.alarm(limit)
    missing = [p for p in ("redis-server", "redis-cli", "psql", "runuser") if not shutil.which(p)]
    if missing:
        raise SystemExit(f"FAULT DRILL FAILED: not installed: {', '.join(missing)}")
    pg_bin("initdb")
    services = Services()
    failures: list[str] = []
    try:
        services.prepare()
        if which in ("postgres", "all"):
            failures += drill_postgres(services)
        if which in ("redis", "all"):
            failures += drill_redis(services, int(os.environ.get("REDIS_OUTAGE_SECONDS", "60")))
    except TimeoutError as error:
        failures.append(str(error))
    except BaseException:
        print(services.app_log()[-4000:], file=sys.stderr)
        raise
    finally:
        signal.alarm(0)
        if failures:
            print(services.app_log()[-4000:], file=sys.stderr)
        services.stop()
    if failures:
        raise SystemExit("FAULT DRILL FAILED:\n  " + "\n  ".join(failures))
    log(f"fault drills passed ({which})")


if __name__ == "__main__":
    main()
