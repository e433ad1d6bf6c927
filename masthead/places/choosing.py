"""Turning the Location Settings form into places: a chosen slug, or a name to look up."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from masthead.places import selectors
from masthead.places.models import COMPONENT_LABELS, COMPONENTS, Place, fold

# Keys the form itself sends besides the components' fields.
_FORM_KEYS = {"csrfmiddlewaretoken", "save"}


@dataclass
class Choice:
    """What the reader asked for one component, and what came of it."""

    component: str
    text: str = ""
    place: Place | None = None
    candidates: list[Place] = field(default_factory=list)
    error: str = ""

    @property
    def label(self) -> str:
        return COMPONENT_LABELS[self.component]


@dataclass
class Outcome:
    choices: dict[str, Choice]
    # Messages that belong to no component (a forged field name).
    errors: list[str] = field(default_factory=list)

    @property
    def chosen(self) -> dict[str, Place]:
        return {c: ch.place for c, ch in self.choices.items() if ch.place is not None}

    @property
    def ok(self) -> bool:
        return not self.errors and not any(
            ch.error or ch.candidates for ch in self.choices.values()
        )


def _matches(text: str, place: Place) -> bool:
    folded = fold(text)
    return folded in {fold(place.name), fold(place.label), fold(place.slug)}


def read_form(data: Mapping[str, str]) -> Outcome:
    """For each component: ``<c>`` is the slug a suggestion (or the last save) put there and
    ``<c>-q`` the text in the box. A slug whose text still names it wins; otherwise the text
    is looked up: one place, or one place by exactly that name, is taken; several make the
    reader choose; none is an error. A component left empty keeps what it had."""
    outcome = Outcome(choices={})
    known = (
        _FORM_KEYS
        | set(COMPONENTS)
        | {f"{c}-q" for c in COMPONENTS}
        | {f"{c}-pick" for c in COMPONENTS}
    )
    for key in data:
        if key not in known:
            name = key.removesuffix("-q").removesuffix("-pick")
            outcome.errors.append(
                f"“{name[:40]}” is not a location component; nothing was saved for it."
            )
    for component in COMPONENTS:
        slug = (data.get(component) or "").strip()
        text = (data.get(f"{component}-q") or "").strip()[:200]
        choice = Choice(component=component, text=text)
        outcome.choices[component] = choice
        picked = (data.get(f"{component}-pick") or "").strip()
        if picked:
            # One of the places offered when the text matched several.
            choice.place = Place.objects.filter(slug=picked).first()
            if choice.place is None:
                choice.error = f"We do not know a place called “{picked[:60]}”."
            continue
        if not slug and not text:
            continue
        if slug:
            try:
                place = selectors.place_get(slug=slug)
            except Place.DoesNotExist:
                place = None
            if place is not None and (not text or _matches(text, place)):
                choice.place = place
                continue
            if place is None and (not text or fold(text) == fold(slug)):
                choice.error = f"We do not know a place called “{slug[:60]}”. Please search again."
                continue
        found = selectors.place_search(q=text, limit=8)
        exact = [p for p in found if fold(p.name) == fold(text)]
        if len(found) == 1:
            choice.place = found[0]
        elif len(exact) == 1:
            choice.place = exact[0]
        elif found:
            choice.candidates = exact or found
            choice.error = f"Several places match “{text}”: choose one."
        else:
            choice.error = f"We could not find a place called “{text}”."
    return outcome
