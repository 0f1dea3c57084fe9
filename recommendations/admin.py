"""Admin for committee staff. Status fields are read-only here: status moves are admin
actions that call the transition services, so the admin leaves the same timeline as any
other door in."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.submit_once import SubmitOnceAdminMixin
from evaluations import services as evaluation_services
from exchange import resources as exchange_resources
from exchange.admin import ExchangeAdminMixin
from oversight.widgets import DateInput

from . import services
from .choices import RecommendationStatus as RS
from .choices import ReportStatus, Verdict
from .models import (
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
    StatusEvent,
    Task,
)
from .selectors import overdue_recommendation_q, overdue_task_q, progress_percent, recommendation_list
from .transitions import government_name


class ServiceAdmin(SubmitOnceAdminMixin, admin.ModelAdmin):
    """Saves and deletes from the admin go through the services like every other write; add
    forms are submitted once."""

    def save_model(self, request, obj, form, change):
        services.record_save(actor=request.user, instance=obj)

    def delete_model(self, request, obj):
        services.record_delete(actor=request.user, instance=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.record_delete(actor=request.user, instance=obj)

    def save_formset(self, request, form, formset, change):
        for obj in formset.save(commit=False):
            services.record_save(actor=request.user, instance=obj)
        for obj in formset.deleted_objects:
            services.record_delete(actor=request.user, instance=obj)
        formset.save_m2m()


class RecordAdmin(ServiceAdmin):
    """The oversight record, read here: it is written in the staff's own pages and by imports,
    through the services that keep its rules (status moves, notices, history). Status moves
    offered as actions go through those services too."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def badge(label, color):
    return format_html('<span class="status-badge status-{}">{}</span>', color, label)


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"
    overdue_q = staticmethod(overdue_recommendation_q)

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("Not overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(self.overdue_q())
        if self.value() == "no":
            return queryset.exclude(self.overdue_q())
        return queryset


class TaskOverdueFilter(OverdueFilter):
    overdue_q = staticmethod(overdue_task_q)


class ToStatusFilter(admin.SimpleListFilter):
    """The status a step led to, by its label: the stored values carry no choices, since
    recommendations and reports share the column."""

    title = _("to")
    parameter_name = "to_status"

    def lookups(self, request, model_admin):
        return [
            *RS.choices,
            *((value, label) for value, label in ReportStatus.choices if value not in RS.values),
        ]

    def queryset(self, request, queryset):
        return queryset.filter(to_status=self.value()) if self.value() else queryset


@admin.register(Department)
class DepartmentAdmin(ExchangeAdminMixin, ServiceAdmin):
    resource_classes = [exchange_resources.DepartmentResource]
    list_display = ("code", "name", "short_name", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name", "short_name")


class FindingInline(admin.TabularInline):
    model = Finding
    fields = ("number", "code", "category", "title", "inspection")
    extra = 0
    show_change_link = True


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    fields = ("number", "code", "title", "status_badge", "is_priority")
    readonly_fields = ("status_badge",)
    extra = 0
    show_change_link = True

    @admin.display(description=_("status"))
    def status_badge(self, obj):
        return badge(obj.get_status_display(), obj.get_status_color()) if obj.pk else "-"


class IndicatorInline(admin.TabularInline):
    model = Indicator
    fields = ("name", "unit", "direction")
    extra = 0


@admin.register(OversightTopic)
class OversightTopicAdmin(ExchangeAdminMixin, RecordAdmin):
    resource_classes = [exchange_resources.TopicResource]
    list_display = ("code", "year", "title", "form", "responsible_office", "is_published")
    list_filter = ("year", "form", "is_published")
    search_fields = ("code", "title", "description")
    autocomplete_fields = ("responsible_office",)
    inlines = [FindingInline, RecommendationInline, IndicatorInline]


@admin.register(Inspection)
class InspectionAdmin(ExchangeAdminMixin, RecordAdmin):
    resource_classes = [exchange_resources.InspectionResource]
    list_display = ("title", "topic", "kind", "started_on", "ended_on")
    list_filter = ("kind", "topic__year")
    search_fields = ("title", "summary")
    autocomplete_fields = ("topic", "departments_visited", "departments_consulted")
    list_select_related = ("topic",)


@admin.register(Finding)
class FindingAdmin(ExchangeAdminMixin, RecordAdmin):
    resource_classes = [exchange_resources.FindingResource]
    list_display = ("code", "title", "category", "topic", "cleared")
    list_filter = ("topic__year", "category", "topic")
    search_fields = ("code", "title", "description", "category")
    autocomplete_fields = ("topic", "inspection", "departments")
    list_select_related = ("topic",)

    def get_queryset(self, request):
        from evaluations.selectors import finding_list  # the one definition of "cleared"

        return finding_list(super().get_queryset(request))

    @admin.display(boolean=True, description=_("cleared"))
    def cleared(self, obj):
        return obj.cleared


class RemarkInline(admin.StackedInline):
    model = Remark
    fields = ("order", "speaker_name", "speaker", "topic", "content")
    autocomplete_fields = ("speaker", "topic")
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(ExchangeAdminMixin, RecordAdmin):
    resource_classes = [exchange_resources.MeetingResource]
    list_display = ("title", "kind", "held_on")
    list_filter = ("kind",)
    search_fields = ("title",)
    autocomplete_fields = ("topics",)
    inlines = [RemarkInline]


@admin.register(Remark)
class RemarkAdmin(ExchangeAdminMixin, RecordAdmin):
    resource_classes = [exchange_resources.RemarkResource]
    list_display = ("speaker_name", "meeting", "topic", "short_content")
    search_fields = ("speaker_name", "content")
    list_select_related = ("meeting", "topic")
    autocomplete_fields = ("meeting", "topic", "speaker")

    @admin.display(description=_("content"))
    def short_content(self, obj):
        return obj.content[:60]


class TaskInline(admin.TabularInline):
    model = Task
    fields = (
        "number",
        "title",
        "lead_department",
        "co_departments",
        "assigned_on",
        "due_date",
        "claimed_done_at",
        "verified_at",
    )
    readonly_fields = ("claimed_done_at", "verified_at")
    autocomplete_fields = ("lead_department", "co_departments")
    extra = 0
    show_change_link = True


class StatusLabels:
    """A status event's statuses by their labels and its notes in the reader's language, not
    as stored codes."""

    @admin.display(description=_("from"))
    def from_label(self, event):
        return event.status_label(event.from_status)

    @admin.display(description=_("to"))
    def to_label(self, event):
        return event.status_label(event.to_status)

    @admin.display(description=_("internal note"))
    def internal_note(self, event):
        return event.note_text

    @admin.display(description=_("public note"))
    def published_note(self, event):
        return event.public_note_text


class StatusEventInline(StatusLabels, admin.TabularInline):
    model = StatusEvent
    fields = (
        "occurred_at",
        "subject",
        "from_label",
        "to_label",
        "actor",
        "internal_note",
        "published_note",
        "report",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("timeline")

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor", "report__department")


class TransitionForm(forms.Form):
    """What a status action asks for before calling the service."""

    note = forms.CharField(
        label=_("Internal note / reason"),
        widget=forms.Textarea,
        required=False,
        help_text=_("Seen by committee staff and the departments concerned; not published."),
    )
    public_note = forms.CharField(
        label=_("Public note"),
        widget=forms.Textarea,
        required=False,
        help_text=_("Published with this step on the public site. Leave empty to publish only the step."),
    )
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Verdict.choices, required=False)
    response_due = forms.DateField(label=_("Handling report due"), required=False, widget=DateInput())
    occurred_on = forms.DateField(
        label=_("Date it happened"),
        required=False,
        help_text=_("Leave empty for today."),
        widget=DateInput(),
    )


def _transition_action(name, label, to_status, *, needs_verdict=False, needs_deadline=False):
    """An admin action that asks for a note (and a verdict or deadline where the step needs
    one), then moves every selected recommendation through the service, reporting each
    refusal by code."""

    def action(modeladmin, request, queryset):
        if "apply" in request.POST:
            form = TransitionForm(request.POST)
            if form.is_valid():
                moved, refused = 0, []
                for rec in queryset:
                    try:
                        modeladmin.apply_transition(rec, to_status, request.user, form.cleaned_data)
                        moved += 1
                    except ValidationError as exc:
                        refused.append(f"{rec.code}: {' '.join(exc.messages)}")
                if moved:
                    modeladmin.message_user(
                        request,
                        _("%(count)d recommendation(s) moved.") % {"count": moved},
                        messages.SUCCESS,
                    )
                for line in refused:
                    modeladmin.message_user(request, line, messages.ERROR)
                return None
        else:
            form = TransitionForm(initial={"response_due": _default_deadline()})
        return TemplateResponse(
            request,
            "admin/recommendations/transition_confirm.html",
            {
                **modeladmin.admin_site.each_context(request),
                "title": label,
                "queryset": queryset,
                "form": form,
                "action_name": name,
                "needs_verdict": needs_verdict,
                "needs_deadline": needs_deadline,
                "opts": modeladmin.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    action.__name__ = name
    return admin.action(description=label)(action)


def _default_deadline():
    """Local rules commonly give the government two to three months; three is the default."""
    return services._months_later(timezone.localdate(), 3)


def _issue_label():
    def label():
        return _("Issue to %(government)s") % {"government": government_name()}

    return lazy(label, str)()


@admin.register(Recommendation)
class RecommendationAdmin(ExchangeAdminMixin, RecordAdmin):
    resource_classes = [exchange_resources.RecommendationResource]
    list_display = (
        "code",
        "title",
        "topic",
        "status_badge",
        "verdict",
        "government_response",
        "is_priority",
        "progress",
        "current_due",
        "overdue_flag",
        "cycle",
    )
    list_filter = (
        "status",
        "verdict",
        "government_response",
        "is_priority",
        "is_published",
        OverdueFilter,
        # No plain "topic" filter: it lists every topic in the sidebar (tens of thousands at
        # province scale). The search box also matches topic codes instead.
        "topic__year",
    )
    search_fields = ("code", "title", "body")
    autocomplete_fields = ("topic", "findings", "remarks")
    readonly_fields = ("status", "verdict", "cycle", "issued_at", "closed_at")
    inlines = [TaskInline, StatusEventInline]
    actions = [
        _transition_action("issue", _issue_label(), RS.ISSUED, needs_deadline=True),
        _transition_action("start", _("Mark handling started"), RS.IN_PROGRESS),
        _transition_action("mark_reported", _("Mark handling reported"), RS.REPORTED),
        _transition_action("close", _("Close with a verdict"), RS.CLOSED, needs_verdict=True),
        _transition_action("return_or_reopen", _("Return or reopen for handling"), RS.IN_PROGRESS),
    ]

    def get_queryset(self, request):
        return recommendation_list(super().get_queryset(request))

    def get_search_results(self, request, queryset, search_term):
        # Topic codes are matched apart and UNIONed in: "topic__code" in search_fields would OR a
        # joined column into the WHERE, which stops PostgreSQL using the trigram indexes of
        # code/title/body (measured at 100,000 recommendations: 130 ms -> 1 s).
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if not term:
            return found, may_have_duplicates
        by_topic = Recommendation.objects.filter(topic__code__icontains=term).order_by().values("pk")
        matched = found.order_by().values("pk").union(by_topic)
        return queryset.filter(pk__in=matched), may_have_duplicates

    def apply_transition(self, rec, to_status, user, data):
        notes = {"note": data.get("note") or "", "public_note": data.get("public_note") or ""}
        when = data.get("occurred_on")
        if to_status == RS.ISSUED:
            services.recommendation_issue(
                actor=user,
                recommendation=rec,
                response_due=data.get("response_due"),
                occurred_at=when,
                **notes,
            )
        elif to_status == RS.CLOSED:
            evaluation_services.recommendation_close(
                actor=user, recommendation=rec, verdict=data.get("verdict") or "", occurred_at=when, **notes
            )
        elif to_status == RS.REPORTED:
            services.recommendation_mark_reported(actor=user, recommendation=rec, occurred_at=when, **notes)
        elif rec.status == RS.CLOSED:
            # Reopening needs the follow-up inspection: the evaluations page asks for it.
            services.recommendation_reopen(
                actor=user, recommendation=rec, inspection=None, occurred_at=when, **notes
            )
        elif rec.status == RS.REPORTED:
            services.recommendation_return(actor=user, recommendation=rec, occurred_at=when, **notes)
        else:
            services.recommendation_start(actor=user, recommendation=rec, occurred_at=when, **notes)

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        return badge(obj.get_status_display(), obj.get_status_color())

    @admin.display(description=_("progress"))
    def progress(self, obj):
        return f"{obj.verified_task_count}/{obj.task_count} ({progress_percent(obj)}%)"

    @admin.display(description=_("due"), ordering="current_due")
    def current_due(self, obj):
        return obj.current_due

    @admin.display(boolean=True, description=_("overdue"), ordering="overdue")
    def overdue_flag(self, obj):
        return obj.overdue


class ProgressReportInline(admin.StackedInline):
    model = ProgressReport
    fields = ("department", "narrative", "is_final", "status", "submitted_at", "accepted_at", "author")
    readonly_fields = ("status", "submitted_at", "accepted_at")
    autocomplete_fields = ("department", "author")
    extra = 0
    show_change_link = True


@admin.register(Task)
class TaskAdmin(ExchangeAdminMixin, RecordAdmin):
    resource_classes = [exchange_resources.TaskResource]
    list_display = (
        "__str__",
        "lead_department",
        "due_date",
        "claimed",
        "verified",
        "overdue_flag",
    )
    list_filter = (TaskOverdueFilter, "lead_department", "recommendation__topic")
    search_fields = ("title", "description", "recommendation__code", "lead_department__name")
    autocomplete_fields = ("recommendation", "lead_department", "co_departments")
    list_select_related = ("recommendation", "lead_department")
    readonly_fields = ("claimed_done_at", "verified_at", "verified_by")
    inlines = [ProgressReportInline]

    @admin.display(boolean=True, description=_("claimed done"))
    def claimed(self, obj):
        return obj.claimed_done_at is not None

    @admin.display(boolean=True, description=_("verified"))
    def verified(self, obj):
        return obj.verified_at is not None

    @admin.display(boolean=True, description=_("overdue"))
    def overdue_flag(self, obj):
        return obj.is_overdue


class MeasurementInline(admin.TabularInline):
    model = Measurement
    fields = ("indicator", "value", "is_lower_bound", "baseline", "change_percent", "period_label")
    autocomplete_fields = ("indicator",)
    extra = 0


def _report_action(name, label, service, needs_note=False):
    def action(modeladmin, request, queryset):
        note = request.POST.get("note", "")
        done = 0
        for report in queryset:
            try:
                if needs_note:
                    service(actor=request.user, report=report, note=note or str(_("Returned by staff")))
                else:
                    service(actor=request.user, report=report)
                done += 1
            except ValidationError as exc:
                modeladmin.message_user(request, f"{report}: {' '.join(exc.messages)}", messages.ERROR)
        if done:
            modeladmin.message_user(
                request, _("%(count)d report(s) updated.") % {"count": done}, messages.SUCCESS
            )

    action.__name__ = name
    return admin.action(description=label)(action)


@admin.register(ProgressReport)
class ProgressReportAdmin(ExchangeAdminMixin, RecordAdmin):
    resource_classes = [exchange_resources.ProgressReportResource]
    list_display = ("__str__", "department", "is_final", "status_badge", "submitted_at")
    list_filter = ("status", "is_final", "department")
    search_fields = ("narrative", "task__recommendation__code", "department__name")
    autocomplete_fields = ("task", "department", "author")
    list_select_related = ("task__recommendation", "department")
    readonly_fields = ("status", "submitted_at", "accepted_at")
    inlines = [MeasurementInline]
    actions = [
        _report_action("submit", _("Submit"), services.report_submit),
        _report_action("accept", _("Accept"), services.report_accept),
        _report_action("return_report", _("Return to the department"), services.report_return, True),
    ]

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        return badge(obj.get_status_display(), ReportStatus.color(obj.status))


@admin.register(Indicator)
class IndicatorAdmin(ExchangeAdminMixin, ServiceAdmin):
    resource_classes = [exchange_resources.IndicatorResource]
    list_display = ("name", "unit", "direction", "topic")
    list_filter = ("direction", "topic")
    search_fields = ("name", "description")
    list_select_related = ("topic",)


@admin.register(Measurement)
class MeasurementAdmin(ExchangeAdminMixin, RecordAdmin):
    resource_classes = [exchange_resources.MeasurementResource]
    list_display = ("indicator", "value", "is_lower_bound", "baseline", "change_percent", "period_label")
    list_filter = ("indicator__topic", "indicator")
    search_fields = ("indicator__name", "note", "period_label")
    autocomplete_fields = ("indicator", "report")
    list_select_related = ("indicator",)


@admin.register(StatusEvent)
class StatusEventAdmin(StatusLabels, RecordAdmin):
    list_display = ("occurred_at", "recommendation", "subject", "from_label", "to_label", "actor")
    list_filter = ("subject", ToStatusFilter)
    fields = (
        "recommendation",
        "report",
        "subject",
        "from_label",
        "to_label",
        "actor",
        "occurred_at",
        "internal_note",
        "published_note",
        "inspection",
    )
    readonly_fields = fields
    search_fields = ("recommendation__code", "note")
    list_select_related = ("recommendation", "actor")
