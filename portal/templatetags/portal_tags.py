from django import template

from recommendations.transitions import transition_label

register = template.Library()


@register.filter
def event_label(event):
    """What a timeline step means, from the transition table."""
    return transition_label(event.subject, event.from_status, event.to_status) or event.to_status
