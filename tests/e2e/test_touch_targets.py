"""Every touch target on the phone layout is at least 44 x 44 CSS pixels (WCAG 2.5.5), on the
pages the design system styles. axe-core does not check this: this test measures it.

A target is what a finger can hit: a button, a form control, a summary, a link that stands
on its own (navigation, lists, buttons). A link inside a sentence is exempt (WCAG's inline
exception). A checkbox or radio is hit through its whole label row; a card whose headline
link covers it (``::after`` over the card) is hit through the card."""

import pytest

from masthead.accounts.tests.factories import make_member
from masthead.newsroom.tests import factories as f
from masthead.traffic.tests.factories import make_alert, make_world
from masthead.weather.providers import DemoWeather
from masthead.weather.services import weather_refresh

PHONE = {"width": 390, "height": 844}
MINIMUM = 44

MEASURE = """
(MIN) => {
  const visible = (el) => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 2 && box.height > 2 && style.visibility !== "hidden"
      && !el.closest("[aria-hidden=true]") && el.getAttribute("tabindex") !== "-1";
  };
  const inline = (a) => {
    // A link inside a sentence: its block holds more text than the link itself.
    const block = a.parentElement.closest("p, li, dd, td, span, div, h1, h2, h3");
    if (!block || a.closest("nav, .button-group, .link-list, .latest, .tabs")) return false;
    return block.textContent.trim().length > a.textContent.trim().length + 2;
  };
  const target = (el) => {
    if (el.matches("input[type=checkbox], input[type=radio]")) {
      return el.closest(".choice, label") || document.querySelector(`label[for="${el.id}"]`) || el;
    }
    if (el.matches("a") && getComputedStyle(el, "::after").position === "absolute") {
      return el.offsetParent || el;
    }
    return el;
  };
  const found = [];
  const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary";
  for (const el of document.querySelectorAll(selector)) {
    if (!visible(el) || (el.matches("a") && inline(el))) continue;
    const traps = ".form-hp, .account-hp, .contrib-hp, .comment-form__hp, .traffic-report__trap";
    if (el.closest(traps + ", .visually-hidden")) continue;
    const box = target(el).getBoundingClientRect();
    if (box.height < MIN - 0.5 || box.width < MIN - 0.5) {
      const size = `${Math.round(box.width)}x${Math.round(box.height)}`;
      found.push(`${el.outerHTML.slice(0, 90)} is ${size}`);
    }
  }
  return found;
}
"""

PAGES = [
    "/",
    "/news/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/location/",
    "/search/?q=harbour",
    "/no-such-page/",
    "/weather/cape-town/",
    "/traffic/cape-town/",
    "/multimedia/",
    "/community/",
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_touch_target_is_44_px_on_a_phone(browser, live_network, site_url):
    for n in range(6):
        f.make_article(live_network["world"], title=f"Harbour story {n}", lead_image=f.make_image())
    f.make_gallery(live_network["world"], images=[f.make_image()], title="Harbour in pictures")
    make_member("reader")
    places = make_world()
    weather_refresh(place=places["cape_town"], provider=DemoWeather())
    make_alert(places["cape_town"], severity="severe", direction="both", road="N2")
    make_alert(places["western_cape"], severity="minor", kind="roadworks", road="R44")
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    too_small = {}
    for path in PAGES:
        tab.goto(site_url("localhost", path))
        tab.wait_for_load_state("load")
        tab.wait_for_timeout(500)  # the per-reader fragments
        found = tab.evaluate(MEASURE, MINIMUM)
        if found:
            too_small[path] = found
    # The measure sees targets at all: with an absurd minimum every page fails.
    assert tab.evaluate(MEASURE, 400)
    context.close()
    assert not too_small, "\n".join(f"{p}: {t}" for p, ts in too_small.items() for t in ts)
