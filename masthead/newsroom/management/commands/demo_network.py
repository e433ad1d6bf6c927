"""Builds the demo network: three sites, sections, people, pictures and stories.

Idempotent: when the network exists it only prints where to find it (``--reset`` rebuilds).
Deterministic for a given ``--seed``. ``--articles 100000`` takes minutes: past the first
stories (made through Wagtail, with revisions), stories are written in bulk.
"""

from __future__ import annotations

import random
import secrets
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
from django.db import transaction
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

from masthead.core.pagecache import purge_all
from masthead.core.sites import forget_network_sites
from masthead.newsroom.demo import pictures, steps, text
from masthead.newsroom.models import (
    Agency,
    ArticlePage,
    Author,
    GalleryPage,
    GalleryPhoto,
    HomePage,
    NewsImage,
    RelatedStory,
    SectionPage,
    StandardPage,
    StoryPage,
    StoryTag,
    TopStory,
    VideoPage,
)
from masthead.newsroom.selectors import BODY_SPEC, LEAD_SPEC, TEASER_SPECS

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
API_STORIES = 24  # made through Wagtail's own API, with revisions; the rest in bulk
BULK_BATCH = 2_000
EDITOR_EMAIL = "editor@localhost"
EDITOR_PASSWORD_FILE = "demo-editor-password"  # noqa: S105 - a file name, not a password
GALLERY_MOODS = ["at dusk", "after the storm", "at work"]


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
            builder = _Builder(rng=rng, port=port, console=console)
            homes = builder.build(articles=articles)
            # Other apps' demo content (places, comments, contributions …), in their order.
            for step in steps.registered():
                console.print(f"Demo: {step.name}…")
                step.run(homes=homes, rng=rng, console=console)
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
    def __init__(self, *, rng: random.Random, port: int, console: Console) -> None:
        self.rng = rng
        self.port = port
        self.console = console
        self.now = timezone.now().replace(second=0, microsecond=0)
        self.locale = Locale.get_default()
        self.tags: dict[str, Tag] = {}

    def build(self, *, articles: int) -> list[HomePage]:
        root = Page.get_first_root_node()
        # Wagtail's installer leaves a welcome page and a default site; the network replaces them.
        Site.objects.all().delete()
        for page in root.get_children():
            page.delete()
        root.refresh_from_db()

        self.agencies = [Agency.objects.create(name=n, short_name=s) for n, s in AGENCIES]
        self.images = self._pictures(count=min(48, max(12, articles // 10)))
        self.authors = self._authors(12)
        homes, leaves = [], []
        for index, spec in enumerate(NETWORK):
            home, site_leaves = self._site(root, spec, is_default=index == 0)
            homes.append(home)
            leaves.extend(site_leaves)
        self._groups_and_workflow(homes)
        self._editor()

        made: list[StoryPage] = []
        for home in homes:
            made += self._galleries(home, count=2)
            made += self._videos(home, count=2)
        api_count = min(articles, API_STORIES)
        for i in range(api_count):
            made.append(self._article_via_wagtail(leaves[i % len(leaves)], i, related=made[-2:]))
        if articles > api_count:
            self._bulk_articles(leaves, start=api_count, total=articles)
        for home in homes:
            self._top_stories(home)
        return homes

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
        copy = text.story(self.rng, topic_hint=section.slug)
        page = ArticlePage(
            title=copy.headline,
            standfirst=copy.standfirst,
            dateline=copy.dateline,
            lead_image=self.rng.choice(self.images),
            lead_image_caption=f"{copy.dateline}, where the debate has run for months.",
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
            copy = text.story(self.rng)
            page = GalleryPage(
                title=f"In pictures: {copy.dateline} {GALLERY_MOODS[i % len(GALLERY_MOODS)]}",
                standfirst=f"Scenes from {copy.dateline} this week.",
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

    def _videos(self, home: HomePage, count: int) -> list[StoryPage]:
        section = home.get_children().type(SectionPage).last().specific
        made = []
        for i in range(count):
            copy = text.story(self.rng)
            page = VideoPage(
                title=f"Video: {copy.headline}"[:250],
                standfirst=copy.standfirst,
                dateline=copy.dateline,
                lead_image=self.rng.choice(self.images),
                poster=self.rng.choice(self.images),
                video_url=f"https://video.localhost/demo/{uuid.UUID(int=self.rng.getrandbits(128))}",
                duration_seconds=self.rng.randint(40, 400),
                transcript="\n\n".join(copy.paragraphs[:3]),
            )
            made.append(self._publish(section, page, self.now - timedelta(hours=3 + 7 * i)))
        return made

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
                    copy = text.story(self.rng, topic_hint=section.slug)
                    slug = f"{_slugify(copy.headline)[:60]}-{i}"
                    when = self.now - step * i - timedelta(minutes=1)
                    pages.append(
                        Page(
                            title=copy.headline,
                            draft_title=copy.headline,
                            slug=slug,
                            content_type=content_type,
                            path=Page._get_path(
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
                StoryPage.objects._insert(stories, fields=fields_story, raw=True)
                ArticlePage.objects._insert(articles, fields=fields_article, raw=True)
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


def _slugify(value: str) -> str:
    from django.utils.text import slugify

    return slugify(value)
