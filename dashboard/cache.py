"""Cached dashboard tables, retired by any write to the tracker's data (oversight/data_version.py:
the entries live in the shared database cache, keyed by the data version)."""

from django.utils.translation import get_language

from oversight import data_version

# A safety net only: writes retire entries long before this.
TIMEOUT = 24 * 60 * 60


def cached_tables(request):
    """Every dashboard table (key -> Table), from the cache or built and cached together, so the
    page and each CSV download read the same figures. The key carries the request's variant
    (cohort period) and language, as cells hold translated text."""
    from .tables import BUILDERS, cohort_period

    return data_version.get_or_build(
        f"dashboard:{cohort_period(request)}:{get_language()}",
        lambda: {name: build(request) for name, build in BUILDERS.items()},
        timeout=TIMEOUT,
    )
