"""Reading an uploaded file into tables, refusing what is not safe or not what it says it is.

A file is checked before any row is read: its size, that its content matches its extension
(an XLSX is a zip package, CSV is UTF-8 text, JSON parses), and that no cell holds a formula.
Every problem found is reported at once, with its sheet, row and column."""

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from oversight.archives import check_zip_limits
from oversight.spreadsheet_safety import restore

FORMATS = ("xlsx", "csv", "json")
README_SHEET = "readme"


def max_bytes():
    return getattr(settings, "EXCHANGE_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)


@dataclass
class Problem:
    """One thing wrong with the input; `row` is the spreadsheet row (the header is row 1)."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""

    def __str__(self):
        where = []
        if self.sheet:
            where.append(_("sheet %(sheet)s") % {"sheet": self.sheet})
        if self.row is not None:
            where.append(_("row %(row)d") % {"row": self.row})
        if self.column:
            where.append(_("column %(column)s") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}" if where else self.message


class FileRejected(Exception):
    """The file cannot be read as an import; carries every problem found."""

    def __init__(self, problems):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Table:
    headers: list
    rows: list = field(default_factory=list)

    @classmethod
    def from_dataset(cls, dataset):
        headers = ["" if h is None else str(h).strip() for h in (dataset.headers or [])]
        return cls(headers=headers, rows=[list(row) for row in dataset])

    def to_dataset(self):
        import tablib

        return tablib.Dataset(*[tuple(r) for r in self.rows], headers=self.headers)


def extension_of(name):
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def read_file(name, data, default_sheet=""):
    """Tables by sheet name from a file's bytes. CSV (and a JSON list of rows) hold one sheet:
    `default_sheet`, or the file's name without extension."""
    ext = extension_of(name)
    if len(data) > max_bytes():
        raise FileRejected(
            [
                Problem(
                    _("The file is too large (%(size)d bytes; at most %(max)d).")
                    % {"size": len(data), "max": max_bytes()}
                )
            ]
        )
    if ext not in FORMATS:
        raise FileRejected(
            [Problem(_("Unsupported file type “.%(ext)s”: use .xlsx, .csv or .json.") % {"ext": ext})]
        )
    stem = default_sheet or name.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()
    if ext == "xlsx":
        return read_xlsx(data, name)
    text = decode_text(data, ext)
    if ext == "csv":
        return {stem: read_csv(text, stem)}
    return read_json(text, stem)


def decode_text(data, ext):
    if data.startswith(b"PK\x03\x04") or b"\x00" in data[:4096]:
        raise FileRejected(
            [Problem(_("The file is not a .%(ext)s text file: its content is binary.") % {"ext": ext})]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRejected(
            [Problem(_("The file is not UTF-8 text; save it as “CSV UTF-8” and try again."))]
        ) from None


def formula_problems(sheet, headers, rows):
    """A cell whose text starts with "=" would be run as a formula by a spreadsheet program."""
    problems = []
    for number, row in enumerate(rows, start=2):
        for position, value in enumerate(row):
            if isinstance(value, str) and value.lstrip().startswith("="):
                problems.append(formula_problem(sheet, number, headers, position))
    return problems


def formula_problem(sheet, row, headers, position):
    column = headers[position] if position < len(headers) and headers[position] else _column_letter(position)
    return Problem(
        _("The cell holds a formula; enter the value itself."), sheet=sheet, row=row, column=column
    )


def _column_letter(position):
    from openpyxl.utils import get_column_letter

    return get_column_letter(position + 1)


def read_xlsx(data, name="workbook.xlsx"):
    import openpyxl

    if not data.startswith(b"PK\x03\x04"):
        raise FileRejected(
            [Problem(_("The file is not an .xlsx workbook (its content is not a zip package)."))]
        )
    try:
        check_zip_limits(io.BytesIO(data), name)
    except ValidationError as error:
        raise FileRejected([Problem(message) for message in error.messages]) from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise FileRejected(
            [
                Problem(
                    _("The file is not a readable .xlsx workbook (%(error)s).")
                    % {"error": type(exc).__name__}
                )
            ]
        ) from None
    tables, problems = {}, []
    try:
        for sheet in book.worksheets:
            name = sheet.title.strip().lower()
            if name == README_SHEET:
                continue
            rows = sheet.iter_rows()
            header_cells = next(rows, None)
            if header_cells is None:
                continue
            headers = ["" if c.value is None else str(c.value).strip() for c in header_cells]
            while headers and not headers[-1]:
                headers.pop()
            values = []
            for number, cells in enumerate(rows, start=2):
                row = []
                for position, cell in enumerate(cells[: len(headers)]):
                    if cell.data_type == "f":
                        problems.append(formula_problem(name, number, headers, position))
                    row.append(cell.value)
                if any(v is not None and str(v).strip() for v in row):
                    values.append(row + [None] * (len(headers) - len(row)))
            problems += [p for p in formula_problems(name, headers, values) if p not in problems]
            tables[name] = Table(headers=headers, rows=_restored(values))
    finally:
        book.close()
    if problems:
        raise FileRejected(problems)
    return tables


def read_csv(text, sheet):
    reader = csv.reader(io.StringIO(text))
    try:
        headers = [h.strip() for h in next(reader, [])]
        rows = [row for row in reader if any(cell.strip() for cell in row)]
    except csv.Error as exc:
        raise FileRejected([Problem(_("The CSV file cannot be read: %(error)s") % {"error": exc})]) from None
    width = len(headers)
    problems = formula_problems(sheet, headers, rows)
    for number, row in enumerate(rows, start=2):
        if len(row) > width and any(c.strip() for c in row[width:]):
            problems.append(
                Problem(_("The row has more cells than there are columns."), sheet=sheet, row=number)
            )
    if problems:
        raise FileRejected(problems)
    return Table(headers=headers, rows=_restored((row + [""] * width)[:width] for row in rows))


def _restored(rows):
    """Rows with the apostrophe our exports put before formula-like text taken off again
    (after the formula check, which must see the cells as written)."""
    return [[restore(value) for value in row] for row in rows]


def read_json(text, stem):
    """Either a list of row objects (one sheet) or an object of sheet name -> list of rows."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileRejected(
            [
                Problem(
                    _("The file is not valid JSON (line %(line)d): %(error)s")
                    % {"line": exc.lineno, "error": exc.msg}
                )
            ]
        ) from None
    sheets = {stem: data} if isinstance(data, list) else data
    if not isinstance(sheets, dict) or not all(isinstance(v, list) for v in sheets.values()):
        raise FileRejected(
            [Problem(_("The JSON must be a list of rows, or an object of sheet name to rows."))]
        )
    tables, problems = {}, []
    for name, records in sheets.items():
        name = str(name).strip().lower()
        headers = []
        for record in records:
            if not isinstance(record, dict):
                problems.append(Problem(_("Each row must be an object of column to value."), sheet=name))
                break
            headers += [k for k in record if k not in headers]
        rows = [[r.get(h) for h in headers] for r in records if isinstance(r, dict)]
        for number, row in enumerate(rows, start=2):
            for position, value in enumerate(row):
                if isinstance(value, dict | list):
                    problems.append(
                        Problem(_("Enter a single value."), sheet=name, row=number, column=headers[position])
                    )
        problems += formula_problems(name, headers, rows)
        tables[name] = Table(headers=headers, rows=rows)
    if problems:
        raise FileRejected(problems)
    return tables
