"""Reads of the portal and the review queue. Every one starts from the visibility selectors
of `recommendations.permissions`, so a page never lists what its reader may not see."""

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from recommendations.choices import ReportStatus
from recommendations.models import Finding, Measurement, ProgressReport
from recommendations.permissions import reports_visible_to, tasks_visible_to
from recommendations.selectors import task_list
from reminders.workdays import add_working_days, overdue_cutoff

from .models import AssignmentContest, DeadlineRevision, Evidence, ExtensionRequest

# Rows per page of the task list and the review queue.
PAGE_SIZE = 50


def _count_of(queryset, field):
    """How many rows of `queryset` point at the outer row through `field`: a correlated
    subquery, run only for the rows shown, instead of a join that groups every row first."""
    counted = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _report_queryset(user):
    return (
        reports_visible_to(user)
        .select_related("department", "author", "task")
        .prefetch_related(
            Prefetch("measurements", queryset=Measurement.objects.select_related("indicator")),
            "evidence",
        )
        .order_by("created_at", "pk")
    )


def _with_due_flags(queryset, today=None):
    """Add `due_soon` (open, not overdue, due within DUE_SOON_WORKING_DAYS working days) and
    the open-contest count; `overdue` comes from `task_list`."""
    today = today or timezone.localdate()
    return queryset.annotate(
        due_soon=Case(
            When(
                claimed_done_at__isnull=True,
                verified_at__isnull=True,
                due_date__gte=overdue_cutoff(today),
                due_date__lte=add_working_days(today, settings.DUE_SOON_WORKING_DAYS),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        ),
        open_contest_count=_count_of(
            AssignmentContest.objects.filter(status=AssignmentContest.Status.OPEN), "task"
        ),
    )


# The task list's views: tasks still to verify (the default), verified ones, or both.
TASK_VIEWS = ("open", "done", "all")


def portal_task_list(user, today=None, show="open"):
    """The user's tasks with overdue / due-soon flags and the reports the user may see on each
    (for the status column): open ones by due date, then verified ones, latest first."""
    tasks = tasks_visible_to(user, task_list())
    if show == "open":
        tasks = tasks.filter(verified_at__isnull=True)
    elif show == "done":
        tasks = tasks.filter(verified_at__isnull=False)
    return (
        _with_due_flags(tasks, today)
        .select_related("recommendation__topic")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=reports_visible_to(user).select_related("department").order_by("created_at"),
                to_attr="visible_reports",
            )
        )
        .order_by(F("verified_at").desc(nulls_first=True), "due_date", "recommendation__code", "number")
    )


def portal_task_detail(user, pk):
    """One task with its recommendation's context (body, findings answered) and the reports
    the user may see. Raises Task.DoesNotExist when the user may not see it."""
    return (
        _with_due_flags(tasks_visible_to(user, task_list()))
        .select_related("recommendation__topic", "verified_by")
        .prefetch_related(
            Prefetch("recommendation__findings", queryset=Finding.objects.order_by("number")),
            Prefetch("reports", queryset=_report_queryset(user), to_attr="visible_reports"),
            Prefetch(
                "contests", queryset=AssignmentContest.objects.select_related("department", "new_department")
            ),
            Prefetch(
                "deadline_revisions",
                queryset=DeadlineRevision.objects.select_related("revised_by").order_by("revised_at", "pk"),
            ),
            Prefetch("extension_requests", queryset=ExtensionRequest.objects.select_related("department")),
        )
        .get(pk=pk)
    )


def portal_report_detail(user, pk):
    return (
        _report_queryset(user)
        .select_related("task__recommendation__topic", "task__lead_department")
        .get(pk=pk)
    )


def evidence_visible_to(user):
    """Evidence files of the reports the user may see."""
    return Evidence.objects.filter(report__in=reports_visible_to(user))


def review_queue():
    """Submitted reports, oldest first, for the staff review queue."""
    return (
        ProgressReport.objects.filter(status=ReportStatus.SUBMITTED)
        .select_related("task__recommendation", "task__lead_department", "department", "author")
        .annotate(
            measurement_count=_count_of(Measurement.objects.all(), "report"),
            file_count=_count_of(Evidence.objects.all(), "report"),
        )
        .order_by("submitted_at", "pk")
    )


def open_contests():
    return (
        AssignmentContest.objects.filter(status=AssignmentContest.Status.OPEN)
        .select_related("task__recommendation", "department", "raised_by")
        .order_by("raised_at")
    )
