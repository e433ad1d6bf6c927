"""Builds the demo network: three sites, sections, people, pictures and stories.

Idempotent: when the network exists it only prints where to find it (``--reset`` rebuilds).
Deterministic for a given ``--seed``. ``--articles 100000`` takes minutes: past the first
stories (made through Wagtail, with revisions), stories are written in bulk.
"""

from __future__ import annotations

import random
import secrets
import time
import uuid
from datetime import timedelta
from pathlib import Path

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from django.utils import timezone
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from taggit.models import Tag
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.rich_text import RichText

from masthead.core import compat
from masthead.core.pagecache import purge_all
from masthead.core.sites import forget_network_sites
from masthead.newsroom.demo import pictures, steps, text, video
from masthead.newsroom.models import (
    Agency,
    ArticlePage,
    Author,
    GalleryPage,
    GalleryPhoto,
    HomePage,
    LiveBlogPage,
    NewsImage,
    RelatedStory,
    SectionPage,
    StandardPage,
    StoryNote,
    StoryNoteKind,
    StoryPage,
    StoryTag,
    TopStory,
    VideoPage,
)
from masthead.newsroom.notices import stories_written
from masthead.newsroom.reading.teasers import BODY_SPEC, LEAD_SPEC, TEASER_SPECS

NETWORK = [
    {
        "key": "news",
        "name": "Masthead News",
        "host": "localhost",
        "tagline": "News from home and around the world",
        "sections": {"News": ["World", "Local", "Politics"], "Science": [], "Culture": []},
    },
    {
        "key": "money",
        "name": "Masthead Money",
        "host": "money.localhost",
        "tagline": "Business, markets and your money",
        "sections": {"Markets": [], "Companies": ["Technology", "Energy"], "Your money": []},
    },
    {
        "key": "sport",
        "name": "Masthead Sport",
        "host": "sport.localhost",
        "tagline": "Results, reports and analysis",
        "sections": {"Football": ["Premier", "International"], "Tennis": [], "Athletics": []},
    },
]
AGENCIES = [
    ("Agence France-Presse", "AFP"),
    ("Associated Press", "AP"),
    ("Reuters", "Reuters"),
    ("Deutsche Presse-Agentur", "dpa"),
]
ALT_SUBJECTS = ["a city skyline at dusk", "hills under an evening sky", "rooftops at sunset"]
# The demo's corrections record: one correction and one update on the main site.
DEMO_NOTES = (
    (
        StoryNoteKind.CORRECTION,
        "An earlier version of this story said the meeting was on Tuesday. It is on Thursday.",
    ),
    (
        StoryNoteKind.UPDATE,
        "This story was updated with a statement from the city's transport department.",
    ),
)
API_STORIES = 24  # made through Wagtail's own API, with revisions; the rest in bulk
BULK_BATCH = 2_000
EDITOR_EMAIL = "editor@localhost"
EDITOR_PASSWORD_FILE = "demo-editor-password"  # noqa: S105 - a file name, not a password
GALLERY_MOODS = [
    "at dusk",
    "after the storm",
    "at work",
    "on market day",
    "from the air",
    "at the water's edge",
]
SLUG_LENGTH = 80


