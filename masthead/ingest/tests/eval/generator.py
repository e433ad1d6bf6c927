# ruff: noqa: E501 - sentence templates and HTML layouts read better unwrapped
"""Article pages written by our own code in several site layouts, with the fields we expect.

Deterministic (seeded): the same cases every run, so the figures in docs/ingest.md can be
reproduced and the floors in test_evaluation.py only move when the extractor changes. Each
case comes as the saved HTML and as the plain text a reader would copy out of the browser.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from lxml import etree
from lxml import html as lxml_html

PLACES = ["Ankara", "Istanbul", "Lyon", "Leeds", "Porto", "Nairobi", "Gdansk", "Valencia",
          "Rotterdam", "Bergen", "Dundee", "Toulouse", "Tampere", "Cork", "Graz", "Malmo"]  # fmt: skip
PEOPLE = ["Ayla Demir", "Jonas Berg", "Maria Costa", "Tom Hale", "Ines Duarte", "Kemal Aksoy",
          "Sara Lind", "Omar Haddad", "Clara Novak", "Peter Vance", "Lena Fischer", "Yusuf Kaya"]  # fmt: skip
AGENCIES = ["AFP", "Reuters", "AP", "EPA", "dpa"]
ORGS = ["the interior ministry", "the city council", "the port authority", "the central bank",
        "the health service", "the transport union", "the regional court", "the energy regulator"]  # fmt: skip
SUBJECTS = ["flood defences", "bus fares", "the harbour bridge", "school meals", "rail strikes",
            "housing permits", "the water supply", "night trains", "wind farms", "air quality"]  # fmt: skip
VERBS = ["announced new rules on", "opened an inquiry into", "voted to expand", "warned about",
         "agreed to review", "set aside funds for", "delayed a decision on", "criticised plans for"]  # fmt: skip
TAGS = ["politics", "transport", "economy", "environment", "health", "courts", "housing",
        "energy", "weather", "education", "europe", "turkey", "strikes", "budget"]  # fmt: skip
HEADS = ["What happens next", "A long dispute", "Reaction from residents", "The cost",
         "Earlier warnings", "Opposition response", "Background", "A second vote"]  # fmt: skip
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip


@dataclass
class Expected:
    headline: str
    standfirst: str
    published_at: datetime
    dateline: str
    byline: str
    caption: str
    credit: str
    tags: list[str]
    blocks: list[tuple[str, str]] = field(default_factory=list)  # (kind, text)


@dataclass
class EvalCase:
    name: str
    layout: str
    html: str
    text: str
    expected: Expected


class _Writer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def sentence(self, place: str) -> str:
        r = self.rng
        forms = [
            f"{r.choice(ORGS).capitalize()} {r.choice(VERBS)} {r.choice(SUBJECTS)} on {r.choice(['Monday', 'Tuesday', 'Friday'])}, officials in {place} said.",
            f"{r.choice(PEOPLE)}, who has followed the case for years, said the decision on {r.choice(SUBJECTS)} was overdue and would be challenged.",
            f"Figures published by {r.choice(ORGS)} show that spending on {r.choice(SUBJECTS)} rose by {r.randint(3, 40)} percent over {r.randint(2, 9)} years.",
            f"\u201cWe have waited long enough for {r.choice(SUBJECTS)},\u201d {r.choice(PEOPLE)} told reporters outside the building.",
            f"The plan, which covers {r.randint(2, 60)} districts, still needs the approval of {r.choice(ORGS)} before it can take effect.",
            f"Critics say {r.choice(ORGS)} ignored earlier warnings about {r.choice(SUBJECTS)} and the people of {r.choice(PLACES)}.",
        ]
        return r.choice(forms)

    def paragraph(self, place: str) -> str:
        return " ".join(self.sentence(place) for _ in range(self.rng.randint(1, 3)))


def _story(rng: random.Random, number: int) -> Expected:
    writer = _Writer(rng)
    place = rng.choice(PLACES)
    agency = rng.choice(AGENCIES)
    subject = rng.choice(SUBJECTS)
    headline = f"{rng.choice(ORGS).capitalize()} {rng.choice(VERBS)} {subject} in {place}"
    headline = headline[0].upper() + headline[1:]
    standfirst = f"{writer.sentence(place)}" if rng.random() < 0.8 else ""
    published = datetime(2016, 1, 1, tzinfo=UTC) + timedelta(
        days=rng.randint(0, 360), hours=rng.randint(6, 22), minutes=rng.randint(0, 59)
    )
    blocks: list[tuple[str, str]] = []
    heads = rng.sample(HEADS, k=rng.randint(0, 2))
    count = rng.randint(4, 8)
    for index in range(count):
        if heads and index in (2, 5):
            blocks.append(("subheading", heads.pop()))
        blocks.append(("paragraph", writer.paragraph(place)))
    photographer = rng.choice(PEOPLE)
    return Expected(
        headline=headline,
        standfirst=standfirst,
        published_at=published,
        dateline=place,
        byline=rng.choice(PEOPLE) if rng.random() < 0.7 else "",
        caption=f"{rng.choice(PEOPLE)} speaks to residents in {place} on {subject}.",
        credit=f"{photographer}/{agency}",
        tags=rng.sample(TAGS, k=rng.randint(2, 4)),
        blocks=blocks,
    )


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _human_time(when: datetime, style: int) -> str:
    month = MONTHS[when.month - 1]
    if style == 0:
        return f"{when.day} {month} {when.year} {when:%H:%M} GMT"
    if style == 1:
        hour = when.hour % 12 or 12
        return f"{month} {when.day}, {when.year} {hour}:{when:%M} {'pm' if when.hour >= 12 else 'am'} UTC"
    return f"Updated {when:%H:%M} GMT, {when:%A} {when.day} {month} {when.year}"


def _first_paragraph_with_dateline(exp: Expected, agency: str, style: int) -> list[tuple[str, str]]:
    blocks = list(exp.blocks)
    kind, text = blocks[0]
    if style == 0:
        prefix = f"{exp.dateline.upper()} - "
    elif style == 1:
        prefix = f"{exp.dateline.upper()} ({agency}) \u2014 "
    else:
        prefix = f"{exp.dateline} ({agency}) - "
    blocks[0] = (kind, prefix + text)
    return blocks


def _body_html(blocks: list[tuple[str, str]], heading: str = "h2") -> str:
    out = []
    for kind, text in blocks:
        if kind == "subheading":
            out.append(f"<{heading}>{_e(text)}</{heading}>" if heading != "strong"
                       else f"<p><strong>{_e(text)}</strong></p>")  # fmt: skip
        else:
            out.append(f"<p>{_e(text)}</p>")
    return "\n".join(out)


NAV = (
    "<ul class='menu'>"
    + "".join(
        f"<li><a href='/{s.lower().replace(' ', '-')}/'>{s}</a></li>"
        for s in [
            "Home",
            "News",
            "World",
            "Business",
            "Sport",
            "Multimedia",
            "User Galleries",
            "News in Pictures",
            "Send us your pictures",
            "Send us your stories",
        ]
    )
    + "</ul>"
)
LOGIN = ("<div class='login-panel'><p>Log in with Facebook to comment and personalise news, weather "
         "and listings</p><a href='/login/'>Sign in</a> <a href='/register/'>Create Profile</a>"
         "<p>The username must be unique, cannot be edited and is used in the URL to your profile "
         "page across the entire network.</p></div>")  # fmt: skip
LOCATION = ("<div class='location-settings'><h3>Location Settings</h3><p>Select a location for each "
            "component</p><select><option>Leeds</option><option>Cork</option></select></div>")  # fmt: skip
CONVERSATION = ("<div class='comments'><h3>Join the conversation</h3><p>Contributions of 200 words or "
                "more will be considered for publication. Editorial discretion applies; please read our "
                "comments policy before you post.</p></div>")  # fmt: skip
COOKIES = ("<div id='cookie-notice'><p>We use cookies to improve your experience on our site and to "
           "show you relevant advertising. By continuing you agree to our cookie policy.</p>"
           "<button>Accept all cookies</button></div>")  # fmt: skip
NEW_STORIES = (
    "<div class='live-notice'>There are new stories on the homepage. Click here to see them.</div>"
)
TRAFFIC = ("<div class='traffic'><h4>Traffic Alerts</h4><p>Lane closed on the ring road after a "
           "collision near the harbour bridge.</p></div>")  # fmt: skip


def _rail(rng: random.Random, title: str) -> str:
    writer = _Writer(rng)
    items = "".join(
        f"<li><a href='/news/{n}/'>{_e(writer.sentence(rng.choice(PLACES)))}</a></li>"
        for n in range(4)
    )
    return f"<aside class='rail'><h3>{title}</h3><ul>{items}</ul></aside>"


def _tags_html(tags: list[str], style: int) -> str:
    links = [f"<a href='/tag/{t}/' rel='tag'>{t}</a>" for t in tags]
    if style == 0:
        return f"<p class='read-more-on'>Read more on: {' | '.join(links)}</p>"
    if style == 1:
        return f"<div class='tags'><span>Tags:</span> {', '.join(links)}</div>"
    return f"<p>Topics: {' | '.join(tags)}</p>"


def _figure(exp: Expected, style: int) -> str:
    # A picture file (a 1x1 GIF here would be a tracking pixel, which is never a lead picture).
    src = "/media/photos/lead-picture.jpg"
    if style == 0:
        return (f"<figure><img src='{src}' alt='{_e(exp.caption)}'><figcaption>{_e(exp.caption)} "
                f"<span class='credit'>Photo: {_e(exp.credit)}</span></figcaption></figure>")  # fmt: skip
    if style == 1:
        return (f"<div class='photo'><img src='{src}'><p class='caption'>{_e(exp.caption)} "
                f"({_e(exp.credit)})</p></div>")  # fmt: skip
    return f"<figure><img src='{src}'><figcaption>{_e(exp.caption)} Picture: {_e(exp.credit)}</figcaption></figure>"


def layout_portal(exp: Expected, rng: random.Random) -> str:
    """The 2016 portal: furniture everywhere, the story in a plain div, no <article>."""
    agency = exp.credit.split("/")[-1]
    blocks = _first_paragraph_with_dateline(exp, agency, 1)
    standfirst = f"<p class='standfirst'>{_e(exp.standfirst)}</p>" if exp.standfirst else ""
    byline = f"<p class='byline'>By {_e(exp.byline)}</p>" if exp.byline else ""
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{_e(exp.headline)} | The Daily Portal</title></head><body>
<div id="top">{NAV}{LOGIN}{LOCATION}</div>{NEW_STORIES}
<div id="content"><div class="story">
<h1>{_e(exp.headline)}</h1>{standfirst}{byline}
<p class="timestamp">{_e(_human_time(exp.published_at, 0))}</p>
{_figure(exp, 0)}
{_body_html(blocks, "h3")}
{_tags_html(exp.tags, 0)}
</div>{CONVERSATION}{_rail(rng, "Most Read")}{TRAFFIC}</div>
<div id="footer"><p>\u00a9 2016 The Daily Portal. All rights reserved.</p>{NAV}</div></body></html>"""


