"""CPU and wall ms per page, in process, for the article page (the reference) and the search
page (no query, one common word, three common words), on the database DATABASE_URL names. Each
address is asked once first (kept lists warm, as on a running site). Run with a network's
environment, from any checkout (to compare two versions on one network):

    python manage.py shell -c "exec(open('bench/search_pages.py').read())"
"""

import re
import statistics
import time
from collections import Counter

from django.test import Client

from masthead.core.sites import network_sites
from masthead.newsroom.models import ArticlePage
from masthead.search.models import SearchDocument

site = next(s for s in network_sites() if s.is_default)
words: Counter[str] = Counter()
for title in SearchDocument.objects.filter(site_id=site.id).values_list("title", flat=True):
    words.update(w.lower() for w in re.findall(r"[A-Za-z]{4,}", title))
common = [w for w, _ in words.most_common(30)]
art = (
    ArticlePage.objects.live()
    .filter(path__startswith=site.root_path)
    .order_by("-first_published_at")
    .first()
)
art_path = art.url_path[len(site.root_url_path) - 1 :]
c = Client(HTTP_HOST="localhost")
rows: dict[str, list[tuple[str, dict[str, str]]]] = {
    "article page": [(art_path, {})],
    "search, no query": [("/search/", {})],
    "relevance, one common word": [("/search/", {"q": w}) for w in common[:8]],
    "relevance, three common words": [
        ("/search/", {"q": " ".join(common[i : i + 15 : 5])}) for i in range(8)
    ],
}
for name, reqs in rows.items():
    for p, q in reqs:
        if c.get(p, q).status_code != 200:
            raise SystemExit(f"{p} {q} did not answer 200")
    cpu, wall = [], []
    for _ in range(max(1, 40 // len(reqs))):
        for p, q in reqs:
            w, t = time.perf_counter(), time.process_time()
            c.get(p, q)
            cpu.append((time.process_time() - t) * 1000)
            wall.append((time.perf_counter() - w) * 1000)
    print(
        f"{name:32} cpu {statistics.median(cpu):6.1f} ms   wall {statistics.median(wall):6.1f} ms"
    )
