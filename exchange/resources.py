"""django-import-export resources, one per sheet of the oversight workbook.

Each resource declares its columns (header, attribute, widget) once; export renders them with
the widgets and import cleans them with the same widgets. Imports do not go through
import-export's row-by-row saving: `import_data` hands the sheet to `exchange.importer`, which
validates every row in bulk and writes all or nothing (see that module)."""

from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import resources
from import_export.fields import Field
from import_export.results import Error, Result, RowResult

from recommendations.choices import (
    DepartmentKind,
    GovernmentResponse,
    IndicatorDirection,
    InspectionKind,
    MeetingKind,
    RecommendationStatus,
    ReportStatus,
    TopicForm,
    Verdict,
)
from recommendations.models import (
    Department,
    Finding,
    Indicator,
    Inspection,
    Measurement,
    Meeting,
    OversightTopic,
    ProgressReport,
    Recommendation,
    Remark,
    Task,
)
from recommendations.transitions import (
    NEW_CYCLE_MOVES,
    RECOMMENDATION_TRANSITIONS,
    TransitionNotAllowed,
    plan_recommendation_path,
    plan_report_path,
)

from .widgets import (
    BooleanWidget,
    ChoiceWidget,
    DateTimeWidget,
    DateWidget,
    DecimalWidget,
    IntegerWidget,
    RefListWidget,
    RefWidget,
    TextWidget,
)


class RowError(Exception):
    """Problems of one row, by column."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def col(attribute, column_name, widget=None, **kwargs):
    return Field(attribute=attribute, column_name=column_name, widget=widget or TextWidget(), **kwargs)


def dept_ref(attribute, column):
    return col(attribute, column, RefWidget("department", lambda d: d.code))


def topic_ref(attribute="topic"):
    return col(attribute, "topic", RefWidget("topic", lambda t: t.code))


def report_seq():
    """Position of a report among its task's reports (1, 2, ...), by creation: the report part
    of its key, e.g. 2022-FRAUD-01-T1-R2."""
    earlier = ProgressReport.objects.filter(task_id=OuterRef("task_id")).filter(
        Q(created_at__lt=OuterRef("created_at"))
        | Q(created_at=OuterRef("created_at"), pk__lte=OuterRef("pk"))
    )
    return Subquery(earlier.values("task_id").annotate(n=Count("pk")).values("n")[:1])


def report_key(report):
    return f"{report.task.code}-R{report.seq}"


def refused(error, column_by_code, default_column):
    """A RowError for a move the lifecycle rules refused, on the column it comes from."""
    return RowError({column_by_code.get(error.code, default_column): " ".join(error.messages)})


def reachable(table, start):
    """Every status a transition table can reach from `start`, `start` included."""
    seen, frontier = {start}, [start]
    while frontier:
        current = frontier.pop()
        for frm, to in table:
            if frm == current and to not in seen:
                seen.add(to)
                frontier.append(to)
    return seen


def later_cycle_statuses():
    """Statuses a recommendation can hold after a move that starts a new handling cycle
    (re-handling or reopening): only these may come with a cycle above 1."""
    from_draft = reachable(RECOMMENDATION_TRANSITIONS, RecommendationStatus.DRAFT)
    after = set()
    for frm, to in NEW_CYCLE_MOVES:
        if frm in from_draft:
            after |= reachable(RECOMMENDATION_TRANSITIONS, to)
    return [status for status in RecommendationStatus.values if status in after]


LATER_CYCLE_STATUSES = later_cycle_statuses()  # in progress, reported, closed


class SheetResource(resources.ModelResource):
    """A sheet of the workbook. Subclasses name the sheet, the required columns and the keys
    that must be unique, and build an unsaved instance from a cleaned row."""

    sheet = ""
    required = ()
    # Attributes that are not model fields checked by clean_fields (references, computed).
    not_model_fields = ()
    # (index kind, column) under which other sheets refer to a row by a key in one cell.
    referred_to_by = ()

    class Meta:
        abstract = True

    # --- export -----------------------------------------------------------------------
    def optimize(self, queryset):
        """Joins and prefetches so export does no query per row."""
        return queryset

    def export(self, queryset=None, **kwargs):
        queryset = self.optimize(queryset if queryset is not None else self._meta.model.objects.all())
        return super().export(queryset=queryset.order_by(*self.export_ordering), **kwargs)

    export_ordering = ("pk",)

    def get_export_fields(self, selected_fields=None):
        # Export follows the declared column order (Meta.fields).
        fields = super().get_export_fields(selected_fields)
        order = list(self._meta.fields)
        return sorted(fields, key=lambda f: order.index(self.get_field_name(f)))

    def columns(self):
        """Column name -> Field, in the declared order (references before what they scope)."""
        if "_columns" not in self.__dict__:
            self._columns = {self.fields[name].column_name: self.fields[name] for name in self._meta.fields}
        return self._columns

    def column_of(self, attribute):
        for field in self.fields.values():
            if field.attribute == attribute:
                return field.column_name
        return None

    def keys(self, cleaned, instance):
        """(columns, kind, key, scope) of each unique natural key of the row."""
        return []

    def build(self, cleaned, index):
        """An unsaved instance (plus many-to-many values) from a row's cleaned columns."""
        raise NotImplementedError

    def instance_from(self, cleaned, **extra):
        model = self._meta.model
        values = {}
        for column, value in cleaned.items():
            field = self.columns()[column]
            if field.attribute in self.m2m_attributes():
                continue
            model_field = model._meta.get_field(field.attribute)
            if value in (None, "") and model_field.has_default():
                continue  # A blank cell leaves the model's default (kind, active, ...).
            values[field.attribute] = value
        values.update(extra)
        return model(**values)

    def m2m_attributes(self):
        if "_m2m" not in self.__dict__:
            self._m2m = {f.name for f in self._meta.model._meta.many_to_many}
        return self._m2m

    def m2m_from(self, cleaned):
        m2m = {}
        for column, value in cleaned.items():
            attribute = self.columns()[column].attribute
            if attribute in self.m2m_attributes():
                m2m[attribute] = value or []
        return m2m

    def references(self, cleaned, instance):
        """(kind, key, scope) under which other sheets may refer to the row, not unique."""
        return []

    def prepare_write(self, instance, actor, when):
        """Last fields set just before writing (who imported, when)."""

    def events(self, built, actor, when):
        """Status events to write after the instances (see the recommendation resource)."""
        return []

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        """The admin's entry point: import this one sheet through the all-or-nothing importer
        and describe the outcome as an import-export Result (preview rows or row errors)."""
        from .files import Table
        from .importer import oversight_import

        table = Table.from_dataset(dataset)
        report = oversight_import(actor=kwargs.get("user"), tables={self.sheet: table}, dry_run=dry_run)
        return report_as_result(report, self.sheet, table)


