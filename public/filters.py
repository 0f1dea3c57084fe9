"""The one FilterSet of the recommendation list, shared by the public list page, the open data
and the API so that their filters mean the same thing."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from oversight.fields import NameOrCodeField
from recommendations.choices import RecommendationStatus, Verdict
from recommendations.models import Department, Recommendation, Task
from recommendations.selectors import overdue_recommendation_q
from search.selectors import matching_recommendation_ids

from .selectors import published_topics


class NameOrCodeFilter(django_filters.ModelChoiceFilter):
    """A department or topic given by name or by code in any case (oversight.fields)."""

    field_class = NameOrCodeField


# Drafts are never public, so they are not offered as a status to filter by.
PUBLIC_STATUS_CHOICES = [(value, label) for value, label in RecommendationStatus.choices if value != "draft"]


class RecommendationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    year = django_filters.NumberFilter(label=_("Year"), field_name="topic__year")
    # Picked by name with suggestions as one types, not from a select: at province scale there
    # are tens of thousands of topics and thousands of departments. A code in any case is
    # accepted too (addresses, the API); anything else is an error, and then nothing is listed.
    topic = NameOrCodeFilter(
        label=_("Topic"),
        field_name="topic",
        queryset=lambda request: published_topics(),
        kind="topic",
        name_fields=("title",),
        error_messages={"invalid_choice": _("No published topic is called or has the code “%(value)s”.")},
    )
    # The method hides the parameter's type from the API schema generator: a name or a code.
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
    status = django_filters.ChoiceFilter(label=_("Status"), choices=PUBLIC_STATUS_CHOICES)
    verdict = django_filters.ChoiceFilter(label=_("Verdict"), choices=Verdict.choices)
    priority = django_filters.BooleanFilter(label=_("Priority follow-up"), field_name="is_priority")
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("code", "code"),
            ("topic__year", "year"),
            ("issued_at", "issued"),
            ("closed_at", "closed"),
            ("status", "status"),
        ),
        # Every label given, lazily (descending ones by parameter name): the filter's own
        # "(descending)" labels are made once, in the language active at import.
        field_labels={
            "code": _("Code"),
            "-code": _("Code (descending)"),
            "topic__year": _("Year"),
            "-year": _("Year (latest first)"),
            "issued_at": _("Date issued"),
            "-issued": _("Date issued (latest first)"),
            "closed_at": _("Date closed"),
            "-closed": _("Date closed (latest first)"),
            "status": _("Status"),
            "-status": _("Status (descending)"),
        },
    )

    class Meta:
        model = Recommendation
        fields = ["q", "year", "topic", "department", "status", "verdict", "priority", "overdue"]

    @property
    def qs(self):
        # A filter not understood lists nothing, rather than everything with a warning.
        if self.is_bound and not self.form.is_valid():
            return self.queryset.none()
        return super().qs

    def filter_q(self, queryset, name, value):
        """The one search (search.selectors): recommendations found by their own words or
        through their tasks, accepted reports, figures, source findings and remarks, or the
        departments handling them. Input with nothing searchable filters nothing."""
        matches = matching_recommendation_ids(value)
        if matches is None:
            return queryset
        return queryset.filter(pk__in=matches)

    def filter_department(self, queryset, name, value):
        # pk__in rather than a join, so a recommendation with several matching tasks appears once;
        # a UNION of the two indexed lookups rather than one OR across the co-department join.
        lead = Task.objects.filter(lead_department=value).values("recommendation")
        co = Task.objects.filter(co_departments=value).values("recommendation")
        return queryset.filter(pk__in=lead.union(co))

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(overdue_recommendation_q())
            if value
            else queryset.exclude(overdue_recommendation_q())
        )
