from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oversight.widgets import DateInput
from recommendations.choices import EvaluationMethod, Verdict
from recommendations.models import Inspection, Meeting, OversightTopic, Recommendation

from .choices import BallotChoice


class BallotForm(forms.Form):
    choice = forms.ChoiceField(label=_("Your vote"), choices=BallotChoice.choices, widget=forms.RadioSelect)


class EvaluationOpenForm(forms.Form):
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=OversightTopic.objects.all())
    recommendation = forms.ModelChoiceField(
        label=_("Recommendation"),
        queryset=Recommendation.objects.select_related("topic"),
        required=False,
        help_text=_("Leave empty to evaluate every reported recommendation of the topic."),
    )
    method = forms.ChoiceField(label=_("Method"), choices=EvaluationMethod.choices)
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Meeting.objects.all(), required=False)
    held_on = forms.DateField(label=_("Held on"), required=False, widget=DateInput())


class TotalsForm(forms.Form):
    satisfied = forms.IntegerField(label=_("Satisfied"), min_value=0)
    basically_satisfied = forms.IntegerField(label=_("Largely satisfied"), min_value=0)
    unsatisfied = forms.IntegerField(label=_("Not satisfied"), min_value=0)
    abstained = forms.IntegerField(label=_("Abstained"), min_value=0)
    held_on = forms.DateField(label=_("Held on"), required=False, widget=DateInput())


class ClosureForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Verdict.choices)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For committee staff and the departments concerned; not published."),
    )
    public_note = forms.CharField(
        label=_("Public note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_(
            "Published with the closure on the public site. Leave empty to publish only the verdict."
        ),
    )
    reports = forms.ModelMultipleChoiceField(
        label=_("Supporting accepted reports"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, reports, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reports"].queryset = reports
        self.fields["reports"].label_from_instance = lambda r: (
            f"{r.task.code} · {r.department} · {timezone.localdate(r.accepted_at):%Y-%m-%d}"
        )


class ReopenForm(forms.Form):
    inspection = forms.ModelChoiceField(label=_("Follow-up inspection"), queryset=Inspection.objects.none())
    note = forms.CharField(
        label=_("Why it is reopened"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For committee staff and the departments concerned; not published."),
    )
    public_note = forms.CharField(
        label=_("Public note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Published with the reopening on the public site."),
    )
    response_due = forms.DateField(
        label=_("New deadline"),
        required=False,
        help_text=_("Leave empty for the default period."),
        widget=DateInput(),
    )

    def __init__(self, *args, topic, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspection"].queryset = Inspection.objects.filter(topic=topic).order_by("-started_on")
