"""Relevance measured: queries generated from known stories, judged by rule, scored by
recall@10, MRR and nDCG@10 (``manage.py search_eval``, ``make search-eval``).

The judgements come from the stories themselves, never from the engine: a story is relevant
when its headline holds every query word (headline queries, misspellings of them, old stories
on common words), when its headline holds the quoted phrase and the other words (phrases), or
when it carries both tags (a place and a topic). Queries whose judged set is larger than
``MAX_RELEVANT`` are not distinctive and are drawn again.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from masthead.core.sites import network_sites
from masthead.newsroom.models import StoryPage, StoryTag

WORD = re.compile(r"\w+", re.UNICODE)
MAX_RELEVANT = 10
KINDS = {
    "headline words": 50,
    "misspelling": 30,
    "place and topic": 30,
    "quoted phrase": 20,
    "old story, common words": 20,
}


@dataclass
class EvalQuery:
    kind: str
    text: str
    relevant: set[int]


@dataclass
class Scores:
    recall: float = 0.0
    mrr: float = 0.0
    ndcg: float = 0.0
    by_kind: dict[str, tuple[float, float, float, int]] = field(default_factory=dict)


def _words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    how = rng.choice(["swap", "drop", "double"])
    if how == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if how == "drop":
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def build_queries(*, seed: int = 16, total: int = 150) -> list[EvalQuery]:
    """``total`` queries in the proportions of ``KINDS``, the same for the same stories."""
    rng = random.Random(seed)  # noqa: S311 - reproducible queries, not secrets
    stories = list(
        StoryPage.objects.live()
        .public()
        .order_by("first_published_at", "id")
        .values_list("id", "title")
    )
    if len(stories) < 50:
        raise ValueError("The evaluation needs a network of at least 50 live stories.")
    titles = {story_id: _words(title) for story_id, title in stories}
    title_sets = {story_id: set(words) for story_id, words in titles.items()}
    title_text = {story_id: " ".join(words) for story_id, words in titles.items()}

    def with_all(words: list[str]) -> set[int]:
        wanted = set(words)
        return {sid for sid, have in title_sets.items() if wanted <= have}

    def headline_query(pool: list[tuple[int, str]], length: int) -> tuple[list[str], set[int]]:
        for _ in range(200):
            story_id, _title = rng.choice(pool)
            words = [w for w in titles[story_id] if len(w) > 2]
            if len(words) < length:
                continue
            picked = rng.sample(words, k=length)
            relevant = with_all(picked)
            if story_id in relevant and len(relevant) <= MAX_RELEVANT:
                return picked, relevant
        raise ValueError("No distinctive headline found; is the network big enough?")

    scale = total / sum(KINDS.values())
    wanted = {kind: max(1, round(n * scale)) for kind, n in KINDS.items()}
    queries: list[EvalQuery] = []
    for _ in range(wanted["headline words"]):
        words, relevant = headline_query(stories, rng.choice([3, 4]))
        queries.append(EvalQuery("headline words", " ".join(words), relevant))
    misspelt = 0
    while misspelt < wanted["misspelling"]:
        words, relevant = headline_query(stories, 3)
        long = [i for i, w in enumerate(words) if len(w) >= 5 and not w.isdigit()]
        if not long:
            continue
        i = rng.choice(long)
        words[i] = _typo(words[i], rng)
        queries.append(EvalQuery("misspelling", " ".join(words), relevant))
        misspelt += 1
    oldest = stories[: max(10, len(stories) // 5)]
    for _ in range(wanted["old story, common words"]):
        story_id, _title = rng.choice(oldest)
        words = [w for w in titles[story_id] if len(w) > 2]
        relevant = with_all(words)
        queries.append(EvalQuery("old story, common words", " ".join(words), relevant))
    for _ in range(wanted["quoted phrase"]):
        for _attempt in range(200):
            story_id, _title = rng.choice(stories)
            words = titles[story_id]
            if len(words) < 6:
                continue
            start = rng.randrange(1, len(words) - 3)
            phrase = words[start : start + 3]
            other = words[0]
            relevant = {
                sid
                for sid, text in title_text.items()
                if f" {' '.join(phrase)} " in f" {text} " and other in title_sets[sid]
            }
            if story_id in relevant and len(relevant) <= MAX_RELEVANT:
                queries.append(
                    EvalQuery("quoted phrase", f'{other} "{" ".join(phrase)}"', relevant)
                )
                break
    tags: dict[int, set[str]] = {}
    for story_id, name in StoryTag.objects.filter(
        content_object_id__in=[s for s, _ in stories]
    ).values_list("content_object_id", "tag__name"):
        tags.setdefault(story_id, set()).add(name)
    tagged = [s for s in tags if len(tags[s]) >= 2]
    for _ in range(wanted["place and topic"] if tagged else 0):
        story_id = rng.choice(tagged)
        pair = rng.sample(sorted(tags[story_id]), k=2)
        relevant = {sid for sid, names in tags.items() if set(pair) <= names}
        queries.append(EvalQuery("place and topic", " ".join(pair), relevant))
    return queries


def score(
    queries: list[EvalQuery],
    search: Callable[[str], list[int]],
    *,
    progress: Callable[[], None] | None = None,
) -> Scores:
    """Mean recall@10 (of at most ten relevant), MRR and nDCG@10 (binary judgements)."""
    totals: dict[str, list[float]] = {}
    for query in queries:
        found = search(query.text)[:10]
        hits = [1.0 if story_id in query.relevant else 0.0 for story_id in found]
        ideal = min(len(query.relevant), 10)
        recall = sum(hits) / ideal if ideal else 0.0
        first = next((i for i, h in enumerate(hits) if h), None)
        mrr = 1.0 / (first + 1) if first is not None else 0.0
        dcg = sum(h / math.log2(i + 2) for i, h in enumerate(hits))
        idcg = sum(1.0 / math.log2(i + 2) for i in range(ideal))
        ndcg = dcg / idcg if idcg else 0.0
        row = totals.setdefault(query.kind, [0.0, 0.0, 0.0, 0])
        row[0] += recall
        row[1] += mrr
        row[2] += ndcg
        row[3] += 1
        if progress:
            progress()
    scores = Scores()
    n = sum(row[3] for row in totals.values())
    if n:
        scores.recall = sum(row[0] for row in totals.values()) / n
        scores.mrr = sum(row[1] for row in totals.values()) / n
        scores.ndcg = sum(row[2] for row in totals.values()) / n
    scores.by_kind = {
        kind: (row[0] / row[3], row[1] / row[3], row[2] / row[3], int(row[3]))
        for kind, row in totals.items()
    }
    return scores


def search_network(query: str) -> list[int]:
    """The reader's search over the whole network, most relevant first, first ten."""
    from masthead.search import selectors

    page = selectors.search_stories(
        query=query, sites=network_sites(), current_site=None, size=10, with_counts=False
    )
    return [hit.story_id for hit in page.hits]
