"""Lists of names joined as the reader's language joins them (、 in Chinese, commas in English)."""

from django import template
from django.utils.html import format_html_join
from django.utils.translation import pgettext

register = template.Library()


@register.filter
def joined(items):
    """`items` (names, or objects shown by their `str`) joined with the language's separator."""
    return pgettext("list separator", ", ").join(str(item) for item in items)


@register.filter
def joined_codes(items):
    """The same for codes (sheet names, field names): each marked as code, not prose."""
    return format_html_join(pgettext("list separator", ", "), "<code>{}</code>", ((item,) for item in items))
