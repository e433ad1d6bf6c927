"""Account URLs: allauth under /accounts/, our own pages, and the profile at /u/<username>/."""

from django.urls import include, path

from masthead.accounts import views

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
    ],
    "accounts",
)

urlpatterns = [
    # Before Wagtail's admin URLs, so its own (un-rate-limited) sign-in form is never used.
    path("admin/login/", views.admin_login, name="admin_login"),
    path("", include(app_patterns)),
    path("accounts/", include("allauth.urls")),
]
