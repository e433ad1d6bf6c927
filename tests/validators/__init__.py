"""Where the real validators the suite runs live: installed by `npm ci --prefix tests/validators`
(.ci/run does it) from the npm registry, read at test time, never copied into the repository.

- ``vnu.jar``: the Nu HTML checker (the W3C's HTML validator), run with the system Java;
- ``sitemap.xsd``: the sitemaps.org schema, as sitemap.js ships it;
- ``axe.min.js``: axe-core, the accessibility rules engine, injected into pages in Chromium.

Tests that need them carry the ``validators`` marker: they skip with the reason on a bare
machine and fail under MASTHEAD_REQUIRE_SERVICES=1 (CI).
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent
MODULES = ROOT / "node_modules"
VNU_JAR = MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
SITEMAP_XSD = MODULES / "sitemap" / "schema" / "sitemap.xsd"
AXE_JS = MODULES / "axe-core" / "axe.min.js"


def missing() -> str | None:
    """Why the validators cannot run here, or None."""
    if not all(p.exists() for p in (VNU_JAR, SITEMAP_XSD, AXE_JS)):
        return "needs the npm validators: npm ci --prefix tests/validators"
    if shutil.which("java") is None:
        return "needs Java 11+ for the Nu HTML checker (apt-get install default-jre-headless)"
    return None
