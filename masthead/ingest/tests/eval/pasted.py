"""What an editor pastes: the text Chromium gives for a saved page (select all, copy).

The page is opened from its bytes as a browser opens a saved file — it decodes them by the
page's own charset declaration — with JavaScript off and every other request refused (no
stylesheet, picture or script leaves this machine; none is needed for the text). The text is
``document.body.innerText``, what select-all and copy put on the clipboard. Without the site's
stylesheets, menus a live page hides are visible too: the pasted text holds more furniture than
a copy from the live site would, never less.

    .venv/bin/python -m masthead.ingest.tests.eval.pasted [case …]   # rewrites pasted.txt
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

PAGE_URL = "http://saved-page.invalid/page.html"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    # Belt and braces beside the request routing below: no host name resolves.
    "--host-resolver-rules=MAP * ~NOTFOUND",
]


@contextmanager
def chromium_tab() -> Iterator:
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("MASTHEAD_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        try:
            context = browser.new_context(
                viewport={"width": 1366, "height": 900}, java_script_enabled=False
            )
            context.set_default_timeout(30_000)
            yield context.new_page()
        finally:
            browser.close()


def served_charset(page: bytes) -> str:
    """The charset the site would have sent in its Content-Type header, which a saved file
    has lost: the page's own declaration, else UTF-8 when the bytes are UTF-8, else
    windows-1252 (what such pages are)."""
    from masthead.ingest.decoding import declared_encoding

    try:
        declared = declared_encoding(page)
    except ValueError:
        declared = None
    if declared:
        return declared
    try:
        page.decode("utf-8")
    except UnicodeDecodeError:
        return "windows-1252"
    return "utf-8"


def pasted_text(tab, page: bytes) -> str:
    """The text Chromium copies from ``page`` (the saved HTML's bytes)."""

    content_type = f"text/html; charset={served_charset(page)}"

    def answer(route) -> None:
        if route.request.url == PAGE_URL:
            route.fulfill(status=200, body=page, headers={"content-type": content_type})
        elif route.request.is_navigation_request():
            route.fulfill(status=204)  # a meta refresh: "no content" keeps the page in view
        else:
            route.abort()

    tab.route("**/*", answer)
    try:
        tab.goto(PAGE_URL, wait_until="domcontentloaded")
        text = tab.evaluate("() => document.body ? document.body.innerText : ''")
    finally:
        tab.unroute("**/*")
    return text.replace("\r\n", "\n").strip() + "\n"


def rewrite(case_dirs: Iterable[Path]) -> int:
    from rich.progress import track

    dirs = list(case_dirs)
    with chromium_tab() as tab:
        for case in track(dirs, description="Copying pages as text"):
            text = pasted_text(tab, (case / "page.html").read_bytes())
            (case / "pasted.txt").write_text(text, encoding="utf-8")
    return len(dirs)


if __name__ == "__main__":
    from masthead.ingest.tests.eval.realpages import PAGES_DIR, case_dirs

    wanted = set(sys.argv[1:])
    chosen = [d for d in case_dirs() if not wanted or d.name in wanted]
    count = rewrite(chosen)
    print(f"wrote pasted.txt for {count} pages under {PAGES_DIR}")  # noqa: T201
