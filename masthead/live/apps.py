from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "masthead.live"
    label = "live"
    verbose_name = "Live front page"

    def ready(self) -> None:
        from masthead.live import signals  # noqa: F401
