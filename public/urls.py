from django.urls import path

from . import feeds, views

urlpatterns = [
    path("", views.home, name="home"),
    path("topics/<slug:code>/", views.topic_detail, name="public_topic_detail"),
    path("recommendations/", views.recommendation_list, name="public_recommendation_list"),
    path("recommendations/<slug:code>/", views.recommendation_detail, name="public_recommendation_detail"),
    path("feeds/recommendations/", feeds.recommendation_list_feed, name="public_recommendation_list_feed"),
    path("feeds/recommendations/<slug:code>/", feeds.recommendation_feed, name="public_recommendation_feed"),
    path("departments/", views.department_list, name="public_department_list"),
    path("departments/<slug:code>/", views.department_detail, name="public_department_detail"),
    path("language/", views.language_switch, name="language_switch"),
]
