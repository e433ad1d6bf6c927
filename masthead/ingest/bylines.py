"""People's names out of bylines as agencies and pages write them.

"Richard Adams Education editor", "Helena Smith in Athens", "By Jonas Berg, AFP" name one
person each; "The Sports Network", "CNN Wire Staff" and "futurezone/KN" name none (an
organisation is credited as the agency, never made an author).
"""

from __future__ import annotations

import re

from masthead.ingest.text import clean_text

# Words that make a byline an organisation's: no person is called "… Network".
_ORGANISATION = re.compile(
    r"""\b(
        network|news|newsroom|press|agency|agence|agentur|presse|wire|service|services|staff
      | desk|bureau|team|media|group|associated|reuters|bloomberg|afp|dpa|ap|upi|pa|anp|ansa
      | efe|tass|xinhua|kyodo|yonhap|times|post|daily|herald|tribune|gazette|journal|magazine
      | radio|tv|television|channel|online|digital|editorial|editors?|correspondents?|reporting
      | redaktion|rédaction|redacción|redazione|contributors?|partners?|sponsored|inc|ltd|llc
      | corporation|company|foundation|institute|university|council|ministry|department
      | cnn|bbc|nbc|abc|cbs|fox|espn|sky|itv|npr|pbs|nyt|wsj|usa\s?today|desk|wires?
    )\b""",
    re.I | re.X,
)
# A job title after the name ("Education editor", ", Political Correspondent"), or where the
# writer filed from ("in Athens"): not part of the name.
_ROLE = re.compile(
    r"""[\s,–—|-]+(
        (?:(?:senior|chief|deputy|associate|assistant|contributing|executive|managing|special
          |staff|political|economics|economic|education|health|science|technology|tech|business
          |sports?|foreign|home|diplomatic|defence|defense|security|legal|arts|culture|media
          |environment|transport|social\saffairs|consumer|crime|courts|investigations
          |investigative|world|europe|us|uk|africa|asia|middle\seast|north|south|east|west
          |washington|london|paris|berlin|brussels|moscow|beijing|white\shouse|data|digital
          |news|features|opinion|music|film|food|travel|fashion|money|property|motoring|city
          |markets|energy|religion|medical|royal|mobile|video|social\smedia|breaking\snews)\s)*
        (?:editor|correspondent|reporter|writer|columnist|journalist|contributor|producer
          |analyst|critic|commentator|photographer|presenter|anchor|blogger|intern|staff
          |editor-at-large|bureau\schief|chief|director|host)s?
        (?:\s(?:at|for|of|in)\s.*)?
      | (?:envoy[ée]e?s?\s+sp[ée]cia(?:l|le|ux|les)|correspondante?s?|journalistes?
          |r[ée]dact(?:eur|rice)s?|corresponsal(?:es)?|enviad[oa]s?\s+especial(?:es)?|redactor(?:a|es)?|korrespondent(?:in)?
          |redakteur(?:in)?|inviat[oa]|giornalista)(?:\s+(?:à|a|en|in|aus|desde|de|da)\s+.*)?
      | (?:in|à|en|aus|desde)\s[A-ZÀ-Þ][\w'’.-]+(?:\s[A-ZÀ-Þ][\w'’.-]+){0,2}
      | (?:AFP|AP|Reuters|REUTERS|EPA|dpa|PA|Anadolu|ANSA|EFE|Bloomberg)
      | for\s(?:the\s)?[A-Z][\w\s'’.-]{1,40}
    )\s*$""",
    re.I | re.X,
)
_PERSON = re.compile(r"^[^\W\d_][\w'’.-]*(?:\s[^\W\d_][\w'’.-]*){1,3}$")
_SEPARATORS = re.compile(r"\s*(?:,|;|&|\s/\s|\band\b|\bund\b|\bet\b|\boch\b|\by\b|\be\b)\s*", re.I)
_LOWER_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "del", "la", "le", "bin"}


def _titled(name: str) -> str:
    """ "John Smith" from "JOHN SMITH"; names already in mixed case stay as written."""
    if not name.isupper():
        return name
    words = []
    for word in name.split():
        lowered = word.lower()
        words.append(lowered if lowered in _LOWER_PARTICLES else word.title())
    return " ".join(words)


def _person(name: str) -> str:
    name = clean_text(name).strip(" .,;:|–—-")
    name = re.sub(r"^(?:by|von|par|por|di|door|av)\s+", "", name, flags=re.I)
    for _ in range(2):
        name = _ROLE.sub("", name).strip(" .,;:|–—-")
    if not _PERSON.match(name) or _ORGANISATION.search(name) or "/" in name:
        return ""
    words = name.split()
    if words[0].lower() == "the" or len(words) < 2:
        return ""
    if len(words) >= 3 and _big_place(words[-1]):
        name = " ".join(words[:-1])  # "Emilio de Benito Madrid": where the writer filed from
    return _titled(name)


def _big_place(word: str) -> bool:
    from masthead.ingest.places import default_gazetteer

    place = default_gazetteer().lookup(word)
    return place is not None and (place.kind == "country" or place.population >= 500_000)


def byline_people(byline: str) -> list[str]:
    """The people a byline names, in order ("A and B, Reuters" → [A, B])."""
    text = clean_text(byline)
    text = re.sub(r"^(?:by|von|par|por|di|door|av)\s+", "", text, flags=re.I)
    # "futurezone/KN", "Ozan Kose/AFP": a credit line; a person only before the slash (but
    # "A / B" with spaces names two people).
    text = re.sub(r"(?<=\S)/\S.*$", "", text)
    # The title first, so "Richard Adams, Education Editor" is one person, not two.
    text = _ROLE.sub("", text).strip(" ,")
    parts = [p for p in _SEPARATORS.split(text) if p and p.strip()]
    mixed_case = any(not p.isupper() for p in parts)
    people = []
    for part in parts:
        if mixed_case and part.isupper() and len(part.split()) > 1 and people:
            continue  # "Doug Stanglin, USA TODAY": the paper after the person, in capitals
        person = _person(part)
        if person and person not in people:
            people.append(person)
    return people


def is_organisation(byline: str) -> bool:
    """A byline that names an organisation ("The Sports Network", "Associated Press")."""
    text = clean_text(byline)
    return (
        bool(text)
        and not byline_people(text)
        and bool(_ORGANISATION.search(text) or text.lower().startswith("the "))
    )
