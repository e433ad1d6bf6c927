"""Traffic pages, report form and feeds under /traffic/; fragments under /fragments/traffic/."""

from django.urls import path, re_path

from masthead.traffic import feeds, views

app_name = "traffic"
urlpatterns = [
    path("traffic/", views.home_area, name="home_area"),
    path("traffic/report/", views.report, name="report"),
    path("traffic/<str:slug>/", views.traffic_page, name="place"),
    re_path(r"^traffic/(?P<slug>[-\w]+)/feed/(?P<kind>rss|atom|json)/$", feeds.feed, name="feed"),
    path("fragments/traffic/ribbon/<str:slug>/", views.ribbon_fragment, name="ribbon"),
    path("fragments/traffic/<str:slug>/", views.box_fragment, name="box"),
]
