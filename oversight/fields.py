"""Form fields every app shares."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .widgets import NameSuggestInput


class NameOrCodeField(forms.ModelChoiceField):
    """A department or a topic picked by name (the suggestions offer names) or by its code in
    any case (`department=ga` is `department=GA`), as addresses and the API give it. Anything
    else is an error that names what was typed, never a silent "all"."""

    default_error_messages = {
        "invalid_choice": _("Nothing is called or has the code “%(value)s”."),
    }

    def __init__(self, queryset, *, kind, name_fields=("name",), **kwargs):
        self.name_fields = name_fields
        kwargs.setdefault("widget", NameSuggestInput(kind))
        kwargs.pop("to_field_name", None)
        super().__init__(queryset, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, self.queryset.model):
            return value
        text = str(value).strip()[:300]
        condition = Q(code__iexact=text)
        for name in self.name_fields:
            condition |= Q(**{f"{name}__iexact": text})
        found = list(self.queryset.filter(condition)[:3])
        exact = [obj for obj in found if obj.code == text]
        if len(exact) == 1:
            return exact[0]
        if len(found) == 1:
            return found[0]
        raise forms.ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text}
        )

    def validate(self, value):
        return forms.Field.validate(self, value)

    def has_changed(self, initial, data):
        return str(initial or "") != str(data or "")
