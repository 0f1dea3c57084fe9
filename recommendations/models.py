"""The oversight cycle: topics, inspections, findings, meetings, remarks, recommendations,
tasks, progress reports, indicators, measurements and status events (evaluations live in
the evaluations app).

Status fields are never written here or in forms: `recommendations.transitions` changes them
and records a StatusEvent in the same transaction. Every model's rows are also snapshotted by
database triggers (django-pghistory), so bulk writes and imports leave history too.
"""

import re

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congresses.scoping import ScopedManager
from reminders.workdays import overdue_cutoff

from .choices import (
    OPEN_STATUSES,
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


def trigram_index(field, name):
    """A trigram index for `icontains` (UPPER(col) LIKE UPPER('%…%')): substring search that works
    on Chinese, which has no word boundaries. Matches terms of three characters or more."""
    return GinIndex(OpClass(Upper(field), name="gin_trgm_ops"), name=name)


def track(**kwargs):
    """Record inserts, updates and deletes of a model with the acting user's context."""
    return pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        # "events" is the domain timeline (StatusEvent); row snapshots are "history".
        obj_field=pghistory.ObjForeignKey(related_name="history", related_query_name="history"),
        **kwargs,
    )


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


def congress_field(related_name):
    """The congress a record belongs to. Blank in forms: it is the congress of the scope the
    record is created in (or of the record it hangs under), filled in before validation."""
    return models.ForeignKey(
        "congresses.Congress",
        verbose_name=_("standing committee"),
        on_delete=models.PROTECT,
        blank=True,
        editable=False,
        related_name=related_name,
    )


