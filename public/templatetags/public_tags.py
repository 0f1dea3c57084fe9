from django import template

from recommendations.transitions import transition_label

from ..charts import arrow

register = template.Library()


@register.filter
def event_label(event):
    """What a status event means, e.g. "Issued to the government for study and handling"."""
    return transition_label(event.subject, event.from_status, event.to_status) or event.get_subject_display()


@register.filter
def change_arrow(change):
    return arrow(change)
