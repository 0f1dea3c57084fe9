from django import forms
from django.utils.translation import gettext_lazy as _

from oversight.fields import NameOrCodeField
from public.filters import PUBLIC_STATUS_CHOICES
from recommendations.models import Department

from .models import Kind


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("Kind of record"), choices=[("", _("All kinds")), *Kind.choices], required=False
    )
    year = forms.IntegerField(label=_("Year"), min_value=1979, max_value=2200, required=False)
    department = NameOrCodeField(
        Department.objects.all(),
        kind="department",
        name_fields=("name", "short_name"),
        label=_("Department"),
        required=False,
        error_messages={"invalid_choice": _("No department is called or has the code “%(value)s”.")},
    )
    status = forms.ChoiceField(
        label=_("Status of the recommendation"),
        choices=[("", _("Any status")), *PUBLIC_STATUS_CHOICES],
        required=False,
    )

    def filters(self):
        data = self.cleaned_data
        return {key: data.get(key) or None for key in ("kind", "year", "department", "status")}