def layout_semantic(exp: Expected, rng: random.Random) -> str:
    """A modern page: <article>, <time datetime>, JSON-LD, a cookie banner and a related rail."""
    agency = exp.credit.split("/")[-1]
    blocks = _first_paragraph_with_dateline(exp, agency, 0)
    standfirst = f"<p class='article-summary'>{_e(exp.standfirst)}</p>" if exp.standfirst else ""
    byline = (
        f"<address class='author'>By <a rel='author' href='/a/'>{_e(exp.byline)}</a></address>"
        if exp.byline
        else ""
    )
    iso = exp.published_at.isoformat()
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{_e(exp.headline)} - Morning Herald</title>
<meta property="og:title" content="{_e(exp.headline)} - Morning Herald">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{_e(exp.headline)}", "datePublished": "{iso}"}}</script>
</head><body>{COOKIES}<header>{NAV}<form><input name="q"><button>Search</button></form></header>
<main><article><header><h1>{_e(exp.headline)}</h1>{standfirst}{byline}
<time datetime="{iso}">{_e(_human_time(exp.published_at, 1))}</time></header>
{_figure(exp, 0)}
<div class="article-body">{_body_html(blocks, "h2")}</div>
<footer>{_tags_html(exp.tags, 1)}<div class="share">Share this story <a href="#">Facebook</a> <a href="#">Twitter</a></div></footer>
</article>{_rail(rng, "Related stories")}</main>
<footer>{LOGIN}<p>Copyright 2016 Morning Herald</p></footer></body></html>"""


def layout_legacy(exp: Expected, rng: random.Random) -> str:
    """A table layout with <font>, <br><br> paragraphs and bold subheadings."""
    agency = exp.credit.split("/")[-1]
    blocks = _first_paragraph_with_dateline(exp, agency, 2)
    body = "<br><br>\n".join(f"<b>{_e(t)}</b>" if k == "subheading" else _e(t) for k, t in blocks)
    standfirst = f"<i class='intro'>{_e(exp.standfirst)}</i><br><br>" if exp.standfirst else ""
    byline = f"<span class='author'>by {_e(exp.byline)}</span><br>" if exp.byline else ""
    return f"""<html><head><title>{_e(exp.headline)}</title>
