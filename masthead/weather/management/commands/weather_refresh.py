"""Refresh the forecasts that are due (for `make run`'s loop or cron)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from masthead.weather import services


class Command(BaseCommand):
    help = "Fetch forecasts for the places readers use whose figures are missing or old."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--place", help="Refresh one place (slug) now, due or not.")

    def handle(self, *args, **options) -> None:
        from masthead.places.models import Place

        if options["place"]:
            places = list(Place.objects.filter(slug=options["place"]))
        else:
            places = services.weather_places_due()
        failed = 0
        for place in places:
            report = services.weather_refresh(place=place)
            if report.failure:
                failed += 1
                self.stderr.write(f"{place.slug}: {report.failure}")
        if options["verbosity"] > 0:
            self.stdout.write(f"Weather: {len(places) - failed} refreshed, {failed} failed.")