def report_as_result(report, sheet, table):
    result = Result()
    result.diff_headers = list(table.headers)
    by_row = {}
    for problem in report.problems:
        if problem.row is None:
            result.append_base_error(Error(ValueError(str(problem))))
        else:
            by_row.setdefault(problem.row, {}).setdefault(problem.column or "__all__", []).append(
                problem.message
            )
    for number, errors in sorted(by_row.items()):
        values = dict(zip(table.headers, table.rows[number - 2], strict=False)) if number >= 2 else {}
        result.append_invalid_row(number, values, ValidationError(errors))
    created = report.created.get(sheet, [])
    for position, values in enumerate(table.rows):
        row_result = RowResult()
        row_result.import_type = RowResult.IMPORT_TYPE_NEW
        row_result.diff = ["" if v is None else v for v in values]
        if position < len(created):
            row_result.instance = created[position]
            row_result.add_instance_info(created[position])
        if not by_row:
            result.append_row_result(row_result)
            result.increment_row_result_total(row_result)
    result.total_rows = len(table.rows)
    return result


class DepartmentResource(SheetResource):
    sheet = "departments"
    required = ("code", "name")
    referred_to_by = (("department", "code"), ("department", "name"))

    code = col("code", "code")
    name = col("name", "name")
    short_name = col("short_name", "short_name")
    kind = col("kind", "kind", ChoiceWidget(DepartmentKind))
    contact_email = col("contact_email", "contact_email")
    head_name = col("head_name", "head_name")
    head_email = col("head_email", "head_email")
    is_active = col("is_active", "is_active", BooleanWidget())

    class Meta:
        model = Department
        fields = (
            "code",
            "name",
            "short_name",
            "kind",
            "contact_email",
            "head_name",
            "head_email",
            "is_active",
        )

    export_ordering = ("code",)

    def keys(self, cleaned, instance):
        return [
            (("code",), "department", instance.code, None),
            (("name",), "department", instance.name, None),
        ]

    def build(self, cleaned, index):
        return self.instance_from(cleaned), {}


