"""Open data: the page listing the data sets, their schema page, and each data set as CSV,
XLSX or JSON. All three formats are written from the same rows of `opendata.Dataset`."""

import csv
import datetime
import decimal
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from oversight import data_version
from oversight.spreadsheet_safety import neutralise

from .opendata import DATASETS, DATASETS_BY_SLUG, LIST, TYPE_DESCRIPTIONS

# Under MEDIA_ROOT: the files built for the current data version (see `_built_file`).
OPEN_DATA_FOLDER = "open-data"

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def index(request):
    return render(request, "api/open_data.html", {"datasets": DATASETS, "formats": list(FORMATS)})


def schema(request):
    # Values a reader types or reads in the files (true, Asia/Shanghai) are marked as code.
    codes = {"tz": settings.TIME_ZONE, "true": "true", "false": "false"}
    codes = {key: format_html("<code>{}</code>", value) for key, value in codes.items()}
    type_descriptions = {
        name: mark_safe(conditional_escape(str(description)) % codes)
        for name, description in TYPE_DESCRIPTIONS.items()
    }
    return render(request, "api/open_data_schema.html", {"datasets": DATASETS, "types": type_descriptions})


def download(request, slug, fmt):
    dataset = DATASETS_BY_SLUG.get(slug)
    if dataset is None or fmt not in FORMATS:
        raise Http404
    today = timezone.localdate().isoformat()
    path = _built_file(dataset, fmt, today)
    filename = f"{dataset.slug}-{today}.{fmt}"
    return FileResponse(path.open("rb"), as_attachment=True, filename=filename, content_type=FORMATS[fmt])


def _built_file(dataset, fmt, today):
    """The file for the current data version, day and language, built on the first download
    and then served as is: a download costs a file read, not the data set's queries and a
    spreadsheet build. Files of retired versions are removed when a new version is built."""
    root = Path(settings.MEDIA_ROOT) / OPEN_DATA_FOLDER
    folder = root / f"{data_version.current()}-{today}"
    path = folder / get_language() / f"{dataset.slug}.{fmt}"
    if not path.exists():
        content = {"csv": _csv, "xlsx": _xlsx, "json": _json}[fmt](dataset, dataset.records())
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed: a concurrent download never reads half a file.
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as partial:
            partial.write(content)
        os.replace(partial.name, path)
        for retired in root.iterdir():
            if retired != folder:
                shutil.rmtree(retired, ignore_errors=True)
    return path


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
