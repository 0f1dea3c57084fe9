"""The dashboard's figures. Each is one SQL query with aggregates (counts, rates, medians are
computed by PostgreSQL); Python only labels the grouped rows.

Members read every record, so the figures cover all recommendations, published or not; only
measurements are limited to those staff accepted, as unverified figures are not results yet.
"""

import datetime
from decimal import Decimal

from django.db.models import Avg, Count, DecimalField, F, Q, Sum, Value
from django.db.models.functions import (
    Cast,
    Coalesce,
    ExtractYear,
    NullIf,
    TruncDate,
    TruncQuarter,
    TruncYear,
)
from django.utils import timezone

from evaluations.models import Evaluation
from public.selectors import Median, days_between
from recommendations.choices import EvaluationResult, IndicatorDirection, ReportStatus, Verdict
from recommendations.choices import RecommendationStatus as RS
from recommendations.models import Measurement, Recommendation, Task
from recommendations.selectors import overdue_recommendation_q, overdue_task_q

# The status path in order: a funnel stage counts the recommendations at it or beyond.
STAGES = [RS.DRAFT, RS.ISSUED, RS.IN_PROGRESS, RS.REPORTED, RS.CLOSED]

# Issued and not closed: the government or the committee still has something to do.
OPEN_AFTER_ISSUE = [RS.ISSUED, RS.IN_PROGRESS, RS.REPORTED]

# Days since issue, inclusive bounds; None is open-ended.
AGEING_BUCKETS = [(0, 30), (31, 90), (91, 180), (181, 365), (366, None)]

COHORT_PERIODS = {"year": TruncYear, "quarter": TruncQuarter}


def _percent(part, whole, places=1):
    """part / whole × 100 rounded in SQL; NULL when the denominator is zero."""
    decimal = DecimalField(max_digits=12, decimal_places=4)
    return Cast(
        Cast(part, decimal) * Value(100) / NullIf(Cast(whole, decimal), Value(0)),
        DecimalField(max_digits=7, decimal_places=places),
    )


def status_funnel(queryset=None):
    """How many recommendations are at each stage now, and at it or beyond."""
    queryset = queryset if queryset is not None else Recommendation.objects.all()
    aggregates = {}
    for index, stage in enumerate(STAGES):
        aggregates[f"at_{stage}"] = Count("pk", filter=Q(status=stage))
        aggregates[f"reached_{stage}"] = Count("pk", filter=Q(status__in=STAGES[index:]))
    counts = queryset.aggregate(**aggregates)
    return [
        {"stage": stage, "at": counts[f"at_{stage}"], "reached": counts[f"reached_{stage}"]}
        for stage in STAGES
    ]


def closure_by_cohort(period="year", queryset=None, by=()):
    """Per issuing cohort (year or quarter of issued_at, local time): how many were issued (the
    denominator), closed, closed as implemented, the closure rate and the median days to close.
    `by`: further columns to group on (the roll-up's "congress")."""
    queryset = queryset if queryset is not None else Recommendation.objects.all()
    closed = Q(status=RS.CLOSED)
    return (
        queryset.filter(issued_at__isnull=False)
        .annotate(cohort=COHORT_PERIODS[period]("issued_at"))
        .values(*by, "cohort")
        .annotate(
            issued=Count("pk"),
            closed=Count("pk", filter=closed),
            implemented=Count("pk", filter=closed & Q(verdict=Verdict.IMPLEMENTED)),
            still_open=Count("pk", filter=~closed),
            median_days_to_close=Cast(
                Median(days_between("issued_at", "closed_at"), filter=closed),
                DecimalField(max_digits=9, decimal_places=1),
            ),
        )
        .annotate(
            closure_rate=_percent(F("closed"), F("issued")),
            implemented_rate=_percent(F("implemented"), F("issued")),
        )
        .order_by(*by, "cohort")
    )


def cohort_label(cohort, period):
    cohort = timezone.localtime(cohort) if timezone.is_aware(cohort) else cohort
    if period == "quarter":
        return f"{cohort.year} Q{(cohort.month - 1) // 3 + 1}"
    return str(cohort.year)


def overdue_tasks_by_department(today=None, queryset=None, by=()):
    """Per lead department: tasks assigned, still open (neither claimed nor verified), overdue,
    and the overdue share of the open ones. "Overdue" is the shared definition of selectors.
    `by`: further columns to group on (the roll-up's department congress)."""
    today = today or timezone.localdate()
    queryset = queryset if queryset is not None else Task.objects.all()
    open_task = Q(claimed_done_at__isnull=True, verified_at__isnull=True)
    return (
        queryset.exclude(recommendation__status=RS.DRAFT)
        .values(*by, "lead_department__code", "lead_department__name")
        .annotate(
            assigned=Count("pk"),
            open=Count("pk", filter=open_task),
            overdue=Count("pk", filter=overdue_task_q(today)),
            verified=Count("pk", filter=Q(verified_at__isnull=False)),
        )
        .annotate(overdue_share=_percent(F("overdue"), F("open")))
        .order_by(*by, "-overdue", "lead_department__name")
    )


