#!/usr/bin/env python
"""Fault drills against REAL services on PRIVATE instances (nothing else on the machine is
touched): its own PostgreSQL (initdb in a temporary directory, port 55432) and Redis (port
56379), and gunicorn with production settings on 127.0.0.1:58000.

    python scripts/faults/outages.py postgres   # PostgreSQL restarted under load
    python scripts/faults/outages.py redis      # Redis stopped for REDIS_OUTAGE_SECONDS (60)
    python scripts/faults/outages.py all

postgres: readers and signed-in writers (API token creation: an acknowledged write is a 201
with the token's id) run throughout; errors are allowed only while PostgreSQL is down, service
is back within 5 s of PostgreSQL answering (CONN_HEALTH_CHECKS; the app is not restarted), and
every acknowledged write is in the database afterwards.
redis: while Redis is stopped, pages, sign-in and writes keep working (django-redis
IGNORE_EXCEPTIONS, sessions in cached_db); once it is back the cache is used again.
Exit status 0 when every assertion holds. docs/security.md "Faults".
"""
# ruff: noqa: S103, S105, S603, S607, S608, T201 - a drill script: starts servers from PATH, prints a log; the password and ids are its own

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
PG_PORT, REDIS_PORT, APP_PORT = 55432, 56379, 58000
BASE = f"http://127.0.0.1:{APP_PORT}"
PASSWORD = "drill-password-not-secret-123"


