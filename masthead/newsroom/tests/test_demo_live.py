"""What the demo's generated live blog says, read as a reader would (no database: the
network build that writes it is in test_demo_network.py, a slow module)."""

from __future__ import annotations

import random
import re

from masthead.newsroom.demo.live import updates


def test_the_demo_live_blog_says_numbers_a_reader_can_believe():
    """One range for every number once gave "Rain has not let up for 7925 minutes"."""
    believable = {
        r"gusts of (\d+) km/h": (40, 160),
        r"for (\d+) hours": (1, 24),
        r"says ([\d,]+) homes": (100, 20_000),
    }
    seen = dict.fromkeys(believable, 0)
    for seed in range(10):
        for update in updates(random.Random(seed), count=60):
            assert "{" not in update.body and "minutes" not in update.body, update.body
            for pattern, (low, high) in believable.items():
                for number in re.findall(pattern, update.body):
                    assert low <= int(number.replace(",", "")) <= high, update.body
                    seen[pattern] += 1
    assert all(seen.values()), seen
