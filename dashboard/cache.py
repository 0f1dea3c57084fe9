"""Cached dashboard tables, invalidated by writes.

The tables live in the "dashboard" cache, a database cache: every gunicorn worker reads the
same entries, so no worker serves figures another has already retired. Entries are keyed by a
version stored in that cache; a write replaces the version with a new random one once its
transaction commits, so entries computed before the write are never read again (a random value,
not a counter, so two concurrent writers cannot both leave the same version behind).

Per-row writes invalidate through signals (see apps.py); bulk loads that send no signals
(the importer, generate_scale_data) call `invalidate()` themselves.
"""

import uuid

from django.core.cache import caches
from django.db import connection, transaction
from django.utils.translation import get_language

VERSION_KEY = "dashboard:version"
# A safety net only: writes retire entries long before this.
TIMEOUT = 24 * 60 * 60


def _cache():
    return caches["dashboard"]


def _new_version():
    version = uuid.uuid4().hex
    _cache().set(VERSION_KEY, version, timeout=None)
    return version


def _current_version():
    return _cache().get(VERSION_KEY) or _new_version()


def invalidate():
    """Retire every cached table once the current transaction commits (at once outside one);
    several writes in one atomic block retire them once."""
    sids = set(connection.savepoint_ids)
    pending = connection.run_on_commit if connection.in_atomic_block else []
    if any(func is _new_version and saved == sids for saved, func, _robust in pending):
        return
    transaction.on_commit(_new_version)


def invalidate_on_write(sender, **kwargs):
    """post_save / post_delete receiver (connected in apps.py)."""
    invalidate()


def cached_tables(request):
    """Every dashboard table (key -> Table), from the cache or built and cached together, so the
    page and each CSV download read the same figures. The key carries the request's variant
    (cohort period) and language, as cells hold translated text."""
    from .tables import BUILDERS, cohort_period

    key = f"dashboard:{_current_version()}:{cohort_period(request)}:{get_language()}"
    tables = _cache().get(key)
    if tables is None:
        tables = {name: build(request) for name, build in BUILDERS.items()}
        _cache().set(key, tables, timeout=TIMEOUT)
    return tables
