"""The public read-only API. Every queryset starts from `public.selectors`, the one place
where the publication rule is written."""

from django.db.models import Prefetch
from rest_framework import viewsets

from public import selectors as public
from public.cache import cached_for_visitors
from public.filters import RecommendationFilter
from recommendations.models import Indicator, Measurement, Recommendation, Task
from recommendations.selectors import task_list

from . import filters, serializers


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Answers for visitors come from the shared cache until the next write, like the public
    pages (public/cache.py); the key includes the Accept header, which picks the format."""

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        params = [*cls.filterset_class.base_filters, "page", "page_size", "format"]
        return cached_for_visitors(super().as_view(actions, **initkwargs), params=params, accept=True)


class RecommendationViewSet(ReadOnlyViewSet):
    """Published recommendations; filters are those of the public list page."""

    serializer_class = serializers.RecommendationSerializer
    filterset_class = RecommendationFilter
    lookup_field = "code__iexact"  # a code in any case
    lookup_url_kwarg = "code"
    # For the schema, built without a database; get_queryset gives the data (its overdue flag
    # reads the working-day calendar).
    queryset = Recommendation.objects.none()

    def get_queryset(self):
        return (
            public.public_recommendation_list()
            .prefetch_related("findings")
            .order_by("topic__year", "topic__code", "number")
        )


class TopicViewSet(ReadOnlyViewSet):
    serializer_class = serializers.TopicSerializer
    filterset_class = filters.TopicFilter
    lookup_field = "code__iexact"  # a code in any case
    lookup_url_kwarg = "code"

    def get_queryset(self):
        return public.published_topics().select_related("responsible_office").order_by("-year", "code")


class DepartmentViewSet(ReadOnlyViewSet):
    """Departments that lead or co-handle tasks of published recommendations."""

    serializer_class = serializers.DepartmentSerializer
    filterset_class = filters.DepartmentFilter
    lookup_field = "code__iexact"  # a code in any case
    lookup_url_kwarg = "code"

    def get_queryset(self):
        return public.departments_with_tasks()


class TaskViewSet(ReadOnlyViewSet):
    serializer_class = serializers.TaskSerializer
    filterset_class = filters.TaskFilter
    queryset = Task.objects.none()  # for the schema; get_queryset gives the data

    def get_queryset(self):
        return task_list(public.published_tasks()).order_by("recommendation__code", "number")


class ReportViewSet(ReadOnlyViewSet):
    """Progress reports accepted by staff, with their measurements and public evidence files."""

    serializer_class = serializers.ReportSerializer
    filterset_class = filters.ReportFilter

    def get_queryset(self):
        return (
            public.published_reports()
            .prefetch_related(
                Prefetch(
                    "measurements", queryset=Measurement.objects.select_related("indicator").order_by("pk")
                ),
                Prefetch("evidence", queryset=public.published_evidence(), to_attr="published_evidence"),
            )
            .order_by("accepted_at", "pk")
        )


class IndicatorViewSet(ReadOnlyViewSet):
    """Indicators with at least one published figure (one defined only for an unaccepted report
    stays internal), with those figures."""

    serializer_class = serializers.IndicatorSerializer
    filterset_class = filters.IndicatorFilter

    def get_queryset(self):
        measurements = public.published_measurements().order_by("period_end", "pk")
        return (
            Indicator.objects.filter(pk__in=measurements.values("indicator"))
            .select_related("topic")
            .prefetch_related(
                Prefetch("measurements", queryset=measurements, to_attr="published_measurements")
            )
            .order_by("topic__code", "name")
        )
