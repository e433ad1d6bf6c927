"""The real input files (feeds, agency files, calendars, recorded answers) the tests read where
they are: ``../shared/data`` beside the checkout, never copied into the repository.

One place finds them, for every test: the folder beside the checkout as it was reached (a
symlinked checkout or a symlinked ``../shared`` both work), else beside the checkout's real
path; ``MASTHEAD_SHARED_DATA`` names another folder. A test that needs them takes the
``shared_data`` fixture (root conftest.py) or carries the ``shared_data`` marker: without the
folder it skips with the reason, and under MASTHEAD_REQUIRE_SERVICES=1 (CI) it fails.
"""

from __future__ import annotations

import os
from pathlib import Path

# The checkout, without resolving symlinks (abspath keeps them), and with.
_CHECKOUT = Path(os.path.abspath(__file__)).parent.parent


def find(checkout: Path = _CHECKOUT, named: str | None = None) -> Path:
    """The shared data folder, or where it should be when it is absent."""
    named = named if named is not None else os.environ.get("MASTHEAD_SHARED_DATA", "")
    if named:
        return Path(named)
    beside = [checkout.parent, checkout.resolve().parent]
    candidates = [folder / "shared" / "data" for folder in beside]
    return next((path for path in candidates if path.is_dir()), candidates[0])


SHARED_DATA = find()


def missing() -> str | None:
    """Why the shared inputs cannot be read, or None."""
    if SHARED_DATA.is_dir():
        return None
    return (
        f"needs the shared test inputs at {SHARED_DATA} (../shared/data beside the checkout, "
        "or MASTHEAD_SHARED_DATA)"
    )
