"""One version for everything cached from the tracker's data: the dashboard tables and the
public pages served to visitors (dashboard/cache.py, public/cache.py).

Both live in the "shared" cache, a database cache, so every gunicorn worker reads the same
entries and the same version. Entries are keyed by the version; a write replaces it with a new
random value once its transaction commits, so nothing computed before the write is read again
(random, not a counter, so two concurrent writers cannot both leave the same version behind).
Old entries are never read again and expire after their timeout.

Per-row writes retire the version through signals (`connect_signals`, called by the apps that
cache); bulk loads that send no signals (the importer, generate_scale_data) call `invalidate()`.
"""

import uuid

import pghistory.models
from django.apps import apps
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

VERSION_KEY = "data:version"
# The apps whose rows appear on a public page or in a dashboard figure (a congress's name, and
# which congresses sit below it, too).
DATA_APPS = ("recommendations", "evaluations", "portal", "documents", "congresses")


def shared_cache():
    return caches["shared"]


def _new_version():
    version = uuid.uuid4().hex
    shared_cache().set(VERSION_KEY, version, timeout=None)
    return version


def current():
    return shared_cache().get(VERSION_KEY) or _new_version()


def key(*parts):
    """A cache key valid for the current data and today (overdue flags and ages change at
    midnight without any write), in the congress scope that is open: what was read for one
    congress is never served to another, even at the same address."""
    return ":".join([current(), timezone.localdate().isoformat(), _scope_part(), *map(str, parts)])


def _scope_part():
    from congresses.scoping import active_scope, scope_is_open

    congresses = active_scope()
    if congresses is None:
        return "every" if scope_is_open() else "none"
    if not isinstance(congresses, (list, tuple, set)):
        congresses = [congresses]
    return "+".join(sorted(str(getattr(congress, "pk", congress)) for congress in congresses))


def get_or_build(name, build, timeout):
    """`build()`'s value, cached under `name` for the current data and day."""
    cache_key = key(name)
    value = shared_cache().get(cache_key)
    if value is None:
        value = build()
        shared_cache().set(cache_key, value, timeout=timeout)
    return value


def invalidate():
    """Retire every cached entry once the current transaction commits (at once outside one);
    several writes in one atomic block retire them once."""
    sids = set(connection.savepoint_ids)
    pending = connection.run_on_commit if connection.in_atomic_block else []
    if any(func is _new_version and saved == sids for saved, func, _robust in pending):
        return
    transaction.on_commit(_new_version)


def _on_write(sender, **kwargs):
    if kwargs.get("action", "post_").startswith("post_"):
        invalidate()


def connect_signals():
    """Any saved or deleted row, or changed many-to-many link, of the data apps retires the
    version. pghistory's event models are left out: database triggers write them, with the rows
    they track."""
    for app_label in DATA_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if issubclass(model, pghistory.models.Event):
                continue
            uid = f"data-version-{model._meta.label}"
            post_save.connect(_on_write, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(_on_write, sender=model, dispatch_uid=f"{uid}-delete")
            for field in model._meta.local_many_to_many:
                through = field.remote_field.through
                m2m_changed.connect(_on_write, sender=through, dispatch_uid=f"{uid}-{field.name}-m2m")
