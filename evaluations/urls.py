from django.urls import path

from . import views

app_name = "evaluations"

urlpatterns = [
    path("", views.evaluation_index, name="list"),
    path("new/", views.evaluation_open, name="open"),
    path("<int:pk>/", views.evaluation_detail, name="detail"),
    path("<int:pk>/close/", views.evaluation_close, name="close"),
    path("<int:pk>/totals/", views.evaluation_totals, name="totals"),
    path("recommendations/<slug:code>/", views.recommendation_closure, name="recommendation"),
    path("recommendations/<slug:code>/close/", views.recommendation_close, name="recommendation_close"),
    path("recommendations/<slug:code>/reopen/", views.recommendation_reopen, name="recommendation_reopen"),
]
