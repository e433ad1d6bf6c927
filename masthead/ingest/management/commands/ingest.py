"""manage.py ingest <file|folder|url> --section <id|path>: import wire copy and pages as drafts."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from masthead.core.fetching import HttpFetcher
from masthead.ingest import services
from masthead.ingest.errors import IngestError
from masthead.ingest.selectors import section_get
from masthead.newsroom.models import SectionPage


class Command(BaseCommand):
    help = "Import RSS/Atom, ninjs, NewsML-G2, saved article pages or pasted text as drafts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("inputs", nargs="+", help="Files, folders or http(s) addresses.")
        parser.add_argument(
            "--section", required=True, help="Section id, or its path: /news/world/"
        )
        parser.add_argument(
            "--fetch-pictures", action="store_true", help="Download linked pictures."
        )

    def handle(self, *args, **options) -> None:
        try:
            section = section_get(ref=options["section"])
        except SectionPage.DoesNotExist as error:
            raise CommandError(f"No such section: {error}") from None
        console = Console(file=self.stdout, width=120)
        fetcher = HttpFetcher()
        summary = services.BatchSummary()
        files: list[Path] = []
        urls: list[str] = []
        for value in options["inputs"]:
            if value.startswith(("http://", "https://")):
                urls.append(value)
                continue
            try:
                files += services.input_files(Path(value))
            except IngestError as error:
                raise CommandError(error.reason) from None
        with Progress(
            TextColumn("[bold]Importing"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.description}"), console=console, transient=False,
        ) as progress:  # fmt: skip
            task = progress.add_task("", total=len(files) + len(urls))
            for file in files:
                progress.update(task, description=file.name)
                summary.extend(services.path_import(path=file, section=section, fetcher=fetcher))
                progress.advance(task)
            for url in urls:
                progress.update(task, description=url)
                summary.extend(services.url_import(url=url, section=section, fetcher=fetcher))
                progress.advance(task)
        console.print(summary_table(summary))
        if summary.failed:
            console.print(f"[red]{len(summary.failed)} item(s) failed; see the table above.")


def summary_table(summary: services.BatchSummary) -> Table:
    table = Table(title="Ingest summary")
    table.add_column("outcome")
    table.add_column("items", justify="right")
    for outcome, count in sorted(summary.counts.items()):
        table.add_row(outcome, str(count))
    for failure in summary.failed:
        table.add_row(
            f"[red]failed: {escape(failure_label(failure))}", f"[red]{escape(failure.message)}"
        )
    for result in summary.results:
        if result.outcome == services.Outcome.EMPTY:
            table.add_row(f"empty: {escape(failure_label(result))}", escape(result.message))
    return table


def failure_label(result: services.ItemResult) -> str:
    """ "feed.rss: item 3: urn:x": which file (or address) and which item in it."""
    where = result.origin
    if where and "://" not in where:
        where = Path(where).name
    if not where or result.reference in (where, result.origin):
        return result.reference or where
    return f"{where}: {result.reference}"
