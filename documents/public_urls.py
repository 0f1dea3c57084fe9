from django.urls import path

from . import views

urlpatterns = [
    path("files/<int:pk>/", views.public_attachment_download, name="public_attachment"),
    path("files/evidence/<int:pk>/", views.public_evidence_download, name="public_evidence"),
]
