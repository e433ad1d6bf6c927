from django.apps import AppConfig


class SiteSearchConfig(AppConfig):
    name = "masthead.search"
    # "search" is Wagtail's label; ours names what it is: the reader-facing site search.
    label = "sitesearch"
    verbose_name = "Site and network search"
