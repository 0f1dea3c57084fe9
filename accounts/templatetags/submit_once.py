from django import template

from accounts.submit_once import form_token_input

register = template.Library()


@register.simple_tag
def form_token():
    """A hidden one-time token for a form that creates something (see accounts.submit_once)."""
    return form_token_input()
