"""Wording shared by pages, notifications and emails."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def due_in_text(days_left: int) -> str:
    if days_left == 0:
        return _("due today")
    if days_left > 0:
        return ngettext("due in %(n)d working day", "due in %(n)d working days", days_left) % {"n": days_left}
    return ngettext("overdue by %(n)d working day", "overdue by %(n)d working days", -days_left) % {
        "n": -days_left
    }