<meta name="description" content="{_e(exp.standfirst)}"></head><body>
<table width="100%"><tr><td class="nav">{NAV}</td></tr><tr><td>{LOGIN}</td></tr>
<tr><td class="main"><font size="5"><h1>{_e(exp.headline)}</h1></font>
{byline}<span class="date">{_e(_human_time(exp.published_at, 2))}</span><br>
{_figure(exp, 1)}
<div class="storytext">{standfirst}{body}</div>
{_tags_html(exp.tags, 2)}
</td><td class="side">{LOCATION}{_rail(rng, "Read also")}{TRAFFIC}</td></tr>
<tr><td>{CONVERSATION}<p>Back to top</p></td></tr></table></body></html>"""


def layout_blog(exp: Expected, rng: random.Random) -> str:
    """A blog-style post: a newsletter box inside the article and readers' comments below."""
    agency = exp.credit.split("/")[-1]
    blocks = _first_paragraph_with_dateline(exp, agency, 0)
    writer = _Writer(rng)
    comments = "".join(
        f"<li class='comment'><p class='comment-author'>{rng.choice(PEOPLE)}</p>"
        f"<p>{_e(writer.paragraph(rng.choice(PLACES)))}</p></li>"
        for _ in range(3)
    )
    standfirst = f"<p class='lead'>{_e(exp.standfirst)}</p>" if exp.standfirst else ""
    byline = f"<span class='byline'>by {_e(exp.byline)}</span>" if exp.byline else ""
    half = len(blocks) // 2
    return f"""<!DOCTYPE html><html><head><title>{_e(exp.headline)} &middot; City Blog</title></head>
<body><div class="site-header">{NAV}</div><div class="wrap"><div class="post">
<h1 class="entry-title">{_e(exp.headline)}</h1>
<div class="meta">{byline} <span class="posted-on">{_e(_human_time(exp.published_at, 0))}</span></div>
{standfirst}{_figure(exp, 2)}
<div class="entry-content">{_body_html(blocks[:half], "strong")}
<div class="newsletter"><h4>Sign up for our newsletter</h4><p>Get the day's stories in your inbox every morning.</p></div>
{_body_html(blocks[half:], "strong")}</div>
{_tags_html(exp.tags, 1)}
</div><div id="comments"><h3>3 comments</h3><ol>{comments}</ol>{CONVERSATION}</div>
{_rail(rng, "More from the blog")}</div>{COOKIES}</body></html>"""


