"""The holiday arrangement form: one line per day or range of days, off or working."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import WorkingDayException
from .services import CalendarEntry

# "2027-01-01..2027-01-03 holiday New Year's Day": dates, a kind, an optional reason. The range
# may also be written with ~ or 至, as the State Council's notices do.
LINE = re.compile(
    r"^(?P<start>\S+?)(?:\s*(?:\.\.|~|～|至)\s*(?P<end>\S+?))?\s+(?P<kind>\S+)(?:\s+(?P<reason>.+))?$"
)
KINDS = {
    "holiday": False,
    "休": False,
    "放假": False,
    "workday": True,
    "班": True,
    "上班": True,
}
# A longer range is a typing mistake (the longest official break is nine days).
MAX_RANGE_DAYS = 31
REASON_MAX_LENGTH = WorkingDayException._meta.get_field("reason").max_length


class ArrangementForm(forms.Form):
    reason = forms.CharField(
        label=_("Source"),
        max_length=REASON_MAX_LENGTH,
        help_text=_(
            "The notice the arrangement comes from, e.g. the State Council General Office's "
            "notice on next year's public holidays. Kept as the reason of every day below "
            "that gives none of its own."
        ),
    )
    arrangement = forms.CharField(
        label=_("Days off and working days"),
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        help_text=_(
            "One line per day or range of days: the date (YYYY-MM-DD) or two dates joined by "
            "“..”, then “holiday” or “workday”, then an optional reason. "
            "For example: “2027-02-06..2027-02-12 holiday Spring Festival” and "
            "“2027-02-14 workday”."
        ),
    )

    def clean_arrangement(self):
        entries, errors, first_line = [], [], {}
        for number, raw in enumerate(self.cleaned_data["arrangement"].splitlines(), start=1):
            line = raw.strip()
            if not line:
                continue
            try:
                entry = _parse_line(line)
            except ValidationError as error:
                errors.extend(_on_line(number, message) for message in error.messages)
                continue
            for day in entry.days():
                if day in first_line:
                    message = gettext("%(date)s is already on line %(line)d.")
                    errors.append(_on_line(number, message % {"date": day, "line": first_line[day]}))
                    break
                first_line[day] = number
            else:
                entries.append(entry)
        if errors:
            raise ValidationError(errors)
        if not entries:
            raise ValidationError(gettext("Enter at least one day."))
        return entries


def _on_line(number, message):
    return gettext("Line %(line)d: %(message)s") % {"line": number, "message": message}


def _date(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        message = gettext("“%(value)s” is not a date in the form YYYY-MM-DD.")
        raise ValidationError(message % {"value": text}) from None


def _parse_line(line):
    match = LINE.match(line)
    if match is None:
        raise ValidationError(gettext("write the date or dates, then “holiday” or “workday”."))
    start = _date(match["start"])
    end = _date(match["end"]) if match["end"] else start
    if end < start:
        raise ValidationError(gettext("the range ends before it starts."))
    if (end - start).days >= MAX_RANGE_DAYS:
        raise ValidationError(gettext("a range covers at most %(days)d days.") % {"days": MAX_RANGE_DAYS})
    kind = KINDS.get(match["kind"].lower())
    if kind is None:
        raise ValidationError(
            gettext("“%(value)s” is neither “holiday” nor “workday”.") % {"value": match["kind"]}
        )
    reason = (match["reason"] or "").strip()
    if len(reason) > REASON_MAX_LENGTH:
        message = gettext("the reason is longer than %(max)d characters.")
        raise ValidationError(message % {"max": REASON_MAX_LENGTH})
    return CalendarEntry(start=start, end=end, is_working_day=kind, reason=reason)
