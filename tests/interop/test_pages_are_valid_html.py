"""Every kind of page a reader can reach passes the Nu HTML checker (vnu.jar, the W3C's HTML
validator) with no error: the pages are rendered by the app, written to a temporary folder and
checked in one run of the checker."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.reader_pages import every_kind_of_page
from tests.validators import VNU_JAR

pytestmark = [pytest.mark.django_db, pytest.mark.validators]


def nu_errors(files: list[Path]) -> list[dict]:
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", "--stdout"]
        + [str(p) for p in files],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    messages = json.loads(result.stdout)["messages"]
    return [m for m in messages if m.get("type") in ("error", "non-document-error")]


def test_every_kind_of_page_passes_the_nu_html_checker(client, network, tmp_path):
    files = []
    for name, url in every_kind_of_page(network).items():
        response = client.get(url, HTTP_HOST="localhost")
        assert response.status_code in (200, 404), (name, url, response.status_code)
        html = response.content.decode()
        if url.startswith("/fragments/"):
            # A fragment is a piece of a page: checked inside a minimal document.
            html = f"<!DOCTYPE html><html lang=en><title>x</title>{html}"
        path = tmp_path / (name.replace(" ", "-") + ".html")
        path.write_text(html, encoding="utf-8")
        files.append(path)

    errors = nu_errors(files)

    report = [
        f"{Path(e.get('url', '')).name}:{e.get('lastLine')}: {e.get('message')}"
        f" | {e.get('extract', '')!r}"
        for e in errors
    ]
    assert report == [], "\n".join(report)


def test_the_checker_finds_what_we_fixed(tmp_path):
    # A six-digit fraction in <time datetime> (what date:"c" wrote): the checker must refuse it,
    # or the test above proves nothing.
    page = tmp_path / "bad.html"
    page.write_text(
        "<!DOCTYPE html><html lang=en><title>x</title>"
        '<time datetime="2026-11-25T14:03:38.194352+00:00">now</time>'
    )
    (error,) = nu_errors([page])
    assert "datetime" in error["message"]
