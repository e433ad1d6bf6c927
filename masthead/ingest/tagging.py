"""Tags suggested for an imported story: its places, the source's own keywords and the names
the text keeps coming back to. Editors see them on the draft and keep or drop them."""

from __future__ import annotations

import re
from collections import Counter

from masthead.ingest.places import Gazetteer, default_gazetteer
from masthead.ingest.story import WireStory

MAX_TAGS = 8
_NAME = re.compile(
    r"\b[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’-]+(?:\s+(?:of\s|de\s|von\s|al-)?[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’-]+){0,3}"
)
# Capitalised only because they open a sentence or a quote, or too general to be a tag.
_NOT_NAMES = {
    "the", "a", "an", "but", "and", "in", "on", "at", "he", "she", "it", "they", "we", "i",
    "this", "that", "there", "his", "her", "their", "its", "our", "for", "if", "as", "after",
    "when", "while", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "mr", "mrs", "ms", "dr", "critics",
    "figures", "officials", "police", "read", "photo", "file", "update", "der", "die", "das",
    "el", "la", "le", "les", "il", "en", "och", "det", "som",
    # Titles: "President Recep Erdogan" and "Recep Erdogan" are one name.
    "president", "prime", "minister", "chancellor", "mayor", "king", "queen", "pope", "general",
    "sir", "senator", "governor", "judge", "prof", "professor",
}  # fmt: skip


def _sentence_initial(text: str, position: int) -> bool:
    before = text[max(0, position - 3) : position].strip()
    return not before or before[-1] in '.!?"“”«»–—-:;*'


def _salient_names(story: WireStory, *, limit: int) -> list[str]:
    """Capitalised names the body keeps coming back to (twice or more), longest form first."""
    counts: Counter[str] = Counter()
    text = "\n".join([story.standfirst, *(b.text for b in story.body)])
    for match in _NAME.finditer(text):
        words = match.group(0).split()
        while words and words[0].casefold() in _NOT_NAMES:
            words = words[1:]
        name = " ".join(words)
        if len(name) < 4 or name.casefold() in _NOT_NAMES or (name.isupper() and len(words) == 1):
            continue
        if (
            len(words) == 1
            and _sentence_initial(text, match.start())
            and words == match.group(0).split()
        ):
            continue  # "Critics say…": capitalised by the sentence, not by being a name
        counts[name] += 1
    for name in list(counts):
        if name.casefold() in story.headline.casefold():
            counts[name] += 1
    chosen: list[str] = []
    for name, count in counts.most_common():
        if count < 2 or any(name in longer for longer in chosen):
            continue
        chosen = [c for c in chosen if c not in name] + [name]
        if len(chosen) >= limit:
            break
    return chosen


def suggest_tags(story: WireStory, *, gazetteer: Gazetteer | None = None) -> list[str]:
    """Up to MAX_TAGS tags, places first (matched against the gazetteer), then names/terms."""
    gazetteer = gazetteer or default_gazetteer()
    tags: dict[str, str] = {}

    def add(tag: str) -> None:
        tag = " ".join(tag.split())[:100]
        if tag and tag.casefold() not in tags and len(tags) < MAX_TAGS:
            tags[tag.casefold()] = tag

    for name in [story.dateline, *story.places]:
        place = gazetteer.lookup(name) if name else None
        if place:
            add(place.name)
    for place in gazetteer.find_in_text(
        " ".join([story.headline, story.standfirst, story.body_text])
    ):
        add(place.name)
    for keyword in story.keywords[:5]:
        add(keyword)
    for name in _salient_names(story, limit=4):
        add(name)
    return list(tags.values())
