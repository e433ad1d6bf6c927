"""Location Settings and the place-keyed fragments."""

from django.urls import path

from masthead.places import views

app_name = "places"

urlpatterns = [
    path("location/", views.location_settings, name="settings"),
    path("location/offer/", views.location_offer, name="offer"),
    path("location/search/", views.location_search, name="search"),
    path("location/nearest/", views.location_nearest, name="nearest"),
    path("fragments/places/reader/", views.reader_fragment, name="reader_fragment"),
    path("fragments/news/<slug:slug>/", views.news_fragment, name="news_fragment"),
]
