"""The open data sets: each is a queryset from `public.selectors` (so only published records)
and a list of documented columns. The download views (CSV, XLSX, JSON) and the schema page
are all driven by these definitions, so a column cannot be exported without being described.

Coded values (status, verdict, ...) are exported as their stable codes; the schema page lists
each code with its meaning.
"""

from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import CharField, F, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext_lazy as _

from portal.models import Evidence
from public import selectors as public
from recommendations.choices import (
    DepartmentKind,
    EvaluationMethod,
    EvaluationResult,
    GovernmentResponse,
    IndicatorDirection,
    RecommendationStatus,
    TopicForm,
    Verdict,
)
from recommendations.models import Department, Finding, Indicator
from recommendations.selectors import task_list

# Column types, as named on the schema page.
STRING = "string"
INTEGER = "integer"
NUMBER = "number"
BOOLEAN = "boolean"
DATE = "date"
DATETIME = "datetime"
LIST = "list"

TYPE_DESCRIPTIONS = {
    STRING: _("Text."),
    INTEGER: _("Whole number."),
    NUMBER: _("Decimal number (a point as decimal separator, no thousands separator)."),
    BOOLEAN: _("%(true)s or %(false)s."),
    DATE: _("Date, YYYY-MM-DD."),
    DATETIME: _("Date and time in ISO 8601 with the UTC offset (in XLSX: local time, %(tz)s)."),
    LIST: _("Several codes: a JSON array; in CSV and XLSX joined with “;”."),
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    # A values() path or an expression; the column's name when omitted.
    source: object = None
    choices: type | None = None

    def expression(self):
        source = self.source or self.name
        return F(source) if isinstance(source, str) else source


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    queryset: object  # a callable returning the published queryset, ordered
    columns: tuple

    def records(self):
        """Rows as tuples in column order, fetched in one query."""
        aliases = {f"c{index}": column.expression() for index, column in enumerate(self.columns)}
        rows = self.queryset().values(**aliases)
        return [tuple(row[alias] for alias in aliases) for row in rows]


def _codes(queryset):
    """An ordered array of codes from a correlated subquery (no join multiplying the rows)."""
    return ArraySubquery(queryset.order_by("code").values("code"))


def _task_code(prefix=""):
    return Concat(F(f"{prefix}recommendation__code"), Value("-T"), Cast(f"{prefix}number", CharField()))


def _recommendations():
    return public.public_recommendation_list().order_by("topic__year", "topic__code", "number")


def _tasks():
    return task_list(public.published_tasks()).order_by("recommendation__code", "number")


def _indicators():
    """Indicators with at least one published figure."""
    published = public.published_measurements().values("indicator")
    return Indicator.objects.filter(pk__in=published).order_by("topic__code", "name")


DATASETS = [
    Dataset(
        slug="topics",
        title=_("Oversight topics"),
        description=_("Subjects the standing committee supervises, one row per topic."),
        queryset=lambda: public.published_topics().order_by("year", "code"),
        columns=(
            Column("code", STRING, _("Stable code of the topic.")),
            Column("year", INTEGER, _("Year of oversight.")),
            Column("title", STRING, _("Title.")),
            Column("form", STRING, _("Form of oversight."), choices=TopicForm),
            Column(
                "responsible_office",
                STRING,
                _("Code of the committee office responsible (see departments)."),
                source="responsible_office__code",
            ),
            Column(
                "responsible_office_name",
                STRING,
                _("Name of the committee office responsible."),
                source="responsible_office__name",
            ),
            Column("description", STRING, _("Description.")),
        ),
    ),
    Dataset(
        slug="recommendations",
        title=_("Recommendations"),
        description=_(
            "Recommendations sent to the government, with where each stands. Drafts and "
            "unpublished recommendations are not included."
        ),
        queryset=_recommendations,
        columns=(
            Column("code", STRING, _("Stable code, used in URLs and the API.")),
            Column("topic", STRING, _("Code of the topic."), source="topic__code"),
            Column("number", INTEGER, _("Number within the topic.")),
            Column("title", STRING, _("Title.")),
            Column("body", STRING, _("Full text.")),
            Column(
                "findings",
                LIST,
                _("Codes of the findings (problems found) it addresses."),
                source=_codes(Finding.objects.filter(recommendations=OuterRef("pk"))),
            ),
            Column("is_priority", BOOLEAN, _("Flagged for priority follow-up.")),
            Column("status", STRING, _("Current status."), choices=RecommendationStatus),
            Column("verdict", STRING, _("Committee verdict; empty unless closed."), choices=Verdict),
            Column("government_response", STRING, _("The government's answer."), choices=GovernmentResponse),
            Column("cycle", INTEGER, _("Handling cycle: 1, or more after re-handling or reopening.")),
            Column("issued_at", DATETIME, _("When it was issued to the government.")),
            Column("closed_at", DATETIME, _("When it was closed; empty while open.")),
            Column("response_due_original", DATE, _("Original deadline of the handling report.")),
            Column("response_due", DATE, _("Revised deadline; empty if never revised.")),
            Column("current_due", DATE, _("Deadline in force (revised, else original).")),
            Column("overdue", BOOLEAN, _("Open and past the deadline in force, on the day of download.")),
            Column("task_count", INTEGER, _("Number of tasks it was broken into.")),
            Column("verified_task_count", INTEGER, _("Tasks whose completion staff verified.")),
        ),
    ),
    Dataset(
        slug="departments",
        title=_("Departments"),
        description=_("Departments that lead or co-handle tasks of published recommendations."),
        queryset=lambda: public.departments_with_tasks(),
        columns=(
            Column("code", STRING, _("Stable code of the department.")),
            Column("name", STRING, _("Name.")),
            Column("short_name", STRING, _("Short name.")),
            Column("kind", STRING, _("Kind of body."), choices=DepartmentKind),
            Column("lead_task_count", INTEGER, _("Published tasks it leads."), source="lead_count"),
            Column("co_task_count", INTEGER, _("Published tasks it co-handles."), source="co_count"),
        ),
    ),
    Dataset(
        slug="tasks",
        title=_("Tasks"),
        description=_("Pieces of published recommendations assigned to a lead department."),
        queryset=_tasks,
        columns=(
            Column("id", INTEGER, _("Identifier of the task.")),
            Column("code", STRING, _("Recommendation code, “-T” and the task number."), source=_task_code()),
            Column("recommendation", STRING, _("Code of the recommendation."), source="recommendation__code"),
            Column("number", INTEGER, _("Number within the recommendation.")),
            Column("title", STRING, _("Title.")),
            Column("description", STRING, _("Description.")),
            Column(
                "lead_department", STRING, _("Code of the lead department."), source="lead_department__code"
            ),
            Column(
                "co_departments",
                LIST,
                _("Codes of the supporting departments."),
                source=_codes(Department.objects.filter(co_tasks=OuterRef("pk"))),
            ),
            Column("assigned_on", DATE, _("Date assigned.")),
            Column("due_original", DATE, _("Original due date.")),
            Column("due_date", DATE, _("Due date in force.")),
            Column("verified_at", DATETIME, _("When staff verified it done; empty if not yet.")),
            Column(
                "overdue", BOOLEAN, _("Past due, neither claimed done nor verified, on the day of download.")
            ),
        ),
    ),
    Dataset(
        slug="reports",
        title=_("Accepted progress reports"),
        description=_(
            "What departments reported on their tasks, once staff accepted it. Drafts, submitted and "
            "returned reports are not included."
        ),
        queryset=lambda: public.published_reports().order_by("accepted_at", "pk"),
        columns=(
            Column("id", INTEGER, _("Identifier of the report.")),
            Column("task", INTEGER, _("Identifier of the task (see tasks)."), source="task_id"),
            Column("task_code", STRING, _("Code of the task."), source=_task_code("task__")),
            Column(
                "recommendation",
                STRING,
                _("Code of the recommendation."),
                source="task__recommendation__code",
            ),
            Column("department", STRING, _("Code of the reporting department."), source="department__code"),
            Column("narrative", STRING, _("What was done.")),
            Column("is_final", BOOLEAN, _("The department reported the task done.")),
            Column("accepted_at", DATETIME, _("When staff accepted it.")),
        ),
    ),
    Dataset(
        slug="indicators",
        title=_("Indicators"),
        description=_(
            "Measures a topic is judged by, with their good direction; those with published figures."
        ),
        queryset=_indicators,
        columns=(
            Column("id", INTEGER, _("Identifier of the indicator.")),
            Column("topic", STRING, _("Code of the topic."), source="topic__code"),
            Column("name", STRING, _("Name.")),
            Column("unit", STRING, _("Unit.")),
            Column("direction", STRING, _("Which way is better."), choices=IndicatorDirection),
            Column("description", STRING, _("Description.")),
        ),
    ),
    Dataset(
        slug="measurements",
        title=_("Measurements"),
        description=_(
            "Figures of the indicators, from accepted reports (or recorded by staff without a report). "
            "Departments often report only a relative change, so value, baseline and change are each "
            "optional."
        ),
        queryset=lambda: public.published_measurements().order_by(
            "indicator__topic__code", "indicator__name", "pk"
        ),
        columns=(
            Column("id", INTEGER, _("Identifier of the measurement.")),
            Column("indicator", INTEGER, _("Identifier of the indicator."), source="indicator_id"),
            Column("indicator_name", STRING, _("Name of the indicator."), source="indicator__name"),
            Column("topic", STRING, _("Code of the topic."), source="indicator__topic__code"),
            Column(
                "report", INTEGER, _("Identifier of the accepted report; empty if none."), source="report_id"
            ),
            Column(
                "recommendation",
                STRING,
                _("Code of the recommendation reported on; empty if none."),
                source="report__task__recommendation__code",
            ),
            Column("value", NUMBER, _("Reported value.")),
            Column("is_lower_bound", BOOLEAN, _("The value is a lower bound (“more than”).")),
            Column("baseline", NUMBER, _("Baseline the value compares with.")),
            Column(
                "change_percent",
                NUMBER,
                _("Reported change in percent; a fall is negative (a fall of 29.8% → -29.8)."),
            ),
            Column("period_start", DATE, _("Start of the period measured.")),
            Column("period_end", DATE, _("End of the period measured.")),
            Column("period_label", STRING, _("The period as reported.")),
            Column("note", STRING, _("Note.")),
        ),
    ),
    Dataset(
        slug="evaluations",
        title=_("Evaluation results"),
        description=_("Members' satisfaction votes on handling reports, for a topic or one recommendation."),
        queryset=lambda: public.published_evaluations().order_by("topic__code", "cycle", "pk"),
        columns=(
            Column("id", INTEGER, _("Identifier of the evaluation.")),
            Column("topic", STRING, _("Code of the topic."), source="topic__code"),
            Column(
                "recommendation",
                STRING,
                _("Code of the recommendation; empty when the whole topic was evaluated."),
                source="recommendation__code",
            ),
            Column("cycle", INTEGER, _("Handling cycle evaluated.")),
            Column("method", STRING, _("How the vote was taken."), choices=EvaluationMethod),
            Column("held_on", DATE, _("Date of the vote.")),
            Column("voters_entitled", INTEGER, _("Members entitled to vote.")),
            Column("satisfied", INTEGER, _("Votes “satisfied”.")),
            Column("basically_satisfied", INTEGER, _("Votes “basically satisfied”.")),
            Column("unsatisfied", INTEGER, _("Votes “unsatisfied”.")),
            Column("abstained", INTEGER, _("Abstentions.")),
            Column("result", STRING, _("Result."), choices=EvaluationResult),
        ),
    ),
    Dataset(
        slug="evidence",
        title=_("Evidence files"),
        description=_(
            "The list of files supporting accepted reports: name, type and size. Files marked "
            "internal are not included."
        ),
        queryset=lambda: Evidence.objects.filter(pk__in=public.published_evidence().values("pk")).order_by(
            "report_id", "uploaded_at", "pk"
        ),
        columns=(
            Column("id", INTEGER, _("Identifier of the file.")),
            Column("report", INTEGER, _("Identifier of the accepted report."), source="report_id"),
            Column(
                "recommendation",
                STRING,
                _("Code of the recommendation."),
                source="report__task__recommendation__code",
            ),
            Column("original_name", STRING, _("File name.")),
            Column("content_type", STRING, _("Type of file (MIME).")),
            Column("size", INTEGER, _("Size in bytes.")),
            Column("uploaded_at", DATETIME, _("When it was uploaded.")),
        ),
    ),
]

DATASETS_BY_SLUG = {dataset.slug: dataset for dataset in DATASETS}
