from django.apps import AppConfig


class SiteSearchConfig(AppConfig):
    name = "masthead.search"
    # "search" is Wagtail's label; ours names what it is: the reader-facing site search.
    label = "sitesearch"
    verbose_name = "Site and network search"

    def ready(self) -> None:
        from masthead.search import signals
        from masthead.search.documents import register_body_text

        signals.connect()
        # Galleries say what they show in their captions.
        for label in ("newsroom.GalleryPage", "contributions.UserGalleryPage"):
            try:
                model = self.apps.get_model(label)
            except LookupError:
                continue
            register_body_text(model, _captions)
        # A live blog's words are in its updates: the newest are what a reader searches for.
        register_body_text(self.apps.get_model("newsroom.LiveBlogPage"), _live_updates)


def _captions(page) -> list[str]:
    return [photo.caption for photo in page.photos.all()]


LIVE_UPDATES_INDEXED = 500


def _live_updates(page) -> list[str]:
    rows = (
        page.updates.filter(deleted_at__isnull=True)
        .order_by("-posted_at")
        .values_list("headline", "body", "quote")[:LIVE_UPDATES_INDEXED]
    )
    return [part for row in rows for part in row if part]
