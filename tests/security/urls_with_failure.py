"""The project's URLs plus one view that fails, for the server-error test."""

from django.urls import path

from masthead.urls import handler400, handler500  # noqa: F401
from masthead.urls import urlpatterns as project_patterns


def boom(request):
    raise RuntimeError("secret-internal-detail")


urlpatterns = [path("boom/", boom), *project_patterns]
