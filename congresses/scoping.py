"""The congress scope that every query on a congress's records runs in.

`ScopedManager(path)` is the default manager of every congress-owned model. Its querysets carry
a condition on the congress reached through `path`, and the condition's SQL is written when the
query is run, from the scope open at that moment:
- `scope(congress)`: that congress's rows (a list of congresses: the rows of any of them);
- `scopes_disabled()`: every congress's rows, for platform-wide work that says so;
- no scope: `ScopeError`. A query that forgot which congress it is for fails loudly instead of
  returning every congress's rows.

Because the condition is read at run time, querysets built ahead (a form field's choices, a
module-level queryset) follow whichever scope runs them. Writes through `save()` need no
scope; the plain `_base_manager` (foreign keys, saving, deleting) is not scoped.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models
from django.db.models import BooleanField, Expression, F

_EVERY_CONGRESS = object()
_scope = ContextVar("congress_scope", default=None)


class ScopeError(Exception):
    """A query on congress-owned rows ran outside any congress scope."""


@contextmanager
def scope(congress):
    """Queries inside see only `congress`'s rows (a Congress, or a list of them)."""
    token = _scope.set(congress)
    try:
        yield
    finally:
        _scope.reset(token)


def scopes_disabled():
    """Queries inside see every congress's rows."""
    return scope(_EVERY_CONGRESS)


def active_scope():
    """The congress (or list) of the open scope; None when no scope or every congress is open."""
    value = _scope.get()
    return None if value is _EVERY_CONGRESS else value


def scope_is_open():
    return _scope.get() is not None


class InCongressScope(Expression):
    """True for the rows whose congress (the column `path` leads to) is in the open scope."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, column):
        super().__init__()
        self.column = column

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, exprs):
        (self.column,) = exprs

    def as_sql(self, compiler, connection):
        value = _scope.get()
        if value is _EVERY_CONGRESS:
            return "TRUE", []
        if value is None:
            model = compiler.query.model
            raise ScopeError(f"A query on {model.__name__} needs a congress scope (congresses.scoping).")
        column_sql, params = compiler.compile(self.column)
        if isinstance(value, (list, tuple, set)):
            return f"{column_sql} = ANY(%s)", [*params, [_pk(item) for item in value]]
        return f"{column_sql} = %s", [*params, _pk(value)]


def _pk(congress):
    return congress if isinstance(congress, int) else congress.pk


class ScopedQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        # bulk_create calls no save(): records with their own congress column take it here.
        objs = list(objs)
        for obj in objs:
            fill = getattr(obj, "_fill_congress", None)
            if fill is not None:
                fill()
        return super().bulk_create(objs, *args, **kwargs)

    def select_for_update(self, nowait=False, skip_locked=False, of=(), no_key=False):
        # The scope's join (a task's recommendation, for one) would otherwise be locked too, and
        # rows locked that the caller never asked for are deadlocks waiting to happen.
        joined = "__" in getattr(self.model._default_manager, "scope_path", "")
        if not of and joined and not self.query.select_related:
            of = ("self",)
        return super().select_for_update(nowait=nowait, skip_locked=skip_locked, of=of, no_key=no_key)


class _ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    scope_path = None

    def get_queryset(self):
        return super().get_queryset().filter(InCongressScope(F(self.scope_path)))

    def with_every_congress(self):
        """Every congress's rows, said where it is meant (platform-wide maintenance)."""
        return super().get_queryset()


def ScopedManager(path):  # noqa: N802 (reads like the class it makes)
    """A manager scoped through `path` ("congress", "topic__congress", ...). A subclass per path,
    because Django builds related managers by subclassing the default manager's class."""
    return type("ScopedManager", (_ScopedManager,), {"scope_path": path})()
