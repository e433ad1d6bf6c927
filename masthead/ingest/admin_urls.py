from django.urls import path

from masthead.ingest import views

app_name = "ingest"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("log/", views.log, name="log"),
    path("items/<id:item_id>/apply/", views.apply_update, name="apply_update"),
]
