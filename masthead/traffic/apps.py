from django.apps import AppConfig


class TrafficConfig(AppConfig):
    name = "masthead.traffic"
    label = "traffic"
    verbose_name = "Traffic alerts"
    default_auto_field = "django.db.models.BigAutoField"
