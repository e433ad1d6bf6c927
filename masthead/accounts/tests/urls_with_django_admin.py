"""The project's URLs plus Django's admin, which the project itself does not mount."""

from django.contrib import admin
from django.urls import path

from masthead.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("django-admin/", admin.site.urls), *project_urlpatterns]
