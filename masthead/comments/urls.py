"""Comment URLs: fragments under /fragments/comments/, reader actions under /comments/."""

from django.urls import path

from masthead.comments import views

app_name = "comments"
urlpatterns = [
    path("fragments/comments/counts/", views.counts, name="counts"),
    path("fragments/comments/<id:page_id>/", views.thread_fragment, name="thread"),
    path("fragments/comments/<id:page_id>/me/", views.me_fragment, name="me"),
    path("fragments/comments/replies/<id:root_id>/", views.replies_fragment, name="replies"),
    path("comments/<id:page_id>/post/", views.post, name="post"),
    path("comments/<id:comment_id>/reply/", views.reply, name="reply"),
    path("comments/<id:comment_id>/edit/", views.edit, name="edit"),
    path("comments/<id:comment_id>/delete/", views.delete, name="delete"),
    path("comments/<id:comment_id>/report/", views.report, name="report"),
]