class TopicResource(SheetResource):
    sheet = "topics"
    required = ("code", "year", "title", "form", "responsible_office")
    referred_to_by = (("topic", "code"),)

    code = col("code", "code")
    year = col("year", "year", IntegerWidget())
    title = col("title", "title")
    form = col("form", "form", ChoiceWidget(TopicForm))
    responsible_office = dept_ref("responsible_office", "responsible_office")
    description = col("description", "description")
    is_published = col("is_published", "is_published", BooleanWidget())

    class Meta:
        model = OversightTopic
        fields = ("code", "year", "title", "form", "responsible_office", "description", "is_published")

    export_ordering = ("code",)

    def optimize(self, queryset):
        return queryset.select_related("responsible_office")

    def keys(self, cleaned, instance):
        return [(("code",), "topic", instance.code, None)]

    def build(self, cleaned, index):
        return self.instance_from(cleaned), {}


class InspectionResource(SheetResource):
    sheet = "inspections"
    required = ("topic", "title", "started_on")

    topic = topic_ref()
    title = col("title", "title")
    kind = col("kind", "kind", ChoiceWidget(InspectionKind))
    started_on = col("started_on", "started_on", DateWidget())
    ended_on = col("ended_on", "ended_on", DateWidget())
    summary = col("summary", "summary")
    departments_visited = col(
        "departments_visited", "departments_visited", RefListWidget("department", lambda d: d.code)
    )
    departments_consulted = col(
        "departments_consulted", "departments_consulted", RefListWidget("department", lambda d: d.code)
    )

    class Meta:
        model = Inspection
        fields = (
            "topic",
            "title",
            "kind",
            "started_on",
            "ended_on",
            "summary",
            "departments_visited",
            "departments_consulted",
        )

    export_ordering = ("topic__code", "started_on", "title")

    def optimize(self, queryset):
        return queryset.select_related("topic").prefetch_related(
            "departments_visited", "departments_consulted"
        )

    def keys(self, cleaned, instance):
        return [(("topic", "title"), "inspection", instance.title, cleaned["topic"])]

    def build(self, cleaned, index):
        instance = self.instance_from(cleaned)
        if instance.ended_on and instance.ended_on < instance.started_on:
            raise RowError({"ended_on": _("The end date cannot be before the start date.")})
        return instance, self.m2m_from(cleaned)


class FindingResource(SheetResource):
    """A row of the problem list (问题清单): source, title, content, category, lead unit."""

    sheet = "findings"
    required = ("code", "topic", "number", "category", "title")
    referred_to_by = (("finding", "code"),)

    code = col("code", "code")
    topic = topic_ref()
    number = col("number", "number", IntegerWidget())
    source = col("inspection", "source", RefWidget("inspection", lambda i: i.title, scope="topic"))
    category = col("category", "category")
    title = col("title", "title")
    content = col("description", "content")
    lead_unit = col("departments", "lead_unit", RefListWidget("department", lambda d: d.code))

    class Meta:
        model = Finding
        fields = ("code", "topic", "number", "source", "category", "title", "content", "lead_unit")

    export_ordering = ("topic__code", "number")

    def optimize(self, queryset):
        return queryset.select_related("topic", "inspection").prefetch_related("departments")

    def keys(self, cleaned, instance):
        return [
            (("code",), "finding", instance.code, None),
            (("topic", "number"), "finding_number", instance.number, cleaned["topic"]),
        ]

    def build(self, cleaned, index):
        return self.instance_from(cleaned), self.m2m_from(cleaned)


