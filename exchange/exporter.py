"""Export of the oversight record, and the blank template: the same sheets and columns that
the import reads, so that an export imported into an empty database exports the same again."""

import io
import json

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from oversight.spreadsheet_safety import neutralise

from .files import README_SHEET
from .resources import RESOURCES, SHEETS

# What each column holds, for the readme sheet (translated when the workbook is written).
COLUMN_HELP = {
    "code": gettext_lazy("Stable code, unique (letters, digits, hyphens)"),
    "name": gettext_lazy("Full name, unique"),
    "short_name": gettext_lazy("Short name"),
    "kind": gettext_lazy("Kind (value or label)"),
    "contact_email": gettext_lazy("Contact email"),
    "head_name": gettext_lazy("Head of department"),
    "head_email": gettext_lazy("Head's email"),
    "is_active": gettext_lazy("1 or 0"),
    "year": gettext_lazy("Year"),
    "title": gettext_lazy("Title"),
    "form": gettext_lazy("Form of oversight (value or label)"),
    "responsible_office": gettext_lazy("Responsible committee office: department code or exact name"),
    "description": pgettext_lazy("workbook column", "Description"),
    "is_published": gettext_lazy("Published: 1 or 0"),
    "topic": gettext_lazy("Topic code"),
    "started_on": gettext_lazy("Date, YYYY-MM-DD"),
    "ended_on": gettext_lazy("Date, YYYY-MM-DD"),
    "summary": pgettext_lazy("workbook column", "Summary"),
    "departments_visited": gettext_lazy("Departments visited: codes or names separated by ;"),
    "departments_consulted": gettext_lazy(
        "Departments giving written opinions: codes or names separated by ;"
    ),
    "number": gettext_lazy("Number within its parent"),
    "source": gettext_lazy("Source: for a finding the inspection title; for a recommendation finding codes"),
    "category": gettext_lazy("Category"),
    "content": gettext_lazy("Content"),
    "lead_unit": gettext_lazy("Lead department: department code or exact name"),
    "held_on": gettext_lazy("Date, YYYY-MM-DD"),
    "topics": gettext_lazy("Topic codes separated by ;"),
    "meeting": gettext_lazy("Meeting title"),
    "order": gettext_lazy("Order of speaking"),
    "speaker_name": gettext_lazy("Speaker"),
    "remarks": gettext_lazy("Source remarks: speaker names on the same topic separated by ;"),
    "is_priority": gettext_lazy("Priority follow-up: 1 or 0"),
    "government_response": gettext_lazy(
        "Government response: pending, accepted, partially_accepted, not_accepted, "
        "no_position (no position stated), or the label"
    ),
    "government_response_on": gettext_lazy("Date of the government's response, YYYY-MM-DD"),
    "progress": gettext_lazy("Progress: draft, issued, in_progress, reported, closed (or label)"),
    "recheck_verdict": gettext_lazy("Committee verdict: implemented, partially_implemented, not_implemented"),
    "cycle": gettext_lazy(
        "Handling round: 1, or more after re-handling or reopening (then progress is "
        "in_progress, reported or closed); blank means 1"
    ),
    "response_due_original": gettext_lazy(
        "Handling report due, YYYY-MM-DD; blank if none was set (then no reminders)"
    ),
    "response_due": gettext_lazy("Revised due date, YYYY-MM-DD"),
    "issued_at": gettext_lazy("Issued at, YYYY-MM-DD HH:MM:SS"),
    "closed_at": gettext_lazy("Closed at, YYYY-MM-DD HH:MM:SS"),
    "recommendation": gettext_lazy("Recommendation code"),
    "co_units": gettext_lazy("Supporting departments: codes or names separated by ;"),
    "assigned_on": gettext_lazy("Date, YYYY-MM-DD"),
    "due_original": gettext_lazy("Due date, YYYY-MM-DD"),
    "due_date": gettext_lazy("Revised due date, YYYY-MM-DD (default: the due date)"),
    "claimed_done_at": gettext_lazy("Department claimed done at, YYYY-MM-DD HH:MM:SS"),
    "verified_at": gettext_lazy("Verified at, YYYY-MM-DD HH:MM:SS"),
    "unit": gettext_lazy("Unit"),
    "direction": gettext_lazy("lower or higher (which is better)"),
    "key": gettext_lazy("Report reference, e.g. 2022-FRAUD-01-T1-R1, referred to by measurements"),
    "task": gettext_lazy("Task number within the recommendation"),
    "department": gettext_lazy("Reporting department: code or exact name"),
    "narrative": gettext_lazy("What was done"),
    "is_final": gettext_lazy("Final report claiming the task done: 1 or 0"),
    "status": gettext_lazy("draft, submitted, returned or accepted (or label)"),
    "submitted_at": gettext_lazy("Submitted at, YYYY-MM-DD HH:MM:SS"),
    "accepted_at": gettext_lazy("Accepted at, YYYY-MM-DD HH:MM:SS"),
    "indicator": gettext_lazy("Indicator name within the topic"),
    "report": gettext_lazy("Report reference (blank for a topic-level figure)"),
    "value": gettext_lazy("Value"),
    "is_lower_bound": gettext_lazy("Value is a lower bound (余, 多, 上): 1 or 0"),
    "baseline": gettext_lazy("Baseline"),
    "change_percent": gettext_lazy("Reported change in %, e.g. -29.8 for 比降29.8%"),
    "period_start": gettext_lazy("Date, YYYY-MM-DD"),
    "period_end": gettext_lazy("Date, YYYY-MM-DD"),
    "period_label": gettext_lazy("Period as reported, e.g. 今年以来"),
    "note": gettext_lazy("Note"),
}


