from django.apps import AppConfig


class TrafficConfig(AppConfig):
    name = "masthead.traffic"
    label = "traffic"
    verbose_name = "Traffic alerts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from masthead.newsroom.demo import steps
        from masthead.traffic import demo

        # After the places step (order 10), which loads the catalogue.
        steps.register("traffic", demo.build_traffic, order=40)
