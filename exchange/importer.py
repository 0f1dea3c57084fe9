"""The all-or-nothing import of the oversight record.

`oversight_import` reads every sheet, checks every row, then writes the valid rows in one
transaction under the importing user's history context, so that the database's own rules are
checked as well; the transaction is kept only when nothing at all was wrong and this is not a
dry run. A dry run therefore refuses exactly what the real run refuses. Natural keys of existing records are
prefetched once into dicts (`Index`), rows earlier in the file are added to the same dicts, and
each model is written with bulk_create. Imported statuses are reached through the moves of the
transition table in `recommendations.transitions`, each written as its StatusEvent.
"""

import time
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from oversight import data_version
from recommendations.models import (
    CongressOwned,
    Department,
    Finding,
    Indicator,
    Inspection,
    Meeting,
    OversightTopic,
    ProgressReport,
    Recommendation,
    Remark,
    StatusEvent,
    Task,
)
from recommendations.transitions import _actor_context

from .files import Problem
from .resources import RESOURCES, SHEETS, RowError, report_key, report_seq
from .updates import UPDATED_AS, UPDATES, StoredMeasurements, stored_key
from .widgets import RefWidget, is_blank

BATCH = 1000

UNKNOWN = {
    "department": lambda k: _("Unknown department “%(key)s” (give its code or exact name).") % {"key": k},
    "topic": lambda k: _("Unknown topic “%(key)s”.") % {"key": k},
    "inspection": lambda k: _("No inspection titled “%(key)s” in this topic.") % {"key": k},
    "finding": lambda k: _("Unknown finding “%(key)s”.") % {"key": k},
    "meeting": lambda k: _("Unknown meeting “%(key)s”.") % {"key": k},
    "remark": lambda k: _("No remark by “%(key)s” on this topic.") % {"key": k},
    "recommendation": lambda k: _("Unknown recommendation “%(key)s”.") % {"key": k},
    "task": lambda k: _("The recommendation has no task number %(key)s.") % {"key": k},
    "indicator": lambda k: _("No indicator named “%(key)s” in this topic.") % {"key": k},
    "report": lambda k: _("Unknown report “%(key)s”.") % {"key": k},
}


class _RollBack(Exception):
    """Leaves the import's transaction without keeping anything."""


class Index:
    """Natural key -> record, for what the database holds and what the file adds.

    Scoped keys (an indicator's name within its topic) are stored under the scope's token:
    ("db", pk) for a stored record, ("new", id) for one from the file."""

    def __init__(self):
        self.entries = {}  # (kind, scope token, key) -> (object, row number or None)
        self.departments_by_pk = {}
        self.ambiguous = set()
        self.failed = {}  # (kind, key) -> (sheet, row) of a row that has problems
        self._load()

    @staticmethod
    def token(obj):
        if obj is None:
            return None
        return ("db", obj.pk) if obj.pk is not None else ("new", id(obj))

    def fk_token(self, obj, name):
        """The token of a record's foreign key without loading it when it is stored."""
        if obj.pk is not None:
            return ("db", getattr(obj, f"{name}_id"))
        return self.token(getattr(obj, name))

    def task_departments(self, task):
        if task.pk is None:
            return task._import_departments
        return {("db", task.lead_department_id), *(("db", d.pk) for d in task.co_departments.all())}

    def _put(self, kind, key, obj, scope_token=None, row=None):
        entry = (kind, scope_token, str(key))
        if entry in self.entries and kind == "remark":
            self.ambiguous.add(entry)
        self.entries[entry] = (obj, row)

    def _load(self):
        for d in Department.objects.all():
            self.departments_by_pk[d.pk] = d
            self._put("department", d.code, d)
            self._put("department", d.name, d)
        for t in OversightTopic.objects.all():
            self._put("topic", t.code, t)
        for i in Inspection.objects.only("id", "topic_id", "title"):
            self._put("inspection", i.title, i, ("db", i.topic_id))
        for f in Finding.objects.only("id", "code", "topic_id", "number"):
            self._put("finding", f.code, f)
            self._put("finding_number", f.number, f, ("db", f.topic_id))
        for m in Meeting.objects.only("id", "title"):
            self._put("meeting", m.title, m)
        for r in Remark.objects.only("id", "meeting_id", "topic_id", "order", "speaker_name"):
            self._put("remark", r.speaker_name, r, ("db", r.topic_id))
            self._put("remark_slot", r.order, r, ("db", r.meeting_id))
        for r in Recommendation.objects.only("id", "code", "topic_id", "number", "status"):
            self._put("recommendation", r.code, r)
            self._put("recommendation_number", r.number, r, ("db", r.topic_id))
        tasks = Task.objects.select_related("recommendation").prefetch_related("co_departments")
        for t in tasks:
            self._put("task", t.number, t, ("db", t.recommendation_id))
        for i in Indicator.objects.only("id", "topic_id", "name"):
            self._put("indicator", i.name, i, ("db", i.topic_id))
        reports = ProgressReport.objects.select_related("task__recommendation").annotate(seq=report_seq())
        for r in reports:
            self._put("report", report_key(r), r)

    def find(self, kind, key, scope=None):
        entry = (kind, self.token(scope), str(key))
        if entry not in self.entries and (kind, str(key)) in self.failed:
            sheet, row = self.failed[(kind, str(key))]
            raise ValueError(
                _("“%(key)s” is on row %(row)d of sheet %(sheet)s, which has problems.")
                % {"key": key, "row": row, "sheet": sheet}
            )
        if entry in self.ambiguous:
            raise ValueError(_("“%(key)s” matches more than one record; it is ambiguous.") % {"key": key})
        found = self.entries.get(entry)
        return found[0] if found else None

    def add(self, kind, key, obj, scope=None, row=None):
        self._put(kind, key, obj, self.token(scope), row)

    def add_failed(self, kind, key, sheet, row):
        """A row with problems still answers for its key, so rows that refer to it say where
        the trouble is instead of calling the key unknown."""
        if not is_blank(key):
            self.failed.setdefault((kind, str(key).strip()), (sheet, row))

    def unknown_message(self, kind, key):
        return UNKNOWN[kind](key)

    def department_by_pk(self, pk):
        return self.departments_by_pk[pk]