def export_datasets(querysets=None):
    """Sheet name -> tablib Dataset of every record (or of the given querysets)."""
    querysets = querysets or {}
    return {r.sheet: r().export(queryset=querysets.get(r.sheet)) for r in RESOURCES}


def blank_datasets():
    import tablib

    return {r.sheet: tablib.Dataset(headers=list(r().columns())) for r in RESOURCES}


README_LANGUAGES = ("zh-hans", "en")


def _readme_intro():
    return [
        _("Oversight record workbook"),
        _(
            "One sheet per kind of record; the first row of each sheet holds the column names. "
            "Columns marked required must be filled. References use natural keys: a department "
            "by code or exact name, a recommendation by code, an indicator by name within its topic."
        ),
        _(
            "Formulas are refused: enter values. Sheets may be left out. Rows are added; with "
            "“update existing records” (admin) or --update (command line), a row whose code is "
            "already in the database changes that record's progress columns instead."
        ),
    ]


def readme_rows():
    """The readme sheet, in Chinese and in English: each line of the introduction in both
    languages, then a table of every column with its meaning in both."""
    intros = {}
    for language in README_LANGUAGES:
        with translation.override(language):
            intros[language] = _readme_intro()
    rows = [[intros[language][0] for language in README_LANGUAGES]]
    for position in range(1, len(intros[README_LANGUAGES[0]])):
        rows += [[intros[language][position]] for language in README_LANGUAGES]
    rows.append([])
    header = []
    for language in README_LANGUAGES:
        with translation.override(language):
            header.append([_("sheet"), _("column"), _("required"), _("meaning")])
    rows.append(["sheet / 工作表", "column / 列", *header[0][2:], *header[1][2:]])
    for resource_class in RESOURCES:
        resource = resource_class()
        for column in resource.columns():
            cells = [resource.sheet, column]
            meanings = []
            for language in README_LANGUAGES:
                with translation.override(language):
                    cells.append(_("yes") if column in resource.required else "")
                    meanings.append(str(COLUMN_HELP.get(column, "")))
            rows.append([*cells[:2], cells[2], meanings[0], cells[3], meanings[1]])
    return rows


def workbook_bytes(datasets, readme=True):
    """An XLSX workbook: a readme sheet, then one sheet per dataset, all cells as text."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    book.remove(book.active)
    if readme:
        sheet = book.create_sheet(README_SHEET)
        rows = readme_rows()
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True, size=14)
        for cell in sheet[rows.index([]) + 2]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["B"].width = 24
        sheet.column_dimensions["D"].width = 60
        sheet.column_dimensions["F"].width = 70
    for name, dataset in datasets.items():
        sheet = book.create_sheet(name)
        sheet.append(list(dataset.headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in dataset:
            # Text cells: a value never turns into a formula or a reformatted number, and text
            # that a spreadsheet would run once edited is neutralised (the importer restores it).
            cells = []
            for value in row:
                text = "" if value is None else neutralise(str(value))
                cell = openpyxl.cell.WriteOnlyCell(sheet, value=text)
                cell.data_type = "s"
                cells.append(cell)
            sheet.append(cells)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def json_bytes(datasets):
    data = {name: [dict(zip(d.headers, row, strict=True)) for row in d] for name, d in datasets.items()}
    return json.dumps(data, ensure_ascii=False, indent=1).encode()


def neutralised(dataset):
    """A copy of a tablib Dataset for a spreadsheet, formula-like text neutralised."""
    import tablib

    return tablib.Dataset(*[tuple(map(neutralise, row)) for row in dataset], headers=dataset.headers)


def csv_bytes(dataset):
    return neutralised(dataset).export("csv").encode("utf-8-sig")


def export_file(fmt, sheet=None):
    """The whole record as bytes: xlsx or json with every sheet, csv with one `sheet`."""
    if fmt == "csv":
        if sheet not in SHEETS:
            raise ValueError(_("CSV holds one sheet: name it (%(sheets)s).") % {"sheets": ", ".join(SHEETS)})
        return csv_bytes(SHEETS[sheet]().export())
    datasets = export_datasets()
    return workbook_bytes(datasets) if fmt == "xlsx" else json_bytes(datasets)