def layout_wire(exp: Expected, rng: random.Random) -> str:
    """An agency-style page: dateline element, headline only in the title, a trending rail."""
    agency = exp.credit.split("/")[-1]
    blocks = _first_paragraph_with_dateline(exp, agency, 1)
    standfirst = f"<h2 class='subtitle'>{_e(exp.standfirst)}</h2>" if exp.standfirst else ""
    byline = f"<div class='byline'>By {_e(exp.byline)}, {agency}</div>" if exp.byline else ""
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{_e(exp.headline)}</title>
<meta property="article:published_time" content="{exp.published_at.isoformat()}">
<meta name="keywords" content="{", ".join(exp.tags)}"></head><body>
{NAV}{NEW_STORIES}<div role="main"><div class="headline-box"><h1>{_e(exp.headline)}</h1>{standfirst}</div>
{byline}<div class="time">{_e(_human_time(exp.published_at, 1))}</div>
{_figure(exp, 1)}
<div itemprop="articleBody">{_body_html(blocks, "h3")}</div>
{_tags_html(exp.tags, 0)}</div>
{_rail(rng, "Trending")}{LOCATION}{LOGIN}{CONVERSATION}</body></html>"""


def layout_magazine(exp: Expected, rng: random.Random) -> str:
    """Written after the extractor was tuned on the others, and kept as a held-out check:
    no dateline prefix, an unclassed standfirst, byline and time on one line, an inline
    "READ MORE" link and an advertisement slot inside the body, the caption after the body."""
    writer = _Writer(rng)
    exp.dateline = ""  # this layout writes no dateline, so none can be found
    blocks = list(exp.blocks)
    body = []
    for index, (kind, text) in enumerate(blocks):
        body.append(f"<h4>{_e(text)}</h4>" if kind == "subheading" else f"<p>{_e(text)}</p>")
        if index == 1:
            body.append(
                f"<p><a href='/news/1/'>READ MORE: {_e(writer.sentence(rng.choice(PLACES)))}</a></p>"
            )
        if index == 3:
            body.append("<div class='ad-slot'><span>Advertisement</span></div>")
    standfirst = f"<p><em>{_e(exp.standfirst)}</em></p>" if exp.standfirst else ""
    who = f"By {_e(exp.byline)} | " if exp.byline else ""
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{_e(exp.headline)} | Weekly</title>
</head><body>{NAV}{COOKIES}<div class="page"><section class="story-wrap">
<h1 class="hed">{_e(exp.headline)}</h1>{standfirst}
<p class="meta">{who}{_e(_human_time(exp.published_at, 0))}</p>
<div class="text">{"".join(body)}</div>
<figure><img src="/media/photos/lead-picture.jpg"><figcaption>{_e(exp.caption)} Photograph: {_e(exp.credit)}</figcaption></figure>
{_tags_html(exp.tags, 1)}</section>{_rail(rng, "You might also like")}{CONVERSATION}</div></body></html>"""


