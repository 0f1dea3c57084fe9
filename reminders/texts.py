"""Wording shared by pages, notifications and emails."""

from oversight import system_texts


def due_in_system_text(days_left: int):
    """How far off a deadline is, in working days, as a system text."""
    if days_left == 0:
        return system_texts.text("due_today")
    if days_left > 0:
        return system_texts.text("due_in", n=days_left)
    return system_texts.text("overdue_by", n=-days_left)


def due_in_text(days_left: int) -> str:
    return str(due_in_system_text(days_left))
