"""Form widgets every app shares."""

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker. Its value is always ISO (2027-03-02): the picker reads nothing
    else, and a date in the language's display form (2027/03/02 in Chinese) leaves it empty."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class NameSuggestInput(forms.TextInput):
    """A text box where a department or a topic is typed by name, with the site's suggestions
    as one types (static/js/name-suggest.js fills the datalist from /suggest/<kind>/). A select
    would list every one of them: a platform may hold thousands of departments and tens of
    thousands of topics. Without JavaScript it is a plain text box that takes a name or a code."""

    def __init__(self, kind, attrs=None):
        self.kind = kind
        super().__init__({"autocomplete": "off", **(attrs or {})})

    def get_context(self, name, value, attrs):
        from django.urls import reverse

        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["list"] = f"{widget_attrs.get('id') or name}-options"
        widget_attrs["data-suggest"] = reverse("suggest", args=[self.kind])
        return context

    def format_value(self, value):
        # An initial value may be the record itself: show its name, not its code.
        name = getattr(value, "name", None) or getattr(value, "title", None)
        return name or super().format_value(value)

    def render(self, name, value, attrs=None, renderer=None):
        from django.templatetags.static import static
        from django.utils.html import format_html

        html = super().render(name, value, attrs, renderer)
        list_id = f"{(attrs or {}).get('id') or self.attrs.get('id') or name}-options"
        return html + format_html(
            '<datalist id="{}"></datalist><script src="{}" defer></script>',
            list_id,
            static("js/name-suggest.js"),
        )
