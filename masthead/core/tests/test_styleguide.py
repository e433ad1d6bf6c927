"""The living style guide (/styleguide/): staff only, and it shows every component of the
design system, the form controls both new and refused."""

from __future__ import annotations

import re

import pytest

from masthead.accounts.tests.factories import make_member

pytestmark = pytest.mark.django_db

SECTIONS = [
    "Colour",
    "Type scale",
    "Buttons",
    "Fields",
    "Notices and alerts",
    "Kind labels",
    "Cards",
    "Lists and tabs",
]


def test_readers_and_strangers_are_sent_to_sign_in(client, network):
    anonymous = client.get("/styleguide/")
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/?next=/styleguide/")

    client.force_login(make_member("plainreader"))
    reader = client.get("/styleguide/")
    assert reader.status_code == 302
    assert b"Style guide" not in reader.content


def test_staff_see_every_component_with_a_refused_form(client, network):
    client.force_login(make_member("designdesk", is_staff=True))
    response = client.get("/styleguide/")
    assert response.status_code == 200
    html = response.content.decode()
    headings = re.findall(r"<h2 id=\"sg-[a-z]+\">([^<]+)</h2>", html)
    assert headings == SECTIONS
    # One of each control, as the reader's forms draw them.
    for control in (
        'type="text"',
        'type="email"',
        "<select",
        "<textarea",
        'type="radio"',
        'type="file"',
        'type="checkbox"',
    ):
        assert control in html, control
    # The refused copy: a summary linking to each wrong field, and the field's own message.
    summary = html[html.index('class="error-summary"') :]
    assert re.search(
        r'<a href="#id_email">E-mail address: Enter a valid email address\.</a>', summary
    )
    assert 'aria-invalid="true"' in html
    for kind in ("notice--success", "notice--warning", "notice--error", "badge--live", "tabs"):
        assert kind in html, kind
    assert 'name="robots" content="noindex"' in html
    assert "no-cache" in response["Cache-Control"]
