from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("<int:pk>/", views.attachment_download, name="download"),
    path("<int:pk>/delete/", views.attachment_delete, name="delete"),
    path("<int:pk>/public/", views.attachment_public, name="public"),
    path("annual/", views.annual_reports, name="annual"),
    path("annual/jobs/<int:pk>/", views.annual_job, name="annual_job"),
    path("annual/jobs/<int:pk>/send/", views.annual_job_send, name="annual_job_send"),
    path("topic/<slug:code>/referral-letter/", views.referral_letter, name="referral_letter"),
    path("topic/<slug:code>/handling-report/", views.handling_report, name="handling_report"),
    path("task/<int:pk>/escalation-notice/", views.escalation_notice, name="escalation_notice"),
    path("<slug:kind>/<slug:code>/files/new/", views.attachment_new, name="attachment_new"),
    path("<slug:kind>/<slug:code>/sources/new/", views.source_new, name="source_new"),
]
