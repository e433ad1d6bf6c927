"""What every parser hands on: one format-free story (``WireStory``) or a per-item error."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Literal

from masthead.ingest.errors import IngestError

BlockKind = Literal["paragraph", "subheading"]


@dataclass
class Block:
    """A body block: a paragraph (``html`` holds safe inline HTML) or a subheading (text)."""

    kind: BlockKind
    text: str
    html: str = ""


@dataclass
class Picture:
    """A lead picture as it came with the story; ``data`` only when the bytes came with it."""

    caption: str = ""
    credit: str = ""
    photographer: str = ""
    agency: str = ""
    alt: str = ""
    url: str = ""
    data: bytes | None = field(default=None, repr=False)
    filename: str = ""
    usage_terms: str = ""


@dataclass
class WireStory:
    format: str
    original_id: str
    headline: str
    body: list[Block] = field(default_factory=list)
    url: str = ""
    standfirst: str = ""
    published_at: datetime | None = None
    dateline: str = ""
    byline: list[str] = field(default_factory=list)
    agency: str = ""
    picture: Picture | None = None
    keywords: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    language: str = ""

    @property
    def body_text(self) -> str:
        return "\n\n".join(block.text for block in self.body)

    def content_hash(self) -> str:
        """Changes when anything an editor would see changes; picture bytes count by digest."""
        data = asdict(self)
        if self.picture and self.picture.data is not None:
            data["picture"]["data"] = hashlib.sha256(self.picture.data).hexdigest()
        encoded = json.dumps(data, default=str, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(encoded.encode()).hexdigest()


@dataclass
class ParsedItem:
    """One item of a batch: where it came from within the input, and a story or the error."""

    reference: str
    story: WireStory | None = None
    error: IngestError | None = None

    @property
    def ok(self) -> bool:
        return self.story is not None


def parse_each(
    items: Iterable[Any], *, label: str, convert: Callable[[Any], WireStory]
) -> list[ParsedItem]:
    """Convert every item of a batch; one item's error is its own result, never the batch's."""
    results = []
    for number, item in enumerate(items, start=1):
        reference = f"{label} {number}"
        try:
            story = convert(item)
        except IngestError as error:
            results.append(ParsedItem(reference=reference, error=error))
        else:
            results.append(ParsedItem(reference=f"{reference}: {story.original_id}", story=story))
    return results