def layout_broadsheet(exp: Expected, rng: random.Random) -> str:
    """Written after tuning on all the others and kept out of tuning: a dateline in its own
    <strong>, a <div> standfirst with an unfamiliar class, the byline as "Words: X", the time in
    an attribute-free <span> after the picture, body paragraphs in <div>s, a pull quote."""
    writer = _Writer(rng)
    agency = exp.credit.split("/")[-1]
    body = []
    for index, (kind, text) in enumerate(exp.blocks):
        if kind == "subheading":
            body.append(f"<h2 class='crosshead'>{_e(text)}</h2>")
        elif index == 0:
            body.append(
                f"<div class='para'><strong>{_e(exp.dateline.upper())}</strong> ({agency}) - {_e(text)}</div>"
            )
        else:
            body.append(f"<div class='para'>{_e(text)}</div>")
        if index == 2:
            body.append(
                f"<blockquote class='pull'>{_e(writer.sentence(rng.choice(PLACES)))}</blockquote>"
            )
    standfirst = f"<div class='story-strap'>{_e(exp.standfirst)}</div>" if exp.standfirst else ""
    byline = f"<p>Words: {_e(exp.byline)}</p>" if exp.byline else ""
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{_e(exp.headline)}</title></head>
<body>{NAV}{LOGIN}<div id="wrapper"><div class="col-main"><h1>{_e(exp.headline)}</h1>{standfirst}{byline}
<div class="pic"><img src="/media/photos/lead-picture.jpg"><small>{_e(exp.caption)} ({_e(exp.credit)})</small></div>
<span>{_e(_human_time(exp.published_at, 2))}</span>
{"".join(body)}
{_tags_html(exp.tags, 0)}</div><div class="col-side">{_rail(rng, "Most Read")}{LOCATION}</div></div>
{CONVERSATION}{COOKIES}</body></html>"""


# Layouts the extractor was tuned on, and the one kept aside to show how it does on the unseen.
# ("magazine" was the held-out layout of the first round; "broadsheet" that of the second.)
HELD_OUT = ("broadsheet",)

LAYOUTS = {
    "portal": layout_portal,
    "semantic": layout_semantic,
    "legacy": layout_legacy,
    "blog": layout_blog,
    "wire": layout_wire,
    "magazine": layout_magazine,
    "broadsheet": layout_broadsheet,
}

_BLOCK_ELEMENTS = {"p", "div", "h1", "h2", "h3", "h4", "li", "tr", "figcaption", "figure",
                   "header", "footer", "article", "aside", "section", "address", "form", "table",
                   "ul", "ol", "main", "time", "option"}  # fmt: skip


def copied_text(markup: str) -> str:
    """Roughly what a browser puts on the clipboard after select-all and copy."""
    root = lxml_html.document_fromstring(markup)
    for element in root.iter("script", "style", "head", "title"):
        element.drop_tree() if element.getparent() is not None else None
    parts: list[str] = []

    def walk(element: etree._Element) -> None:
        if not isinstance(element.tag, str):
            return
        block = element.tag in _BLOCK_ELEMENTS
        if block:
            parts.append("\n")
        if element.tag == "br":
            parts.append("\n")
        parts.append(element.text or "")
        for child in element:
            walk(child)
            parts.append(child.tail or "")
        if block:
            parts.append("\n")

    walk(root)
    lines = ["".join(line.split("\t")).strip() for line in "".join(parts).split("\n")]
    return "\n".join(line for line in lines if line)


def generate(*, per_layout: int = 8, seed: int = 2016) -> list[EvalCase]:
    rng = random.Random(seed)
    cases = []
    for layout, write in LAYOUTS.items():
        for number in range(per_layout):
            expected = _story(rng, number)
            markup = write(expected, rng)
            cases.append(
                EvalCase(
                    name=f"{layout}-{number}",
                    layout=layout,
                    html=markup,
                    text=copied_text(markup),
                    expected=expected,
                )
            )
    return cases
