"""URL configuration: reader views, distribution, admin, health, then the Wagtail page tree."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from masthead.core import views as core_views
from masthead.newsroom import views as newsroom_views

newsroom_patterns = (
    [
        path("tags/<slug:slug>/", newsroom_views.tag, name="tag"),
        path("authors/<slug:slug>/", newsroom_views.author, name="author"),
    ],
    "newsroom",
)

# Plain error pages without the site template (masthead/core/errors.py).
handler400 = "masthead.core.errors.bad_request"
handler500 = "masthead.core.errors.server_error"

urlpatterns = [
    path("health/", core_views.alive, name="health"),
    path("health/ready/", core_views.ready, name="health-ready"),
    # Accounts first: its admin/login/ replaces Wagtail's form with allauth's rate-limited one.
    path("", include("masthead.accounts.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("live/", include("masthead.live.urls")),
    path("search/", include("masthead.search.urls")),
    path("api/", include("masthead.api.urls")),
    path("", include("masthead.comments.urls")),
    path("", include("masthead.places.urls")),
    path("", include("masthead.weather.urls")),
    # Before distribution: its section-feed pattern would take /traffic/<place>/feed/rss/.
    path("", include("masthead.traffic.urls")),
    path("", include("masthead.listings.urls")),
    path("", include("masthead.distribution.urls")),
    path("", include("masthead.contributions.urls")),
    path("", include(newsroom_patterns)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
else:
    from django.views.static import serve as serve_media

    # The embedded default serves its own media; production puts nginx or a bucket in front.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve_media, {"document_root": settings.MEDIA_ROOT})
    ]

urlpatterns += [
    # Wagtail's own helpers for pages behind a password or a login (view restrictions).
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        wagtail_views.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path(
        "_util/login/",
        auth_views.LoginView.as_view(template_name="wagtailcore/login.html"),
        name="wagtailcore_login",
    ),
    re_path(r"^(?P<path>.*)$", newsroom_views.serve, name="wagtail_serve"),
]