class Command(BaseCommand):
    help = "Build the demo news network (three sites) with generated stories and pictures."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2016)
        parser.add_argument("--articles", type=int, default=400)
        parser.add_argument("--reset", action="store_true", help="Delete the network and rebuild")
        parser.add_argument("--port", type=int, default=settings.MASTHEAD_PORT)

    def handle(self, *args, seed: int, articles: int, reset: bool, port: int, **options) -> None:
        console = Console(stderr=True)
        if HomePage.objects.exists() and not reset:
            console.print("[green]The demo network exists already[/] (use --reset to rebuild).")
            self._print_summary(console)
            return
        if articles < 0:
            raise SystemExit("--articles must be zero or more.")
        rng = random.Random(seed)
        with transaction.atomic():
            if reset:
                self._delete_network(console)
            builder = _Builder(rng=rng, port=port, console=console, seed=seed)
            started = time.monotonic()
            homes = builder.build(articles=articles)
            console.print(
                f"Demo: sites, pictures and stories in {time.monotonic() - started:.1f} s"
            )
            # Other apps' demo content (places, comments, contributions …), in their order.
            for step in steps.registered():
                console.print(f"Demo: {step.name}…")
                started = time.monotonic()
                step.run(homes=homes, rng=rng, console=console)
                console.print(f"Demo: {step.name} in {time.monotonic() - started:.1f} s")
            # Most stories were written in bulk, past Wagtail's publish: tell whoever follows
            # stories (the search index) which ones exist now.
            ids = list(StoryPage.objects.live().values_list("id", flat=True))
            with builder._progress() as progress:
                task = progress.add_task("Indexing stories for search", total=len(ids))
                stories_written.send(
                    sender=type(self),
                    ids=ids,
                    progress=lambda done: progress.advance(task, done),
                    # purge_all() below makes every page stale at once; a purge key per story
                    # (20,000 cache writes) took longer than building the stories.
                    purge=False,
                )
        if connection.vendor == "postgresql":
            # The planner's statistics: a bulk load leaves them empty until autovacuum comes
            # round (never, where it is off), and PostgreSQL then guesses row counts and plans
            # whole-table reads where an index would answer.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        forget_network_sites()
        purge_all()
        self._print_summary(console)

    def _delete_network(self, console: Console) -> None:
        console.print("Deleting the existing network…")
        Site.objects.all().delete()
        for home in Page.objects.filter(depth=2):
            home.delete()
        NewsImage.objects.all().delete()
        Author.objects.all().delete()
        Agency.objects.all().delete()

    def _print_summary(self, console: Console) -> None:
        console.print("\n[bold]The Masthead demo network[/]")
        for site in Site.objects.order_by("-is_default_site", "hostname"):
            console.print(f"  {site.site_name:<16} {site.root_url}/")
        password_file = (
            Path(settings.VAR_DIR) / EDITOR_PASSWORD_FILE if hasattr(settings, "VAR_DIR") else None
        )
        if password_file and password_file.exists():
            console.print(
                f"  Admin: {Site.objects.get(is_default_site=True).root_url}/admin/  "
                f"e-mail [bold]{EDITOR_EMAIL}[/], "
                f"password [bold]{password_file.read_text().strip()}[/]",
                soft_wrap=True,  # a narrow terminal must not split the password
            )
        stories = StoryPage.objects.live().count()
        console.print(f"  {stories} live stories\n")