class MeetingResource(SheetResource):
    sheet = "meetings"
    required = ("title", "held_on")
    referred_to_by = (("meeting", "title"),)

    title = col("title", "title")
    kind = col("kind", "kind", ChoiceWidget(MeetingKind))
    held_on = col("held_on", "held_on", DateWidget())
    topics = col("topics", "topics", RefListWidget("topic", lambda t: t.code))

    class Meta:
        model = Meeting
        fields = ("title", "kind", "held_on", "topics")

    export_ordering = ("held_on", "title")

    def optimize(self, queryset):
        return queryset.prefetch_related("topics")

    def keys(self, cleaned, instance):
        return [(("title",), "meeting", instance.title, None)]

    def build(self, cleaned, index):
        return self.instance_from(cleaned), self.m2m_from(cleaned)


class RemarkResource(SheetResource):
    sheet = "remarks"
    required = ("meeting", "order", "topic", "speaker_name", "content")

    meeting = col("meeting", "meeting", RefWidget("meeting", lambda m: m.title))
    order = col("order", "order", IntegerWidget())
    topic = topic_ref()
    speaker_name = col("speaker_name", "speaker_name")
    content = col("content", "content")

    class Meta:
        model = Remark
        fields = ("meeting", "order", "topic", "speaker_name", "content")

    export_ordering = ("meeting__held_on", "meeting__title", "order")

    def optimize(self, queryset):
        return queryset.select_related("meeting", "topic")

    def keys(self, cleaned, instance):
        return [(("meeting", "order"), "remark_slot", instance.order, cleaned["meeting"])]

    def references(self, cleaned, instance):
        # Recommendations name their source remarks by speaker within the topic.
        return [("remark", instance.speaker_name, cleaned["topic"])]

    def build(self, cleaned, index):
        return self.instance_from(cleaned), {}


