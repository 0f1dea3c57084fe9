"""What the public may see, in one place. Every public page, the open data and the API start
from these querysets, so the publication rule is written once: a topic marked published, a
recommendation marked published and past draft, a report accepted by staff, a file not marked
internal. Anything else never leaves the building."""

from django.apps import apps
from django.db.models import (
    Aggregate,
    BooleanField,
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Prefetch,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Extract, TruncDate

from evaluations.models import Evaluation
from portal.models import DeadlineRevision
from recommendations.choices import RecommendationStatus, ReportStatus, Verdict
from recommendations.models import (
    Department,
    Finding,
    Inspection,
    Measurement,
    Meeting,
    OversightTopic,
    ProgressReport,
    Recommendation,
    Remark,
    StatusEvent,
    Task,
)
from recommendations.permissions import department_task_ids
from recommendations.selectors import (  # noqa: F401 (progress_percent is re-exported for views)
    overdue_recommendation_q,
    overdue_task_q,
    progress_percent,
    recommendation_list,
    task_list,
)
from recommendations.templatetags.figures import relative_change


class Median(Aggregate):
    """PostgreSQL's percentile_cont(0.5): the median is computed in SQL, not in Python."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def days_between(start, end):
    """Days (fractional) from one date or datetime column to another, as an SQL expression."""
    interval = ExpressionWrapper(F(end) - F(start), output_field=DurationField())
    return Extract(interval, "epoch") / Value(86400.0)


# --- the publication rule ------------------------------------------------------------------


def published_topics():
    return OversightTopic.objects.filter(is_published=True)


def published_recommendation_q(prefix=""):
    """The publication rule for recommendations, usable across relations (prefix "task__recommendation__")."""
    return Q(**{f"{prefix}is_published": True, f"{prefix}topic__is_published": True}) & ~Q(
        **{f"{prefix}status": RecommendationStatus.DRAFT}
    )


def published_recommendations():
    """Published, issued recommendations of published topics. No annotations, so callers can
    aggregate freely; `public_recommendation_list` adds the list annotations."""
    return Recommendation.objects.filter(published_recommendation_q()).select_related("topic")


def published_tasks():
    return Task.objects.filter(published_recommendation_q("recommendation__"))


def published_reports():
    """Progress reports accepted by staff, on published recommendations only."""
    return ProgressReport.objects.filter(
        published_recommendation_q("task__recommendation__"), status=ReportStatus.ACCEPTED
    ).select_related("task__recommendation", "department")


def published_measurements():
    """Figures from accepted reports, plus figures staff recorded on a published topic without a report."""
    return Measurement.objects.filter(
        Q(report__in=published_reports().values("pk"))
        | Q(report__isnull=True, indicator__topic__is_published=True)
    ).select_related("indicator", "report__department")


def published_evaluations():
    """Evaluations of a published topic, as a whole or of one published recommendation."""
    return Evaluation.objects.filter(
        Q(recommendation__isnull=True) | published_recommendation_q("recommendation__"),
        topic__is_published=True,
    ).select_related("topic", "recommendation", "meeting")


def published_findings():
    return Finding.objects.filter(topic__is_published=True)


def published_remarks():
    return Remark.objects.filter(topic__is_published=True)


def published_events():
    """Status events of published recommendations. A report's events show only its acceptance:
    submissions and returns of reports (with staff comments) stay internal."""
    return (
        StatusEvent.objects.filter(published_recommendation_q("recommendation__"))
        .filter(
            Q(subject=StatusEvent.Subject.RECOMMENDATION)
            | Q(subject=StatusEvent.Subject.REPORT, to_status=ReportStatus.ACCEPTED)
        )
        .select_related("recommendation", "report__department", "inspection")
    )


def published_evidence():
    """Files not marked internal, of accepted reports. Empty until the portal app with its
    Evidence model is installed."""
    if not apps.is_installed("portal"):
        return []
    try:
        evidence = apps.get_model("portal", "Evidence")
    except LookupError:
        return []
    queryset = evidence.objects.filter(is_internal=False)
    field_names = {f.name for f in evidence._meta.get_fields()}
    if "report" in field_names:
        queryset = queryset.filter(report__in=published_reports().values("pk"))
    return queryset


# --- what the public pages read ------------------------------------------------------------


def public_recommendation_list():
    """Published recommendations with the list annotations (task counts, overdue, current due)."""
    return recommendation_list(published_recommendations())


def headline_figures():
    """Open, closed, overdue, closure rate and median days to close, in one SQL query."""
    figures = published_recommendations().aggregate(
        total=Count("pk"),
        open=Count("pk", filter=~Q(status=RecommendationStatus.CLOSED)),
        closed=Count("pk", filter=Q(status=RecommendationStatus.CLOSED)),
        implemented=Count("pk", filter=Q(verdict=Verdict.IMPLEMENTED)),
        overdue=Count("pk", filter=overdue_recommendation_q()),
        median_days_to_close=Median(
            days_between("issued_at", "closed_at"), filter=Q(status=RecommendationStatus.CLOSED)
        ),
    )
    total = figures["total"]
    figures["closure_rate"] = round(100 * figures["closed"] / total, 1) if total else None
    return figures


def recent_activity(limit=10):
    return published_events().select_related("recommendation__topic").order_by("-occurred_at", "-pk")[:limit]


def public_topic_detail(code):
    """One published topic with everything its page lists, prefetched."""
    recommendations = public_recommendation_list()
    findings = published_findings().annotate(
        recommendation_count=Count("recommendations", distinct=True),
        implemented_count=Count(
            "recommendations", filter=Q(recommendations__verdict=Verdict.IMPLEMENTED), distinct=True
        ),
    )
    return (
        published_topics()
        .select_related("responsible_office")
        .prefetch_related(
            Prefetch(
                "inspections",
                queryset=Inspection.objects.prefetch_related("departments_visited", "departments_consulted"),
            ),
            Prefetch("findings", queryset=findings.select_related("inspection")),
            Prefetch("recommendations", queryset=recommendations, to_attr="published_recommendations"),
            Prefetch("evaluations", queryset=published_evaluations(), to_attr="published_evaluations"),
            Prefetch("meetings", queryset=Meeting.objects.order_by("held_on")),
        )
        .get(code=code)
    )


def indicator_series(topic):
    """Each indicator of a topic with its published measurements (oldest period first)."""
    from recommendations.models import Indicator

    measurements = published_measurements().order_by("period_end", "pk")
    return Indicator.objects.filter(topic=topic).prefetch_related(
        Prefetch("measurements", queryset=measurements, to_attr="published_measurements")
    )


def public_recommendation_detail(code):
    """One published recommendation with findings, remarks, tasks, accepted reports and their
    measurements, and evaluations."""
    reports = published_reports().prefetch_related(
        Prefetch("measurements", queryset=Measurement.objects.select_related("indicator"))
    )
    evidence = published_evidence()
    if evidence != []:
        reports = reports.prefetch_related(Prefetch("evidence", queryset=evidence, to_attr="public_evidence"))
    tasks = task_list().prefetch_related(
        Prefetch("reports", queryset=reports.order_by("accepted_at"), to_attr="published_reports"),
        Prefetch("deadline_revisions", queryset=DeadlineRevision.objects.order_by("revised_at", "pk")),
    )
    return (
        public_recommendation_list()
        .select_related("topic__responsible_office")
        .prefetch_related(
            "findings",
            "remarks__meeting",
            Prefetch("tasks", queryset=tasks),
            Prefetch("evaluations", queryset=published_evaluations(), to_attr="published_evaluations"),
        )
        .get(code=code)
    )


def department_scorecard(department):
    """A department's figures and its tasks (lead or co-department) on published
    recommendations: assigned, done on time, overdue, median days from assignment to
    verification."""
    led = (
        published_tasks()
        .filter(lead_department=department)
        .annotate(finished_on=TruncDate(Coalesce("claimed_done_at", "verified_at")))
    )
    figures = led.aggregate(
        assigned=Count("pk"),
        done=Count("pk", filter=Q(verified_at__isnull=False)),
        # On time: the department's claim (or, failing that, the verification) by the due date.
        done_on_time=Count("pk", filter=Q(verified_at__isnull=False, finished_on__lte=F("due_date"))),
        overdue=Count("pk", filter=overdue_task_q()),
        median_days_to_close=Median(
            days_between("assigned_on", "verified_at__date"), filter=Q(verified_at__isnull=False)
        ),
    )
    figures["co_assigned"] = published_tasks().filter(co_departments=department).count()
    tasks = (
        task_list(published_tasks())
        .filter(pk__in=department_task_ids(department.pk))
        .select_related("recommendation__topic")
        .annotate(
            is_lead=ExpressionWrapper(
                Case(When(lead_department=department, then=Value(True)), default=Value(False)),
                output_field=BooleanField(),
            )
        )
        .order_by("-due_date", "-pk")
    )
    return figures, tasks


def departments_with_tasks():
    """Departments leading or co-handling tasks of published recommendations, with counts."""
    lead = published_recommendation_q("led_tasks__recommendation__")
    co = published_recommendation_q("co_tasks__recommendation__")
    return (
        Department.objects.annotate(
            lead_count=Count("led_tasks", filter=lead, distinct=True),
            co_count=Count("co_tasks", filter=co, distinct=True),
        )
        .filter(Q(lead_count__gt=0) | Q(co_count__gt=0))
        .order_by("code")
    )


def measurement_change(measurement):
    """The relative change in percent: as reported, or computed from value and baseline."""
    change = relative_change(measurement).percent
    return None if change is None else float(change)
