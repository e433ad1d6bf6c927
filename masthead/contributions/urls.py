"""Reader URLs of contributions (mounted at the site root by masthead/urls.py)."""

from django.urls import path

from masthead.contributions import views

app_name = "contributions"

urlpatterns = [
    path("contribute/story/", views.story_new, name="story_new"),
    path("contribute/pictures/", views.pictures_new, name="pictures_new"),
    path("contribute/photos/<id:pk>/<str:variant>/", views.photo_file, name="photo_file"),
    path("community/", views.community, name="community"),
    path("community/galleries/", views.user_galleries, name="user_galleries"),
    path("my-contributions/", views.mine, name="mine"),
    path("my-contributions/<str:reference>/", views.status, name="status"),
    path("my-contributions/<str:reference>/edit/", views.edit, name="edit"),
    path(
        "my-contributions/<str:reference>/photos/<id:pk>/remove/",
        views.photo_remove,
        name="photo_remove",
    ),
]
