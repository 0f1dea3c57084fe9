"""Indicator figures shaped for a chart: the latest reported change of each indicator against
its baseline (baseline = 100), coloured by whether the change moves the indicator in its good
direction. Departments often report only a relative change (警情数比降29.8%), so an index keeps
indicators of different units comparable."""

from django.utils.translation import gettext as _

from recommendations.choices import IndicatorDirection

from .selectors import measurement_change


def arrow(change):
    if change is None or change == 0:
        return "→"
    return "▲" if change > 0 else "▼"


def indicator_chart(indicators):
    """Data for static/js/indicator-chart.js: the latest change of every indicator that has
    one, or None."""
    labels, reported, good = [], [], []
    for indicator in indicators:
        changes = [c for c in map(measurement_change, indicator.published_measurements) if c is not None]
        if not changes:
            continue
        latest = changes[-1]
        lower_is_better = indicator.direction == IndicatorDirection.LOWER_IS_BETTER
        labels.append(f"{indicator.name} {arrow(latest)}")
        reported.append(round(100 + latest, 2))
        good.append(latest != 0 and (latest < 0) == lower_is_better)
    if not labels:
        return None
    return {
        "labels": labels,
        "baseline": [100] * len(labels),
        "reported": reported,
        "good": good,
        "text": {
            "baseline": _("Baseline (= 100)"),
            "reported": _("Reported value"),
            "improved": _("improved"),
            "worsened": _("worsened"),
        },
    }
