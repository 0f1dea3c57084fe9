"""The dashboard's tables: one builder per figure. The page shows each table beside its chart
(the chart is drawn from the table's cells) and the CSV download writes the same rows, so the
three can never disagree.

Cells are plain strings, ints or Decimals (dates as ISO strings), so the HTML and the CSV
render them identically; None is an empty cell.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from evaluations.models import Evaluation
from recommendations.choices import EvaluationResult, IndicatorDirection
from recommendations.choices import RecommendationStatus as RS
from recommendations.models import Measurement, Recommendation, Task

from . import selectors
from .filters import NO_FILTERS


@dataclass
class Table:
    key: str
    title: str
    description: str
    columns: list
    rows: list = field(default_factory=list)
    # How charts.js draws it: kind (bar|line), the columns joined into a label, the value columns.
    chart: str = "bar"
    label_columns: tuple = (0,)
    series: tuple = (1,)
    stacked: bool = False
    horizontal: bool = False
    # Per row, "better"/"worse"/"": colours each bar by its direction-aware assessment.
    tones: list = field(default_factory=list)
    # The page (table and chart) shows at most this many rows, the first ones; the CSV has all.
    page_limit: int | None = None

    def tone_rows(self):
        """(tone, cells) pairs for the page."""
        tones = self.tones or [""] * len(self.rows)
        return list(zip(tones, self.rows, strict=True))[: self.page_limit]

    @property
    def cut(self):
        return self.page_limit is not None and len(self.rows) > self.page_limit


def funnel_table(request, filters=NO_FILTERS):
    rows = [
        [RS(row["stage"]).label, row["at"], row["reached"]]
        for row in selectors.status_funnel(filters.recommendations(Recommendation.objects.all()))
    ]
    return Table(
        key="funnel",
        title=_("Recommendations by stage"),
        description=_("All recommendations, drafts included, by where they stand on the status path."),
        columns=[_("Stage"), _("At this stage now"), _("At this stage or beyond")],
        rows=rows,
        series=(2,),
        horizontal=True,
    )


def cohort_table(request, filters=NO_FILTERS):
    period = cohort_period(request)
    rows = [
        [
            selectors.cohort_label(row["cohort"], period),
            row["issued"],
            row["closed"],
            row["implemented"],
            row["still_open"],
            row["closure_rate"],
            row["implemented_rate"],
            row["median_days_to_close"],
        ]
        for row in selectors.closure_by_cohort(period, filters.recommendations(Recommendation.objects.all()))
    ]
    return Table(
        key="cohorts",
        title=_("Closure rate by issuing cohort"),
        description=_(
            "Recommendations grouped by the %(period)s they were issued in. The rates divide by the "
            "number issued in the cohort, shown beside them."
        )
        % {"period": _("year") if period == "year" else _("quarter")},
        columns=[
            _("Cohort"),
            _("Issued (denominator)"),
            _("Closed"),
            _("Closed as implemented"),
            _("Still open"),
            _("Closure rate (%)"),
            _("Implementation rate (%)"),
            _("Median days to close"),
        ],
        rows=rows,
        series=(5, 6),
    )


def overdue_table(request, filters=NO_FILTERS):
    rows = [
        [
            row["lead_department__name"],
            row["assigned"],
            row["open"],
            row["overdue"],
            row["overdue_share"],
            row["verified"],
        ]
        for row in selectors.overdue_tasks_by_department(queryset=filters.tasks(Task.objects.all()))
    ]
    return Table(
        key="overdue",
        title=_("Overdue tasks by lead department"),
        description=_(
            "Tasks past their due date that the department has neither claimed done nor had verified."
        ),
        columns=[
            _("Lead department"),
            pgettext_lazy("dashboard column", "Tasks assigned"),
            pgettext_lazy("count of tasks neither claimed nor verified", "Open"),
            _("Overdue"),
            _("Overdue as a share of open (%)"),
            _("Verified"),
        ],
        rows=rows,
        series=(3,),
        horizontal=True,
        # A province has thousands of departments: the page shows those with most overdue tasks.
        page_limit=20,
    )


def ageing_table(request, filters=NO_FILTERS):
    rows = []
    for row in selectors.ageing_of_open(queryset=filters.recommendations(Recommendation.objects.all())):
        if row["high"] is None:
            label = _("%(low)s days or more") % {"low": row["low"]}
        else:
            label = _("%(low)s–%(high)s days") % {"low": row["low"], "high": row["high"]}
        rows.append([str(label), row["open"], row["overdue"]])
    return Table(
        key="ageing",
        title=_("Ageing of open recommendations"),
        description=_("Issued and not yet closed, by days since they were issued."),
        columns=[_("Days since issued"), _("Open recommendations"), _("Of which overdue")],
        rows=rows,
        series=(1, 2),
    )


def _year(year):
    return str(year) if year is not None else None


def evaluation_table(request, filters=NO_FILTERS):
    rows = [
        [
            _year(row["year"]),
            row["evaluations"],
            *(row[f"result_{value}"] for value in EvaluationResult.values),
            row["pending"],
            row["satisfaction_rate"],
        ]
        for row in selectors.evaluation_results(filters.evaluations(Evaluation.objects.all()))
    ]
    result_columns = list(EvaluationResult.labels)
    return Table(
        key="evaluations",
        title=_("Evaluation results by year"),
        description=_(
            "Members' satisfaction votes on handling reports, by the year they were held: how many "
            "ended in each result. The rate counts satisfied and basically satisfied among all votes "
            "cast that year (abstentions excluded)."
        ),
        columns=[
            _("Year"),
            pgettext_lazy("dashboard column", "Evaluations"),
            *result_columns,
            _("No result yet"),
            _("Satisfaction rate (%)"),
        ],
        rows=rows,
        series=tuple(range(2, 3 + len(result_columns))),
        stacked=True,
    )


def _tone(row):
    if row["better"] > row["worse"]:
        return "better"
    if row["worse"] > row["better"]:
        return "worse"
    return ""


def indicator_table(request, filters=NO_FILTERS):
    trends = list(selectors.indicator_trends(filters.measurements(Measurement.objects.all())))
    rows = [
        [
            row["indicator__name"],
            row["indicator__unit"],
            IndicatorDirection(row["indicator__direction"]).label,
            _year(row["year"]),
            row["measurements"],
            row["median_change"],
            row["average_change"],
            row["better"],
            row["worse"],
            row["better_share"],
        ]
        for row in trends
    ]
    return Table(
        key="indicators",
        title=_("Indicator trends"),
        description=_(
            "Accepted figures per indicator and year (indicators of the same name and unit in "
            "different topics are counted together). The change is the one reported, or computed from "
            "value and baseline; better or worse reads the indicator's good direction."
        ),
        columns=[
            _("Indicator"),
            _("Unit"),
            _("Better when"),
            _("Year"),
            pgettext_lazy("dashboard column", "Measurements"),
            _("Median change (%)"),
            _("Average change (%)"),
            _("Improved"),
            _("Worsened"),
            _("Share moving the good way (%)"),
        ],
        rows=rows,
        label_columns=(0, 3),
        series=(5,),
        tones=[_tone(row) for row in trends],
    )


BUILDERS = {
    "funnel": funnel_table,
    "cohorts": cohort_table,
    "overdue": overdue_table,
    "ageing": ageing_table,
    "evaluations": evaluation_table,
    "indicators": indicator_table,
}


def cohort_period(request):
    period = request.GET.get("cohort", "year")
    return period if period in selectors.COHORT_PERIODS else "year"
