"""Test data built once and shared by the tests that follow, each still rolled back alone.

Django's ``TestCase.setUpTestData`` for pytest fixtures. A fixture made with
:func:`shared_fixture` (the three-site ``network``, the API tests' ``newsroom``) is built inside
a transaction opened *around* the tests' own: the next test that asks for the same fixtures
finds the rows there and pays nothing, and every test's writes are still rolled back at its end
(its transaction is a savepoint inside the shared one). The tests get a deep copy of what the
builder returned, as ``setUpTestData``'s attributes are copied per test, so an instance one test
changes in memory is not the next test's.

The shared transaction holds only while the tests in a row want it. Before each database test
(``_shared_setup`` runs before pytest-django opens the test's transaction) the open layers
are compared with what the test asks for: layers it does not ask for are rolled back, missing
ones are built. A test that asks for none sees the migrated database as before, never another
test's data. A transactional test (``transaction=True``, a live server) empties tables when it
ends, so everything shared is rolled back first and the fixtures are built for that test alone,
in its own database, as before. Layers older than :data:`MAX_AGE` seconds are rebuilt: builders
stamp rows with the time they run ("published five minutes ago").
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

MAX_AGE = 60.0


@dataclass(frozen=True)
class Builder:
    key: str
    build: Callable[..., Any]
    needs: tuple[str, ...]


BUILDERS: dict[str, Builder] = {}


@dataclass
class Layer:
    key: str
    atomic: Any
    value: Any
    built_at: float


@dataclass
class SharedSetup:
    """The layers open in this process, oldest first, and what the current test gets."""

    layers: list[Layer] = field(default_factory=list)
    # For a test that cannot share (transactional): what was built for it alone.
    own: dict[str, Any] = field(default_factory=dict)
    sharing: bool = False

    def value(self, key: str) -> Any:
        if self.sharing:
            for layer in self.layers:
                if layer.key == key:
                    return copy.deepcopy(layer.value)
            raise LookupError(f"shared fixture {key!r} was not built before the test")
        if key not in self.own:
            builder = BUILDERS[key]
            self.own[key] = builder.build(*(self.value(need) for need in builder.needs))
        return self.own[key]

    def arrange(self, wanted: list[str], *, transactional: bool) -> None:
        """Leave open exactly the layers ``wanted`` (dependencies first), building those missing."""
        self.own = {}
        self.sharing = not transactional
        keep = 0
        if self.sharing:
            now = time.monotonic()
            for layer, key in zip(self.layers, wanted, strict=False):
                if layer.key != key or now - layer.built_at > MAX_AGE:
                    break
                keep += 1
        self.close(keep)
        if not self.sharing:
            return
        from django.db import transaction

        for key in wanted[keep:]:
            builder = BUILDERS[key]
            atomic = transaction.atomic()
            # Durable blocks inside a test check the innermost block is a test's, as for
            # TestCase's own transactions.
            atomic._from_testcase = True  # type: ignore[attr-defined]
            atomic.__enter__()
            try:
                # Builders get copies: what one changes on an instance of another layer (a
                # parent page's child count, say) must not outlive its own rollback.
                value = builder.build(*(self.value(need) for need in builder.needs))
            except BaseException:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
                raise
            self.layers.append(Layer(key, atomic, value, time.monotonic()))

    def close(self, keep: int = 0) -> None:
        from django.db import transaction

        while len(self.layers) > keep:
            layer = self.layers.pop()
            transaction.set_rollback(True)
            layer.atomic.__exit__(None, None, None)


def wanted_layers(item: pytest.Item) -> list[str]:
    """The shared fixtures a test asks for, directly or through other fixtures, each after the
    ones it needs."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return []
    ordered: list[str] = []

    def add(key: str) -> None:
        if key in ordered:
            return
        for need in BUILDERS[key].needs:
            add(need)
        ordered.append(key)

    for name in info.names_closure:
        definitions = info.name2fixturedefs.get(name) or ()
        if definitions:
            key = getattr(definitions[-1].func, "shared_setup_key", None)
            if key is not None:
                add(key)
    return ordered


def shared_fixture(key: str, *, needs: tuple[str, ...] = ()):
    """Make a builder into a fixture whose value is built once for a row of tests.

    ``key`` names the layer (fixture names repeat across modules); the builder takes the values
    of ``needs``, in order, and must only write to the database: files it writes, cache entries
    or settings it changes would outlive the layer's rollback."""

    def decorate(build: Callable[..., Any]):
        if key in BUILDERS and BUILDERS[key].build.__qualname__ != build.__qualname__:
            raise ValueError(f"two shared fixtures named {key!r}")
        BUILDERS[key] = Builder(key, build, needs)

        def fixture(_shared_setup: SharedSetup, db: None) -> Any:
            return _shared_setup.value(key)

        fixture.shared_setup_key = key  # type: ignore[attr-defined]
        fixture.__name__ = build.__name__
        fixture.__qualname__ = build.__qualname__
        fixture.__doc__ = build.__doc__
        fixture.__module__ = build.__module__
        return pytest.fixture(name=build.__name__)(fixture)

    return decorate
