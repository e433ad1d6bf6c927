"""Search right after a bulk import, in process: wall ms per results page for the eight
commonest headline words of the news site, warm, then after 1,000 stories are indexed again
(each query's kept list made again once). Before decision 0707's "seen rows" amendment every
search made its list again for the minute after an import. Run with a network's environment
(DATABASE_URL for PostgreSQL), from any checkout (to compare two versions on one network):

    python manage.py shell -c "exec(open('bench/search_import.py').read())"

It writes to the index (the same stories again); run it on a bench network, not a site.
"""

import re
import statistics
import time
from collections import Counter

from django.test import Client

from masthead.core.sites import network_sites
from masthead.search import services
from masthead.search.models import SearchDocument

site = next(s for s in network_sites() if s.is_default)
words: Counter[str] = Counter()
for title in SearchDocument.objects.filter(site_id=site.id).values_list("title", flat=True):
    words.update(w.lower() for w in re.findall(r"[A-Za-z]{4,}", title))
common = [w for w, _ in words.most_common(8)]
client = Client(HTTP_HOST="localhost")


def ask_each() -> list[float]:
    wall = []
    for word in common:
        started = time.perf_counter()
        client.get("/search/", {"q": word})
        wall.append((time.perf_counter() - started) * 1000)
    return wall


def report(label: str) -> None:
    wall = sorted(ask_each() + ask_each() + ask_each())
    print(
        f"{label:40} median {statistics.median(wall):7.1f} ms  "
        f"p90 {wall[int(0.9 * (len(wall) - 1))]:7.1f} ms"
    )


ask_each()
report("warm, nothing written")
ids = list(SearchDocument.objects.order_by("-story_id").values_list("story_id", flat=True)[:1000])
started = time.perf_counter()
services.index_stories(ids=ids)
print(f"indexed {len(ids):,} stories again in {time.perf_counter() - started:.1f} s")
ask_each()  # each list made again once: more than 400 stories were written since
report("after the import, lists made again")
