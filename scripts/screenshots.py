"""Screenshots of every reader page type at a phone and a desktop width, for review by eye.

    python scripts/screenshots.py --base http://localhost:8000 [--out var/screenshots]

Drives the system Chromium through Playwright against a running demo (``make run``). Pages
behind sign-in are taken after signing in with SCREENSHOT_EMAIL / SCREENSHOT_PASSWORD when
those are set (the demo prints the editor's). Files: <out>/<width>/<host>--<name>.png.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WIDTHS = {"390": (390, 844), "1366": (1366, 900)}

# (name, path): every page type a reader meets; the same list on every site.
PAGES = [
    ("front", "/"),
    ("section", "/news/"),
    ("search", "/search/?q=city"),
    ("search-empty", "/search/"),
    ("location-settings", "/location/"),
    ("sign-in", "/accounts/login/"),
    ("create-profile", "/accounts/signup/"),
    ("password-reset", "/accounts/password/reset/"),
    ("send-story", "/contribute/story/"),
    ("send-pictures", "/contribute/pictures/"),
    ("report-traffic", "/traffic/report/"),
    ("traffic", "/traffic/"),
    ("weather", "/weather/"),
    ("listings", "/listings/"),
    ("corrections", "/corrections/"),
    ("not-found", "/no-such-page/"),
    ("facebook-sign-in", "/accounts/facebook/login/"),
]
SIGNED_IN = [
    ("my-contributions", "/my-contributions/"),
    ("account-settings", "/accounts/settings/"),
    ("change-password", "/accounts/password/change/"),
    ("styleguide", "/styleguide/"),
]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def visit(page, url: str) -> None:
    """Open ``url`` and wait until it has settled. On a sister site the first page of a browser
    session (and the first after signing in there) leaves for the network's home and comes back
    (the sign-in hop, decision 0105): a screenshot or a read taken in between sees a page that
    is going away ("Execution context was destroyed")."""
    from playwright.sync_api import Error

    try:
        page.goto(url, wait_until="load")
    except Error as error:
        if "ERR_ABORTED" not in str(error):
            raise
        page.wait_for_load_state("load")
        page.goto(url, wait_until="load")
    settle(page, url)


def load_every_picture(page, *, seconds: float = 10) -> None:
    """A full-page screenshot shows the whole page at once, but a lazy picture below the fold
    loads only when a reader scrolls to it: without this, teasers further down look empty."""
    page.evaluate(
        "document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')"
    )
    # Polled from here: the pages' Content-Security-Policy forbids wait_for_function's eval.
    for _ in range(int(seconds * 10)):
        if page.evaluate("[...document.images].every(i => i.complete)"):
            return
        page.wait_for_timeout(100)
    sys.stderr.write(f"{page.url}: a picture did not load within {seconds:.0f} s\n")


def settle(page, url: str, *, seconds: float = 20) -> None:
    """Wait until the page shown is ``url``'s site with its account bar loaded and no hop to
    make: the bar's fragment carries ``data-network-check`` when masthead.js is about to leave."""
    from playwright.sync_api import Error

    host = urlparse(url).hostname
    ready = ".account-slot .account-nav:not([data-network-check])"
    for _ in range(int(seconds * 10)):
        try:
            if urlparse(page.url).hostname == host and page.query_selector(ready):
                page.wait_for_load_state("load")
                return
        except Error:  # the document went away under the query: the hop is under way
            pass
        page.wait_for_timeout(100)
    raise SystemExit(f"{url}: the page did not settle in {seconds:g} s (the network sign-in hop?)")


def first_article(page, base: str) -> str | None:
    visit(page, base + "/")
    href = page.eval_on_selector_all(
        ".front-lead a[href], .front-top a[href]", "els => els.map(e => e.getAttribute('href'))"
    )
    return href[0] if href else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", action="append", default=None, help="site root, repeatable")
    parser.add_argument("--out", default="var/screenshots")
    parser.add_argument("--only", default="", help="comma-separated page names")
    args = parser.parse_args()
    bases = args.base or ["http://localhost:8000"]
    only = {name for name in args.only.split(",") if name}
    from playwright.sync_api import sync_playwright

    out = Path(args.out)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for width, (w, h) in WIDTHS.items():
            for base in bases:
                host = slug(urlparse(base).hostname or "site")
                context = browser.new_context(viewport={"width": w, "height": h})
                page = context.new_page()
                pages = list(PAGES)
                article = first_article(page, base)
                if article:
                    pages.append(("article", urlparse(article).path))
                email = os.environ.get("SCREENSHOT_EMAIL")
                password = os.environ.get("SCREENSHOT_PASSWORD")
                todo = [(n, p, False) for n, p in pages]
                if email and password:
                    todo += [(n, p, True) for n, p in SIGNED_IN]
                signed_in = False
                for name, path, needs_sign_in in todo:
                    if only and name not in only:
                        continue
                    if needs_sign_in and not signed_in:
                        page.goto(base + "/accounts/login/")
                        page.get_by_label(re.compile("e-?mail", re.I)).fill(email)
                        page.get_by_label(re.compile("^password", re.I)).fill(password)
                        page.get_by_role("button", name="Sign in").click()
                        page.wait_for_load_state("load")
                        settle(page, page.url)  # on a sister site: the hop that tells the home
                        signed_in = True
                    visit(page, base + path)
                    page.wait_for_timeout(1200)  # the per-reader fragments after the page
                    load_every_picture(page)
                    target = out / width / f"{host}--{name}.png"
                    target.parent.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(target), full_page=True)
                    sys.stdout.write(f"{target}\n")
                context.close()
        browser.close()


if __name__ == "__main__":
    main()
