from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import opendata_views, views

router = DefaultRouter()
router.register("recommendations", views.RecommendationViewSet, basename="api-recommendation")
router.register("topics", views.TopicViewSet, basename="api-topic")
router.register("departments", views.DepartmentViewSet, basename="api-department")
router.register("tasks", views.TaskViewSet, basename="api-task")
router.register("reports", views.ReportViewSet, basename="api-report")
router.register("indicators", views.IndicatorViewSet, basename="api-indicator")

urlpatterns = [
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file, not inline; Swagger UI
    # itself sets inline styles on its elements.
    path(
        "api/docs/",
        csp_update({"style-src": ["'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
    path("open-data/", opendata_views.index, name="open-data"),
    path("open-data/schema/", opendata_views.schema, name="open-data-schema"),
    path("open-data/<slug:slug>.<str:fmt>", opendata_views.download, name="open-data-download"),
]
