from django import forms
from django.utils.translation import gettext_lazy as _

from recommendations.models import OversightTopic

from .choices import UPLOADED_KINDS
from .models import Source


class AttachmentForm(forms.Form):
    """An uploaded document. On a topic page the file can belong to the topic, one of its
    inspections or one of its meetings."""

    record = forms.ChoiceField(label=_("Record"))
    kind = forms.ChoiceField(label=_("Kind"), choices=[(k.value, k.label) for k in UPLOADED_KINDS])
    title = forms.CharField(
        label=_("Title"), max_length=300, required=False, help_text=_("The file name when blank.")
    )
    file = forms.FileField(label=_("File"))
    is_public = forms.BooleanField(
        label=_("Public"),
        required=False,
        help_text=_("Public files of published records can be downloaded from the public pages."),
    )

    def __init__(self, *args, records, **kwargs):
        super().__init__(*args, **kwargs)
        self.records = records
        self.fields["record"].choices = [(key, label) for key, (label, _record) in records.items()]
        if len(records) == 1:
            del self.fields["record"]

    @property
    def chosen_record(self):
        return _chosen(self)


class SourceForm(forms.ModelForm):
    record = forms.ChoiceField(label=_("Record"))
    url = forms.URLField(label=_("web address"), max_length=500, required=False, assume_scheme="https")

    class Meta:
        model = Source
        fields = ["title", "publisher", "published_on", "url"]
        widgets = {"published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, records, **kwargs):
        super().__init__(*args, **kwargs)
        self.records = records
        self.fields["record"].choices = [(key, label) for key, (label, _record) in records.items()]
        if len(records) == 1:
            del self.fields["record"]
        self.order_fields(["record"])

    @property
    def chosen_record(self):
        return _chosen(self)


class AnnualReportForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=1979,
        max_value=2200,
        help_text=_("The year of the topics: the dashboard filtered by this year."),
    )


def _chosen(form):
    key = form.cleaned_data["record"] if "record" in form.fields else next(iter(form.records))
    return form.records[key][1]


def topic_records(topic: OversightTopic):
    """The records a topic page can attach to: {key: (label, record)}."""
    records = {f"topic-{topic.pk}": (_("The topic itself"), topic)}
    for inspection in topic.inspections.all():
        label = _("Inspection: %(title)s") % {"title": inspection.title}
        records[f"inspection-{inspection.pk}"] = (label, inspection)
    for meeting in topic.meetings.all():
        label = _("Meeting: %(title)s") % {"title": meeting.title}
        records[f"meeting-{meeting.pk}"] = (label, meeting)
    return records
