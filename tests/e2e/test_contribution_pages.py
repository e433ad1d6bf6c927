"""A contributor's own pages, signed in: My contributions with one contribution in every
status, each status page, the forms to send a story or pictures and to revise one. Every touch
target is 44 px on a phone and axe finds nothing at either width."""

from __future__ import annotations

import pytest
from django.utils import timezone
from wagtail.models import Site

from masthead.accounts.tests.factories import make_member
from masthead.contributions import services
from masthead.contributions.models import Contribution
from masthead.traffic.tests.factories import make_world
from tests.e2e.journeys import sign_in
from tests.e2e.test_accessibility import WIDTHS, violations
from tests.e2e.test_touch_targets import MEASURE, MINIMUM, PHONE

NOTES = {
    Contribution.Status.CHANGES_REQUESTED: {"editor_note": "Say when it happened."},
    Contribution.Status.DECLINED: {"decline_reason": "We cannot check it."},
}


def _contributions() -> tuple[object, dict[str, str]]:
    """A reader with one contribution in every status; their pages by name. The places make
    the My area panel under My contributions whole, as on a real site."""
    make_world()
    reader = make_member("contributor")
    site = Site.objects.get(hostname="localhost")
    pages = {
        "my contributions": "/my-contributions/",
        "send a story": "/contribute/story/",
        "send pictures": "/contribute/pictures/",
    }
    for status in Contribution.Status:
        contribution = services.contribution_save(
            user=reader,
            site=site,
            kind=Contribution.Kind.STORY,
            title=f"Flooding on Smith Street ({status.label})",
            body=" ".join(["word"] * 220),
            place_text="Durban",
            declaration=True,
            licence=Contribution.Licence.NON_EXCLUSIVE,
            submit=status != Contribution.Status.DRAFT,
        )
        # The editors' side is tested in the contributions app; here only the reader's pages
        # in each state matter.
        Contribution.objects.filter(pk=contribution.pk).update(
            status=status, updated_at=timezone.now(), **NOTES.get(status, {})
        )
        pages[f"status {status.value}"] = contribution.get_absolute_url()
        if status == Contribution.Status.CHANGES_REQUESTED:
            pages["revise"] = contribution.get_absolute_url() + "edit/"
    return reader, pages


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_contributor_pages_have_44_px_targets_on_a_phone(browser, live_network, site_url):
    reader, pages = _contributions()
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    sign_in(tab, site_url(path="/accounts/login/"), reader.email)
    tab.wait_for_url(lambda url: "/accounts/login/" not in url)
    too_small = {}
    for name, path in pages.items():
        tab.goto(site_url(path=path))
        tab.wait_for_load_state("load")
        tab.wait_for_timeout(400)
        assert "/accounts/login/" not in tab.url, f"{name}: not signed in"
        if found := tab.evaluate(MEASURE, MINIMUM):
            too_small[name] = found
    context.close()
    assert not too_small, "\n".join(f"{p}: {t}" for p, ts in too_small.items() for t in ts)


@pytest.mark.validators
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_axe_finds_nothing_on_the_contributor_pages(browser, live_network, site_url):
    reader, pages = _contributions()
    report = []
    for layout, viewport in WIDTHS.items():
        context = browser.new_context(viewport=viewport, bypass_csp=True)
        tab = context.new_page()
        sign_in(tab, site_url(path="/accounts/login/"), reader.email)
        tab.wait_for_url(lambda url: "/accounts/login/" not in url)
        for name, path in pages.items():
            report += [f"{layout} {name}: {v}" for v in violations(tab, site_url(path=path))]
        context.close()
    assert report == [], "\n".join(report)
