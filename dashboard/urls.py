from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard, name="index"),
    path("below/", views.below, name="below"),
    path("<slug:key>.csv", views.table_csv, name="table_csv"),
]
