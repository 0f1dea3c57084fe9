"""Cached dashboard figures, retired by any write to the tracker's data (oversight/data_version.py:
the entries live in the shared database cache, keyed by the data version)."""

from django.utils.translation import get_language

from oversight import data_version
from recommendations.models import Recommendation

# A safety net only: writes retire entries long before this.
TIMEOUT = 24 * 60 * 60


def cached_figures(request, filters):
    """The headline figures and every dashboard table (key -> Table), from the cache or built and
    cached together, so the page and each CSV download read the same figures. The key carries
    the request's variant (cohort period), the filters and the language, as cells hold
    translated text."""
    from .filters import filter_choices
    from .rollup import has_congresses_below
    from .selectors import headline
    from .tables import BUILDERS, cohort_period

    def build():
        return {
            "headline": headline(filters.recommendations(Recommendation.objects.all())),
            "tables": {name: build_table(request, filters) for name, build_table in BUILDERS.items()},
            "choices": filter_choices(),
            "below": has_congresses_below(request.congress),
        }

    return data_version.get_or_build(
        f"dashboard:{cohort_period(request)}:{filters.key()}:{get_language()}", build, timeout=TIMEOUT
    )
