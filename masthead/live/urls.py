"""Live endpoints, mounted under /live/."""

from django.urls import path

from masthead.live import views

app_name = "live"
urlpatterns = [
    path("new-stories/", views.new_stories, name="new-stories"),
    path("banners/", views.banners, name="banners"),
]
