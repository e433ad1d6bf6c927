"""Everything an import writes: drafts through Wagtail's page API, provenance and the log.

One rule, one place: the management command, the admin upload form, feed polling and the
watched-folder scan all come through ``input_import`` / ``story_import``.
"""

from __future__ import annotations

import io
import logging
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, UnidentifiedImageError
from wagtail.models import Page
from wagtail.rich_text import RichText

from masthead.accounts.models import User
from masthead.core import compat
from masthead.core.fetching import Fetcher, max_input_bytes
from masthead.core.languages import language_tag
from masthead.ingest.bylines import byline_people, is_organisation
from masthead.ingest.errors import EmptyInputError, IngestError
from masthead.ingest.formats import parse_input
from masthead.ingest.media import max_image_bytes
from masthead.ingest.models import IngestedItem, IngestLogEntry, IngestSource, folder_is_allowed
from masthead.ingest.story import Block, ParsedItem, Picture, WireStory
from masthead.ingest.tagging import suggest_tags
from masthead.newsroom.models import Agency, ArticlePage, Author, NewsImage, SectionPage

logger = logging.getLogger(__name__)
Outcome = IngestLogEntry.Outcome

# Files in a watched folder that are read as inputs; pictures beside them are read as media.
INPUT_SUFFIXES = {".xml", ".json", ".rss", ".atom", ".html", ".htm", ".txt", ".ninjs", ".g2"}


@dataclass
class ItemResult:
    origin: str
    reference: str
    outcome: str
    message: str = ""
    page_id: int | None = None
    headline: str = ""


@dataclass
class BatchSummary:
    results: list[ItemResult] = field(default_factory=list)

    @property
    def counts(self) -> Counter[str]:
        return Counter(result.outcome for result in self.results)

    @property
    def failed(self) -> list[ItemResult]:
        return [r for r in self.results if r.outcome == Outcome.FAILED]

    def extend(self, other: BatchSummary) -> None:
        self.results.extend(other.results)


# --- Access -------------------------------------------------------------------------------------


def access_section_for_import(*, user: User | None, section: SectionPage) -> None:
    """Importing needs the ingest permission and the right to add pages in the section."""
    if user is None:
        return  # management commands and background polls act for the system
    if not user.has_perm("ingest.add_ingesteditem"):
        raise PermissionDenied("You may not import stories.")
    if not section.permissions_for_user(user).can_add_subpage():
        raise PermissionDenied(f"You may not add stories to {section.title}.")


# --- Building the page ----------------------------------------------------------------------------


def _stream_body(blocks: list[Block]) -> list[tuple[str, object]]:
    body: list[tuple[str, object]] = []
    for block in blocks:
        if block.kind == "subheading":
            body.append(("subheading", block.text[:255]))
        elif block.text:
            body.append(("paragraph", RichText(f"<p>{block.html or block.text}</p>")))
    return body


