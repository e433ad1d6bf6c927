"""Extension point for the demo network: other apps add their demo content here.

``newsroom`` imports none of the community or local apps; they register a step from their
``AppConfig.ready()`` and ``demo_network`` runs every step after the sites and stories exist,
inside the same transaction, so a failed step leaves no half-built network::

    from masthead.newsroom.demo import steps

    def build_places(*, homes, rng, console):
        ...

    steps.register("places", build_places, order=10)

``homes`` are the sites' ``HomePage`` objects (first is the default site), ``rng`` is the
seeded ``random.Random`` (use it, so a seed gives the same network), ``console`` a rich Console
for progress. A step must be idempotent only in the sense that it runs once per build.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DemoStep:
    name: str
    run: Callable[..., Any]
    order: int


_steps: dict[str, DemoStep] = {}


def register(name: str, run: Callable[..., Any], *, order: int = 100) -> None:
    _steps[name] = DemoStep(name=name, run=run, order=order)


def registered() -> list[DemoStep]:
    return sorted(_steps.values(), key=lambda s: (s.order, s.name))
