"""The place-keyed weather fragment."""

from django.urls import path

from masthead.weather import views

app_name = "weather"

urlpatterns = [
    path("weather/", views.home_area, name="home_area"),
    path("weather/<slug:slug>/", views.weather_page, name="page"),
    path("fragments/weather/<slug:slug>/", views.weather_fragment, name="fragment"),
]
