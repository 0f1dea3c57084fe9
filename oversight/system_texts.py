"""Texts the system writes into records: the notes of status changes it makes itself and the
titles of the notifications it sends. They are stored as a code and its parameters, never as
text in the writer's language, and rendered in the reader's language when shown (a page, the
API, a notification, an email). What people write stays as they wrote it.

A parameter is a plain value (a code, a name, a number), a date ({"date": "2026-03-01"}), the
label of a choice ({"choice": "evaluation_method", "value": "online"}), the name of a step in a
timeline ({"transition": [subject, from status, to status]}) or another system text
({"code": ..., "params": {...}})."""

import datetime
import re
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy


@dataclass(frozen=True)
class SystemText:
    code: str
    params: dict = field(default_factory=dict)

    def __str__(self):
        return render(self.code, self.params)


def text(code, /, **params):
    """A system text to store: `code` from TEXTS, with its parameters."""
    if code not in TEXTS:
        raise KeyError(f"no system text {code!r}")
    return SystemText(code, params)


TEXTS = {
    # Status notes.
    "tasks_assigned": _("Tasks assigned"),
    "every_task_verified": _("Every task verified"),
    "imported": _("Imported from a spreadsheet"),
    "vote_not_satisfied": _(
        "Satisfaction vote: not satisfied. The government must take further action and report "
        "again. %(totals)s"
    ),
    "vote_totals": _(
        "%(method)s: %(s)s satisfied, %(b)s largely satisfied, %(u)s not satisfied, %(a)s abstained; "
        "%(n)s members entitled to vote"
    ),
    # Notification titles.
    "new_assignment": _("New assignment: %(task)s"),
    "report_submitted": _("Report submitted for review: %(task)s · %(department)s"),
    "report_returned": _("Report returned: %(task)s"),
    "report_accepted": _("Report accepted: %(task)s"),
    "assignment_contested": _("Assignment contested: %(task)s by %(department)s"),
    "contest_accepted": _("Contest accepted: %(task)s was reassigned to %(department)s"),
    "assignment_confirmed": _("Assignment confirmed: %(task)s"),
    "extension_requested": _("Extension requested: %(task)s by %(department)s"),
    "extension_approved": _("Extension approved: %(task)s, now due %(date)s"),
    "extension_refused": _("Extension refused: %(task)s"),
    "vote_open": _("Satisfaction vote open: %(target)s"),
    "further_handling": _("Sent back for further handling: %(code)s, round %(cycle)s"),
    "evaluation_name": _("%(target)s · round %(cycle)s"),
    # Notices to followers: the recommendation and the step, a report's task and department,
    # a closure's verdict.
    "follow_step": _("%(recommendation)s: %(step)s"),
    "follow_report_step": _("%(recommendation)s: %(step)s · %(task)s · %(department)s"),
    "follow_closed": _("%(recommendation)s: %(step)s: %(verdict)s"),
    # Deadline revisions made by a step of the recommendation.
    "returned_for_further_handling": _("Returned for further handling"),
    "reopened": _("Reopened"),
    # Reminders and the weekly digest.
    "reminder": _("Reminder: %(subject)s, %(due_in)s (%(date)s)"),
    "overdue": _("Overdue: %(subject)s was due on %(date)s"),
    "escalation": _("Escalation notice: %(subject)s, %(due_in)s"),
    "priority_proposed": _("Proposed for priority follow-up: %(subject)s, %(due_in)s"),
    "handling_report_on": _("the handling report on %(recommendation)s"),
    "due_today": _("due today"),
    "due_in": ngettext_lazy("due in %(n)d working day", "due in %(n)d working days", "n"),
    "overdue_by": ngettext_lazy("overdue by %(n)d working day", "overdue by %(n)d working days", "n"),
    "weekly_digest": _(
        "Weekly digest: %(open)d open recommendations, %(overdue)d overdue, %(tasks)d overdue tasks"
    ),
}

# Notes that only staff and the departments concerned read; the others are published.
INTERNAL = {"imported"}


def _choices():
    from recommendations.choices import EvaluationMethod, Verdict

    return {"evaluation_method": EvaluationMethod, "verdict": Verdict}


def _value(value):
    if isinstance(value, dict):
        if "code" in value:
            return render(value["code"], value.get("params"))
        if "date" in value:
            return formats.date_format(datetime.date.fromisoformat(value["date"]), "DATE_FORMAT")
        if "choice" in value:
            choices = _choices()[value["choice"]]
            return str(dict(choices.choices).get(value["value"], value["value"]))
        if "transition" in value:
            from recommendations.transitions import transition_label

            return str(transition_label(*value["transition"]))
    return value


def render(code, params=None):
    """The text in the active language; an unknown code (from a newer version) renders empty."""
    template = TEXTS.get(code)
    if template is None:
        return ""
    if not params:
        return str(template)
    # A plural text picks its form from the parameter it names, so it is formatted lazily.
    return str(template % {name: _value(value) for name, value in params.items()})


def as_param(system_text):
    """A system text as a parameter of another."""
    return {"code": system_text.code, "params": system_text.params}


def date_param(day):
    return {"date": day.isoformat()}


def recognise(stored, codes, *, legacy=None, params=None):
    """The SystemText that `stored` was rendered from, in any of the site's languages or one of
    the `legacy` wordings ({code: [templates]}), or None. A parameter comes back as the text that
    filled it (numbers as numbers), or as what its function in `params` ({name: function})
    makes of that text: a nested text, a date, a choice; a function that returns None rejects
    the reading."""
    from django.conf import settings
    from django.utils import translation

    stored = stored.strip()
    for code in codes:
        templates = list((legacy or {}).get(code, ()))
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                templates.append(str(TEXTS[code]))
        for template in dict.fromkeys(templates):
            parts = re.split(r"%\((\w+)\)[sd]", template)
            pattern = "".join(
                re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)" for index, part in enumerate(parts)
            )
            match = re.fullmatch(pattern, stored)
            if match is None:
                continue
            found = {}
            for name, value in match.groupdict().items():
                if name in (params or {}):
                    found[name] = params[name](value)
                    if found[name] is None:
                        break
                else:
                    found[name] = int(value) if value.isdigit() else value
            else:
                return SystemText(code, found)
    return None


def recognising(codes, *, legacy=None, params=None):
    """A function for `recognise(params=...)`: a parameter that was itself a system text."""

    def nested(value):
        found = recognise(value, codes, legacy=legacy, params=params)
        return None if found is None else as_param(found)

    return nested


def recognise_date(value):
    """A date written in ISO form or as one of the site's languages writes it, as a date
    parameter; None when `value` is not a date."""
    from django.conf import settings
    from django.utils import translation

    value = value.strip()
    try:
        return date_param(datetime.date.fromisoformat(value))
    except ValueError:
        pass
    year = re.search(r"\d{4}", value)
    if year is None:
        return None
    first = datetime.date(int(year[0]), 1, 1)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for offset in range(366):
                day = first + datetime.timedelta(days=offset)
                if day.year == first.year and formats.date_format(day, "DATE_FORMAT") == value:
                    return date_param(day)
    return None


def recognising_choice(choice, *, legacy=None):
    """A function for `recognise(params=...)`: a parameter that was the label of a choice, in
    any of the site's languages or a `legacy` label ({label: value})."""

    def label(value):
        from django.conf import settings
        from django.utils import translation

        labels = dict(legacy or {})
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                labels.update((str(text), code) for code, text in _choices()[choice].choices)
        if value.strip() not in labels:
            return None
        return {"choice": choice, "value": labels[value.strip()]}

    return label
