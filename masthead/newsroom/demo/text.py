"""Composes demo news copy from our own word lists: plausible, deterministic, never copied."""

from __future__ import annotations

import random
from dataclasses import dataclass

PLACES = [
    "Ankara",
    "Lisbon",
    "Nairobi",
    "Cape Town",
    "Osaka",
    "Toronto",
    "Glasgow",
    "Valparaiso",
    "Tromso",
    "Hanoi",
    "Porto",
    "Accra",
    "Leeds",
    "Cork",
    "Bergen",
    "Auckland",
    "Krakow",
    "Bilbao",
    "Dundee",
    "Perth",
    "Quito",
    "Seville",
    "Gdansk",
    "Malmo",
]
ACTORS = [
    "the city council",
    "the transport ministry",
    "union leaders",
    "the central bank",
    "local residents",
    "the regional health board",
    "opposition parties",
    "the port authority",
    "a group of engineers",
    "the national statistics office",
    "farmers' cooperatives",
    "the football association",
    "shop owners",
    "the weather service",
    "university researchers",
    "the coastguard",
    "museum curators",
    "the energy regulator",
]
VERBS = [
    "announced",
    "rejected",
    "delayed",
    "approved",
    "questioned",
    "unveiled",
    "defended",
    "reviewed",
    "expanded",
    "scrapped",
    "welcomed",
    "challenged",
]
OBJECTS = [
    "a plan for new tram lines",
    "a rise in water charges",
    "the harbour redevelopment",
    "a four-day school week",
    "emergency flood barriers",
    "the late-night bus service",
    "a tax break for small firms",
    "a ban on single-use cups",
    "the stadium expansion",
    "a review of hospital waiting times",
    "the bridge repair programme",
    "plans for a solar farm",
    "a cap on short-term lets",
    "the new cycling network",
    "a pay offer for nurses",
    "the sale of the old post office",
]
DETAILS = [
    "Officials said the first phase would begin next spring.",
    "Critics argue the cost has been underestimated by a wide margin.",
    "The proposal will be debated again at next month's meeting.",
    "Figures released on Tuesday showed a sharp change from last year.",
    "Several hundred people attended a public meeting on the issue.",
    "The decision follows two years of consultation with local groups.",
    "A spokesperson said further details would be published online.",
    "Business groups gave the announcement a cautious welcome.",
    "Independent analysts expect the effect to be felt within months.",
    "Residents have been invited to comment before the end of the year.",
    "The scheme is expected to create dozens of jobs in the area.",
    "Earlier attempts to settle the matter ended without agreement.",
]
QUOTES = [
    "We have listened carefully and this is the right decision for the city.",
    "Nobody asked the people who will actually have to live with this.",
    "It is a first step, but there is a long way still to go.",
    "The numbers simply do not add up, and everyone knows it.",
    "This will change how people get around for a generation.",
]
FIRST_NAMES = [
    "Ada",
    "Bruno",
    "Chidi",
    "Dana",
    "Elif",
    "Farah",
    "Goran",
    "Hana",
    "Ines",
    "Jonas",
    "Kemal",
    "Lena",
    "Mateo",
    "Nora",
    "Omar",
    "Priya",
    "Rui",
    "Sofia",
    "Tomas",
    "Yara",
]
LAST_NAMES = [
    "Arden",
    "Bekova",
    "Castell",
    "Dunmore",
    "Eriksen",
    "Ferrow",
    "Galant",
    "Hollis",
    "Ivers",
    "Jalloh",
    "Kestrel",
    "Lindqvist",
    "Marlow",
    "Novak",
    "Okafor",
    "Pryce",
]
TOPICS = [
    "transport",
    "housing",
    "health",
    "energy",
    "education",
    "climate",
    "economy",
    "courts",
    "culture",
    "football",
    "tennis",
    "elections",
    "technology",
    "farming",
]


@dataclass
class Story:
    headline: str
    standfirst: str
    dateline: str
    paragraphs: list[str]
    subheadings: list[str]
    quote: str
    tags: list[str]


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def story(rng: random.Random, *, topic_hint: str | None = None) -> Story:
    place = rng.choice(PLACES)
    actor = rng.choice(ACTORS)
    verb = rng.choice(VERBS)
    obj = rng.choice(OBJECTS)
    headline = f"{place}: {actor.capitalize()} {verb} {obj}"
    standfirst = (
        f"The move by {actor} in {place} has divided opinion, "
        f"with supporters and critics both claiming the evidence is on their side."
    )
    paragraphs = []
    for _ in range(rng.randint(5, 9)):
        sentences = [rng.choice(DETAILS) for _ in range(rng.randint(2, 4))]
        paragraphs.append(" ".join(dict.fromkeys(sentences)))
    paragraphs[0] = (
        f"{actor.capitalize()} {verb} {obj} on Monday, after weeks of argument over "
        f"what it would mean for people in {place}. " + paragraphs[0]
    )
    topics = {topic_hint} if topic_hint else set()
    while len(topics) < rng.randint(2, 4):
        topics.add(rng.choice(TOPICS))
    return Story(
        headline=headline[:250],
        standfirst=standfirst,
        dateline=place,
        paragraphs=paragraphs,
        subheadings=["What happens next", "Reaction", "Background"][: rng.randint(1, 3)],
        quote=rng.choice(QUOTES),
        tags=[place, *sorted(topics)],
    )


def rng_detail(rng: random.Random) -> str:
    return rng.choice(["early morning", "late afternoon", "after the rain", "on market day"])
