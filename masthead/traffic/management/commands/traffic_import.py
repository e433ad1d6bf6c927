"""manage.py traffic_import FILE: alerts from an Open511 JSON event list (source "feed")."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from masthead.places.models import Place
from masthead.traffic import services


class Command(BaseCommand):
    help = "Import traffic alerts from an Open511 JSON file; re-running updates, never copies."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="An Open511 JSON event list.")
        parser.add_argument(
            "--place", help="Slug of the place for events the catalogue cannot place."
        )

    def handle(self, *args, **options) -> None:
        fallback = None
        if options["place"]:
            fallback = Place.objects.filter(slug=options["place"]).first()
            if fallback is None:
                raise CommandError(f"No place {options['place']!r}")
        try:
            counts = services.alerts_import_open511(
                content=Path(options["path"]).read_bytes(), fallback_place=fallback
            )
        except (OSError, services.TrafficError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(", ".join(f"{v} {k}" for k, v in counts.items()))