def pg_bin(name: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not found:
        raise SystemExit(f"{name} not found under /usr/lib/postgresql")
    return str(found[-1])


def as_postgres(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:  # initdb refuses root
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)


class Services:
    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="masthead-faults-"))
        os.chmod(self.dir, 0o777)
        self.pgdata = self.dir / "pg"
        self.redis: subprocess.Popen | None = None
        self.app: subprocess.Popen | None = None
        self.env = {
            **{k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")},
            "DJANGO_SETTINGS_MODULE": "masthead.settings.production",
            "MASTHEAD_VAR_DIR": str(self.dir / "var"),
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/drill",
            "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
            "SECURE_SSL_REDIRECT": "false",
            "STATIC_ROOT": str(self.dir / "static"),
            "MEDIA_ROOT": str(self.dir / "media"),
            "LOG_LEVEL": "ERROR",
            # Every simulated reader comes from 127.0.0.1: the per-address API limit would
            # answer 429 to the load itself.
            "MASTHEAD_API_RATE_PER_ADDRESS": "1000000",
            "MASTHEAD_TRUSTED_PROXIES": "1",
        }

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
        self.start_postgres()
        subprocess.run([pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(PG_PORT), "-U",
                        "postgres", "drill"], check=True)  # fmt: skip
        self.start_redis()
        self.manage("migrate", "--noinput", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")
        self.manage("shell", "-c",
                    "from masthead.accounts.tests.factories import make_member;"
                    f"u = make_member('drill', email='drill@example.test'); "
                    f"u.set_password({PASSWORD!r}); u.save()")  # fmt: skip
        self.app = subprocess.Popen(
            [str(Path(PY).parent / "gunicorn"), "masthead.wsgi:application", "--bind",
             f"127.0.0.1:{APP_PORT}", "--workers", "2", "--timeout", "30"],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL,
            stderr=open(self.dir / "app.log", "w"),  # noqa: SIM115 - lives as long as the app
        )  # fmt: skip
        wait_for(lambda: requests.get(f"{BASE}/health/", timeout=2).ok, 60, "the app")

    def stop(self) -> None:
        if self.app:
            self.app.terminate()
            self.app.wait(20)
        self.stop_redis()
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop_postgres()
        shutil.rmtree(self.dir, ignore_errors=True)


def redis_cli(*args: str) -> str:
    result = subprocess.run(["redis-cli", "-p", str(REDIS_PORT), *args], capture_output=True,
                            text=True, check=False)  # fmt: skip
    return result.stdout.strip()


def wait_for(check, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:  # noqa: BLE001, S110 - not up yet
            pass
        time.sleep(0.2)
    raise SystemExit(f"{what} did not come up within {seconds} s")


class Load:
    """Readers and one signed-in writer, recording (time, kind, status) and acknowledged ids."""

    def __init__(self) -> None:
        self.events: list[tuple[float, str, int]] = []
        self.acknowledged: list[int] = []
        self.stop = threading.Event()
        self.threads: list[threading.Thread] = []

    def _record(self, kind: str, call) -> requests.Response | None:
        try:
            response = call()
            status = response.status_code
        except requests.RequestException:
            response, status = None, 0
        self.events.append((time.monotonic(), kind, status))
        return response

    def _reader(self) -> None:
        session = LoopbackSession()
        while not self.stop.is_set():
            self._record("read", lambda: session.get(f"{BASE}/api/v1/sites", timeout=5))
            self._record("page", lambda: session.get(f"{BASE}/accounts/login/", timeout=5))
            time.sleep(0.05)

    def _writer(self) -> None:
        session = None
        n = 0
        while not self.stop.is_set():
            if session is None:
                session = sign_in()
                if session is None:
                    self.events.append((time.monotonic(), "signin", 0))
                    time.sleep(0.5)
                    continue
            n += 1
            response = self._record(
                "write",
                lambda s=session, n=n: s.post(
                    f"{BASE}/api/v1/tokens", json={"name": f"drill {n}"}, timeout=5,
                    headers={"X-CSRFToken": s.cookies.get("csrftoken", "")},
                ),
            )  # fmt: skip
            if response is not None and response.status_code == 201:
                self.acknowledged.append(response.json()["id"])
            time.sleep(0.1)

    def start(self) -> None:
        self.threads = [threading.Thread(target=self._reader) for _ in range(3)]
        self.threads.append(threading.Thread(target=self._writer))
        for thread in self.threads:
            thread.start()

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(15)


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


def sign_in() -> requests.Session | None:
    session = LoopbackSession()
    try:
        session.get(f"{BASE}/accounts/login/", timeout=5)
        response = session.post(
            f"{BASE}/accounts/login/",
            data={"login": "drill@example.test", "password": PASSWORD,
                  "csrfmiddlewaretoken": session.cookies.get("csrftoken", "")},
            headers={"Referer": f"{BASE}/accounts/login/"}, timeout=5, allow_redirects=False,
        )  # fmt: skip
    except requests.RequestException as error:
        print(f"sign-in: {type(error).__name__}", file=sys.stderr)
        return None
    if response.status_code != 302:
        print(f"sign-in answered {response.status_code}: {response.text[:300]!r}", file=sys.stderr)
        return None
    return session


def breakdown(events) -> str:
    from collections import Counter

    return ", ".join(
        f"{k} {s}: {n}" for (k, s), n in sorted(Counter((e[1], e[2]) for e in events).items())
    )


def bad(events, start=None, end=None) -> list[tuple[float, str, int]]:
    return [
        e for e in events
        if (e[2] == 0 or e[2] >= 500) and (start is None or e[0] >= start)
        and (end is None or e[0] <= end)
    ]  # fmt: skip


def acknowledged_present(services: Services, ids: list[int]) -> int:
    if not ids:
        return 0
    out = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-d", "drill", "-tAc",
         f"SELECT count(*) FROM api_apitoken WHERE id IN ({','.join(map(str, ids))})"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return int(out.stdout.strip())


def drill_postgres(services: Services) -> list[str]:
    failures = []
    load = Load()
    load.start()
    time.sleep(5)
    down_at = time.monotonic()
    services.stop_postgres()
    time.sleep(3)
    services.start_postgres()
    up_at = time.monotonic()
    time.sleep(10)
    load.finish()
    before = bad(load.events, end=down_at)
    after = bad(load.events, start=up_at + 5)
    if before:
        failures.append(f"postgres: errors before the outage: {breakdown(before)}")
    if after:
        failures.append(f"postgres: errors 5 s after PostgreSQL was back: {breakdown(after)}")
    writes_after = [e for e in load.events if e[1] == "write" and e[0] > up_at + 5 and e[2] == 201]
    if not writes_after:
        failures.append("postgres: no acknowledged write after the restart")
    present = acknowledged_present(services, load.acknowledged)
    if present != len(load.acknowledged):
        failures.append(f"postgres: {len(load.acknowledged) - present} acknowledged writes lost")
    print(f"postgres: {len(load.events)} requests, {len(bad(load.events))} errors (all during "
          f"the outage), {len(load.acknowledged)} acknowledged writes, all present")  # fmt: skip
    return failures


def drill_redis(services: Services, seconds: int) -> list[str]:
    failures = []
    load = Load()
    load.start()
    time.sleep(3)
    services.stop_redis()
    stopped_at = time.monotonic()
    # A fresh reader signs in while Redis is down.
    time.sleep(2)
    if sign_in() is None:
        failures.append("redis: sign-in failed while Redis was down")
    time.sleep(max(0, seconds - 2))
    restarted_at = time.monotonic()
    services.start_redis()
    time.sleep(5)
    load.finish()
    errors = bad(load.events)
    if errors:
        failures.append(
            f"redis: {len(errors)} errors (pages, sign-in and writes must keep working)"
        )
    during = [e for e in load.events if stopped_at < e[0] < restarted_at]
    if not during:
        failures.append("redis: no requests were made during the outage")
    present = acknowledged_present(services, load.acknowledged)
    if present != len(load.acknowledged):
        failures.append(f"redis: {len(load.acknowledged) - present} acknowledged writes lost")
    requests.get(f"{BASE}/api/v1/sites", timeout=5)
    if int(redis_cli("dbsize") or 0) == 0:
        failures.append("redis: the cache was not used again after Redis came back")
    print(f"redis: {len(during)} requests during a {seconds} s outage, {len(errors)} errors, "
          f"{len(load.acknowledged)} acknowledged writes, cache keys after: "
          f"{redis_cli('dbsize')}")  # fmt: skip
    return failures


def main() -> None:
    which = sys.argv[1] if len(sys.argv) > 1 else "all"
    services = Services()
    failures: list[str] = []
    try:
        services.prepare()
        if which in ("postgres", "all"):
            failures += drill_postgres(services)
        if which in ("redis", "all"):
            failures += drill_redis(services, int(os.environ.get("REDIS_OUTAGE_SECONDS", "60")))
    finally:
        if failures:
            print((services.dir / "app.log").read_text()[-4000:], file=sys.stderr)
        services.stop()
    if failures:
        raise SystemExit("FAULT DRILL FAILED:\n  " + "\n  ".join(failures))
    print("fault drills passed")


if __name__ == "__main__":
    main()
