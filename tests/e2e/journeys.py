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


def open_on_sister_site(page, url: str, *, seconds: float = 15) -> None:
    """Open ``url`` on a site other than the network's home. A browser that has been signed in
    on that site before makes the network sign-in hop (decision 0105) to the home and back
    once per browser session; wait until it is back, so a check that follows reads the page
    and not a navigation in progress. Any other browser stays: wait for its account fragment."""
    from urllib.parse import urlparse

    from masthead.accounts.network import CHECKED_COOKIE, MEMBER_COOKIE

    host = urlparse(url).hostname

    def has(name: str) -> bool:
        return any(
            c["name"] == name and c["domain"].lstrip(".") == host for c in page.context.cookies()
        )

    hops = has(MEMBER_COOKIE) and not has(CHECKED_COOKIE)
    page.goto(url)
    if not hops:
        page.locator(".account-slot .account-nav").first.wait_for(timeout=seconds * 1000)
        return
    for _ in range(int(seconds * 10)):
        if has(CHECKED_COOKIE):
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError(f"the network sign-in hop never came back to {host}")
    page.wait_for_url(url)
    page.wait_for_load_state("load")
