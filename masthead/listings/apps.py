from django.apps import AppConfig


class ListingsConfig(AppConfig):
    name = "masthead.listings"
    label = "listings"
    verbose_name = "Listings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from masthead.listings import demo
        from masthead.newsroom.demo import steps

        # After the places step (order 10), which loads the catalogue and the demo places.
        steps.register("listings", demo.build_listings, order=45)