class _Builder:
    def __init__(self, *, rng: random.Random, port: int, console: Console, seed: int = 0) -> None:
        self.rng = rng
        self.seed = seed
        self.port = port
        self.console = console
        self.now = timezone.now().replace(second=0, microsecond=0)
        self.locale = Locale.get_default()
        self.tags: dict[str, Tag] = {}
        self.site_of: dict[int, str] = {}  # section id -> site key (what its stories are about)
        self.seen: set[str] = set()  # headlines, slugs and standfirsts written so far

    def build(self, *, articles: int) -> list[HomePage]:
        root = Page.get_first_root_node()
        # Wagtail's installer leaves a welcome page and a default site; the network replaces them.
        Site.objects.all().delete()
        for page in root.get_children():
            page.delete()
        root.refresh_from_db()

        self.agencies = [Agency.objects.create(name=n, short_name=s) for n, s in AGENCIES]
        # Each picture costs four renditions made now (half the build's time at 40): two dozen
        # are enough for teasers not to look repeated side by side.
        self.images = self._pictures(count=min(24, max(12, articles // 16)))
        self.authors = self._authors(12)
        homes, leaves = [], []
        for index, spec in enumerate(NETWORK):
            home, site_leaves = self._site(root, spec, is_default=index == 0)
            homes.append(home)
            leaves.extend(site_leaves)
        self._groups_and_workflow(homes)
        self._editor()

        made: list[StoryPage] = []
        self.video = self._video_document()
        for home in homes:
            made += self._galleries(home, count=2)
            made += self._videos(home, count=2)
        api_count = min(articles, API_STORIES)
        for i in range(api_count):
            made.append(self._article_via_wagtail(leaves[i % len(leaves)], i, related=made[-2:]))
        if articles > api_count:
            self._bulk_articles(leaves, start=api_count, total=articles)
        self._notes(homes[0], made)
        self._live_blog(homes[0])
        for home in homes:
            self._top_stories(home)
        return homes

    def _notes(self, home: HomePage, made: list[StoryPage]) -> None:
        """A correction on one story of the main site and an update on another, added as an
        editor does: in the story's next revision, published."""
        stories = [s for s in made if isinstance(s, ArticlePage) and s.path.startswith(home.path)]
        for story, (kind, note) in zip(stories[1:3], DEMO_NOTES, strict=False):
            page = story.get_latest_revision_as_object()
            # Between the story's first publish and now, as if the desk fixed it later on.
            noted_at = story.first_published_at + (self.now - story.first_published_at) / 2
            page.notes.add(StoryNote(kind=kind, text=note, noted_at=noted_at))
            page.save_revision().publish()
            StoryPage.objects.filter(pk=story.pk).update(last_published_at=noted_at)

    # --- people, pictures, sites ---------------------------------------------------------------
    def _pictures(self, count: int) -> list[NewsImage]:
        images = []
        with self._progress() as progress:
            task = progress.add_task("Drawing pictures", total=count)
            for i in range(count):
                data = pictures.draw(self.rng)
                agency = self.rng.choice(["", "", "AFP", "Reuters"])
                image = NewsImage(
                    title=f"Demo picture {i + 1}",
                    photographer=text.person(self.rng),
                    agency=agency,
                    licence=NewsImage.Licence.AGENCY if agency else NewsImage.Licence.STAFF,
                    default_alt_text=f"Illustration: {self.rng.choice(ALT_SUBJECTS)}",
                )
                image.file = ImageFile(_named_bytes(data, f"demo-{i + 1}.jpg"))
                image.save()
                for spec in (*TEASER_SPECS, LEAD_SPEC, BODY_SPEC):
                    image.get_rendition(spec)
                images.append(image)
                progress.advance(task)
        return images

    def _authors(self, count: int) -> list[Author]:
        authors, seen = [], set()
        roles = ["Reporter", "Political correspondent", "Business editor", "Sports writer"]
        while len(authors) < count:
            name = text.person(self.rng)
            if name in seen:
                continue
            seen.add(name)
            slug = name.lower().replace(" ", "-")
            authors.append(
                Author.objects.create(
                    name=name,
                    slug=slug,
                    role=self.rng.choice(roles),
                    bio=f"{name} writes about the stories that shape the region.",
                    photo=self.rng.choice(self.images),
                )
            )
        return authors

    def _site(self, root: Page, spec: dict, *, is_default: bool) -> tuple[HomePage, list]:
        home = root.add_child(
            instance=HomePage(title=spec["name"], slug=spec["key"], tagline=spec["tagline"])
        )
        Site.objects.create(
            hostname=spec["host"],
            port=self.port,
            root_page=home,
            site_name=spec["name"],
            is_default_site=is_default,
        )
        leaves = []
        for title, children in spec["sections"].items():
            section = home.add_child(
                instance=SectionPage(
                    title=title,
                    show_in_menus=True,
                    intro=f"The latest {title.lower()} from {spec['name']}.",
                )
            )
            leaves.append(section)
            leaves.extend(
                section.add_child(
                    instance=SectionPage(
                        title=child_title, show_in_menus=True, show_on_front_page=False
                    )
                )
                for child_title in children
            )
        for leaf in leaves:
            self.site_of[leaf.pk] = spec["key"]
        home.add_child(
            instance=StandardPage(
                title="Comments policy",
                slug="comments-policy",
                body=(
                    "<p>Contributions of 200 words or more will be considered for publication. "
                    "We reserve editorial discretion to decide what will be published.</p>"
                    "<p>Be civil, stay on topic and do not post personal information.</p>"
                ),
            )
        )
        return home, leaves

    def _groups_and_workflow(self, homes: list[HomePage]) -> None:
        admin_access = Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
        for home in homes:
            reporters, _ = Group.objects.get_or_create(name=f"{home.title} reporters")
            editors, _ = Group.objects.get_or_create(name=f"{home.title} editors")
            for group in (reporters, editors):
                group.permissions.add(admin_access)
            for codename in ("add_page", "change_page"):
                perm = Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                )
                GroupPagePermission.objects.create(group=reporters, page=home, permission=perm)
            for codename in ("add_page", "change_page", "publish_page", "delete_page", "lock_page"):
                perm = Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                )
                GroupPagePermission.objects.create(group=editors, page=home, permission=perm)
            # One workflow per site: its approval task belongs to that site's editors only.
            task = GroupApprovalTask.objects.create(name=f"{home.title}: editor approval")
            task.groups.set([editors])
            workflow = Workflow.objects.create(
                name=f"{home.title}: reporter submits, editor publishes"
            )
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
            WorkflowPage.objects.create(workflow=workflow, page=home)

    def _editor(self) -> None:
        User = get_user_model()
        password_file = Path(settings.VAR_DIR) / EDITOR_PASSWORD_FILE
        password_file.parent.mkdir(parents=True, exist_ok=True)
        if not password_file.exists():
            password_file.write_text(secrets.token_urlsafe(12))
        password = password_file.read_text().strip()
        editor = User.objects.filter(username="editor").first()
        if editor is None:
            editor = User.objects.create_superuser("editor", EDITOR_EMAIL, password)
        else:
            editor.set_password(password)
            editor.is_superuser = editor.is_staff = True
            editor.save()
        if django_apps.is_installed("allauth.account"):
            # Sign-in is by e-mail through allauth, which asks for a verified address first.
            from allauth.account.models import EmailAddress

            EmailAddress.objects.update_or_create(
                user=editor, email=editor.email, defaults={"verified": True, "primary": True}
            )

    # --- stories ---------------------------------------------------------------------------------
    def _credits(self, story: StoryPage) -> None:
        if self.rng.random() < 0.3:
            story.agency = self.rng.choice(self.agencies)

    def _copy(self, section: SectionPage) -> tuple[text.Story, str]:
        """A story for the section and its slug; headline, slug and standfirst not used before
        in this network, so slugs read as the headline does (no numbered suffix)."""
        for _attempt in range(40):
            copy = text.story(self.rng, topic_hint=section.slug, site=self.site_of[section.pk])
            slug = _readable_slug(copy.headline)
            if not {copy.headline, slug, copy.standfirst} & self.seen:
                break
        else:
            # Only a very large network (the bench's 100,000) runs out of combinations.
            slug = f"{slug}-{len(self.seen)}"
        self.seen |= {copy.headline, slug, copy.standfirst}
        return copy, slug

    def _tag(self, name: str) -> Tag:
        if name not in self.tags:
            self.tags[name], _ = Tag.objects.get_or_create(name=name)
        return self.tags[name]

    def _publish(self, parent: Page, page: StoryPage, when) -> StoryPage:
        parent.add_child(instance=page)
        page.first_published_at = when
        revision = page.save_revision()
        revision.publish()
        page.refresh_from_db()
        StoryPage.objects.filter(pk=page.pk).update(first_published_at=when, last_published_at=when)
        return page

    def _body(self, copy: text.Story, *, with_images: bool) -> list:
        blocks: list = []
        for index, paragraph in enumerate(copy.paragraphs):
            if index and index % 3 == 0 and copy.subheadings:
                blocks.append(
                    ("subheading", copy.subheadings[(index // 3 - 1) % len(copy.subheadings)])
                )
            blocks.append(("paragraph", RichText(f"<p>{paragraph}</p>")))
            if index == 1:
                blocks.append(
                    ("pull_quote", {"quote": copy.quote, "attribution": text.person(self.rng)})
                )
            if with_images and index == 3:
                blocks.append(
                    (
                        "image",
                        {
                            "image": self.rng.choice(self.images),
                            "caption": f"A scene in {copy.dateline}.",
                            "alt_text": "",
                        },
                    )
                )
        return blocks

    def _article_via_wagtail(
        self, section: SectionPage, index: int, *, related: list[StoryPage]
    ) -> StoryPage:
        copy, slug = self._copy(section)
        page = ArticlePage(
            title=copy.headline,
            slug=slug,
            standfirst=copy.standfirst,
            dateline=copy.dateline,
            lead_image=self.rng.choice(self.images),
            lead_image_caption=f"{copy.dateline}: {text.rng_detail(self.rng)}.",
            body=self._body(copy, with_images=True),
        )
        self._credits(page)
        for name in copy.tags:
            page.tags.add(name)
        page.authors = self.rng.sample(self.authors, k=self.rng.randint(1, 2))
        page.related_stories = [RelatedStory(story_id=story.pk) for story in related]
        return self._publish(section, page, self.now - timedelta(minutes=7 * index + 3))

    def _galleries(self, home: HomePage, count: int) -> list[StoryPage]:
        section = home.get_children().type(SectionPage).first().specific
        made = []
        for i in range(count):
            copy, _slug = self._copy(section)
            moods = self.rng.sample(GALLERY_MOODS, k=len(GALLERY_MOODS))
            mood = next(
                (m for m in moods if f"In pictures: {copy.dateline} {m}" not in self.seen),
                moods[0],
            )
            self.seen.add(f"In pictures: {copy.dateline} {mood}")
            page = GalleryPage(
                title=f"In pictures: {copy.dateline} {mood}",
                standfirst=f"{copy.dateline} {mood}, seen by our photographers: {copy.standfirst}",
                dateline=copy.dateline,
                lead_image=self.rng.choice(self.images),
            )
            page.tags.add(copy.dateline)
            photos = self.rng.sample(self.images, k=min(6, len(self.images)))
            page.photos = [
                GalleryPhoto(
                    image=img,
                    caption=f"Photo {n + 1}: {copy.dateline}, {text.rng_detail(self.rng)}",
                )
                for n, img in enumerate(photos)
            ]
            made.append(self._publish(section, page, self.now - timedelta(hours=2 + 5 * i)))
        return made

    def _video_document(self):
        """One generated clip shared by the demo's video pages, stored as media and served
        from this site (no video host needed); encoded once per checkout (demo/video.py)."""
        from django.core.files import File
        from wagtail.documents import get_document_model

        path = video.cached(Path(settings.VAR_DIR) / "demo-cache", seed=self.seed)
        with path.open("rb") as handle:
            document = get_document_model()(title="Demo video: dusk over the city")
            document.file.save("demo-video.webm", File(handle), save=False)
            document.save()
        return document

    def _videos(self, home: HomePage, count: int) -> list[StoryPage]:
        section = home.get_children().type(SectionPage).last().specific
        made = []
        for i in range(count):
            copy, _slug = self._copy(section)
            page = VideoPage(
                title=copy.headline,
                standfirst=copy.standfirst,
                dateline=copy.dateline,
                lead_image=self.rng.choice(self.images),
                poster=self.rng.choice(self.images),
                video_file=self.video,
                duration_seconds=video.SECONDS,
                transcript="\n\n".join(copy.paragraphs[:3]),
            )
            made.append(self._publish(section, page, self.now - timedelta(hours=3 + 7 * i)))
        return made

    def _live_blog(self, home: HomePage) -> LiveBlogPage:
        """A running live blog in the first section, its updates posted as the editor through
        the live desk's own services (pinned post, key events, quotes, pictures)."""
        from masthead.newsroom import live_services
        from masthead.newsroom.demo import live

        section = home.get_children().type(SectionPage).first().specific
        page = LiveBlogPage(
            title=live.HEADLINE,
            standfirst=live.STANDFIRST,
            dateline="Cape Town",
            lead_image=self.rng.choice(self.images),
        )
        posted = self.now - timedelta(hours=5)
        self._publish(section, page, posted)
        editor = get_user_model().objects.get(username="editor")
        for item in live.updates(self.rng):
            quote, said_by = item.quote or ("", "")
            live_services.live_update_post(
                blog=page,
                user=editor,
                fields=live_services.LiveUpdateFields(
                    headline=item.headline,
                    body=item.body,
                    image=self.rng.choice(self.images) if item.picture else None,
                    image_caption="Reader picture of the storm" if item.picture else "",
                    quote=quote,
                    quote_attribution=said_by,
                ),
                key_event=item.key_event,
                posted_at=self.now - timedelta(minutes=item.minutes_ago),
            )
        headline, body = live.PINNED
        live_services.live_update_post(
            blog=page,
            user=editor,
            fields=live_services.LiveUpdateFields(headline=headline, body=body),
            pinned=True,
            posted_at=posted + timedelta(minutes=2),
        )
        return page

    def _bulk_articles(self, leaves: list[SectionPage], *, start: int, total: int) -> None:
        content_type = ContentType.objects.get_for_model(ArticlePage)
        span = timedelta(days=max(30, total // 1000))
        step = span / max(total, 1)
        fields_story = StoryPage._meta.local_concrete_fields
        fields_article = ArticlePage._meta.local_concrete_fields
        next_step = {s.pk: s.numchild for s in leaves}
        with self._progress() as progress:
            task = progress.add_task("Writing stories", total=total - start)
            for batch_start in range(start, total, BULK_BATCH):
                batch_end = min(total, batch_start + BULK_BATCH)
                pages, details = [], []
                for i in range(batch_start, batch_end):
                    section = leaves[i % len(leaves)]
                    next_step[section.pk] += 1
                    copy, slug = self._copy(section)
                    when = self.now - step * i - timedelta(minutes=1)
                    pages.append(
                        Page(
                            title=copy.headline,
                            draft_title=copy.headline,
                            slug=slug,
                            content_type=content_type,
                            path=compat.tree_path(
                                section.path, section.depth + 1, next_step[section.pk]
                            ),
                            depth=section.depth + 1,
                            numchild=0,
                            url_path=f"{section.url_path}{slug}/",
                            live=True,
                            has_unpublished_changes=False,
                            first_published_at=when,
                            last_published_at=when,
                            locale=self.locale,
                            translation_key=uuid.UUID(int=self.rng.getrandbits(128)),
                        )
                    )
                    details.append((copy, section))
                created = Page.objects.bulk_create(pages)
                stories, articles, tag_rows, author_rows = [], [], [], []
                for page, (copy, _section) in zip(created, details, strict=True):
                    story = StoryPage(
                        page_ptr_id=page.pk,
                        standfirst=copy.standfirst,
                        dateline=copy.dateline,
                        lead_image=self.rng.choice(self.images),
                        lead_image_caption=f"{copy.dateline}.",
                        agency=self.rng.choice(self.agencies) if self.rng.random() < 0.3 else None,
                    )
                    stories.append(story)
                    articles.append(
                        ArticlePage(
                            page_ptr_id=page.pk,
                            storypage_ptr_id=page.pk,
                            body=self._body(copy, with_images=False),
                        )
                    )
                    tag_rows += [
                        StoryTag(content_object_id=page.pk, tag=self._tag(name))
                        for name in copy.tags
                    ]
                    author_rows.append(
                        StoryPage.authors.through(
                            storypage_id=page.pk, author_id=self.rng.choice(self.authors).pk
                        )
                    )
                compat.insert_raw(StoryPage, stories, fields=fields_story)
                compat.insert_raw(ArticlePage, articles, fields=fields_article)
                StoryTag.objects.bulk_create(tag_rows)
                StoryPage.authors.through.objects.bulk_create(author_rows)
                progress.advance(task, batch_end - batch_start)
        for section in leaves:
            Page.objects.filter(pk=section.pk).update(numchild=next_step[section.pk])

    def _top_stories(self, home: HomePage) -> None:
        newest = list(
            StoryPage.objects.live()
            .filter(path__startswith=home.path)
            .type(ArticlePage)
            .order_by("-first_published_at")
            .values_list("id", flat=True)[:8]
        )
        if not newest:
            return
        # The lead is chosen, not "whatever came last": reader galleries published after the
        # build must not take the top of the page; every demo article has a picture.
        HomePage.objects.filter(pk=home.pk).update(lead_story_id=newest[0])
        if len(newest) < 4:
            return
        picks = self.rng.sample(newest[1:], k=3)
        for order, story_id in enumerate(picks):
            TopStory.objects.create(page=home, story_id=story_id, sort_order=order)

    def _progress(self) -> Progress:
        return Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=self.console,
            transient=False,
        )


def _named_bytes(data: bytes, name: str):
    import io

    handle = io.BytesIO(data)
    handle.name = name
    return handle


def _readable_slug(headline: str) -> str:
    """The headline's slug, cut at a word boundary (a slug is an address readers see)."""
    from django.utils.text import slugify

    slug = slugify(headline)
    if len(slug) <= SLUG_LENGTH:
        return slug
    return slug[: SLUG_LENGTH + 1].rsplit("-", 1)[0]
