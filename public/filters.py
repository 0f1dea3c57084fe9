"""The one FilterSet of the recommendation list, shared by the public list page, the open data
and the API so that their filters mean the same thing."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from recommendations.choices import RecommendationStatus, Verdict
from recommendations.models import Department, Finding, Recommendation, Task
from recommendations.selectors import overdue_recommendation_q

from .selectors import published_topics

# Drafts are never public, so they are not offered as a status to filter by.
PUBLIC_STATUS_CHOICES = [(value, label) for value, label in RecommendationStatus.choices if value != "draft"]


class RecommendationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    year = django_filters.NumberFilter(label=_("Year"), field_name="topic__year")
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        field_name="topic",
        to_field_name="code",
        queryset=lambda request: published_topics(),
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Department (lead or co-department)"),
        to_field_name="code",
        queryset=Department.objects.all(),
        method="filter_department",
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=PUBLIC_STATUS_CHOICES)
    verdict = django_filters.ChoiceFilter(label=_("Verdict"), choices=Verdict.choices)
    priority = django_filters.BooleanFilter(label=_("Priority supervision"), field_name="is_priority")
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
        field_labels={
            "code": _("Code"),
            "topic__year": _("Year"),
            "issued_at": _("Date issued"),
            "closed_at": _("Date closed"),
            "status": _("Status"),
        },
    )

    class Meta:
        model = Recommendation
        fields = ["q", "year", "topic", "department", "status", "verdict", "priority", "overdue"]

    def filter_q(self, queryset, name, value):
        """Substring search (works on Chinese, which has no word boundaries) over code, title,
        body and the titles of the source findings. Blank input filters nothing."""
        value = value.strip()
        if not value:
            return queryset
        finding_match = Finding.objects.filter(recommendations=OuterRef("pk"), title__icontains=value)
        return queryset.filter(
            Q(code__icontains=value)
            | Q(title__icontains=value)
            | Q(body__icontains=value)
            | Exists(finding_match)
        )

    def filter_department(self, queryset, name, value):
        # Exists rather than a join, so a recommendation with several matching tasks appears once.
        tasks = Task.objects.filter(recommendation=OuterRef("pk")).filter(
            Q(lead_department=value) | Q(co_departments=value)
        )
        return queryset.filter(Exists(tasks))

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(overdue_recommendation_q())
            if value
            else queryset.exclude(overdue_recommendation_q())
        )