class CongressOwned(models.Model):
    """A record with its own `congress` column: set from `congress_source()` when missing,
    before validation (so codes are checked unique within the right congress) and on save."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._fill_congress()
        super().save(*args, **kwargs)

    def full_clean(self, *args, **kwargs):
        self._fill_congress()
        super().full_clean(*args, **kwargs)

    def congress_source(self):
        from congresses.models import current_congress

        return current_congress()

    def _fill_congress(self):
        if self.congress_id is None:
            self.congress = self.congress_source()


@track()
class Department(CongressOwned, TimestampedModel):
    """A body that takes part in the cycle: a government department that handles tasks, a
    committee office that runs a topic, a bank or operator that was visited."""

    congress = congress_field("departments")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=DepartmentKind.choices, default=DepartmentKind.GOVERNMENT
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    head_name = models.CharField(_("head of department"), max_length=100, blank=True)
    head_email = models.EmailField(_("head's email"), blank=True)
    is_active = models.BooleanField(pgettext_lazy("department", "active"), default=True)

    objects = ScopedManager("congress")

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "code"],
                name="department_code_unique_in_congress",
                violation_error_message=_("This congress already has a department with this code."),
            ),
            models.UniqueConstraint(
                fields=["congress", "name"],
                name="department_name_unique_in_congress",
                violation_error_message=_("This congress already has a department with this name."),
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


@track()
class OversightTopic(CongressOwned, TimestampedModel):
    """A subject the standing committee supervises for a year (监督议题)."""

    congress = congress_field("topics")
    code = models.SlugField(_("code"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    title = models.CharField(_("title"), max_length=300)
    form = models.CharField(_("form of oversight"), max_length=30, choices=TopicForm.choices)
    responsible_office = models.ForeignKey(
        Department,
        verbose_name=_("responsible committee office"),
        on_delete=models.PROTECT,
        related_name="topics",
    )
    description = models.TextField(_("description"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)

    objects = ScopedManager("congress")

    class Meta:
        verbose_name = _("oversight topic")
        verbose_name_plural = _("oversight topics")
        ordering = ["-year", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "code"],
                name="topic_code_unique_in_congress",
                violation_error_message=_("This congress already has a topic with this code."),
            ),
            models.CheckConstraint(
                name="topic_year_plausible", condition=Q(year__gte=1979) & Q(year__lte=2200)
            ),
        ]
        # The recommendation lists sort by topic year and code, then number: walking topics in
        # that order (newest year first on the site, oldest in the API) reads only the first
        # page's topics, where the year index alone sorted a whole year's recommendations.
        indexes = [
            models.Index(fields=["-year", "code"], name="topic_year_desc_code_idx"),
            models.Index(fields=["year", "code"], name="topic_year_code_idx"),
        ]

    def __str__(self):
        return f"{self.year} {self.title}"

    def clean(self):
        if not self.year:
            return
        coded = re.match(r"(\d{4})(?:-|$)", self.code or "")
        if coded and int(coded.group(1)) != self.year:
            message = _("The year must be the one the code begins with, %(year)s.")
            raise ValidationError({"year": ValidationError(message, params={"year": coded.group(1)})})
        if self.year > timezone.localdate().year + 1:
            raise ValidationError({"year": _("A topic's year can be at most next year.")})
        first = self.inspections.order_by("started_on").first() if self.pk else None
        # Preparatory visits may begin the year before the topic's.
        if first is not None and first.started_on.year < self.year - 1:
            message = _("The topic's first inspection began in %(year)s; its year can be at most the next.")
            raise ValidationError({"year": ValidationError(message, params={"year": first.started_on.year})})


@track()
class Inspection(TimestampedModel):
    """Visits, interviews and written opinions gathered on a topic (视察调查), including a later
    follow-up visit (回头看) that may reopen closed recommendations."""

    topic = models.ForeignKey(
        OversightTopic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="inspections"
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=20, choices=InspectionKind.choices, default=InspectionKind.INSPECTION
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    departments_visited = models.ManyToManyField(
        Department,
        verbose_name=_("departments visited or interviewed"),
        blank=True,
        related_name="inspections_visited",
    )
    departments_consulted = models.ManyToManyField(
        Department,
        verbose_name=_("departments giving written opinions"),
        blank=True,
        related_name="inspections_consulted",
    )

    objects = ScopedManager("topic__congress")

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["started_on"]
        constraints = [
            models.CheckConstraint(
                name="inspection_dates_in_order",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        today = timezone.localdate()
        errors = {}
        if self.started_on and self.started_on > today:
            errors["started_on"] = _(
                "An inspection is recorded once it has begun; this date is in the future."
            )
        elif self.started_on and self.topic_id and self.started_on.year < self.topic.year - 1:
            errors["started_on"] = ValidationError(
                _("The topic's inspections begin in %(year)s at the earliest, the year before its own."),
                params={"year": self.topic.year - 1},
            )
        if self.ended_on and self.ended_on > today:
            errors["ended_on"] = _("The end date cannot be in the future.")
        if errors:
            raise ValidationError(errors)


@track()
class Finding(CongressOwned, TimestampedModel):
    """One problem on the problem list (问题清单) that an inspection produced."""

    # The topic's congress, copied so that codes are unique within a congress.
    congress = congress_field("findings")
    code = models.SlugField(_("code"), max_length=40)
    topic = models.ForeignKey(
        OversightTopic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="findings"
    )
    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("inspection"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="findings",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    category = models.CharField(_("category"), max_length=100, db_index=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    departments = models.ManyToManyField(
        Department, verbose_name=_("departments concerned"), blank=True, related_name="findings"
    )

    objects = ScopedManager("congress")

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["topic", "number"]
        # The public list's search also matches the titles of source findings.
        indexes = [trigram_index("title", "finding_title_trgm")]
        constraints = [
            models.UniqueConstraint(fields=["topic", "number"], name="finding_number_unique_in_topic"),
            models.UniqueConstraint(
                fields=["congress", "code"],
                name="finding_code_unique_in_congress",
                violation_error_message=_("This congress already has a finding with this code."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def congress_source(self):
        try:
            if self.topic.congress_id:
                return self.topic.congress
        except ObjectDoesNotExist:  # no topic yet: validation names it
            pass
        return super().congress_source()

    def clean(self):
        if self.inspection_id and self.topic_id and self.inspection.topic_id != self.topic_id:
            raise ValidationError({"inspection": _("The inspection belongs to another topic.")})

    @property
    def is_cleared(self):
        """Cleared (问题清零) when it has recommendations and all are closed as implemented."""
        verdicts = [r.verdict for r in self.recommendations.all()]
        return bool(verdicts) and all(v == Verdict.IMPLEMENTED for v in verdicts)


@track()
class Meeting(CongressOwned, TimestampedModel):
    """A session that deliberates a topic (审议), e.g. a standing committee session."""

    congress = congress_field("meetings")
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=30, choices=MeetingKind.choices, default=MeetingKind.STANDING_COMMITTEE
    )
    held_on = models.DateField(_("held on"))
    topics = models.ManyToManyField(
        OversightTopic, verbose_name=_("topics deliberated"), blank=True, related_name="meetings"
    )

    objects = ScopedManager("congress")

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["held_on"]

    def __str__(self):
        return self.title


@track()
class Remark(TimestampedModel):
    """What one member said in deliberation (委员发言); recommendations are compiled from these."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="remarks"
    )
    topic = models.ForeignKey(
        OversightTopic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="remarks"
    )
    speaker_name = models.CharField(_("speaker"), max_length=100)
    speaker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("speaker account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="remarks",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    content = models.TextField(_("content"))

    objects = ScopedManager("meeting__congress")

    class Meta:
        verbose_name = _("remark")
        verbose_name_plural = _("remarks")
        ordering = ["meeting", "order"]

    def __str__(self):
        return f"{self.speaker_name}: {self.content[:30]}"


@track()
class Recommendation(CongressOwned, TimestampedModel):
    """One numbered recommendation (审议意见) sent to the government for study and handling.

    `status`, `verdict`, `cycle`, `issued_at` and `closed_at` are written only by
    `transitions.recommendation_transition`; the two timestamps copy the event times so that
    cohorts and ageing can be filtered and indexed without joining the event table.
    """

    # The topic's congress, copied so that codes are unique within a congress and lists are
    # scoped without a join.
    congress = congress_field("recommendations")
    code = models.SlugField(_("code"), max_length=40)
    topic = models.ForeignKey(
        OversightTopic,
        verbose_name=_("topic"),
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("body"))
    findings = models.ManyToManyField(
        Finding, verbose_name=_("source findings"), blank=True, related_name="recommendations"
    )
    remarks = models.ManyToManyField(
        Remark, verbose_name=_("source remarks"), blank=True, related_name="recommendations"
    )
    is_priority = models.BooleanField(_("priority follow-up"), default=False)
    is_published = models.BooleanField(_("published"), default=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.DRAFT,
        editable=False,
        db_index=True,
    )
    government_response = models.CharField(
        _("government response"),
        max_length=20,
        choices=GovernmentResponse.choices,
        default=GovernmentResponse.PENDING,
    )
    government_response_on = models.DateField(_("government response date"), null=True, blank=True)
    verdict = models.CharField(
        _("committee verdict"),
        max_length=30,
        choices=Verdict.choices,
        blank=True,
        editable=False,
    )
    cycle = models.PositiveSmallIntegerField(_("handling cycle"), default=1, editable=False)
    response_due_original = models.DateField(_("response due (original)"), null=True, blank=True)
    response_due = models.DateField(_("response due (revised)"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)

    objects = ScopedManager("congress")

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["topic", "number"]
        # Every filter, sort and search of the public list, the API and the admin (docs/performance.md).
        indexes = [
            trigram_index("code", "rec_code_trgm"),
            trigram_index("title", "rec_title_trgm"),
            trigram_index("body", "rec_body_trgm"),
            models.Index(fields=["issued_at"], name="rec_issued_at_idx"),
            models.Index(fields=["closed_at"], name="rec_closed_at_idx"),
            models.Index(fields=["verdict"], name="rec_verdict_idx", condition=~Q(verdict="")),
            models.Index(fields=["topic"], name="rec_priority_idx", condition=Q(is_priority=True)),
        ]
        constraints = [
            models.UniqueConstraint(fields=["topic", "number"], name="recommendation_number_unique_in_topic"),
            models.UniqueConstraint(
                fields=["congress", "code"],
                name="recommendation_code_unique_in_congress",
                violation_error_message=_("This congress already has a recommendation with this code."),
            ),
            models.CheckConstraint(
                name="recommendation_verdict_iff_closed",
                condition=(Q(status=RecommendationStatus.CLOSED) & ~Q(verdict=""))
                | (~Q(status=RecommendationStatus.CLOSED) & Q(verdict="")),
                violation_error_message=_("A closed recommendation needs a verdict, and only it."),
            ),
            models.CheckConstraint(
                name="recommendation_closed_after_issued",
                condition=Q(closed_at__isnull=True) | Q(closed_at__gte=F("issued_at")),
                violation_error_message=_("A recommendation cannot close before it was issued."),
            ),
            models.CheckConstraint(name="recommendation_cycle_positive", condition=Q(cycle__gte=1)),
            models.CheckConstraint(
                name="recommendation_response_date_with_response",
                condition=Q(government_response_on__isnull=True)
                | ~Q(government_response=GovernmentResponse.PENDING),
                violation_error_message=_("A response date needs the government's response."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def congress_source(self):
        try:
            if self.topic.congress_id:
                return self.topic.congress
        except ObjectDoesNotExist:  # no topic yet: validation names it
            pass
        return super().congress_source()

    def natural_key(self):
        return (self.code,)

    def get_status_color(self):
        return RecommendationStatus.color(self.status)

    @property
    def due_date(self):
        """The deadline in force: the revised date when there is one."""
        return self.response_due or self.response_due_original

    @property
    def is_overdue(self):
        due = self.due_date
        return self.status in OPEN_STATUSES and due is not None and due < overdue_cutoff()

    @property
    def days_open(self):
        if self.issued_at is None:
            return None
        end = self.closed_at or timezone.now()
        return (end - self.issued_at).days


@track()
class Task(TimestampedModel):
    """A piece of a recommendation assigned to one lead department (牵头单位) with any number
    of co-departments (配合单位). The department's claim of completion is kept apart from the
    staff's verification of it."""

    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    lead_department = models.ForeignKey(
        Department,
        verbose_name=_("lead department"),
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    co_departments = models.ManyToManyField(
        Department, verbose_name=_("supporting departments"), blank=True, related_name="co_tasks"
    )
    assigned_on = models.DateField(_("assigned on"))
    due_original = models.DateField(_("due (original)"))
    due_date = models.DateField(_("due (revised)"), db_index=True)
    claimed_done_at = models.DateTimeField(
        _("department claimed done at"), null=True, blank=True, editable=False
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = ScopedManager("recommendation__congress")

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["recommendation", "number"]
        # Overdue tasks (selectors.overdue_task_q): the small open part, by due date.
        indexes = [
            models.Index(
                fields=["due_date"],
                name="task_open_due_idx",
                condition=Q(claimed_done_at__isnull=True, verified_at__isnull=True),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "number"], name="task_number_unique_in_recommendation"
            ),
            models.CheckConstraint(
                name="task_due_after_assigned",
                condition=Q(due_original__gte=F("assigned_on")) & Q(due_date__gte=F("assigned_on")),
                violation_error_message=_("A due date cannot be before the assignment date."),
            ),
            models.CheckConstraint(
                name="task_verified_has_verifier",
                condition=Q(verified_at__isnull=True) | Q(verified_by__isnull=False),
            ),
        ]
        # Liaisons see the recommendations of their tasks, so a task on a draft would show
        # them the draft. A recommendation never goes back to draft once issued, so checking
        # the task's writes is enough.
        triggers = [
            pgtrigger.Trigger(
                name="task_only_on_issued_recommendation",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.UpdateOf("recommendation_id"),
                func=f"""
                    IF EXISTS (
                        SELECT 1 FROM recommendations_recommendation
                        WHERE id = NEW.recommendation_id AND status = '{RecommendationStatus.DRAFT}'
                    ) THEN
                        RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE =
                            'A task can be assigned only to an issued recommendation, not to a draft.';
                    END IF;
                    RETURN NEW;
                """,
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def clean(self):
        if self.recommendation_id and self.recommendation.status == RecommendationStatus.DRAFT:
            message = _("Tasks are assigned only once the recommendation is issued; this one is a draft.")
            raise ValidationError({"recommendation": message})

    @property
    def code(self):
        return f"{self.recommendation.code}-T{self.number}"

    @property
    def is_overdue(self):
        """Late when neither claimed nor verified and the due date has passed (working days)."""
        return self.claimed_done_at is None and self.verified_at is None and self.due_date < overdue_cutoff()

    def department_ids(self):
        return {self.lead_department_id, *(d.pk for d in self.co_departments.all())}


@track()
class ProgressReport(TimestampedModel):
    """What one department reports on one task (办理情况): narrative plus measurements.

    A final report claims the task done; staff accept it or return it with a comment."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="reports")
    department = models.ForeignKey(
        Department,
        verbose_name=_("reporting department"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    narrative = models.TextField(_("narrative"))
    is_final = models.BooleanField(_("final report (claims the task done)"), default=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReportStatus.choices,
        default=ReportStatus.DRAFT,
        editable=False,
        db_index=True,
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    # The date the department gives for sending a draft (报送日期), kept with the draft until it
    # is submitted on that date.
    sent_on = models.DateField(_("sent on (draft)"), null=True, blank=True, editable=False)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="progress_reports",
    )

    objects = ScopedManager("task__recommendation__congress")

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["task", "created_at"]
        # The staff review queue: submitted reports, oldest first.
        indexes = [
            models.Index(
                fields=["submitted_at", "id"], name="report_review_queue_idx", condition=Q(status="submitted")
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="report_accepted_was_submitted",
                condition=Q(accepted_at__isnull=True) | Q(submitted_at__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.task.code} · {self.department}"

    def clean(self):
        if self.task_id and self.department_id:
            task = self.task
            if self.department_id not in task.department_ids():
                raise ValidationError(
                    {"department": _("Only the task's lead or supporting departments can report on it.")}
                )
            if self.is_final and self.department_id != task.lead_department_id:
                raise ValidationError({"is_final": _("Only the lead department can claim the task done.")})

    def get_status_color(self):
        return ReportStatus.color(self.status)


@track()
class Indicator(TimestampedModel):
    """A measure the topic is judged by (e.g. 警情数), with its unit and good direction."""

    topic = models.ForeignKey(
        OversightTopic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    direction = models.CharField(_("better when"), max_length=10, choices=IndicatorDirection.choices)
    description = models.TextField(_("description"), blank=True)

    objects = ScopedManager("topic__congress")

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["topic", "name"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "name"], name="indicator_name_unique_in_topic"),
        ]

    def __str__(self):
        return f"{self.name} ({self.unit})" if self.unit else self.name


@track()
class Measurement(TimestampedModel):
    """A reported figure of an indicator. Departments often report only a relative change
    (警情数比降29.8% is change_percent = -29.8), so value, baseline and change are each
    optional, but a measurement always carries a number."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="measurements"
    )
    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("progress report"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="measurements",
    )
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    is_lower_bound = models.BooleanField(_("value is a lower bound (“more than”)"), default=False)
    baseline = models.DecimalField(_("baseline"), max_digits=20, decimal_places=4, null=True, blank=True)
    change_percent = models.DecimalField(
        _("reported change (%)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    period_label = models.CharField(_("period"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = ScopedManager("indicator__topic__congress")

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator", "period_end"]
        constraints = [
            models.CheckConstraint(
                name="measurement_has_number",
                condition=Q(value__isnull=False) | Q(change_percent__isnull=False),
                violation_error_message=_("Give a value, a relative change, or both."),
            ),
            models.CheckConstraint(
                name="measurement_period_in_order",
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self):
        if self.change_percent is not None:
            return f"{self.indicator.name} {self.change_percent:+}%"
        return f"{self.indicator.name} {self.value}"

    @property
    def period_text(self):
        """The period as written: its label and its dates (from–to, or the one date given)."""
        start, end = (f"{day:%Y-%m-%d}" if day else "" for day in (self.period_start, self.period_end))
        dates = f"{start}–{end}" if start else end
        return " ".join(part for part in (self.period_label, dates) if part)

    @property
    def is_improvement(self):
        """Whether the reported change moves the indicator in its good direction."""
        change = self.change_percent
        if change is None and self.value is not None and self.baseline not in (None, 0):
            change = self.value - self.baseline
        if change is None or change == 0:
            return None
        lower_is_better = self.indicator.direction == IndicatorDirection.LOWER_IS_BETTER
        return (change < 0) == lower_is_better


class StatusEvent(models.Model):
    """One step in a recommendation's timeline: a status change of the recommendation or of
    one of its progress reports, with who, when and why. Written only by `transitions`."""

    class Subject(models.TextChoices):
        RECOMMENDATION = "recommendation", _("Recommendation")
        REPORT = "report", _("Progress report")

    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("progress report"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
    )
    subject = models.CharField(_("subject"), max_length=20, choices=Subject.choices)
    from_status = models.CharField(_("from"), max_length=20)
    to_status = models.CharField(_("to"), max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="status_events",
    )
    occurred_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    # Two notes because the timeline is published: what staff write to each other or to the
    # department stays in `note`; only `public_note` reaches the public site and open data.
    note = models.TextField(
        _("internal note"),
        blank=True,
        help_text=_("Seen by committee staff and the departments concerned; not published."),
    )
    public_note = models.TextField(
        _("public note"), blank=True, help_text=_("Published with this step on the public site.")
    )
    # A note the system writes itself, as a code and parameters (oversight.system_texts),
    # rendered in the reader's language; published unless the code is internal.
    text_code = models.CharField(_("system note"), max_length=40, blank=True)
    text_params = models.JSONField(_("system note parameters"), default=dict, blank=True)
    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("follow-up inspection"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="status_events",
    )

    objects = ScopedManager("recommendation__congress")

    class Meta:
        verbose_name = _("status event")
        verbose_name_plural = _("status events")
        ordering = ["occurred_at", "pk"]
        indexes = [models.Index(fields=["recommendation", "occurred_at"], name="event_timeline_idx")]
        constraints = [
            models.CheckConstraint(
                name="event_report_subject_has_report",
                condition=Q(subject="recommendation", report__isnull=True)
                | Q(subject="report", report__isnull=False),
            ),
            models.CheckConstraint(name="event_changes_status", condition=~Q(from_status=F("to_status"))),
        ]
        # The timeline is evidence: once written, an event is never edited or deleted.
        triggers = [
            pgtrigger.Protect(name="status_event_append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self):
        moved = f"{self.status_label(self.from_status)} → {self.status_label(self.to_status)}"
        return f"{self.recommendation.code}: {moved}"

    def status_label(self, value):
        """The label of a status of this event's subject, in the reader's language."""
        choices = ReportStatus if self.subject == self.Subject.REPORT else RecommendationStatus
        return dict(choices.choices).get(value, value)

    def _system_note(self, public):
        from oversight import system_texts

        if not self.text_code or (self.text_code in system_texts.INTERNAL) == public:
            return ""
        return system_texts.render(self.text_code, self.text_params)

    @property
    def note_text(self):
        """The internal note: what staff wrote, or the system's note in the reader's language."""
        return self.note or self._system_note(public=False)

    @property
    def public_note_text(self):
        """The published note, the same way."""
        return self.public_note or self._system_note(public=True)


# Many-to-many links are history too: who linked a finding or a co-department, and when.
for _through, _name in [
    (Inspection.departments_visited.through, "InspectionVisitEvent"),
    (Inspection.departments_consulted.through, "InspectionConsultEvent"),
    (Finding.departments.through, "FindingDepartmentEvent"),
    (Meeting.topics.through, "MeetingTopicEvent"),
    (Recommendation.findings.through, "RecommendationFindingEvent"),
    (Recommendation.remarks.through, "RecommendationRemarkEvent"),
    (Task.co_departments.through, "TaskCoDepartmentEvent"),
]:
    pghistory.track(
        pghistory.InsertEvent(),
        pghistory.DeleteEvent(),
        obj_field=None,
        model_name=_name,
        app_label="recommendations",
    )(_through)
