"""URL configuration: reader views, distribution, admin, health, then the Wagtail page tree."""

from allauth.account import views as allauth_views
from django.conf import settings
from django.urls import include, path, re_path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from masthead.accounts import views as account_views
from masthead.core import metrics as core_metrics
from masthead.core import storage as core_storage
from masthead.core import styleguide as core_styleguide
from masthead.core import views as core_views
from masthead.newsroom import live_views as newsroom_live_views
from masthead.newsroom.reading import router
from masthead.newsroom.reading import views as newsroom_views

newsroom_patterns = (
    [
        # Any letter, as the tag and author slugs are made ("malmö"): <slug:> is ASCII only,
        # and a tag named for a town with an accent answered 404 to every reader.
        re_path(r"^tags/(?P<slug>[-\w]+)/$", newsroom_views.tag, name="tag"),
        re_path(r"^authors/(?P<slug>[-\w]+)/$", newsroom_views.author, name="author"),
        path("fragments/related/<id:tag_id>/", newsroom_views.related, name="related"),
        path("corrections/", newsroom_views.corrections, name="corrections"),
        path("multimedia/", newsroom_views.multimedia, name="multimedia"),
        path("multimedia/pictures/", newsroom_views.pictures, name="pictures"),
        path(
            "liveblog/<id:page_id>/updates/", newsroom_live_views.live_changes, name="live-changes"
        ),
        path(
            "liveblog/<id:page_id>/feed/", newsroom_live_views.live_updates_feed, name="live-feed"
        ),
    ],
    "newsroom",
)

# Error pages in the site's look, without the site template (masthead/core/errors.py).
handler400 = "masthead.core.errors.bad_request"
handler403 = "masthead.core.errors.permission_denied"
handler500 = "masthead.core.errors.server_error"

urlpatterns = [
    path("health/", core_views.alive, name="health"),
    path("health/ready/", core_views.ready, name="health-ready"),
    path("metrics", core_metrics.metrics_view, name="metrics"),
    path("styleguide/", core_styleguide.styleguide, name="styleguide"),
    # Browsers ask for /favicon.ico whatever the page's <link rel="icon"> says.
    path("favicon.ico", core_views.favicon, name="favicon"),
    # Private files of the local storage, for the holder of an unexpired signed link.
    path("private-files/<str:token>/", core_storage.serve_signed, name="private-file"),
    # Accounts first: its admin/login/ replaces Wagtail's form with allauth's rate-limited one.
    path("", include("masthead.accounts.urls")),
    path("admin/", include(wagtailadmin_urls)),
    # Before Wagtail's: collection passwords are counted like page passwords.
    path(
        "documents/authenticate_with_password/<id:restriction_id>/",
        account_views.document_password,
        name="wagtaildocs_authenticate_with_password",
    ),
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
    # Pages behind a page password: Wagtail's form, with wrong passwords counted per address.
    path(
        "_util/authenticate_with_password/<id:page_view_restriction_id>/<id:page_id>/",
        account_views.page_password,
        name="wagtailcore_authenticate_with_password",
    ),
    # Wagtail reverses this name for sign-in-only pages and documents: it is allauth's own
    # sign-in (already matched above, so this entry only names it). There is no second form.
    path("accounts/login/", allauth_views.login, name="wagtailcore_login"),
    re_path(r"^(?P<path>.*)$", router.serve, name="wagtail_serve"),
]
