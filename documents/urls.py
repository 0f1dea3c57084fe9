from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("<int:pk>/", views.attachment_download, name="download"),
    path("<slug:kind>/<slug:code>/files/new/", views.attachment_new, name="attachment_new"),
    path("<slug:kind>/<slug:code>/sources/new/", views.source_new, name="source_new"),
]
