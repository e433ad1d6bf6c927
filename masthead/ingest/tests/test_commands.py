"""manage.py ingest and ingest_poll, and the background poll task."""

from __future__ import annotations

import io
import json
import os
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from masthead.ingest import tasks
from masthead.ingest.models import IngestedItem, IngestLogEntry, IngestSource
from masthead.newsroom.models import ArticlePage

pytestmark = pytest.mark.django_db


def test_ingest_a_folder_of_agency_files_prints_a_summary(shared_data, section):
    out = io.StringIO()

    call_command("ingest", str(shared_data / "ninjs"), "--section", str(section.pk), stdout=out)

    output = out.getvalue()
    assert "Ingest summary" in output and "created" in output and "4/4" in output
    assert ArticlePage.objects.filter(live=False).count() == 4
    assert IngestedItem.objects.filter(format="ninjs").count() == 4


def test_ingest_finds_the_section_by_its_path_and_reimport_changes_nothing(shared_data, section):
    path = str(shared_data / "newsml-g2")
    call_command("ingest", path, "--section", "/news/world/", stdout=io.StringIO())
    out = io.StringIO()

    call_command("ingest", path, "--section", "/news/world/", stdout=out)

    assert ArticlePage.objects.count() == 5
    assert "unchanged" in out.getvalue()
    assert IngestLogEntry.objects.filter(outcome="unchanged").count() == 5


def test_ingest_reports_bad_files_and_goes_on(section, tmp_path):
    (tmp_path / "bad.json").write_text("{oops")
    (tmp_path / "good.txt").write_text(
        "Bridge reopens after repairs in Cork\n"
        "CORK - The harbour bridge reopened on Monday after six weeks of repairs to its deck.\n"
        "Traffic was light in the morning but the council expects queues at the weekend again.\n"
    )
    out = io.StringIO()

    call_command("ingest", str(tmp_path), "--section", str(section.pk), stdout=out)

    assert "failed: bad.json" in out.getvalue() and "not valid JSON" in out.getvalue()
    assert ArticlePage.objects.get().title == "Bridge reopens after repairs in Cork"


def test_an_unknown_section_is_a_command_error(section, tmp_path):
    with pytest.raises(CommandError, match="No such section"):
        call_command("ingest", str(tmp_path), "--section", "/nowhere/")


def test_the_poll_command_and_the_task_poll_due_folder_sources(shared_data, section, settings):
    settings.INGEST_FOLDER_ROOTS = [shared_data]
    source = IngestSource.objects.create(
        name="Agency drop", kind=IngestSource.Kind.FOLDER, folder=str(shared_data / "ninjs"),
        section=section, poll_interval_minutes=10,
    )  # fmt: skip

    call_command("ingest_poll", stdout=io.StringIO())
    source.refresh_from_db()
    assert ArticlePage.objects.count() == 4
    assert source.next_poll_at > timezone.now() + timedelta(minutes=9)

    IngestSource.objects.filter(pk=source.pk).update(next_poll_at=timezone.now())
    result = tasks.poll_due_sources.enqueue()

    # Nothing new landed in the folder since the last scan: nothing is read again.
    assert result.return_value == {}
    assert ArticlePage.objects.count() == 4


def test_a_watched_folder_reads_only_files_that_landed_since_its_last_scan(
    section, tmp_path, settings
):
    settings.INGEST_FOLDER_ROOTS = [tmp_path]
    (tmp_path / "first.txt").write_text(
        "Harbour bridge reopens in Cork\n"
        "CORK - The harbour bridge reopened on Monday after six weeks of repairs to its deck.\n"
        "Traffic was light in the morning but the council expects queues at the weekend.\n"
    )
    source = IngestSource.objects.create(
        name="Drop", kind=IngestSource.Kind.FOLDER, folder=str(tmp_path), section=section
    )
    call_command("ingest_poll", stdout=io.StringIO())
    later = timezone.now() + timedelta(seconds=5)
    (tmp_path / "second.txt").write_text(
        "Ferry strike ends in Bergen\n"
        "BERGEN - Ferry crews ended their strike on Tuesday after a new pay offer was accepted.\n"
        "Sailings will be back to the normal timetable by Wednesday morning, the company said.\n"
    )
    os.utime(tmp_path / "second.txt", (later.timestamp(), later.timestamp()))
    IngestSource.objects.filter(pk=source.pk).update(next_poll_at=timezone.now())

    call_command("ingest_poll", stdout=io.StringIO())

    assert sorted(ArticlePage.objects.values_list("title", flat=True)) == [
        "Ferry strike ends in Bergen",
        "Harbour bridge reopens in Cork",
    ]
    assert IngestLogEntry.objects.filter(source=source).count() == 2


def test_a_watched_folder_outside_the_allowed_roots_is_refused(section, tmp_path, settings):
    settings.INGEST_FOLDER_ROOTS = [tmp_path / "agency-drop"]
    source = IngestSource(
        name="Snoop", kind=IngestSource.Kind.FOLDER, folder="/etc", section=section
    )

    with pytest.raises(ValidationError, match="Watched folders must be inside"):
        source.full_clean()
    source.save()  # as if the setting had changed since the source was made
    call_command("ingest_poll", stdout=io.StringIO())

    entry = IngestLogEntry.objects.get(source=source)
    assert entry.outcome == "failed" and "outside INGEST_FOLDER_ROOTS" in entry.message
    assert ArticlePage.objects.count() == 0


def test_the_summary_names_the_file_of_each_failed_item(shared_data, section, tmp_path):
    real = json.loads((shared_data / "ninjs" / "ninjs-2.1_ap_image.json").read_bytes())
    no_id = {k: v for k, v in real.items() if k != "uri"}
    (tmp_path / "photos.json").write_text(json.dumps([real, no_id]))
    out = io.StringIO()

    call_command("ingest", str(tmp_path), "--section", str(section.pk), stdout=out)

    text = " ".join(out.getvalue().split())
    assert "failed: photos.json: item 2" in text
    assert "the ninjs item has neither uri nor guid" in text
    assert IngestLogEntry.objects.get(outcome="failed").origin.endswith("photos.json")