def ageing_of_open(today=None, queryset=None):
    """Open recommendations (issued, not closed) by days since issue, with how many are late."""
    today = today or timezone.localdate()
    queryset = queryset if queryset is not None else Recommendation.objects.all()
    aggregates = {}
    for index, (low, high) in enumerate(AGEING_BUCKETS):
        in_bucket = Q(issued_on__lte=today - datetime.timedelta(days=low))
        if high is not None:
            in_bucket &= Q(issued_on__gte=today - datetime.timedelta(days=high))
        aggregates[f"open_{index}"] = Count("pk", filter=in_bucket)
        aggregates[f"overdue_{index}"] = Count("pk", filter=in_bucket & overdue_recommendation_q(today))
    counts = (
        queryset.filter(status__in=OPEN_AFTER_ISSUE, issued_at__isnull=False)
        .annotate(issued_on=TruncDate("issued_at"))
        .aggregate(**aggregates)
    )
    return [
        {"low": low, "high": high, "open": counts[f"open_{index}"], "overdue": counts[f"overdue_{index}"]}
        for index, (low, high) in enumerate(AGEING_BUCKETS)
    ]


def evaluation_results(queryset=None, by=()):
    """Per year (held on, or recorded when no date was given): how many votes ended in each
    result, the votes approving (satisfied + basically satisfied) and not, and the satisfaction
    rate over every vote cast that year, approving / (approving + unsatisfied). One row per
    year, however many votes were held. `by`: further columns to group on (the roll-up's
    congress)."""
    queryset = queryset if queryset is not None else Evaluation.objects.all()
    approving = Sum("satisfied") + Sum("basically_satisfied")
    results = {f"result_{value}": Count("pk", filter=Q(result=value)) for value in EvaluationResult.values}
    return (
        queryset.annotate(year=Coalesce(ExtractYear("held_on"), ExtractYear("created_at")))
        .values(*by, "year")
        .annotate(evaluations=Count("pk"), pending=Count("pk", filter=Q(result="")), **results)
        .annotate(
            approving=Coalesce(approving, 0),
            disapproving=Coalesce(Sum("unsatisfied"), 0),
            satisfaction_rate=_percent(approving, approving + Sum("unsatisfied")),
        )
        .order_by(*by, "year")
    )


def indicator_trends(queryset=None):
    """Per indicator and year, over the measurements staff accepted (or recorded without a
    report): how many, the median and average change in percent (reported, or from value and
    baseline), and how many moved in the indicator's good direction or against it. Indicators of
    the same name, unit and direction in different topics are one series, so the table grows with
    the years and the kinds of indicator, not with the data."""
    queryset = queryset if queryset is not None else Measurement.objects.all()
    change = Coalesce(
        "change_percent",
        Cast(
            (F("value") - F("baseline")) * Value(100) / NullIf(F("baseline"), Value(0)),
            DecimalField(max_digits=9, decimal_places=2),
        ),
    )
    lower = Q(indicator__direction=IndicatorDirection.LOWER_IS_BETTER)
    better = Q(change__lt=0) & lower | Q(change__gt=0) & ~lower
    worse = Q(change__gt=0) & lower | Q(change__lt=0) & ~lower
    two_places = DecimalField(max_digits=9, decimal_places=2)
    return (
        queryset.filter(Q(report__isnull=True) | Q(report__status=ReportStatus.ACCEPTED))
        .annotate(
            change=change,
            year=Coalesce(ExtractYear("period_end"), ExtractYear("period_start"), ExtractYear("created_at")),
        )
        .values("indicator__name", "indicator__unit", "indicator__direction", "year")
        .annotate(
            measurements=Count("pk"),
            with_change=Count("change"),
            median_change=Cast(Median("change"), two_places),
            average_change=Cast(Avg("change"), two_places),
            better=Count("pk", filter=better),
            worse=Count("pk", filter=worse),
        )
        .annotate(better_share=_percent(F("better"), F("with_change")))
        .order_by("indicator__name", "indicator__unit", "indicator__direction", "year")
    )


def headline(queryset=None, today=None):
    """The figures the dashboard opens with, over issued recommendations: open, closed, the
    closure rate (closed / issued, in percent), overdue, and open priority ones."""
    today = today or timezone.localdate()
    queryset = queryset if queryset is not None else Recommendation.objects.all()
    figures = queryset.exclude(status=RS.DRAFT).aggregate(
        issued=Count("pk"),
        open=Count("pk", filter=Q(status__in=OPEN_AFTER_ISSUE)),
        closed=Count("pk", filter=Q(status=RS.CLOSED)),
        overdue=Count("pk", filter=overdue_recommendation_q(today)),
        priority=Count("pk", filter=Q(status__in=OPEN_AFTER_ISSUE, is_priority=True)),
    )
    issued = figures["issued"]
    figures["closure_rate"] = (
        (Decimal(100 * figures["closed"]) / issued).quantize(Decimal("0.1")) if issued else None
    )
    return figures