def _unique_slug(section: Page, title: str, *, exclude_id: int | None = None) -> str:
    base = slugify(title, allow_unicode=True)[:70].strip("-") or "story"
    siblings = set(section.get_children().exclude(pk=exclude_id).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in siblings:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _agency(story: WireStory, source: IngestSource | None) -> Agency | None:
    name = story.agency.strip()
    if not name and not (source and source.agency):
        # "The Sports Network" in the byline: the organisation is credited as the agency.
        name = next((b.strip() for b in story.byline if is_organisation(b)), "")
    if name:
        found = Agency.objects.filter(short_name__iexact=name).first() or (
            Agency.objects.filter(name__iexact=name).first()
        )
        if found:
            return found
        if len(name) <= 20:
            return Agency.objects.create(short_name=name, name=name)
    return source.agency if source else None


def _authors(story: WireStory) -> list[Author]:
    """The people the bylines name ("Paulo Santalucia"), found or created as Authors; an
    organisation ("The Sports Network") or a job title ("Education editor") makes none."""
    names: list[str] = []
    for byline in story.byline:
        names += [n for n in byline_people(byline) if n not in names]
    authors = []
    for name in names:
        author = Author.objects.filter(name__iexact=name).first()
        if author is None:
            base = slugify(name)[:100] or "author"
            slug, n = base, 2
            while Author.objects.filter(slug=slug).exists():
                slug, n = f"{base}-{n}", n + 1
            author = Author.objects.create(name=name, slug=slug)
        authors.append(author)
    return authors[:4]


def _split_credit(credit: str) -> tuple[str, str]:
    """("Ozan Kose", "AFP") from "Ozan Kose/AFP"; (credit, "") when there is no agency part."""
    if "/" in credit:
        person, _, agency = credit.rpartition("/")
        if 0 < len(agency.strip()) <= 40:
            return person.strip(" /"), agency.strip()
    return credit.strip(), ""


def _picture_bytes(
    picture: Picture, *, fetcher: Fetcher | None, allow_fetch: bool
) -> tuple[bytes | None, str]:
    if picture.data is not None:
        return picture.data, ""
    if not (picture.url and allow_fetch and fetcher):
        return None, ""
    try:
        result = fetcher.fetch(picture.url, max_bytes=max_image_bytes())
    except IngestError as error:
        return None, f"picture not fetched: {error.reason}"
    if not result.content_type.startswith("image/"):
        return (
            None,
            f"picture not fetched: {picture.url} is {result.content_type or 'not an image'}",
        )
    return result.content, ""


def _lead_image(
    story: WireStory, *, fetcher: Fetcher | None, allow_fetch: bool
) -> tuple[NewsImage | None, str]:
    """A NewsImage from the picture's bytes (checked by Pillow), or None and why not."""
    picture = story.picture
    if picture is None:
        return None, ""
    data, note = _picture_bytes(picture, fetcher=fetcher, allow_fetch=allow_fetch)
    if data is None:
        return None, note
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
            width, height = probe.size
            image_format = (probe.format or "jpeg").lower()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        return None, f"picture skipped: not a readable image ({error})"
    if width * height > 40_000_000:
        return None, "picture skipped: too many pixels"
    file_hash = compat.image_file_hash(data)
    known = NewsImage.objects.filter(file_hash=file_hash).first()
    if known is not None:
        return known, ""  # the same picture again (a re-import, another item): one image
    person, agency = _split_credit(picture.credit)
    name = picture.filename or f"{slugify(story.headline)[:50] or 'picture'}.{image_format}"
    image = NewsImage(
        title=(picture.caption or story.headline)[:255],
        photographer=(picture.photographer or person)[:255],
        agency=(picture.agency or agency)[:100],
        licence=NewsImage.Licence.AGENCY if (picture.agency or agency) else NewsImage.Licence.STAFF,
        usage_terms=picture.usage_terms,
        default_alt_text=(picture.alt or picture.caption)[:255],
    )
    image.file = ImageFile(io.BytesIO(data), name=name)
    image.file_hash = file_hash
    image.save()
    return image, ""


def _fill_page(
    page: ArticlePage,
    story: WireStory,
    *,
    source: IngestSource | None,
    tags: list[str],
    lead_image: NewsImage | None,
) -> None:
    page.title = story.headline[:255]
    page.draft_title = page.title
    page.standfirst = story.standfirst[:400]
    page.dateline = story.dateline[:100]
    # The item's own language ("de" for dpa copy); none said: the site's (the field's blank).
    page.language = language_tag(story.language)
    page.agency = _agency(story, source)
    page.body = _stream_body(story.body)
    if lead_image is not None:
        page.lead_image = lead_image
    if story.picture:
        page.lead_image_caption = story.picture.caption[:500]
        if lead_image is None and story.picture.credit:
            # No picture file to carry the credit: keep it beside the caption for the editor.
            page.lead_image_caption = f"{story.picture.caption} ({story.picture.credit})".strip()[
                :500
            ]
    page.tags.set(tags)
    page.authors = _authors(story)


def _story_payload(story: WireStory) -> dict:
    data = asdict(story)
    if data.get("picture"):
        data["picture"]["data"] = None
    data["published_at"] = story.published_at.isoformat() if story.published_at else None
    return data


def story_from_payload(data: dict) -> WireStory:
    data = dict(data)
    data["body"] = [Block(**b) for b in data.get("body", [])]
    data["picture"] = Picture(**data["picture"]) if data.get("picture") else None
    data["published_at"] = (
        datetime.fromisoformat(data["published_at"]) if data.get("published_at") else None
    )
    return WireStory(**data)


# --- Importing ------------------------------------------------------------------------------------


def story_import(
    *,
    story: WireStory,
    section: SectionPage,
    origin: str,
    source: IngestSource | None = None,
    user: User | None = None,
    fetcher: Fetcher | None = None,
    reference: str = "",
) -> ItemResult:
    """Create the draft for a new item, refresh the draft of a known one, and never touch a
    published story: its newer version waits on the item as "update available"."""
    key = IngestedItem.key_for(story.original_id)
    content_hash = story.content_hash()
    allow_fetch = bool(source and source.fetch_pictures)
    with transaction.atomic():
        item = IngestedItem.objects.select_for_update().filter(key=key).first()
        page = item.page.specific if item and item.page_id else None
        if item and page and item.content_hash == content_hash:
            outcome, message = Outcome.UNCHANGED, ""
        elif (
            item
            and page
            and (
                page.live
                or page.first_published_at
                or (item.revision_id and page.latest_revision_id != item.revision_id)
            )
        ):
            # Published, or a draft an editor has worked on since we wrote it: their work
            # stands, and the new version waits for them.
            item.pending_update = _story_payload(story)
            item.status = IngestedItem.Status.UPDATE_AVAILABLE
            item.content_hash = content_hash
            item.save(update_fields=["pending_update", "status", "content_hash", "updated_at"])
            outcome = Outcome.UPDATE_AVAILABLE
            message = (
                "the story is published: an editor decides whether to apply this version"
                if page.live or page.first_published_at
                else "an editor has changed the draft: they decide whether to apply this version"
            )
        else:
            tags = suggest_tags(story)
            image, message = _lead_image(story, fetcher=fetcher, allow_fetch=allow_fetch)
            if page is None:
                page = ArticlePage(live=False)
                _fill_page(page, story, source=source, tags=tags, lead_image=image)
                page.slug = _unique_slug(section, page.title)
                section.add_child(instance=page)
                outcome = Outcome.CREATED
            else:
                _fill_page(page, story, source=source, tags=tags, lead_image=image)
                page.save()
                outcome = Outcome.UPDATED
            revision = page.save_revision(user=user, log_action=True)
            item = item or IngestedItem(key=key, imported_at=timezone.now())
            item.revision_id = revision.pk
            item.original_id = story.original_id
            item.original_url = story.url[:2000]
            item.format = story.format
            item.source = source
            item.origin = origin[:1000]
            item.content_hash = content_hash
            item.status = (
                IngestedItem.Status.DRAFT
                if outcome == Outcome.CREATED
                else IngestedItem.Status.UPDATED
            )
            item.original_published_at = story.published_at
            item.page = page
            item.suggested_tags = tags
            item.picture_url = (story.picture.url if story.picture else "")[:2000]
            item.picture_credit = (story.picture.credit if story.picture else "")[:255]
            item.pending_update = None
            item.full_clean(exclude=["original_url", "picture_url"])
            item.save()
        IngestLogEntry.objects.create(
            origin=origin[:1000],
            reference=(reference or story.original_id)[:1000],
            outcome=outcome,
            message=message,
            source=source,
            item=item,
            user=user,
        )
    return ItemResult(
        origin, reference or story.original_id, outcome, message, page.pk, story.headline
    )


def item_apply_update(*, item: IngestedItem, user: User | None) -> ArticlePage:
    """An editor's say: the waiting version becomes a new draft revision of the published
    story (the live version stays until the editor publishes it)."""
    if item.pending_update is None or item.page_id is None:
        raise IngestError("there is no waiting update for this item")
    page = item.page.specific
    if user is not None and not page.permissions_for_user(user).can_edit():
        raise PermissionDenied("You may not edit this story.")
    story = story_from_payload(item.pending_update)
    with transaction.atomic():
        draft = page.get_latest_revision_as_object()
        _fill_page(draft, story, source=item.source, tags=suggest_tags(story), lead_image=None)
        revision = draft.save_revision(user=user, log_action=True)
        item.pending_update = None
        item.status = IngestedItem.Status.APPLIED
        item.revision_id = revision.pk
        item.save(update_fields=["pending_update", "status", "revision_id", "updated_at"])
        IngestLogEntry.objects.create(
            origin=item.origin, reference=item.original_id, outcome=Outcome.APPLIED,
            item=item, user=user, source=item.source,
        )  # fmt: skip
    return page


def _failure(
    *,
    origin: str,
    reference: str,
    reason: str,
    source: IngestSource | None,
    user: User | None,
) -> ItemResult:
    IngestLogEntry.objects.create(
        origin=origin[:1000], reference=reference[:1000], outcome=Outcome.FAILED,
        message=reason, source=source, user=user,
    )  # fmt: skip
    return ItemResult(origin, reference, Outcome.FAILED, reason)


def input_import(
    *,
    data: bytes,
    origin: str,
    section: SectionPage,
    name: str = "",
    content_type: str = "",
    base_url: str = "",
    base_dir: Path | None = None,
    source: IngestSource | None = None,
    user: User | None = None,
    fetcher: Fetcher | None = None,
) -> BatchSummary:
    """Every item in one input; each bad item (or a bad input) is one failure in the summary."""
    access_section_for_import(user=user, section=section)
    summary = BatchSummary()
    try:
        items: list[ParsedItem] = parse_input(
            data, name=name, content_type=content_type, base_url=base_url, base_dir=base_dir
        )
    except EmptyInputError as error:
        # A feed with no items is readable and fine: said as it is, not as a failure.
        IngestLogEntry.objects.create(
            origin=origin[:1000], reference=(name or origin)[:1000], outcome=Outcome.EMPTY,
            message=error.reason, source=source, user=user,
        )  # fmt: skip
        summary.results.append(ItemResult(origin, name or origin, Outcome.EMPTY, error.reason))
        return summary
    except IngestError as error:
        summary.results.append(
            _failure(
                origin=origin,
                reference=name or origin,
                reason=error.reason,
                source=source,
                user=user,
            )
        )
        return summary
    for parsed in items:
        if parsed.story is None:
            reason = parsed.error.reason if parsed.error else "unreadable item"
            summary.results.append(
                _failure(
                    origin=origin,
                    reference=parsed.reference,
                    reason=reason,
                    source=source,
                    user=user,
                )
            )
            continue
        try:
            summary.results.append(
                story_import(
                    story=parsed.story,
                    section=section,
                    origin=origin,
                    source=source,
                    user=user,
                    fetcher=fetcher,
                    reference=parsed.reference,
                )
            )
        except (ValidationError, ValueError) as error:
            reason = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            summary.results.append(
                _failure(
                    origin=origin,
                    reference=parsed.reference,
                    reason=reason,
                    source=source,
                    user=user,
                )
            )
    return summary


def path_import(
    *,
    path: Path,
    section: SectionPage,
    source: IngestSource | None = None,
    user: User | None = None,
    fetcher: Fetcher | None = None,
    modified_after: datetime | None = None,
) -> BatchSummary:
    """A file, or every input file in a folder (pictures beside them are their media);
    ``modified_after`` skips files a watched folder already had at its last scan."""
    files = input_files(path)
    if modified_after is not None:
        files = [f for f in files if f.stat().st_mtime > modified_after.timestamp()]
    summary = BatchSummary()
    for file in files:
        origin = str(file)
        size = file.stat().st_size
        if size > max_input_bytes():
            summary.results.append(
                _failure(
                    origin=origin,
                    reference=file.name,
                    source=source,
                    user=user,
                    reason=f"{size} bytes is over the limit of {max_input_bytes()} bytes per input",
                )
            )
            continue
        try:
            summary.extend(
                input_import(
                    data=file.read_bytes(),
                    origin=origin,
                    name=file.name,
                    section=section,
                    base_dir=file.parent,
                    source=source,
                    user=user,
                    fetcher=fetcher,
                )
            )
        except PermissionDenied:
            raise
        except Exception as error:  # one file's surprise must not stop the folder
            logger.exception("ingest of %s failed unexpectedly", file)
            summary.results.append(
                _failure(
                    origin=origin,
                    reference=file.name,
                    source=source,
                    user=user,
                    reason=f"internal error ({type(error).__name__}); the details are in the log",
                )
            )
    return summary


def input_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise IngestError(f"{path} is neither a file nor a folder")
    return sorted(
        p for p in path.rglob("*")
        if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES and not p.name.startswith(".")
        and p.name.lower() != "readme.md"
    )  # fmt: skip


def url_import(
    *,
    url: str,
    section: SectionPage,
    fetcher: Fetcher,
    source: IngestSource | None = None,
    user: User | None = None,
) -> BatchSummary:
    access_section_for_import(user=user, section=section)
    try:
        result = fetcher.fetch(url, max_bytes=max_input_bytes())
    except IngestError as error:
        return BatchSummary(
            [_failure(origin=url, reference=url, reason=error.reason, source=source, user=user)]
        )
    return input_import(
        data=result.content, origin=url, name=url, content_type=result.content_type,
        base_url=result.url, section=section, source=source, user=user, fetcher=fetcher,
    )  # fmt: skip


# --- Sources --------------------------------------------------------------------------------------


def source_poll(
    *, source: IngestSource, fetcher: Fetcher, now: datetime | None = None
) -> BatchSummary:
    """Poll one source now: a feed with a conditional request, a folder by scanning it."""
    now = now or timezone.now()
    summary = BatchSummary()
    if source.kind == IngestSource.Kind.FOLDER:
        try:
            if not folder_is_allowed(source.folder):
                raise IngestError(f"{source.folder} is outside INGEST_FOLDER_ROOTS; not read")
            summary = path_import(
                path=Path(source.folder),
                section=source.section,
                source=source,
                fetcher=fetcher,
                modified_after=source.last_polled_at,
            )
            status = f"{len(summary.results)} items"
        except IngestError as error:
            summary.results.append(
                _failure(
                    origin=source.folder,
                    reference=source.name,
                    reason=error.reason,
                    source=source,
                    user=None,
                )
            )
            status = error.reason
    else:
        try:
            result = fetcher.fetch(
                source.url,
                etag=source.etag,
                last_modified=source.last_modified,
                max_bytes=max_input_bytes(),
            )
        except IngestError as error:
            summary.results.append(
                _failure(
                    origin=source.url,
                    reference=source.name,
                    reason=error.reason,
                    source=source,
                    user=None,
                )
            )
            status = error.reason
        else:
            if result.not_modified:
                status = "not modified"
                summary.results.append(ItemResult(source.url, source.name, Outcome.NOT_MODIFIED))
                IngestLogEntry.objects.create(
                    origin=source.url,
                    reference=source.name,
                    outcome=Outcome.NOT_MODIFIED,
                    source=source,
                )
            else:
                summary = input_import(
                    data=result.content, origin=source.url, name=source.url,
                    content_type=result.content_type,
                    base_url=result.url, section=source.section, source=source, fetcher=fetcher,
                )  # fmt: skip
                source.etag = result.etag[:255]
                source.last_modified = result.last_modified[:64]
                status = f"HTTP {result.status}, {len(summary.results)} items"
    source.last_polled_at = now
    source.next_poll_at = now + source.poll_interval
    source.last_status = status[:255]
    source.save(
        update_fields=["etag", "last_modified", "last_polled_at", "next_poll_at", "last_status"]
    )
    return summary


def sources_poll_due(*, fetcher: Fetcher, now: datetime | None = None) -> BatchSummary:
    """Poll every enabled source whose time has come; one failing source stops no other."""
    now = now or timezone.now()
    summary = BatchSummary()
    for source in IngestSource.objects.due(now=now).select_related("section", "agency"):
        summary.extend(source_poll(source=source, fetcher=fetcher, now=now))
    return summary