@dataclass
class ImportReport:
    problems: list = field(default_factory=list)
    created: dict = field(default_factory=dict)  # sheet -> instances in file order
    counts: dict = field(default_factory=dict)  # sheet -> rows
    updated: dict = field(default_factory=dict)  # sheet -> stored records changed (update imports)
    unchanged: dict = field(default_factory=dict)  # sheet -> stored records left as they are
    seconds: float = 0.0
    written: bool = False

    @property
    def ok(self):
        return not self.problems

    def summary(self):
        """Rows read per sheet, and in an update import how many stored records changed."""
        parts = []
        for sheet, count in self.counts.items():
            part = _("%(sheet)s %(count)d") % {"sheet": sheet, "count": count}
            if self.updated.get(sheet) or self.unchanged.get(sheet):
                part += _(" (%(updated)d updated, %(unchanged)d unchanged)") % {
                    "updated": self.updated.get(sheet, 0),
                    "unchanged": self.unchanged.get(sheet, 0),
                }
            parts.append(part)
        return pgettext("list separator", ", ").join(parts)


def _check_headers(sheet, resource, headers):
    problems = []
    columns = resource.columns()
    seen = set()
    for position, header in enumerate(headers):
        if not header:
            problems.append(
                Problem(_("A column has no header."), sheet=sheet, row=1, column=f"#{position + 1}")
            )
        elif header not in columns:
            problems.append(
                Problem(
                    _("Unknown column; expected some of: %(columns)s.") % {"columns": ", ".join(columns)},
                    sheet=sheet,
                    row=1,
                    column=header,
                )
            )
        elif header in seen:
            problems.append(Problem(_("The column appears twice."), sheet=sheet, row=1, column=header))
        seen.add(header)
    for required in resource.required:
        if required not in headers:
            problems.append(
                Problem(_("The required column is missing."), sheet=sheet, row=1, column=required)
            )
    return problems


