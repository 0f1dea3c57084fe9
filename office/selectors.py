"""Reads of the committee office: what needs staff now, and the record lists. Each home queue
is one count and one short list, so the page costs the same number of queries however much
work is waiting."""

from dataclasses import dataclass

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q
from django.utils import timezone

from evaluations.models import Evaluation, EvaluationTerms
from portal.models import AssignmentContest, DeadlineRevision, ExtensionRequest
from portal.selectors import open_contests, review_queue
from recommendations.choices import EvaluationResult, ReportStatus
from recommendations.choices import RecommendationStatus as RS
from recommendations.models import OversightTopic, ProgressReport, Recommendation, Task
from recommendations.selectors import overdue_task_q, recommendation_list, task_list
from reminders.workdays import add_working_days, overdue_cutoff

# Rows each home queue shows; its count says how many there are in all.
QUEUE_ROWS = 10
# "Deadlines coming up" looks this many working days ahead.
UPCOMING_WORKING_DAYS = 10


@dataclass
class Queue:
    key: str
    count: int
    rows: list


def _queue(key, queryset, rows=QUEUE_ROWS):
    return Queue(key=key, count=queryset.count(), rows=list(queryset[:rows]))


def _evaluated_in_cycle(**filters):
    """An evaluation of the recommendation in its current handling cycle."""
    return Exists(
        EvaluationTerms.objects.filter(
            recommendations=OuterRef("pk"), evaluation__cycle=OuterRef("cycle"), **filters
        )
    )


def pending_extensions():
    return ExtensionRequest.objects.filter(status=ExtensionRequest.Status.PENDING).select_related(
        "task__recommendation", "department"
    )


def open_evaluations():
    return (
        Evaluation.objects.filter(closed_at__isnull=True)
        .select_related("topic", "recommendation")
        .order_by("opened_at", "pk")
    )


def all_verified_not_reported():
    """Recommendations still open whose tasks are all verified: handling is reported in fact,
    but the status has not followed (a task verified outside the usual path)."""
    return (
        recommendation_list(Recommendation.objects.filter(status__in=(RS.ISSUED, RS.IN_PROGRESS)))
        .filter(Exists(Task.objects.filter(recommendation=OuterRef("pk"))))
        .exclude(Exists(Task.objects.filter(recommendation=OuterRef("pk"), verified_at__isnull=True)))
        .order_by("code")
    )


def awaiting_evaluation():
    return (
        recommendation_list(Recommendation.objects.filter(status=RS.REPORTED))
        .exclude(_evaluated_in_cycle())
        .order_by("code")
    )


def ready_to_close():
    passed = (EvaluationResult.SATISFIED, EvaluationResult.BASICALLY_SATISFIED)
    return (
        recommendation_list(Recommendation.objects.filter(status=RS.REPORTED))
        .filter(_evaluated_in_cycle(evaluation__closed_at__isnull=False, evaluation__result__in=passed))
        .order_by("code")
    )


def overdue_by_department(today=None):
    """Overdue tasks counted by lead department, the longest overdue first."""
    return (
        Task.objects.filter(overdue_task_q(today))
        .values("lead_department__pk", "lead_department__name")
        .annotate(count=Count("pk"), oldest_due=Min("due_date"))
        .order_by("oldest_due", "lead_department__name")
    )


def upcoming_deadlines(today=None):
    today = today or timezone.localdate()
    until = add_working_days(today, UPCOMING_WORKING_DAYS)
    queryset = task_list(
        Task.objects.filter(
            # Not overdue yet on the working-day calendar (a deadline last Sunday is due today).
            claimed_done_at__isnull=True,
            verified_at__isnull=True,
            due_date__gte=overdue_cutoff(today),
            due_date__lte=until,
        )
    ).order_by("due_date", "recommendation__code", "number")
    # The queue shows no co-departments: no query for them, however many tasks are due.
    return queryset.prefetch_related(None)


def home_queues(today=None):
    today = today or timezone.localdate()
    return [
        _queue("reports", review_queue()),
        _queue("contests", open_contests()),
        _queue("extensions", pending_extensions().order_by("requested_at", "pk")),
        _queue(
            "drafts", recommendation_list(Recommendation.objects.filter(status=RS.DRAFT)).order_by("code")
        ),
        _queue("verified", all_verified_not_reported()),
        _queue("awaiting_evaluation", awaiting_evaluation()),
        _queue("open_votes", open_evaluations()),
        _queue("ready_to_close", ready_to_close()),
        _queue("overdue", overdue_by_department(today)),
        _queue("upcoming", upcoming_deadlines(today)),
    ]


def topic_detail(code):
    return (
        OversightTopic.objects.select_related("responsible_office")
        .prefetch_related(
            "inspections__departments_visited",
            "inspections__departments_consulted",
            "findings__departments",
            "findings__inspection",
            "meetings",
            "remarks__meeting",
            "indicators",
            Prefetch("recommendations", queryset=recommendation_list().order_by("number")),
        )
        .get(code=code)
    )


def office_recommendation(code):
    return (
        recommendation_list()
        .select_related("topic")
        .prefetch_related(
            "findings",
            "remarks__meeting",
            Prefetch("tasks", queryset=task_list().prefetch_related("deadline_revisions__revised_by")),
        )
        .get(code=code)
    )


def office_task(pk):
    return (
        task_list()
        .select_related("recommendation__topic", "verified_by")
        .prefetch_related(
            Prefetch(
                "deadline_revisions",
                queryset=DeadlineRevision.objects.select_related("revised_by").order_by("revised_at", "pk"),
            ),
            Prefetch(
                "extension_requests",
                queryset=ExtensionRequest.objects.select_related("department", "requested_by", "decided_by"),
            ),
            Prefetch(
                "reports",
                queryset=ProgressReport.objects.select_related("department").order_by("created_at", "pk"),
            ),
            Prefetch("contests", queryset=AssignmentContest.objects.select_related("department")),
        )
        .get(pk=pk)
    )


def report_counts(recommendation):
    return ProgressReport.objects.filter(task__recommendation=recommendation).aggregate(
        accepted=Count("pk", filter=Q(status=ReportStatus.ACCEPTED)),
        submitted=Count("pk", filter=Q(status=ReportStatus.SUBMITTED)),
    )
