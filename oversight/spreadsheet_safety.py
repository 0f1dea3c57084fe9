"""Text that a spreadsheet program would run as a formula, made inert (OWASP "CSV injection").

Every CSV and XLSX cell the product writes passes through `neutralise`: text starting with
`=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe, so Excel, WPS and
LibreOffice show it as text instead of evaluating it (`=HYPERLINK(...)` would otherwise send
the neighbouring cells to another site). Numbers, and text that reads as a plain number
("-29.8"), are left alone so figures stay figures. The importer undoes it with `restore`, so
an exported workbook imports back to the same values.
"""

import re

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
# A plain decimal number, as the product writes them ("-29.8", "+3", "1e5" is not one).
PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def _is_risky(text):
    if text.startswith(FORMULA_TRIGGERS):
        return not PLAIN_NUMBER.fullmatch(text)
    # An apostrophe already in front of a trigger is escaped too, so `restore` is exact.
    return text.startswith(QUOTE) and _is_risky(text[1:])


def neutralise(value):
    """The value to write in a cell: risky text with an apostrophe in front, anything else as is."""
    if isinstance(value, str) and _is_risky(value):
        return QUOTE + value
    return value


def restore(value):
    """The inverse of `neutralise`, for cells read back from a file the product wrote."""
    if isinstance(value, str) and value.startswith(QUOTE) and _is_risky(value[1:]):
        return value[1:]
    return value
