from django.urls import path

from . import views

app_name = "review"

urlpatterns = [
    path("", views.review_home, name="home"),
    path("reports/<int:pk>/", views.review_report, name="report"),
    path("contests/<int:pk>/", views.review_contest, name="contest"),
]
