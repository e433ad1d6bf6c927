"""/api/: version 1 of the public API, and the reader's token page."""

from django.urls import path, re_path

from masthead.api import views
from masthead.api.api import api

urlpatterns = [
    path("v1/", api.urls),
    re_path(r"^v1/(?P<rest>.*)$", views.not_found),
    path("tokens/", views.token_page, name="api-tokens"),
    path("tokens/<id:token_id>/revoke/", views.token_revoke, name="api-token-revoke"),
]
