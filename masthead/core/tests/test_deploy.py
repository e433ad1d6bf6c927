"""deploy/ documents the production topology for real machines: the files must at least be
what they claim (docker cannot run here, so the compose file is checked, not started)."""

from __future__ import annotations

import configparser
import json
from pathlib import Path

import pytest
import yaml

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"


def test_compose_file_is_valid_and_has_the_whole_topology():
    compose = yaml.safe_load((DEPLOY / "compose" / "compose.yaml").read_text())
    services = compose["services"]
    assert {"web-a", "web-b", "worker", "scheduler", "varnish", "postgres", "postgres-replica",
            "redis", "seaweedfs"} <= set(services)  # fmt: skip
    for name in ("web-a", "web-b", "worker", "scheduler"):
        env = services[name]["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "masthead.settings.production"
        assert env["MEDIA_STORAGE_URL"].startswith("s3+http://")
        assert env["DATABASE_REPLICA_URLS"]
    assert "scheduler" in services["scheduler"]["command"]
    assert "db_worker" in services["worker"]["command"]
    for volume in compose["volumes"]:
        assert any(volume + ":" in str(s.get("volumes", "")) for s in services.values())
    s3 = json.loads((DEPLOY / "compose" / "s3.json").read_text())
    anonymous = next(i for i in s3["identities"] if i["name"] == "anonymous")
    assert anonymous["actions"] == ["Read:masthead/public/*"]  # never the private prefix


def test_systemd_units_start_the_three_processes():
    commands = {}
    for unit in sorted((DEPLOY / "systemd").glob("*.service")):
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.read_string(unit.read_text())
        assert parser["Service"]["EnvironmentFile"] == "/etc/masthead/env"
        assert parser["Service"]["Restart"] == "always"
        assert parser["Install"]["WantedBy"] == "multi-user.target"
        commands[unit.name] = parser["Service"]["ExecStart"]
    assert "gunicorn masthead.wsgi:application" in commands["masthead-web.service"]
    assert "manage.py db_worker" in commands["masthead-worker@.service"]
    assert "manage.py scheduler" in commands["masthead-scheduler.service"]


def test_prometheus_and_grafana_use_the_metrics_the_app_exports(client, settings, db):
    settings.MASTHEAD_METRICS_TOKEN = "deploy-test-token"
    client.get("/health/")
    exported = client.get("/metrics", HTTP_AUTHORIZATION="Bearer deploy-test-token").content
    # Every family is declared (# TYPE), samples or not (a counter nobody has counted yet).
    names = {line.split()[2].decode() for line in exported.splitlines()
             if line.startswith(b"# TYPE ")}  # fmt: skip
    names |= {f"{name}_total" for name in names}
    families = {n.removesuffix("_bucket").removesuffix("_count").removesuffix("_sum")
                .removesuffix("_created") for n in names}  # fmt: skip
    prometheus = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
    job = prometheus["scrape_configs"][0]
    assert job["metrics_path"] == "/metrics" and job["authorization"]["type"] == "Bearer"
    alerts = yaml.safe_load((DEPLOY / "prometheus" / "masthead-alerts.yml").read_text())
    dashboard = json.loads((DEPLOY / "grafana" / "masthead-dashboard.json").read_text())
    expressions = [r["expr"] for g in alerts["groups"] for r in g["rules"]]
    expressions += [t["expr"] for p in dashboard["panels"] for t in p["targets"]]
    used = {word for e in expressions for word in _metric_names(e)}
    assert used, "no metric named"
    missing = {name for name in used if name not in families and name not in names}
    assert not missing, f"dashboards or alerts use metrics the app does not export: {missing}"


def _metric_names(expression: str) -> set[str]:
    import re

    return {
        m.removesuffix("_bucket") if m.endswith("_bucket") else m
        for m in re.findall(r"\bmasthead_[a-z_]+", expression)
    }


@pytest.mark.varnish
@pytest.mark.parametrize("where", ["production", "compose"])
def test_the_varnish_configuration_compiles_with_each_site_part(tmp_path, where):
    """deploy/varnish/masthead.vcl with each machine part (the production example, the
    containers'), compiled by the real varnishd (-C)."""
    import subprocess

    from masthead.core.localservices import VCL_DIR

    site = {
        "production": (VCL_DIR / "masthead-site.vcl").read_text(),
        # Container names resolve only inside compose: loopback stands in for them here.
        "compose": (DEPLOY / "compose" / "masthead-site.vcl")
        .read_text()
        .replace('"web-a"', '"127.0.0.1"')
        .replace('"web-b"', '"127.0.0.1"')
        .replace('"seaweedfs"', '"127.0.0.1"')
        .replace('"worker"; "scheduler"; ', ""),
    }[where]
    (tmp_path / "masthead-site.vcl").write_text(site)
    result = subprocess.run(  # noqa: S603 - our own files, varnishd from PATH
        # -j none: compile as this user (varnishd would drop to its own, which cannot read
        # pytest's private temporary folder).
        ["varnishd", "-j", "none", "-C", "-f", str(VCL_DIR / "masthead.vcl"),  # noqa: S607
         "-p", f"vcl_path={tmp_path}:{VCL_DIR}", "-n", str(tmp_path / "n")],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]


def test_the_topologys_varnish_configuration_compiles(tmp_path):
    """scripts/topology.py's machine part under the production policy, compiled by the real
    varnishd (-C: compile only)."""
    import shutil
    import subprocess
    import sys

    import pytest

    from masthead.core.localservices import REQUIRE_SERVICES

    if not shutil.which("varnishd"):
        message = "needs varnishd (apt-get install varnish) to compile the topology's VCL"
        if REQUIRE_SERVICES:
            pytest.fail(f"MASTHEAD_REQUIRE_SERVICES=1 but {message}")
        pytest.skip(message)
    sys.path.insert(0, str(DEPLOY.parent))
    from masthead.core.localservices import VCL_DIR
    from scripts.topology import SITE_VCL

    # The production policy with the topology's machine part, as scripts/topology.py loads it.
    site = SITE_VCL.format(a=8001, b=8002, s3=8333, bucket_name="masthead")
    (tmp_path / "masthead-site.vcl").write_text(site)
    result = subprocess.run(  # noqa: S603 - our own files, varnishd from PATH
        # -j none: compile as this user (varnishd would drop to its own, which cannot read
        # pytest's private temporary folder).
        ["varnishd", "-j", "none", "-C", "-f", str(VCL_DIR / "masthead.vcl"),  # noqa: S607
         "-p", f"vcl_path={tmp_path}:{VCL_DIR}", "-n", str(tmp_path / "n")],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
