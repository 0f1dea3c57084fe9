"""Filters of the API's lists other than recommendations (which reuse the list page's
`public.filters.RecommendationFilter`, so the two mean the same thing)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from public.filters import NameOrCodeFilter
from recommendations.models import Department, Indicator, OversightTopic, ProgressReport, Task
from recommendations.permissions import department_task_ids
from recommendations.selectors import overdue_task_q


class TopicFilter(django_filters.FilterSet):
    class Meta:
        model = OversightTopic
        fields = ["year", "form"]


class DepartmentFilter(django_filters.FilterSet):
    class Meta:
        model = Department
        fields = ["kind"]


class TaskFilter(django_filters.FilterSet):
    recommendation = django_filters.CharFilter(
        label=_("Recommendation code"), field_name="recommendation__code", lookup_expr="iexact"
    )
    # A department's name or code; the method hides the type from the schema generator.
    department = extend_schema_field(OpenApiTypes.STR)(
        NameOrCodeFilter(
            label=_("Department (lead or supporting)"),
            queryset=Department.objects.all(),
            method="filter_department",
            kind="department",
            name_fields=("name", "short_name"),
            error_messages={"invalid_choice": _("No department is called or has the code “%(value)s”.")},
        )
    )
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")

    class Meta:
        model = Task
        fields = ["recommendation", "department", "overdue"]

    def filter_department(self, queryset, name, value):
        return queryset.filter(pk__in=department_task_ids(value.pk))

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(overdue_task_q()) if value else queryset.exclude(overdue_task_q())


class ReportFilter(django_filters.FilterSet):
    recommendation = django_filters.CharFilter(
        label=_("Recommendation code"), field_name="task__recommendation__code", lookup_expr="iexact"
    )
    department = extend_schema_field(OpenApiTypes.STR)(
        NameOrCodeFilter(
            label=_("Reporting department"),
            queryset=Department.objects.all(),
            field_name="department",
            kind="department",
            name_fields=("name", "short_name"),
            error_messages={"invalid_choice": _("No department is called or has the code “%(value)s”.")},
        )
    )
    # A plain number, not a choice of all tasks: an unpublished task's id must not validate.
    task = django_filters.NumberFilter(label=_("Task id"), field_name="task_id")

    class Meta:
        model = ProgressReport
        fields = ["recommendation", "department", "task"]


class IndicatorFilter(django_filters.FilterSet):
    topic = django_filters.CharFilter(label=_("Topic code"), field_name="topic__code", lookup_expr="iexact")

    class Meta:
        model = Indicator
        fields = ["topic", "direction"]
