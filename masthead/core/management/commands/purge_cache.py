"""The operator's purge: stored pages by surrogate key, or everything.

    manage.py purge_cache page-12 image-7     # exactly these keys, here and in every proxy
    manage.py purge_cache --all               # every stored page (after a deploy that
                                              # changes the markup of every page, say)

No write path of the app purges everything; this command is the one way to (docs/operations.md).
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from masthead.core import purging


class Command(BaseCommand):
    help = "Purge stored pages by surrogate key (masthead.core.surrogate), or all of them."

    def add_arguments(self, parser) -> None:
        parser.add_argument("keys", nargs="*", help="surrogate keys, e.g. page-12 chrome-1")
        parser.add_argument("--all", action="store_true", help="purge every stored page")

    def handle(self, *args, keys: list[str], all: bool, **options) -> None:
        if all == bool(keys):
            raise CommandError("give surrogate keys or --all (not both)")
        proxies = settings.MASTHEAD_PURGE_PROXIES
        if all:
            purging.purge_everything(proxies=False)
            failed = []
            for proxy in proxies:
                try:
                    purging.send_to_proxy(proxy, [])
                except Exception as exc:  # noqa: BLE001 - reported, the others still purged
                    failed.append(f"{purging.proxy_label(proxy)}: {exc}")
            self.stdout.write(f"purged every page here and in {len(proxies) - len(failed)} proxies")
        else:
            purging.pagecache.purge_keys(keys)
            failed = []
            for proxy in proxies:
                try:
                    purging.send_to_proxy(proxy, sorted(set(keys)))
                except Exception as exc:  # noqa: BLE001
                    failed.append(f"{purging.proxy_label(proxy)}: {exc}")
            self.stdout.write(
                f"purged {len(set(keys))} keys here and in {len(proxies) - len(failed)} proxies"
            )
        if failed:
            raise CommandError("not purged: " + "; ".join(failed))