class RecommendationResource(SheetResource):
    """A numbered recommendation with the problem-list columns: source (findings), title,
    content, progress (status) and the congress's re-check verdict, plus its handling cycle
    (1, or more after re-handling or reopening)."""

    sheet = "recommendations"
    required = ("code", "topic", "number", "title", "content")
    referred_to_by = (("recommendation", "code"),)

    code = col("code", "code")
    topic = topic_ref()
    number = col("number", "number", IntegerWidget())
    title = col("title", "title")
    content = col("body", "content")
    source = col("findings", "source", RefListWidget("finding", lambda f: f.code))
    remarks = col("remarks", "remarks", RefListWidget("remark", lambda r: r.speaker_name, scope="topic"))
    is_priority = col("is_priority", "is_priority", BooleanWidget())
    is_published = col("is_published", "is_published", BooleanWidget())
    government_response = col("government_response", "government_response", ChoiceWidget(GovernmentResponse))
    government_response_on = col("government_response_on", "government_response_on", DateWidget())
    progress = col("status", "progress", ChoiceWidget(RecommendationStatus))
    recheck_verdict = col("verdict", "recheck_verdict", ChoiceWidget(Verdict))
    cycle = col("cycle", "cycle", IntegerWidget())
    response_due_original = col("response_due_original", "response_due_original", DateWidget())
    response_due = col("response_due", "response_due", DateWidget())
    issued_at = col("issued_at", "issued_at", DateTimeWidget())
    closed_at = col("closed_at", "closed_at", DateTimeWidget())

    class Meta:
        model = Recommendation
        fields = (
            "code",
            "topic",
            "number",
            "title",
            "content",
            "source",
            "remarks",
            "is_priority",
            "is_published",
            "government_response",
            "government_response_on",
            "progress",
            "recheck_verdict",
            "cycle",
            "response_due_original",
            "response_due",
            "issued_at",
            "closed_at",
        )

    export_ordering = ("code",)

    def optimize(self, queryset):
        return queryset.select_related("topic").prefetch_related("findings", "remarks")

    def keys(self, cleaned, instance):
        return [
            (("code",), "recommendation", instance.code, None),
            (("topic", "number"), "recommendation_number", instance.number, cleaned["topic"]),
        ]

    def build(self, cleaned, index):
        status = cleaned.pop("progress", "") or RecommendationStatus.DRAFT
        verdict = cleaned.pop("recheck_verdict", "")
        issued_at = cleaned.pop("issued_at", None)
        closed_at = cleaned.pop("closed_at", None)
        instance = self.instance_from(cleaned)
        errors = {}
        # The lifecycle's own rules (moves, verdict, dates) decide; this sheet only maps columns.
        try:
            plan = plan_recommendation_path(
                status,
                issued_at=issued_at,
                closed_at=closed_at,
                verdict=verdict,
                note=_("Imported from a spreadsheet"),
            )
        except TransitionNotAllowed as error:
            column = "closed_at" if closed_at and error.code.startswith("occurred") else "issued_at"
            verdict_codes = {"verdict_required": "recheck_verdict", "verdict_not_closing": "recheck_verdict"}
            errors.update(refused(error, verdict_codes, column).errors)
        if status == RecommendationStatus.DRAFT and issued_at:
            errors["issued_at"] = _("A draft has not been issued.")
        if status != RecommendationStatus.CLOSED and closed_at:
            errors["closed_at"] = _("Only a closed recommendation has a closing time.")
        responded_on = instance.government_response_on
        if responded_on and instance.government_response in ("", GovernmentResponse.PENDING):
            errors["government_response_on"] = _("A response date needs the government's response.")
        elif responded_on and responded_on > timezone.localdate():
            errors["government_response_on"] = _("The response date cannot be in the future.")
        elif responded_on and issued_at and responded_on < timezone.localdate(issued_at):
            errors["government_response_on"] = _(
                "The government cannot respond before the recommendation was issued."
            )
        # A blank cell leaves the default, 1. Above 1 the status must be one a re-handling or a
        # reopening can lead to; the earlier cycles' events are not in the file, so none is made up.
        if instance.cycle < 1:
            errors["cycle"] = _("The handling cycle counts from 1: enter a whole number of at least 1.")
        elif instance.cycle > 1 and status not in LATER_CYCLE_STATUSES:
            errors["cycle"] = _(
                "Only a recommendation sent back for re-handling or reopened is past cycle 1; "
                "its progress must then be one of: %(statuses)s."
            ) % {"statuses": ", ".join(LATER_CYCLE_STATUSES)}
        if errors:
            raise RowError(errors)
        instance._import_plan = plan
        instance.status = plan[-1].to_status if plan else RecommendationStatus.DRAFT
        instance.verdict = plan[-1].verdict if plan else ""
        return instance, self.m2m_from(cleaned)

    def events(self, built, actor, when):
        from recommendations.models import StatusEvent

        return [
            StatusEvent(
                recommendation=built,
                subject=StatusEvent.Subject.RECOMMENDATION,
                from_status=move.from_status,
                to_status=move.to_status,
                actor=actor,
                occurred_at=move.occurred_at,
                # The note the plan needed is the system's own: kept as its code.
                text_code="imported" if move.note else "",
            )
            for move in built._import_plan
        ]

    def prepare_write(self, instance, actor, when):
        """Timestamps of the planned moves, as `recommendation_transition` sets them."""
        for move in instance._import_plan:
            if move.to_status == RecommendationStatus.ISSUED:
                instance.issued_at = move.occurred_at
            if move.to_status == RecommendationStatus.CLOSED:
                instance.closed_at = move.occurred_at


class TaskResource(SheetResource):
    sheet = "tasks"
    required = ("recommendation", "number", "title", "lead_unit", "assigned_on", "due_original")

    recommendation = col("recommendation", "recommendation", RefWidget("recommendation", lambda r: r.code))
    number = col("number", "number", IntegerWidget())
    title = col("title", "title")
    description = col("description", "description")
    lead_unit = dept_ref("lead_department", "lead_unit")
    co_units = col("co_departments", "co_units", RefListWidget("department", lambda d: d.code))
    assigned_on = col("assigned_on", "assigned_on", DateWidget())
    due_original = col("due_original", "due_original", DateWidget())
    due_date = col("due_date", "due_date", DateWidget())
    claimed_done_at = col("claimed_done_at", "claimed_done_at", DateTimeWidget())
    verified_at = col("verified_at", "verified_at", DateTimeWidget())

    class Meta:
        model = Task
        fields = (
            "recommendation",
            "number",
            "title",
            "description",
            "lead_unit",
            "co_units",
            "assigned_on",
            "due_original",
            "due_date",
            "claimed_done_at",
            "verified_at",
        )

    export_ordering = ("recommendation__code", "number")

    def optimize(self, queryset):
        return queryset.select_related("recommendation", "lead_department").prefetch_related("co_departments")

    def keys(self, cleaned, instance):
        return [(("recommendation", "number"), "task", str(instance.number), cleaned["recommendation"])]

    def build(self, cleaned, index):
        if cleaned.get("due_date") is None:
            cleaned["due_date"] = cleaned.get("due_original")
        instance = self.instance_from(cleaned)
        m2m = self.m2m_from(cleaned)
        lead = instance.lead_department
        m2m["co_departments"] = [d for d in m2m.get("co_departments", []) if d is not lead]
        errors = {}
        if instance.due_original < instance.assigned_on:
            errors["due_original"] = _("A due date cannot be before the assignment date.")
        if instance.due_date < instance.assigned_on:
            errors["due_date"] = _("A due date cannot be before the assignment date.")
        if errors:
            raise RowError(errors)
        instance._import_departments = {index.token(lead), *(index.token(d) for d in m2m["co_departments"])}
        return instance, m2m

    def prepare_write(self, instance, actor, when):
        if instance.verified_at:
            # Verification is the importing staff member's record of it.
            instance.verified_by = actor


