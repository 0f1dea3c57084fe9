"""Reads shared by views and the admin: querysets with their joins and annotations, so no
page does per-row queries."""

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from congresses.scoping import active_scope, scope
from reminders.workdays import overdue_cutoff

from .choices import OPEN_STATUSES, DepartmentKind
from .models import Department, Recommendation, StatusEvent, Task

# The congress's own bodies: they run topics and follow tasks up, they never handle one.
CONGRESS_BODY_KINDS = (DepartmentKind.CONGRESS, DepartmentKind.COMMITTEE_OFFICE)


def task_departments():
    """The active departments a task can be assigned or reassigned to: not the congress's own
    bodies (the people's congress, its committees and offices)."""
    return Department.objects.filter(is_active=True).exclude(kind__in=CONGRESS_BODY_KINDS)


def committee_offices():
    """The active committee offices, one of which runs each topic."""
    return Department.objects.filter(is_active=True, kind=DepartmentKind.COMMITTEE_OFFICE)


def _on_each_calendar(today, congress_path, condition):
    """`condition(cutoff)` with the overdue cutoff of the open scope's congress; when several
    congresses are open (a roll-up), each row is judged on its own congress's calendar, still
    in one query."""
    congresses = active_scope()
    if not isinstance(congresses, (list, tuple, set)):
        return condition(overdue_cutoff(today))
    combined = Q(pk__in=[])
    for congress in congresses:
        with scope(congress):
            cutoff = overdue_cutoff(today)
        combined |= Q(**{congress_path: getattr(congress, "pk", congress)}) & condition(cutoff)
    return combined


def overdue_recommendation_q(today=None):
    """Recommendations whose handling report is late: still open, deadline passed on the
    working-day calendar (as the reminders count it)."""

    def late(cutoff):
        return Q(status__in=OPEN_STATUSES) & (
            Q(response_due__lt=cutoff) | Q(response_due__isnull=True, response_due_original__lt=cutoff)
        )

    return _on_each_calendar(today, "congress", late)


def overdue_task_q(today=None):
    """Tasks neither claimed done nor verified whose deadline passed on the working-day calendar."""

    def late(cutoff):
        return Q(claimed_done_at__isnull=True, verified_at__isnull=True, due_date__lt=cutoff)

    return _on_each_calendar(today, "recommendation__congress", late)


def _task_count(**filters):
    """A correlated count of a recommendation's tasks: evaluated only for the rows a page keeps,
    where a `Count` join would aggregate every task of every row before LIMIT."""
    tasks = Task.objects.filter(recommendation=OuterRef("pk"), **filters).order_by()
    count = tasks.values("recommendation").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(count, output_field=IntegerField()), Value(0))


def recommendation_list(queryset=None):
    """Recommendations with topic, task counts, verified-task counts and the overdue flag."""
    queryset = queryset if queryset is not None else Recommendation.objects.all()
    return queryset.select_related("topic").annotate(
        task_count=_task_count(),
        verified_task_count=_task_count(verified_at__isnull=False),
        overdue=ExpressionWrapper(
            Case(When(overdue_recommendation_q(), then=Value(True)), default=Value(False)),
            output_field=BooleanField(),
        ),
        current_due=Coalesce("response_due", "response_due_original"),
    )


def task_list(queryset=None):
    queryset = queryset if queryset is not None else Task.objects.all()
    return (
        queryset.select_related("recommendation", "lead_department")
        .prefetch_related("co_departments")
        .annotate(
            overdue=ExpressionWrapper(
                Case(When(overdue_task_q(), then=Value(True)), default=Value(False)),
                output_field=BooleanField(),
            )
        )
    )


def recommendation_timeline(recommendation):
    """The status events of a recommendation and its reports, oldest first."""
    return (
        StatusEvent.objects.filter(recommendation=recommendation)
        .select_related("actor", "report__department", "inspection")
        .order_by("occurred_at", "pk")
    )


def recommendation_detail(code):
    return (
        recommendation_list()
        .prefetch_related(
            "findings",
            "remarks__meeting",
            Prefetch("tasks", queryset=task_list()),
        )
        .get(code=code)
    )


def progress_percent(recommendation):
    """Share of tasks verified, from the annotations of `recommendation_list`."""
    if not recommendation.task_count:
        return 0
    return round(100 * recommendation.verified_task_count / recommendation.task_count)
