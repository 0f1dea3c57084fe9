from django import forms
from django.utils.translation import gettext_lazy as _

from public.filters import PUBLIC_STATUS_CHOICES
from recommendations.models import Department

from .models import Kind


class DepartmentCodeField(forms.ModelChoiceField):
    """A department picked by name in a select; in a URL its code is accepted in any case."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Department.objects.order_by("name"), to_field_name="code", **kwargs)

    def label_from_instance(self, obj):
        return obj.name

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.queryset.get(code__iexact=str(value).strip())
        except (Department.DoesNotExist, Department.MultipleObjectsReturned):
            raise forms.ValidationError(
                _("No department has the code “%(value)s”."), code="invalid_choice", params={"value": value}
            ) from None


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("Kind of record"), choices=[("", _("All kinds")), *Kind.choices], required=False
    )
    year = forms.IntegerField(label=_("Year"), min_value=1979, max_value=2200, required=False)
    department = DepartmentCodeField(label=_("Department"), required=False, empty_label=_("All departments"))
    status = forms.ChoiceField(
        label=_("Status of the recommendation"),
        choices=[("", _("Any status")), *PUBLIC_STATUS_CHOICES],
        required=False,
    )

    def filters(self):
        data = self.cleaned_data
        return {key: data.get(key) or None for key in ("kind", "year", "department", "status")}
