"""The import rule between the apps of ``masthead`` (docs/architecture.md, "Layers"), checked
over the source with ``ast``: every import of one app from another points down a layer, into a
module the lower app declares public. Run by the test suite (tests/test_layers.py) and by
``make lint`` (``python tests/layers.py``), so a sideways import fails both.

What is checked: every ``import masthead.x…`` / ``from masthead.x… import …`` in the app's code,
at module level or inside a function (a lazy import is still a dependency). What is not: the
apps' tests, which may build fixtures from any app, and the project's wiring (``urls.py``,
``wsgi.py``, ``asgi.py``, ``settings/``), which puts the apps together.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "masthead"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE

# Bottom to top. An app may import from an app in a lower layer, never from one beside it or
# above it: apps in one layer are independent of each other.
LAYERS: list[set[str]] = [
    # Infrastructure with no domain: cache, sites, cursors, the API kit, the HTTP fetcher…
    {"core"},
    # The two kernels: the network's pages and its people. Neither knows the other.
    {"accounts", "newsroom"},
    # The location catalogue every local component and the front page's slots are keyed by.
    {"places"},
    # Features built on the kernels; none imports another (a shared need moves down a layer).
    {
        "comments",
        "contributions",
        "distribution",
        "ingest",
        "listings",
        "live",
        "search",
        "traffic",
        "weather",
    },
    # Mounts each feature's router (``<app>/api.py``) under /api/v1/; nothing imports it.
    {"api"},
]

# The modules (and packages) of an app that apps above it may import. All of ``core`` is
# public. An app not named here offers nothing upwards except its router to ``api``.
PUBLIC: dict[str, set[str]] = {
    "accounts": {
        "models",  # the user
        "services",  # access checks and mail a feature calls (access_member_can_post, …)
        "hooks",  # profile sections, personal-data export and erasure a feature registers
        "network",  # the network sign-in hop
    },
    "newsroom": {
        "models",  # pages, snippets, pictures
        "blocks",  # StreamField blocks other page types reuse
        "reading",  # the read side: router, teasers, listings, story assembly, reader views
        "notices",  # one-way notices (story published, moved…) other apps listen to
        "demo",  # the demo network's steps a feature adds its own to
    },
    "places": {
        "models",
        "selectors",
        "services",
        "components",  # what every local component's fragments and forms share
    },
}
FEATURE_ROUTER = "api"  # <feature>/api.py, imported only by the api app, which mounts it

WIRING = {"urls.py", "wsgi.py", "asgi.py", "__init__.py"}


def layer_of(app: str) -> int | None:
    for index, apps in enumerate(LAYERS):
        if app in apps:
            return index
    return None


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    imported: str
    why: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: imports {self.imported}: {self.why}"


def _imports(tree: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] == PACKAGE and node.module.count(".") <= 1:
                # ``from masthead import newsroom`` names an app, ``from masthead.newsroom
                # import views`` one of its modules: judge what is named.
                for alias in node.names:
                    yield node.lineno, f"{node.module}.{alias.name}"
            else:
                yield node.lineno, node.module


def judge(importer: str, imported: str) -> str | None:
    """Why ``importer`` (an app) may not import the module ``imported``, or None if it may."""
    parts = imported.split(".")
    if parts[0] != PACKAGE or len(parts) < 2:
        return None
    target = parts[1]
    if target == importer or target == "core":
        return None
    mine, theirs = layer_of(importer), layer_of(target)
    if mine is None:
        return f"the app {importer!r} is in no layer of tests/layers.py"
    if theirs is None:
        return f"{target!r} is in no layer of tests/layers.py"
    module = parts[2] if len(parts) > 2 else ""
    if importer == "api" and module == FEATURE_ROUTER:
        return None
    if theirs == mine:
        return (
            f"{importer} and {target} are in one layer and independent: move the shared part down"
        )
    if theirs > mine:
        return f"{target} is above {importer}: dependencies point down"
    if module not in PUBLIC.get(target, set()):
        public = ", ".join(sorted(PUBLIC.get(target, set()))) or "nothing"
        return f"{target}.{module or '__init__'} is not public (public: {public})"
    return None


def violations(root: Path = ROOT) -> list[Violation]:
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        parts = relative.parts
        if (len(parts) == 1 and parts[0] in WIRING) or parts[0] == "settings":
            continue
        if "tests" in parts or "migrations" in parts:
            continue
        app = parts[0]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, imported in _imports(tree):
            why = judge(app, imported)
            if why:
                shown = (Path(root.name) / relative).as_posix()
                found.append(Violation(shown, line, imported, why))
    return found


def apps_on_disk(root: Path = ROOT) -> set[str]:
    return {p.parent.name for p in root.glob("*/apps.py")}


def main() -> int:
    problems = [str(v) for v in violations()]
    problems += [
        f"{PACKAGE}/{app}: an app in no layer of tests/layers.py"
        for app in sorted(apps_on_disk() - set().union(*LAYERS))
    ]
    for problem in problems:
        print(problem)  # noqa: T201 - a command's report
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
