"""Where one search results page spends its time, in process, on the database DATABASE_URL names:
ranking every match, counts, the kept list's ranking (docs/decisions/0707), hits with snippets,
and the whole page through Django's test client. Run with a bench network's environment:

    python manage.py shell -c "exec(open('bench/search_profile.py').read())"

Each part runs once untimed first, so "kept" parts are timed with their list kept (a warm site);
a first request costs about "rank" plus "counts" plus "kept rank". Prints the median and p90 of
wall ms and of this process's CPU ms over the queries (on PostgreSQL the database's own work
shows in wall time only).
"""

import re
import statistics
import time
from collections import Counter

from django.test import Client

from masthead.core.sites import network_sites
from masthead.search import engine, results, selectors
from masthead.search.models import SearchDocument
from masthead.search.query import parse


def timed(fn) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def summary(values: list[float]) -> str:
    values = sorted(values)
    return f"{statistics.median(values):7.1f} {values[int(0.9 * (len(values) - 1))]:7.1f}"


def parts_of(query: str, where: engine.Where, site, client: Client) -> dict:
    parsed = parse(query)

    def page_ids() -> list[int]:
        return results.rank(parsed, where, offset=0, limit=21)[:20]

    return {
        "rank": lambda: engine.rank(parsed, where, order="relevance", offset=0, limit=21),
        "counts": lambda: engine.counts(parsed, where),
        "kept rank": page_ids,
        "kept counts": lambda: results.counts(parsed, where),
        "hits+snippets": lambda: selectors._hits(page_ids(), parsed, current=site),
        "page": lambda: client.get("/search/", {"q": query}),
    }


def main() -> None:
    site = next(s for s in network_sites() if s.is_default)
    words: Counter = Counter()
    for title in SearchDocument.objects.filter(site_id=site.id).values_list("title", flat=True):
        words.update(w.lower() for w in re.findall(r"[A-Za-z]{4,}", title))
    common = [w for w, _ in words.most_common(30)]
    queries = {
        "one": common[:8],
        "three": [" ".join(common[i : i + 15 : 5]) for i in range(8)],
    }
    client = Client(HTTP_HOST="localhost")
    where = engine.Where(site_ids=(site.id,))
    for kind, texts in queries.items():
        measured: dict[str, list[tuple[float, float]]] = {}
        for text in texts:
            for name, fn in parts_of(text, where, site, client).items():
                fn()
                measured.setdefault(name, []).append(timed(fn))
            total = engine.counts(parse(text), where).total
            measured.setdefault("matches", []).append((total, total))
        for name, values in measured.items():
            print(
                f"{kind:6} {name:14} wall {summary([v[0] for v in values])}  "
                f"cpu {summary([v[1] for v in values])}"
            )
    wall, cpu = timed(lambda: selectors.suggestion_for("counciil"))
    print(f"did-you-mean          wall {wall:7.1f}  cpu {cpu:7.1f}")
    wall, cpu = timed(lambda: client.get("/search/", {"q": "zzzz"}))
    print(f"page, no match        wall {wall:7.1f}  cpu {cpu:7.1f}")
    print("common words:", " ".join(common[:10]))


main()
