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