def _read_rows(sheet, resource, table, index, report, progress, updates=None):
    """Cleaned, validated, unsaved instances of one sheet, as (instance, m2m, row number);
    problems go into the report. A row with problems is not built, but every check that can
    still run on it does, so fixing one problem does not reveal another."""
    columns = resource.columns()
    where = {h: p for p, h in enumerate(table.headers)}
    positions = [(where[h], h) for h in columns if h in where]
    exclude = {f.name for f in resource._meta.model._meta.fields if f.is_relation}
    exclude |= {"status", "verdict"}
    built = []
    for number, values in enumerate(table.rows, start=2):
        if progress:
            progress()
        row_problems = {}
        cleaned = {}
        raw = {h: values[p] if p < len(values) else None for p, h in positions}
        for header, field_ in ((h, columns[h]) for _p, h in positions):
            value = raw[header]
            if is_blank(value) and header in resource.required:
                row_problems[header] = [_("This cell is required.")]
                continue
            try:
                widget = field_.widget
                if isinstance(widget, RefWidget):
                    cleaned[header] = widget.clean(value, row=raw, index=index, cleaned=cleaned)
                else:
                    cleaned[header] = widget.clean(value, row=raw)
            except ValueError as exc:
                row_problems[header] = [str(exc)]
        if (
            not row_problems
            and updates is not None
            and _stored_row(sheet, cleaned, index, report, updates, number)
        ):
            continue
        instance = m2m = None
        if not row_problems:
            try:
                instance, m2m = resource.build(dict(cleaned), index)
            except RowError as exc:
                for column, message in exc.errors.items():
                    row_problems.setdefault(column, []).append(str(message))
        if instance is not None:
            if isinstance(instance, CongressOwned):
                instance._fill_congress()  # bulk_create calls no save()
            try:
                instance.clean_fields(exclude=exclude)
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    row_problems.setdefault(resource.column_of(name) or name, []).extend(messages)
            for key_columns, kind, key, scope in resource.keys(cleaned, instance):
                found = index.entries.get((kind, index.token(scope), str(key)))
                if found is None:
                    continue
                first = found[1]
                message = (
                    _("Already in the database.")
                    if first is None
                    else _("Repeats row %(row)d of this sheet.") % {"row": first}
                )
                row_problems.setdefault(" + ".join(key_columns), []).append(message)
        if row_problems:
            report.problems += [
                Problem(m, sheet=sheet, row=number, column=c) for c, ms in row_problems.items() for m in ms
            ]
            for kind, column in resource.referred_to_by:
                index.add_failed(kind, raw.get(column), sheet, number)
            continue
        for _columns, kind, key, scope in resource.keys(cleaned, instance):
            index.add(kind, key, instance, scope, row=number)
        for kind, key, scope in resource.references(cleaned, instance):
            index.add(kind, key, instance, scope, row=number)
        built.append((instance, m2m, number))
    return built


def _stored_row(sheet, cleaned, index, report, updates, number):
    """In an update import, whether the row is about a stored record: it is then queued to
    change that record's progress (or left as it is) instead of being added."""
    own = stored_key(sheet, cleaned)
    if own is not None:
        kind, key, scope = own
        found = index.entries.get((kind, index.token(scope), str(key)))
        if found is None or found[1] is not None:
            return False  # new, or a repeat of an earlier row (named as such when built)
        if sheet in UPDATES:
            updates.append((sheet, found[0], cleaned, number))
        else:
            report.unchanged[sheet] = report.unchanged.get(sheet, 0) + 1
        return True
    if sheet == "measurements" and updates.measurements.holds(cleaned):
        report.unchanged[sheet] = report.unchanged.get(sheet, 0) + 1
        return True
    return False


class Updates(list):
    """Rows of an update import that change stored records, applied after every new row is
    written (a report's acceptance can be what lets its recommendation close)."""

    def __init__(self):
        super().__init__()
        self.measurements = StoredMeasurements()

    def apply(self, actor, report):
        order = {"reports": 0, "recommendations": 1}
        for sheet, stored, cleaned, number in sorted(self, key=lambda u: (order[u[0]], u[3])):
            try:
                with transaction.atomic():
                    changed = UPDATES[sheet](actor=actor, cleaned=cleaned, **{UPDATED_AS[sheet]: stored})
            except ValueError as exc:
                report.problems.append(Problem(str(exc), sheet=sheet, row=number))
            except ValidationError as exc:
                report.problems += [Problem(m, sheet=sheet, row=number) for m in exc.messages]
            else:
                tally = report.updated if changed else report.unchanged
                tally[sheet] = tally.get(sheet, 0) + 1


# Database rules whose own message would read as a programming error to the person importing.
CONSTRAINT_MESSAGES = {
    "task_verified_has_verifier": lambda: _(
        "A verified task records who verified it: import as a named staff member."
    ),
}


def _refusal_message(model, exc):
    cause = exc.__cause__
    name = getattr(getattr(cause, "diag", None), "constraint_name", None) or ""
    if name in CONSTRAINT_MESSAGES:
        return CONSTRAINT_MESSAGES[name]()
    for constraint in model._meta.constraints:
        if (
            constraint.name == name
            and constraint.violation_error_message != type(constraint).default_violation_error_message
        ):
            return str(constraint.violation_error_message)
    detail = str(cause or exc).splitlines()[0]
    return _("The database refused the row: %(error)s") % {"error": detail}


