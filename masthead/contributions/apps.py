from django.apps import AppConfig


class ContributionsConfig(AppConfig):
    name = "masthead.contributions"
    label = "contributions"
    verbose_name = "Reader contributions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        import pillow_heif

        from masthead.accounts import hooks
        from masthead.contributions import selectors, services, signals  # noqa: F401
        from masthead.contributions.demo import build_contributions
        from masthead.newsroom.demo import steps
        from masthead.newsroom.models import SectionPage

        # HEIC/HEIF (phone cameras) decodes through Pillow once the plugin is registered.
        pillow_heif.register_heif_opener()

        # Sections accept our page types without newsroom naming this app (decision 0850).
        for model in (
            "contributions.CommunityStoryPage",
            "contributions.UserGalleryPage",
            "contributions.CallOutPage",
        ):
            if model not in SectionPage.subpage_types:
                SectionPage.subpage_types = [*SectionPage.subpage_types, model]

        hooks.register_profile_section(
            key="contributions",
            title="Reader contributions",
            template="contributions/profile_section.html",
            context=lambda user: selectors.published_contributions_for_profile(user=user),
            order=20,
        )
        hooks.register_personal_data("contributions", selectors.personal_data)
        hooks.register_eraser("contributions", services.contributions_erase)
        steps.register("contributions", build_contributions, order=50)
