from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/reports/new/", views.report_create, name="report_new"),
    path("tasks/<int:pk>/contest/", views.contest_create, name="contest"),
    path("tasks/<int:pk>/extension/", views.extension_request, name="extension"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
]
