"""The import rule between apps (tests/layers.py, docs/architecture.md "Layers") holds over the
whole package, and the checker finds each kind of import it forbids."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import layers


def test_no_app_imports_a_sibling_an_app_above_it_or_a_private_module():
    found = layers.violations()
    assert not found, "imports against the layers:\n" + "\n".join(map(str, found))


def test_every_app_is_in_a_layer():
    assert layers.apps_on_disk() <= set().union(*layers.LAYERS)


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "masthead"
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    return root


@pytest.mark.parametrize(
    ("name", "source", "why"),
    [
        ("listings/views.py", "from masthead.traffic.views import x\n", "one layer"),
        ("newsroom/api.py", "from masthead.api.errors import ErrorOut\n", "above"),
        ("core/sites.py", "import masthead.newsroom.models\n", "above"),
        ("search/views.py", "from masthead.newsroom import tasks\n", "not public"),
        ("live/services.py", "def f():\n    from masthead.comments import models\n", "one layer"),
        ("weather/views.py", "from masthead import traffic\n", "one layer"),
    ],
)
def test_the_checker_reports_a_forbidden_import(tmp_path, name, source, why):
    found = layers.violations(_tree(tmp_path, {name: source}))
    assert len(found) == 1
    assert why in found[0].why
    assert found[0].path == f"masthead/{name}"


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("search/selectors.py", "from masthead.newsroom.models import StoryPage\n"),
        ("traffic/views.py", "from masthead.places.components import resolve_place\n"),
        ("newsroom/api.py", "from masthead.core.api.errors import COMMON_ERRORS\n"),
        ("api/api.py", "from masthead.comments.api import router\n"),
        ("comments/services.py", "from masthead.accounts import services\n"),
        ("urls.py", "from masthead.traffic import views\n"),
        ("listings/tests/test_x.py", "from masthead.traffic.tests import factories\n"),
    ],
)
def test_the_checker_allows_imports_down_into_public_modules(tmp_path, name, source):
    assert layers.violations(_tree(tmp_path, {name: source})) == []
