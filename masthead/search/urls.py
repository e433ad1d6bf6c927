from django.urls import path

from masthead.search import views

app_name = "sitesearch"
urlpatterns = [
    path("", views.search, name="search"),
    path("suggest/", views.suggest, name="suggest"),
]
