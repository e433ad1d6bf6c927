"""axe-core, the accessibility rules engine, finds nothing on any kind of reader page, on the
phone layout (390 px) and the desktop layout (1366 px).

The rules are WCAG 2.0, 2.1 and 2.2 at levels A and AA and axe's best practices. Touch-target
size is measured by test_touch_targets.py: axe checks 2.5.8's 24 px, we hold 44 px. axe is read
from tests/validators (npm, never copied into the repository); the page's Content Security
Policy is set aside for the injected script only (``bypass_csp``), not for the page's own."""

from __future__ import annotations

import pytest

from masthead.accounts.tests.factories import make_member
from tests.reader_pages import every_kind_of_page
from tests.validators import AXE_JS

pytestmark = [pytest.mark.validators]

WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

RUN_AXE = """
async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map((v) => ({
    id: v.id,
    help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ") + " :: " + n.failureSummary),
  }));
}
"""


def violations(tab, url: str) -> list[str]:
    tab.goto(url)
    tab.wait_for_load_state("load")
    tab.wait_for_timeout(400)  # the per-reader fragments fill in after load
    tab.add_script_tag(path=str(AXE_JS))
    found = tab.evaluate(RUN_AXE, RULES)
    return [f"{v['id']} ({v['help']}): " + " | ".join(v["nodes"]) for v in found]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_axe_finds_nothing_on_any_reader_page(browser, live_network, site_url):
    pages = {
        name: path
        for name, path in every_kind_of_page(live_network).items()
        if not path.startswith("/fragments/")
    }
    pages["password reset"] = "/accounts/password/reset/"
    make_member("reader")
    report = []
    for layout, viewport in WIDTHS.items():
        context = browser.new_context(viewport=viewport, bypass_csp=True)
        tab = context.new_page()
        for name, path in pages.items():
            url = path if path.startswith("http") else site_url(path=path)
            report += [f"{layout} {name} {path}: {v}" for v in violations(tab, url)]
        context.close()
    assert report == [], "\n".join(report)


def test_axe_finds_what_it_should(browser):
    # An image without alt text and a field without a label: if axe does not report these,
    # the test above proves nothing.
    context = browser.new_context(bypass_csp=True)
    tab = context.new_page()
    tab.set_content(
        "<!DOCTYPE html><html lang=en><title>x</title><main>"
        "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='><input type=text></main></html>"
    )
    tab.add_script_tag(path=str(AXE_JS))
    found = {v["id"] for v in tab.evaluate(RUN_AXE, RULES)}
    context.close()
    assert {"image-alt", "label"} <= found
