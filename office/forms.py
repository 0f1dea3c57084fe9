"""Forms of the committee office. They check input and show field-level messages; every save
is a domain service called by the view."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from congresses.models import Congress
from congresses.services import EDITABLE_FIELDS
from recommendations.choices import Verdict
from recommendations.models import (
    Finding,
    Indicator,
    Inspection,
    Meeting,
    OversightTopic,
    Recommendation,
    Remark,
    Task,
)
from recommendations.selectors import committee_offices, task_departments
from reminders.workdays import add_working_days


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def occurred_field(label=None):
    return forms.DateField(
        label=label or _("Date it happened"),
        initial=timezone.localdate,
        widget=DateInput,
        help_text=_("Today unless the step happened earlier."),
    )


def occurred_at(day):
    """The day a step happened, as the services take it (they record it at the right moment and
    check it against the record's previous step); None for today."""
    if day is None or day == timezone.localdate():
        return None
    return day


class OccurredMixin:
    # Whether the day is allowed (not in the future, not before the previous step) is the
    # lifecycle's rule: the service says so.
    @property
    def occurred_at(self):
        return occurred_at(self.cleaned_data.get("occurred_on"))


def _date_widgets(*names):
    return dict.fromkeys(names, DateInput)


class TopicForm(forms.ModelForm):
    class Meta:
        model = OversightTopic
        fields = ["code", "year", "title", "form", "responsible_office", "description", "is_published"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_office"].queryset = committee_offices()


class InspectionForm(forms.ModelForm):
    class Meta:
        model = Inspection
        fields = [
            "title",
            "kind",
            "started_on",
            "ended_on",
            "summary",
            "departments_visited",
            "departments_consulted",
        ]
        widgets = _date_widgets("started_on", "ended_on") | {
            "departments_visited": forms.CheckboxSelectMultiple,
            "departments_consulted": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, topic, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.topic = topic


class FindingForm(forms.ModelForm):
    class Meta:
        model = Finding
        fields = ["code", "number", "category", "title", "description", "inspection", "departments"]
        widgets = {"departments": forms.CheckboxSelectMultiple}

    def __init__(self, *args, topic, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.topic = topic
        self.fields["inspection"].queryset = topic.inspections.all()


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["title", "kind", "held_on"]
        widgets = _date_widgets("held_on")

    def __init__(self, *args, topic, **kwargs):
        super().__init__(*args, **kwargs)


class RemarkForm(forms.ModelForm):
    class Meta:
        model = Remark
        fields = ["meeting", "speaker_name", "order", "content"]

    def __init__(self, *args, topic, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.topic = topic
        self.fields["meeting"].queryset = topic.meetings.all()


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "direction", "description"]

    def __init__(self, *args, topic, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.topic = topic


# What the topic page can add, in the order of the cycle: key → (form, title).
TOPIC_RECORD_FORMS = {
    "inspection": (InspectionForm, _("Add an inspection")),
    "finding": (FindingForm, _("Add a finding")),
    "meeting": (MeetingForm, _("Add a meeting")),
    "remark": (RemarkForm, _("Add a member's remark")),
    "indicator": (IndicatorForm, _("Add an indicator")),
}


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["code", "number", "title", "body", "findings", "remarks", "is_priority", "is_published"]
        widgets = {"findings": forms.CheckboxSelectMultiple, "remarks": forms.CheckboxSelectMultiple}

    def __init__(self, *args, topic, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.topic = topic
        self.fields["findings"].queryset = topic.findings.all()
        self.fields["remarks"].queryset = topic.remarks.select_related("meeting")


class TaskForm(forms.ModelForm):
    working_days = forms.IntegerField(
        label=_("or: working days from issue"),
        min_value=1,
        max_value=500,
        required=False,
        help_text=_(
            "Leave the deadline empty and give a number of working days counted from the issue date."
        ),
    )

    class Meta:
        model = Task
        fields = ["number", "title", "description", "lead_department", "co_departments", "assigned_on"]
        widgets = _date_widgets("assigned_on") | {"co_departments": forms.CheckboxSelectMultiple}

    due_date = forms.DateField(label=_("Deadline"), required=False, widget=DateInput)

    field_order = ["number", "title", "description", "lead_department", "co_departments", "assigned_on",
                   "due_date", "working_days"]  # fmt: skip

    def __init__(self, *args, recommendation, **kwargs):
        super().__init__(*args, **kwargs)
        self.recommendation = recommendation
        self.instance.recommendation = recommendation
        self.fields["lead_department"].queryset = task_departments()
        self.fields["co_departments"].queryset = task_departments()
        self.fields["assigned_on"].initial = (
            timezone.localdate(recommendation.issued_at) if recommendation.issued_at else timezone.localdate
        )

    def clean(self):
        data = super().clean()
        due, days = data.get("due_date"), data.get("working_days")
        if due and days:
            self.add_error("working_days", _("Give either a deadline or a number of working days, not both."))
        elif not due and not days:
            self.add_error("due_date", _("Give a deadline or a number of working days from issue."))
        elif days:
            issued = self.recommendation.issued_at
            start = timezone.localdate(issued) if issued else data.get("assigned_on")
            if start:
                data["due_date"] = add_working_days(start, days)
        if data.get("due_date"):
            self.instance.due_original = self.instance.due_date = data["due_date"]
        return data


class MoveForm(OccurredMixin, forms.Form):
    """A status move that needs only a note (and its date). The note is internal; what the
    public site says about the step is the public note."""

    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Seen by committee staff and the departments concerned; not published."),
    )
    public_note = forms.CharField(
        label=_("Public note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Published with this step on the public site. Leave empty to publish only the step."),
    )
    occurred_on = occurred_field()

    def __init__(self, *args, recommendation=None, note_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = note_required


class IssueForm(MoveForm):
    response_due = forms.DateField(label=_("Handling report due"), widget=DateInput, required=False)
    field_order = ["response_due", "occurred_on", "note", "public_note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurred_on"].label = pgettext_lazy("recommendation", "Issued on")

    def clean(self):
        data = super().clean()
        if (
            data.get("response_due")
            and data.get("occurred_on")
            and data["response_due"] < data["occurred_on"]
        ):
            self.add_error("response_due", _("The deadline cannot be before the issue date."))
        return data


class ReturnForm(MoveForm):
    response_due = forms.DateField(
        label=_("New deadline"),
        required=False,
        help_text=_("Leave empty for the default period."),
        widget=DateInput,
    )
    field_order = ["note", "public_note", "response_due", "occurred_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].label = _("What must be handled again")


class CloseForm(MoveForm):
    # Not required here: the service refuses a closure without one, in the lifecycle's words.
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Verdict.choices, required=False)
    reports = forms.ModelMultipleChoiceField(
        label=_("Supporting accepted reports"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    field_order = ["verdict", "reports", "note", "public_note", "occurred_on"]

    def __init__(self, *args, recommendation, **kwargs):
        super().__init__(*args, recommendation=recommendation, **kwargs)
        from evaluations.selectors import supporting_reports

        self.fields["note"].label = _("Reason for the verdict")
        self.fields["reports"].queryset = supporting_reports(recommendation)
        self.fields["reports"].label_from_instance = lambda r: (
            f"{r.task.code} · {r.department} · {timezone.localdate(r.accepted_at):%Y-%m-%d}"
        )


class ReopenForm(MoveForm):
    inspection = forms.ModelChoiceField(label=_("Follow-up inspection"), queryset=Inspection.objects.none())
    response_due = forms.DateField(
        label=_("New deadline"),
        required=False,
        help_text=_("Leave empty for the default period."),
        widget=DateInput,
    )
    field_order = ["inspection", "note", "public_note", "response_due", "occurred_on"]

    def __init__(self, *args, recommendation, **kwargs):
        super().__init__(*args, recommendation=recommendation, **kwargs)
        self.fields["note"].label = _("Why it is reopened")
        self.fields["inspection"].queryset = recommendation.topic.inspections.order_by("-started_on")


class VoteForm(forms.Form):
    """The totals of a satisfaction vote taken in session."""

    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Meeting.objects.none(), required=False)
    held_on = forms.DateField(label=_("Held on"), initial=timezone.localdate, widget=DateInput)
    satisfied = forms.IntegerField(label=_("Satisfied"), min_value=0)
    basically_satisfied = forms.IntegerField(label=_("Largely satisfied"), min_value=0)
    unsatisfied = forms.IntegerField(label=_("Not satisfied"), min_value=0)
    abstained = forms.IntegerField(label=_("Abstained"), min_value=0)

    def __init__(self, *args, recommendation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = recommendation.topic.meetings.order_by("-held_on")


class ExtensionDecisionForm(OccurredMixin, forms.Form):
    APPROVE, REFUSE = "approve", "refuse"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(APPROVE, _("Approve")), (REFUSE, _("Refuse"))],
        widget=forms.RadioSelect,
    )
    new_due = forms.DateField(
        label=_("New deadline"), required=False, widget=DateInput, help_text=_("When approving.")
    )
    note = forms.CharField(
        label=_("Note to the department"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    occurred_on = occurred_field(_("Decided on"))

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.APPROVE and not data.get("new_due"):
            self.add_error("new_due", _("Give the new deadline."))
        if data.get("decision") == self.REFUSE and not data.get("note"):
            self.add_error("note", _("Say why the deadline stays."))
        return data


class DeadlineForm(forms.Form):
    """A new deadline for a task, set by staff, and why (published with the revision)."""

    new_due = forms.DateField(label=_("New deadline"), widget=DateInput)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown with the deadline's revisions, on the public site too."),
    )


class PersonForm(forms.ModelForm):
    """One account: name, email, role and (for a liaison) department; unticking "active"
    deactivates it."""

    STAFF, MEMBER, LIAISON = "staff", "member", "liaison"
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (STAFF, _("Committee staff")),
            (MEMBER, _("Committee member")),
            (LIAISON, _("Department liaison")),
        ],
    )

    class Meta:
        model = User
        fields = ["last_name", "first_name", "email", "department", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["last_name"].required = True
        self.fields["department"].queryset = task_departments()
        user = self.instance
        if user.pk:
            self.initial["role"] = (
                self.LIAISON
                if user.is_department_liaison
                else self.MEMBER
                if user.is_committee_member
                else self.STAFF
            )
        self.order_fields(["last_name", "first_name", "email", "role", "department", "is_active"])

    def clean(self):
        data = super().clean()
        if data.get("role") == self.LIAISON and not data.get("department"):
            self.add_error("department", _("A department liaison must belong to a department."))
        email = data.get("email")
        if email and User.objects.filter(username__iexact=email).exclude(pk=self.instance.pk).exists():
            self.add_error("email", _("Another account already uses this email."))
        return data

    def roles(self):
        role = self.cleaned_data["role"]
        return {
            "is_committee_staff": role == self.STAFF,
            "is_committee_member": role == self.MEMBER,
            "is_department_liaison": role == self.LIAISON,
        }


class CongressForm(forms.ModelForm):
    """The standing committee's own settings: its names and public title, the government its
    recommendations go to, its members entitled to vote and vote rule, its working-day
    calendar and time zone."""

    class Meta:
        model = Congress
        fields = list(EDITABLE_FIELDS)
