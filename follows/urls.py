from django.urls import path

from . import views

app_name = "follows"

urlpatterns = [
    path("", views.follow_list, name="list"),
    path("<slug:kind>/<slug:code>/", views.follow_toggle, name="toggle"),
]
