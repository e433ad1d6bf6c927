"""Feeds, sitemaps and robots.txt. Included before the page tree's catch-all, so a section's
feed URL (its own path + feed/rss/) is answered here."""

from django.urls import path, re_path

from masthead.distribution import views

app_name = "distribution"

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("logo.png", views.logo_png, name="logo"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemaps/pages.xml", views.sitemap_pages, name="sitemap-pages"),
    path("sitemaps/news.xml", views.sitemap_news, name="sitemap-news"),
    re_path(
        r"^sitemaps/stories-(?P<name>\d{4}-\d{2}(?:-\d{2})?)\.xml$",
        views.sitemap_stories,
        name="sitemap-stories",
    ),
    re_path(r"^feeds/(?P<kind>rss|atom|json)/$", views.site_feed, name="site-feed"),
    # Before the section feeds, whose pattern would take it for a section called corrections.
    re_path(
        r"^corrections/feed/(?P<kind>rss|atom)/$",
        views.corrections_feed,
        name="corrections-feed",
    ),
    re_path(
        r"^tags/(?P<slug>[-\w]+)/feed/(?P<kind>rss|atom|json)/$", views.tag_feed, name="tag-feed"
    ),
    re_path(
        r"^(?P<section_path>(?:[-\w]+/)+)feed/(?P<kind>rss|atom|json)/$",
        views.section_feed,
        name="section-feed",
    ),
]
