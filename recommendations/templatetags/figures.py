"""How figures read on a page: thousands separated, and in Chinese counted in 万 and 亿 where an
office would write them so (4万, 1亿), never a bare run of digits like 100000000."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import numberformat
from django.utils.translation import get_language

register = template.Library()

# Chinese large-number units, largest first: a figure takes the first that divides it into a
# number with at most two decimals, so nothing the source gave is rounded away.
CHINESE_UNITS = ((Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万"))


def _plain(number, decimal_places=None):
    return numberformat.format(
        number,
        ".",
        decimal_pos=decimal_places,
        grouping=3,
        thousand_sep=",",
        force_grouping=True,
    )


def format_figure(value, *, lower_bound=False, language=None):
    """`value` (int, Decimal or float) as a reader expects it. `lower_bound` adds "+" (the
    source said 余, 多 or 上)."""
    number = Decimal(str(value))
    number = number.normalize() if number == number.to_integral() else number
    language = (language or get_language() or "").lower()
    text = None
    if language.startswith("zh"):
        for size, unit in CHINESE_UNITS:
            scaled = number / size
            if abs(number) >= size and scaled == scaled.quantize(Decimal("0.01")):
                text = f"{_plain(scaled.normalize())}{unit}"
                break
    if text is None:
        text = _plain(number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize())
    return f"{text}+" if lower_bound else text


@register.filter
def figure(value):
    """{{ count|figure }}: 12,345 or 1.23万. Text (a year given as "2022", a label) is left as
    it is."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return format_figure(value)
    return value


@register.simple_tag
def measured(measurement):
    """A measurement's value with its lower-bound mark: 1亿+ (Chinese), 100,000,000+ (English)."""
    if measurement.value is None:
        return None
    return format_figure(measurement.value, lower_bound=measurement.is_lower_bound)


@dataclass(frozen=True)
class Change:
    """A measurement's relative change in percent, and whether it is computed (from value and
    baseline) rather than reported."""

    percent: Decimal | None
    computed: bool = False


def relative_change(measurement):
    """The change as reported; else computed from value and baseline (against the baseline's
    size, so a fall reads as a fall whatever the sign); unknown without both, or when the
    baseline is zero."""
    if measurement.change_percent is not None:
        return Change(measurement.change_percent)
    value, baseline = measurement.value, measurement.baseline
    if value is None or baseline is None or baseline == 0:
        return Change(None)
    percent = ((value - baseline) / abs(baseline) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Change(percent, computed=True)


@register.simple_tag
def change_of(measurement):
    """{% change_of m as change %}: change.percent and change.computed (see relative_change)."""
    return relative_change(measurement)
