from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from accounts.views import RoleLoginView, account_settings
from reminders.views import calendar, healthz

# A lost database answers 503 with Retry-After instead of 500 (oversight/views.py).
handler500 = "oversight.views.server_error"

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("accounts/login/", RoleLoginView.as_view(), name="login"),
    path("calendar/", calendar, name="calendar"),
    path("accounts/settings/", account_settings, name="account_settings"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("portal/", include("portal.urls")),
    path("review/", include("portal.review_urls")),
    path("office/documents/", include("documents.urls")),
    path("office/", include("office.urls")),
    path("notifications/", include("notifications.urls")),
    path("following/", include("follows.urls")),
    path("evaluations/", include("evaluations.urls")),
    path("", include("search.urls")),
    path("", include("public.urls")),
    path("", include("documents.public_urls")),
    path("dashboard/", include("dashboard.urls")),
    path("", include("api.urls")),
]
