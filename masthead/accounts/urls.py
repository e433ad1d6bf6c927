"""Account URLs: allauth under /accounts/, our own pages, and the profile at /u/<username>/."""

from django.urls import include, path

from masthead.accounts import network_views, views

app_patterns = (
    [
        path("fragments/account/", views.account_fragment, name="fragment"),
        path(
            "accounts/username-available/",
            views.username_availability,
            name="username_availability",
        ),
        path("accounts/profile/", views.account_settings, name="settings"),
        path("accounts/profile/avatar/", views.avatar_upload, name="avatar_upload"),
        path("accounts/profile/avatar/remove/", views.avatar_remove, name="avatar_remove"),
        path("accounts/data/", views.data_export, name="data_export"),
        path("accounts/delete/", views.account_delete, name="delete"),
        path("u/<str:username>/", views.profile, name="profile"),
        # The network sign-in hop (accounts/network.py).
        path("accounts/network/start/", network_views.network_start, name="network_start"),
        path(
            "accounts/network/authorize/",
            network_views.network_authorize,
            name="network_authorize",
        ),
        path("accounts/network/callback/", network_views.network_callback, name="network_callback"),
    ],
    "accounts",
)

urlpatterns = [
    # Before Wagtail's admin URLs, so its own (un-rate-limited) sign-in form is never used.
    path("admin/login/", views.admin_login, name="admin_login"),
    path("", include(app_patterns)),
    path("accounts/", include("allauth.urls")),
]
