"""`{% load working_days %}` then `{{ task.due_date|due_in_working_days }}` shows "due in N
working days", "due today" or "overdue by N working days"; `working_days_left` gives the number."""

import datetime

from django import template

from ..texts import due_in_text
from ..workdays import working_days_left as _working_days_left

register = template.Library()


def _date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    return value if isinstance(value, datetime.date) else None


@register.filter
def working_days_left(due):
    due = _date(due)
    return None if due is None else _working_days_left(due)


@register.filter
def due_in_working_days(due):
    """Blank for no date, so a list can apply it to every row."""
    due = _date(due)
    return "" if due is None else due_in_text(_working_days_left(due))
