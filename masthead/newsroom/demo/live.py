"""The demo's live blog: a storm crossing the Cape told in a few dozen short updates, composed
from our own phrase lists (deterministic for a seed, never copied)."""

from __future__ import annotations

import random
from dataclasses import dataclass

HEADLINE = "Live: storm crosses the Cape as roads close and power fails"
STANDFIRST = (
    "Our reporters follow the storm across the Western Cape: closures, outages, rescues and "
    "what the weather service says next."
)
PLACES = ["Cape Town", "Stellenbosch", "Paarl", "Hermanus", "Somerset West", "George", "Knysna"]
OPENINGS = [
    "Wind gusts of {gust} km/h have been measured in {place}.",
    "Rain has not let up in {place} for {hours} hours.",
    "Residents of {place} report fallen trees across several streets.",
    "Traffic officers in {place} are turning cars back at the main junction.",
    "The power utility says {homes:,} homes around {place} are without electricity.",
    "Emergency crews in {place} have opened a hall for families who left their homes.",
    "Schools in {place} will stay closed tomorrow, the education department says.",
    "Our reporter in {place} describes water running ankle-deep along the main road.",
]
FOLLOW_UPS = [
    "Officials ask people to stay indoors until the warning is lifted.",
    "No injuries have been reported so far.",
    "Crews expect to work through the night.",
    "Readers have sent pictures of flooded gardens and blocked drains.",
    "The weather service expects the worst of it within the next two hours.",
    "Taxi ranks are quieter than usual as commuters wait it out.",
]
KEY_EVENTS = [
    "Orange warning issued for the whole province",
    "Coastal road closed between {place} and the harbour",
    "Thousands without power after substation floods",
    "Rescue teams reach families stranded in {place}",
    "Storm begins to weaken, says the weather service",
    "Schools to reopen on Wednesday",
]
QUOTES = [
    ("We have never seen the river this high in March.", "A farmer near {place}"),
    ("Please keep off the roads unless your journey cannot wait.", "A provincial traffic chief"),
    ("Every team we have is out there tonight.", "The city's disaster manager"),
]
PINNED = (
    "What you need to know",
    "<p>Stay indoors where you can. Report fallen power lines on the utility's number, never "
    "touch them. Check <b>road closures</b> before any journey. We update this page as news "
    "comes in.</p>",
)


@dataclass
class DemoUpdate:
    minutes_ago: int
    headline: str
    body: str
    key_event: bool = False
    quote: tuple[str, str] | None = None
    picture: bool = False


def updates(rng: random.Random, count: int = 36) -> list[DemoUpdate]:
    """``count`` updates, oldest first, a few minutes apart over the last hours; every sixth is
    a key event with a headline, some carry a quote or a picture."""
    made: list[DemoUpdate] = []
    minutes = count * 7
    for i in range(count):
        minutes -= rng.randint(3, 10)
        place = rng.choice(PLACES)
        # Each number in the range its sentence makes believable (one range for all once gave
        # "Rain has not let up for 7925 minutes").
        numbers = {
            "gust": rng.randint(60, 130),
            "hours": rng.randint(2, 9),
            "homes": rng.randint(4, 90) * 100,
        }
        opening = rng.choice(OPENINGS).format(place=place, **numbers)
        body = f"<p>{opening} {rng.choice(FOLLOW_UPS)}</p>"
        key = i % 6 == 2
        headline = KEY_EVENTS[(i // 6) % len(KEY_EVENTS)].format(place=place) if key else ""
        quote = None
        if i % 9 == 4:
            said, who = rng.choice(QUOTES)
            quote = (said, who.format(place=place))
        made.append(DemoUpdate(max(minutes, 1), headline, body, key, quote, picture=i % 8 == 5))
    return made
