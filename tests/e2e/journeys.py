"""Steps many browser journeys share, done as a reader does them: by label and role."""

from __future__ import annotations

import re

from masthead.accounts.tests.factories import PASSWORD


def sign_in(page, url: str, email: str, password: str = PASSWORD) -> None:
    """Open ``url`` (the sign-in page, or a page that sends there) and sign in; callers check
    where they land."""
    page.goto(url)
    page.get_by_label(re.compile(r"^(e-?mail|username|email or username)", re.I)).first.fill(email)
    page.get_by_label(re.compile(r"^password", re.I)).first.fill(password)
    page.get_by_role("button", name=re.compile(r"sign in|log in", re.I)).click()


def sign_in_on_sister_site(page, url: str, email: str, password: str = PASSWORD) -> None:
    """Sign in on a site other than the network's home. Signed in there, the site tells the
    home once (decision 0105): its account fragment carries ``data-network-check`` and
    masthead.js hops through the home and back to the same address. A ``goto`` made before the
    hop is back is cut off by it ("interrupted by another navigation"), so wait for the account
    bar of the page the hop came back to: signed in, with no check left to make."""
    from playwright.sync_api import expect

    sign_in(page, url, email, password)
    expect(
        page.locator(".account-nav:not([data-network-check])").get_by_role(
            "link", name="Account settings"
        )
    ).to_be_visible(timeout=15_000)


def open_on_sister_site(page, url: str, *, seconds: float = 15) -> None:
    """Open ``url``, the first page of this browser session on a site other than the network's
    home. After it loads, the network sign-in hop (decision 0105) leaves for the home and comes
    back; wait until it is back (the hop's cookie is set and the page has loaded again), so a
    check that follows reads the page and not a navigation in progress."""
    from urllib.parse import urlparse

    from masthead.accounts.network import CHECKED_COOKIE

    host = urlparse(url).hostname
    page.goto(url)
    for _ in range(int(seconds * 10)):
        if any(
            c["name"] == CHECKED_COOKIE and c["domain"].lstrip(".") == host
            for c in page.context.cookies()
        ):
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError(f"the network sign-in hop never came back to {host}")
    page.wait_for_url(url)
    page.wait_for_load_state("load")


def goto_past_hop(page, url: str):
    """``page.goto(url)``, once more if the network sign-in hop (decision 0105) of the page
    before aborted it (net::ERR_ABORTED): wait for the hop's page to load, then go again."""
    from playwright.sync_api import Error

    try:
        return page.goto(url)
    except Error as error:
        if "ERR_ABORTED" not in str(error):
            raise
        page.wait_for_load_state("load")
        return page.goto(url)