class IndicatorResource(SheetResource):
    sheet = "indicators"
    required = ("topic", "name", "direction")

    topic = topic_ref()
    name = col("name", "name")
    unit = col("unit", "unit")
    direction = col("direction", "direction", ChoiceWidget(IndicatorDirection))
    description = col("description", "description")

    class Meta:
        model = Indicator
        fields = ("topic", "name", "unit", "direction", "description")

    export_ordering = ("topic__code", "name")

    def optimize(self, queryset):
        return queryset.select_related("topic")

    def keys(self, cleaned, instance):
        return [(("topic", "name"), "indicator", instance.name, cleaned["topic"])]

    def build(self, cleaned, index):
        return self.instance_from(cleaned), {}


class ProgressReportResource(SheetResource):
    sheet = "reports"
    required = ("key", "recommendation", "task", "department", "narrative")
    referred_to_by = (("report", "key"),)

    key = Field(column_name="key", widget=TextWidget())
    recommendation = Field(
        attribute="task__recommendation",
        column_name="recommendation",
        widget=RefWidget("recommendation", lambda r: r.code),
    )
    task = col("task", "task", RefWidget("task", lambda t: str(t.number), scope="recommendation"))
    department = dept_ref("department", "department")
    narrative = col("narrative", "narrative")
    is_final = col("is_final", "is_final", BooleanWidget())
    status = col("status", "status", ChoiceWidget(ReportStatus))
    submitted_at = col("submitted_at", "submitted_at", DateTimeWidget())
    accepted_at = col("accepted_at", "accepted_at", DateTimeWidget())

    class Meta:
        model = ProgressReport
        fields = (
            "key",
            "recommendation",
            "task",
            "department",
            "narrative",
            "is_final",
            "status",
            "submitted_at",
            "accepted_at",
        )

    export_ordering = ("task__recommendation__code", "task__number", "seq")

    def optimize(self, queryset):
        return queryset.select_related("task__recommendation", "department").annotate(seq=report_seq())

    def dehydrate_key(self, report):
        return report_key(report)

    def keys(self, cleaned, instance):
        return [(("key",), "report", cleaned["key"], None)]

    def build(self, cleaned, index):
        cleaned.pop("recommendation", None)
        key = cleaned.pop("key")
        status = cleaned.pop("status", "") or ReportStatus.DRAFT
        submitted_at = cleaned.pop("submitted_at", None)
        accepted_at = cleaned.pop("accepted_at", None)
        instance = self.instance_from(cleaned)
        cleaned["key"] = key
        task, department = instance.task, instance.department
        errors = {}
        if index.token(department) not in index.task_departments(task):
            errors["department"] = _("Only the task's lead or supporting departments can report on it.")
        elif instance.is_final and index.token(department) != index.fk_token(task, "lead_department"):
            errors["is_final"] = _("Only the lead department can claim the task done.")
        if status == ReportStatus.DRAFT and submitted_at:
            errors["submitted_at"] = _("A draft report has not been submitted.")
        if status != ReportStatus.ACCEPTED and accepted_at:
            errors["accepted_at"] = _("Only an accepted report has an acceptance time.")
        if errors:
            raise RowError(errors)
        try:
            plan = plan_report_path(
                status,
                assigned_on=task.assigned_on,
                submitted_at=submitted_at,
                accepted_at=accepted_at,
                note=_("Imported from a spreadsheet"),
            )
        except TransitionNotAllowed as error:
            raise refused(
                error, {}, "accepted_at" if accepted_at and not submitted_at else "submitted_at"
            ) from error
        instance._import_plan = plan
        instance.status = plan[-1].to_status if plan else ReportStatus.DRAFT
        return instance, {}

    def prepare_write(self, instance, actor, when):
        instance.author = actor
        for move in instance._import_plan:
            if move.to_status == ReportStatus.SUBMITTED:
                instance.submitted_at = move.occurred_at
            if move.to_status == ReportStatus.ACCEPTED:
                instance.accepted_at = move.occurred_at

    def events(self, built, actor, when):
        from recommendations.models import StatusEvent

        return [
            StatusEvent(
                recommendation=built.task.recommendation,
                report=built,
                subject=StatusEvent.Subject.REPORT,
                from_status=move.from_status,
                to_status=move.to_status,
                actor=actor,
                occurred_at=move.occurred_at,
                # The note the plan needed is the system's own: kept as its code.
                text_code="imported" if move.note else "",
            )
            for move in built._import_plan
        ]


