"""The location catalogue and each reader's place per component."""

from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "masthead.places"
    label = "places"
    verbose_name = "Places"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from masthead.places import integration

        integration.connect()
