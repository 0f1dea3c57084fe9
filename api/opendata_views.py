"""Open data: the page listing the data sets, their schema page, and each data set as CSV,
XLSX or JSON. All three formats are written from the same rows of `opendata.Dataset`."""

import csv
import datetime
import decimal
import io
import json

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from oversight.spreadsheet_safety import neutralise

from .opendata import DATASETS, DATASETS_BY_SLUG, LIST, TYPE_DESCRIPTIONS

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def index(request):
    return render(request, "api/open_data.html", {"datasets": DATASETS, "formats": list(FORMATS)})


def schema(request):
    type_descriptions = {
        name: str(description) % {"tz": settings.TIME_ZONE} for name, description in TYPE_DESCRIPTIONS.items()
    }
    return render(request, "api/open_data_schema.html", {"datasets": DATASETS, "types": type_descriptions})


def download(request, slug, fmt):
    dataset = DATASETS_BY_SLUG.get(slug)
    if dataset is None or fmt not in FORMATS:
        raise Http404
    rows = dataset.records()
    content = {"csv": _csv, "xlsx": _xlsx, "json": _json}[fmt](dataset, rows)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    filename = f"{dataset.slug}-{timezone.localdate().isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _text(value, column):
    """A cell as text for CSV: ISO dates, lowercase booleans, lists joined with “;”, text that
    would run as a formula neutralised."""
    return neutralise(_plain_text(value, column))


def _plain_text(value, column):
    if value is None:
        return ""
    if column.type == LIST:
        return ";".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        # Stored with 4 places: drop trailing zeros (29.8000 → 29.8), never an exponent.
        return format(value.normalize(), "f")
    return str(value)


def _csv(dataset, rows):
    buffer = io.StringIO()
    # A byte-order mark so spreadsheet programs read the Chinese text as UTF-8.
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([column.name for column in dataset.columns])
    for row in rows:
        writer.writerow([_text(value, column) for value, column in zip(row, dataset.columns, strict=True)])
    return buffer.getvalue().encode("utf-8")


def _xlsx_cell(value, column):
    if value is None:
        return None
    if column.type == LIST:
        return neutralise(";".join(value))
    if isinstance(value, datetime.datetime):
        # Excel has no time zones: local time, as the schema says.
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, str):
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def _xlsx(dataset, rows):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(dataset.slug)
    sheet.append([column.name for column in dataset.columns])
    for row in rows:
        sheet.append([_xlsx_cell(value, column) for value, column in zip(row, dataset.columns, strict=True)])
    # The schema travels with the data: one row per column.
    described = workbook.create_sheet("schema")
    described.append(["column", "type", "description"])
    for column in dataset.columns:
        described.append([column.name, column.type, str(column.description)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _json_value(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        # A JSON number, not a string; integral values stay integers.
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _json(dataset, rows):
    names = [column.name for column in dataset.columns]
    document = {
        "dataset": dataset.slug,
        "title": str(dataset.title),
        "generated_at": timezone.localtime().isoformat(),
        "columns": names,
        "count": len(rows),
        "records": [dict(zip(names, map(_json_value, row), strict=True)) for row in rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
