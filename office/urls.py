from django.urls import path

from . import views

app_name = "office"

urlpatterns = [
    path("", views.home, name="home"),
    path("topics/", views.topic_index, name="topics"),
    path("topics/new/", views.topic_new, name="topic_new"),
    path("topics/<slug:code>/", views.topic_detail, name="topic"),
    path("topics/<slug:code>/edit/", views.topic_edit, name="topic_edit"),
    path("topics/<slug:code>/add/<slug:kind>/", views.topic_add, name="topic_add"),
    path("topics/<slug:code>/<slug:kind>/<int:pk>/edit/", views.topic_record_edit, name="topic_record_edit"),
    path("topics/<slug:code>/recommendations/new/", views.recommendation_new, name="recommendation_new"),
    path("recommendations/", views.recommendation_index, name="recommendations"),
    path("recommendations/<slug:code>/", views.recommendation_detail, name="recommendation"),
    path("recommendations/<slug:code>/edit/", views.recommendation_edit, name="recommendation_edit"),
    path("recommendations/<slug:code>/moves/<slug:move>/", views.recommendation_move, name="move"),
    path("recommendations/<slug:code>/vote/", views.recommendation_vote, name="vote"),
    path("recommendations/<slug:code>/tasks/new/", views.task_new, name="task_new"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/deadline/", views.task_deadline, name="task_deadline"),
    path("extensions/<int:pk>/", views.extension_decide, name="extension"),
    path("people/", views.people_index, name="people"),
    path("people/new/", views.person_new, name="person_new"),
    path("people/<int:pk>/", views.person_edit, name="person"),
    path("settings/", views.congress_settings, name="settings"),
]
