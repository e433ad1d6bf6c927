"""Listings pages under /listings/; the component fragment under /fragments/listings/."""

from django.urls import path

from masthead.listings import views

app_name = "listings"
urlpatterns = [
    path("listings/", views.home_area, name="home_area"),
    path("listings/<str:slug>/", views.today, name="today"),
    path("listings/<str:slug>/<str:day>/", views.day_page, name="day"),
    path("fragments/listings/<str:slug>/", views.fragment, name="fragment"),
]
