"""Portal and review forms. They validate input and show field-level messages; the saving
is done by `portal.services`."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from oversight.widgets import DateInput
from recommendations.models import Indicator, Measurement, ProgressReport
from recommendations.selectors import task_departments

from .filetypes import ALLOWED_DESCRIPTION, validate_evidence_file
from .models import AssignmentContest, Evidence


def _occurred_on(label):
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty for today; give the real date when the step happened earlier."),
    )


class DatedForm(forms.Form):
    """A step with the date it really happened, today unless given. The services decide whether
    it is allowed (not in the future, not before the previous step) and when to record it."""

    @property
    def occurred_at(self):
        day = self.cleaned_data.get("occurred_on")
        if day is None or day == timezone.localdate():
            return None
        return day


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files in one input; each is checked by `validate_evidence_file`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > settings.EVIDENCE_MAX_FILES:
            raise ValidationError(
                _("Add at most %(max)d files at a time (%(count)d were sent)."),
                code="too_many_files",
                params={"max": settings.EVIDENCE_MAX_FILES, "count": len(files)},
            )
        files = [super(MultipleFileField, self).clean(item, initial) for item in files]
        errors = []
        for uploaded in files:
            try:
                validate_evidence_file(uploaded)
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return files


class ReportForm(forms.ModelForm):
    """Narrative, the final-report flag, evidence files and the version the editor loaded.

    Pass an instance with `task` and `department` set, so the model's rules (only a task's
    department reports; only the lead claims the task done) answer as field errors."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)
    files = MultipleFileField(
        label=_("Add evidence files"),
        required=False,
        # Formatted when shown, in the reader's language.
        help_text=lazy(lambda: _("Allowed: %(types)s.") % {"types": ALLOWED_DESCRIPTION}, str)(),
    )
    files_internal = forms.BooleanField(
        label=_("Mark the added files internal (never published)"), required=False
    )
    remove_evidence = forms.ModelMultipleChoiceField(
        label=_("Remove files"),
        queryset=Evidence.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Used when the report is saved and submitted in one step.
    occurred_on = _occurred_on(_("Sent on"))
    occurred_at = DatedForm.occurred_at

    class Meta:
        model = ProgressReport
        fields = ["narrative", "is_final"]
        widgets = {"narrative": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, department_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.updated_at.isoformat()
            self.fields["remove_evidence"].queryset = self.instance.evidence.all()
            # The date given when the draft was saved, until it is submitted.
            self.fields["occurred_on"].initial = self.instance.sent_on
        else:
            del self.fields["version"]
            del self.fields["remove_evidence"]
        if department_choices is not None:
            # Staff file on a department's behalf and choose which one.
            self.fields["department"] = forms.ModelChoiceField(
                label=_("Reporting department"), queryset=department_choices
            )
            self.order_fields(["department"])

    def clean_department(self):
        department = self.cleaned_data["department"]
        self.instance.department = department
        return department


class MeasurementForm(forms.ModelForm):
    """One row of the measurements table. A row left blank is ignored."""

    class Meta:
        model = Measurement
        fields = [
            "indicator",
            "value",
            "is_lower_bound",
            "baseline",
            "change_percent",
            "period_start",
            "period_end",
            "period_label",
            "note",
        ]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
        }

    def __init__(self, *args, topic=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.filter(topic=topic)

    def measurement_fields(self):
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields} | {
            "period_label": self.cleaned_data.get("period_label") or "",
            "note": self.cleaned_data.get("note") or "",
        }


# A posted form count above the limit builds no more forms than the limit (Django's default
# would build and re-render up to a thousand more before refusing them).
MeasurementFormSet = forms.formset_factory(
    MeasurementForm, extra=3, can_delete=True, max_num=50, absolute_max=50, validate_max=True
)


def measurement_rows(formset):
    """The filled, not deleted rows of a valid formset, as dicts for the services."""
    return [
        form.measurement_fields()
        for form in formset.forms
        if form.has_changed() and not form.cleaned_data.get("DELETE") and form.cleaned_data
    ]


def measurement_initial(report):
    return [
        {name: getattr(m, name) for name in MeasurementForm.Meta.fields if name != "indicator"}
        | {"indicator": m.indicator_id}
        for m in report.measurements.all()
    ]


class SubmitForm(DatedForm):
    version = forms.CharField(widget=forms.HiddenInput)
    occurred_on = _occurred_on(_("Sent on"))


class ReturnForm(DatedForm):
    note = forms.CharField(
        label=_("Comment to the department"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Say what must be corrected or added. Not published."),
    )
    occurred_on = _occurred_on(_("Returned on"))


class AcceptForm(DatedForm):
    note = forms.CharField(
        label=_("Internal note (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("For the department and committee staff; not published."),
    )
    public_note = forms.CharField(
        label=_("Public note (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Published on the public site with the accepted report."),
    )
    occurred_on = _occurred_on(_("Accepted on"))


class ContestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this task wrongly assigned to your department?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
    )


class ExtensionRequestForm(DatedForm):
    requested_due = forms.DateField(
        label=_("New deadline asked for"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reason = forms.CharField(
        label=_("Why more time is needed"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000
    )
    occurred_on = _occurred_on(_("Asked on"))


class ContestDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (AssignmentContest.Status.REASSIGNED, _("Reassign to another department")),
            (AssignmentContest.Status.CONFIRMED, _("Confirm the assignment")),
        ],
        widget=forms.RadioSelect,
    )
    new_department = forms.ModelChoiceField(
        label=_("Reassign to"), queryset=task_departments(), required=False
    )
    note = forms.CharField(
        label=_("Note to the department"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision == AssignmentContest.Status.REASSIGNED and not data.get("new_department"):
            self.add_error("new_department", _("Choose the department that should take the task."))
        if decision == AssignmentContest.Status.CONFIRMED and not data.get("note"):
            self.add_error("note", _("Say why the assignment stands."))
        return data
