"""manage.py traffic_expire: mark alerts past their expected end as expired (pages already
hide them; this tidies the admin's lists). `make run` calls it every minute."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from masthead.traffic import services


class Command(BaseCommand):
    help = "Mark published and pending traffic alerts past their expected end as expired."

    def handle(self, *args, **options) -> None:
        count = services.alerts_expire()
        if options["verbosity"]:
            self.stdout.write(f"{count} alerts expired")
