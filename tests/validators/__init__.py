"""Where the real validators the suite runs live: installed by `npm ci --prefix tests/validators`
(.ci/run does it) from the npm registry, read at test time, never copied into the repository.

- ``vnu.jar``: the Nu HTML checker (the W3C's HTML validator), run with the system Java;
- ``sitemap.xsd``: the sitemaps.org schema, as sitemap.js ships it;
- ``axe.min.js``: axe-core, the accessibility rules engine, injected into pages in Chromium;
- ``read_feed.mjs``: ours, reads a feed with @extractus/feed-extractor (a JavaScript feed library).

Tests that need them carry the ``validators`` marker: they skip with the reason on a bare
machine and fail under MASTHEAD_REQUIRE_SERVICES=1 (CI). The marker may name the Debian programs
a test runs as well (``@pytest.mark.validators("newsboat")``), and these are looked for on PATH.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent
MODULES = ROOT / "node_modules"
VNU_JAR = MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
SITEMAP_XSD = MODULES / "sitemap" / "schema" / "sitemap.xsd"
AXE_JS = MODULES / "axe-core" / "axe.min.js"
FEED_EXTRACTOR = MODULES / "@extractus" / "feed-extractor" / "package.json"


READ_FEED = ROOT / "read_feed.mjs"


def missing(*programs: str) -> str | None:
    """Why the validators (and the named programs) cannot run here, or None."""
    if not all(p.exists() for p in (VNU_JAR, SITEMAP_XSD, AXE_JS, FEED_EXTRACTOR)):
        return "needs the npm validators: npm ci --prefix tests/validators"
    if shutil.which("java") is None:
        return "needs Java 11+ for the Nu HTML checker (apt-get install default-jre-headless)"
    for program in programs:
        if shutil.which(program) is None:
            return f"needs {program} (apt-get install {program})"
    return None