class MeasurementResource(SheetResource):
    sheet = "measurements"
    required = ("topic", "indicator")

    topic = Field(
        attribute="indicator__topic", column_name="topic", widget=RefWidget("topic", lambda t: t.code)
    )
    indicator = col("indicator", "indicator", RefWidget("indicator", lambda i: i.name, scope="topic"))
    report = Field(attribute="report", column_name="report", widget=RefWidget("report", report_key))
    value = col("value", "value", DecimalWidget())
    is_lower_bound = col("is_lower_bound", "is_lower_bound", BooleanWidget())
    baseline = col("baseline", "baseline", DecimalWidget())
    change_percent = col("change_percent", "change_percent", DecimalWidget())
    period_start = col("period_start", "period_start", DateWidget())
    period_end = col("period_end", "period_end", DateWidget())
    period_label = col("period_label", "period_label")
    note = col("note", "note")

    class Meta:
        model = Measurement
        fields = (
            "topic",
            "indicator",
            "report",
            "value",
            "is_lower_bound",
            "baseline",
            "change_percent",
            "period_start",
            "period_end",
            "period_label",
            "note",
        )

    export_ordering = ("indicator__topic__code", "indicator__name", "report_order", "pk")

    def optimize(self, queryset):
        return queryset.select_related("indicator__topic", "report__task__recommendation").annotate(
            report_order=Coalesce("report__pk", 0)
        )

    def export(self, queryset=None, **kwargs):
        queryset = queryset if queryset is not None else Measurement.objects.all()
        # The report column renders the report's key, which needs its position in its task.
        seqs = dict(
            ProgressReport.objects.filter(measurements__in=queryset)
            .annotate(seq=report_seq())
            .values_list("pk", "seq")
        )
        self._report_seqs = seqs
        return super().export(queryset=queryset, **kwargs)

    def export_field(self, field, instance, **kwargs):
        if field.column_name == "report" and instance.report is not None:
            instance.report.seq = self._report_seqs[instance.report_id]
        return super().export_field(field, instance, **kwargs)

    def build(self, cleaned, index):
        cleaned.pop("topic", None)
        instance = self.instance_from(cleaned)
        errors = {}
        report = instance.report
        if report is not None:
            report_topic = index.fk_token(report.task.recommendation, "topic")
            if report_topic != index.fk_token(instance.indicator, "topic"):
                errors["indicator"] = _("The indicator belongs to another topic.")
        if instance.value is None and instance.change_percent is None:
            errors["value"] = _("Give a value, a relative change, or both.")
        if instance.period_start and instance.period_end and instance.period_end < instance.period_start:
            errors["period_end"] = _("The period cannot end before it starts.")
        if errors:
            raise RowError(errors)
        return instance, {}


# The order in which sheets are read and written: every reference points upwards.
RESOURCES = [
    DepartmentResource,
    TopicResource,
    InspectionResource,
    FindingResource,
    MeetingResource,
    RemarkResource,
    RecommendationResource,
    TaskResource,
    IndicatorResource,
    ProgressReportResource,
    MeasurementResource,
]
SHEETS = {resource.sheet: resource for resource in RESOURCES}
