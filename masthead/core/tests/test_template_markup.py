"""Markup rules axe checks only on the pages a browser test happens to open with the case on
screen: checked here over every template, so a rare state (a flash message) cannot hide one."""

from __future__ import annotations

import re
from pathlib import Path

import masthead

TEMPLATES = sorted(Path(masthead.__file__).parent.rglob("templates/**/*.html"))
# A role on a list takes its list semantics away: its <li> are then outside any list (axe
# "listitem", "aria-allowed-role"). A live region goes on an element around the list.
LIST_WITH_ROLE = re.compile(r"<(ul|ol)\b[^>]*\brole=", re.IGNORECASE)


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 50


def test_no_list_carries_a_role():
    found = [
        f"{path.relative_to(Path(masthead.__file__).parent)}: {match.group(0)}"
        for path in TEMPLATES
        for match in LIST_WITH_ROLE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
