"""Form widgets every app shares."""

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker. Its value is always ISO (2027-03-02): the picker reads nothing
    else, and a date in the language's display form (2027/03/02 in Chinese) leaves it empty."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