def _unsaved_reference(instance):
    """A related record the row points to that could not be written (so has no key)."""
    for field_ in instance._meta.concrete_fields:
        if field_.is_relation and field_.is_cached(instance):
            related = field_.get_cached_value(instance)
            if related is not None and related.pk is None:
                return related
    return None


def _write(sheet, resource, built, actor, when, report, refused):
    """Writes one sheet's rows. Rows the database refuses are found one by one and reported
    by row; rows that refer to a refused row are reported too, and neither is written."""
    model = resource._meta.model
    rows = []
    for instance, m2m, number in built:
        missing = _unsaved_reference(instance)
        missing = missing or next(
            (other for others in m2m.values() for other in others if other.pk is None), None
        )
        if missing is not None:
            origin_sheet, origin_row = refused.get(id(missing), ("", None))
            report.problems.append(
                Problem(
                    _("Refers to row %(row)s of sheet %(sheet)s, which the database refused.")
                    % {"row": origin_row, "sheet": origin_sheet},
                    sheet=sheet,
                    row=number,
                )
            )
            refused[id(instance)] = (sheet, number)
            continue
        resource.prepare_write(instance, actor, when)
        rows.append((instance, m2m, number))
    try:
        with transaction.atomic():
            model.objects.bulk_create([row[0] for row in rows], batch_size=BATCH)
    except DatabaseError:
        for instance, _m2m, _number in rows:
            instance.pk = None
            instance._state.adding = True
        kept = []
        for instance, m2m, number in rows:
            try:
                with transaction.atomic():
                    model.objects.bulk_create([instance])
            except DatabaseError as exc:
                instance.pk = None
                report.problems.append(Problem(_refusal_message(model, exc), sheet=sheet, row=number))
                refused[id(instance)] = (sheet, number)
            else:
                kept.append((instance, m2m, number))
        rows = kept
    for name in resource.m2m_attributes():
        descriptor = getattr(model, name)
        through = descriptor.through
        source = descriptor.field.m2m_field_name()
        target = descriptor.field.m2m_reverse_field_name()
        links = [
            through(**{f"{source}_id": instance.pk, f"{target}_id": other.pk})
            for instance, m2m, _number in rows
            for other in m2m.get(name, [])
        ]
        through.objects.bulk_create(links, batch_size=BATCH)
    instances = [instance for instance, _m2m, _number in rows]
    events = [event for instance in instances for event in resource.events(instance, actor, when)]
    StatusEvent.objects.bulk_create(events, batch_size=BATCH)
    report.created[sheet] = instances


def oversight_import(*, actor, tables, dry_run=False, update=False, progress=None):
    """Import tables (sheet name -> files.Table). Writes nothing unless every row is valid and
    `dry_run` is false; either way every row the file could write is written inside the
    transaction first, so the database's rules are checked too. With `update`, rows about
    stored records change their progress (see `exchange.updates`). `progress` is called once
    per row read."""
    started = time.perf_counter()
    report = ImportReport()
    for sheet in tables:
        if sheet not in SHEETS:
            report.problems.append(
                Problem(
                    _("Unknown sheet; expected some of: %(sheets)s.") % {"sheets": ", ".join(SHEETS)},
                    sheet=sheet,
                )
            )
    when = timezone.now()
    try:
        with transaction.atomic(), _actor_context(actor):
            index = Index()
            refused = {}
            updates = Updates() if update else None
            for resource_class in RESOURCES:
                sheet = resource_class.sheet
                table = tables.get(sheet)
                if table is None:
                    continue
                resource = resource_class()
                report.counts[sheet] = len(table.rows)
                report.problems += _check_headers(sheet, resource, table.headers)
                if any(required not in table.headers for required in resource.required):
                    continue  # No row can be built without it.
                rows = _read_rows(sheet, resource, table, index, report, progress, updates)
                _write(sheet, resource, rows, actor, when, report, refused)
            if updates:
                updates.apply(actor, report)
            if report.problems or dry_run:
                raise _RollBack
            data_version.invalidate()  # bulk_create sends no signals
    except _RollBack:
        report.written = False
    except (DatabaseError, ValidationError) as exc:
        # A rule only the database knows, outside any single row; nothing was written.
        report.problems.append(Problem(_("The database refused the import: %(error)s") % {"error": exc}))
    else:
        report.written = True
    if not report.written and not dry_run:
        report.created = {}
    report.seconds = time.perf_counter() - started
    return report
