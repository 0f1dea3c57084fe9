"""What the staff admin mixes in to import and export a model's sheet (CSV, XLSX, JSON).

Import previews every row (or every problem, by row and column) before the staff member
confirms; files are checked the same way as on the command line. Export writes the filtered
change list through the same resource."""

from django.utils.translation import gettext as _
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats

from .files import FileRejected, read_file


class _Checked:
    """Reads an upload through `exchange.files`, so the admin refuses what the command refuses
    (size, content not matching the extension, formulas)."""

    sheet = ""
    extension = ""

    def create_dataset(self, in_stream, **kwargs):
        data = in_stream.encode("utf-8") if isinstance(in_stream, str) else in_stream
        tables = read_file(f"upload.{self.extension}", data, default_sheet=self.sheet)
        table = tables.get(self.sheet) or next(iter(tables.values()), None)
        if table is None:
            raise FileRejected([])
        return table.to_dataset()


def checked_formats(sheet):
    """The three formats, each bound to the sheet the admin's model lives on."""
    return [
        type("CheckedCSV", (_Checked, base_formats.CSV), {"sheet": sheet, "extension": "csv"}),
        type("CheckedXLSX", (_Checked, base_formats.XLSX), {"sheet": sheet, "extension": "xlsx"}),
        type("CheckedJSON", (_Checked, base_formats.JSON), {"sheet": sheet, "extension": "json"}),
    ]


class ExchangeAdminMixin(ImportExportMixin):
    """Mix in before the admin's base class and set `resource_classes = [SomeResource]`."""

    # Bytes as uploaded: the checked formats decode (and refuse) text themselves.
    from_encoding = "utf-8-sig"

    def get_import_formats(self):
        return checked_formats(self.resource_classes[0].sheet)

    def get_export_formats(self):
        return [base_formats.CSV, base_formats.XLSX, base_formats.JSON]

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, FileRejected):
            for problem in e.problems or [_("The file holds no rows.")]:
                form.add_error("import_file", str(problem))
        elif isinstance(e, UnicodeDecodeError):
            message = _("The file is not UTF-8 text; save it as “CSV UTF-8” and try again.")
            form.add_error("import_file", message)
        else:
            form.add_error("import_file", _("The file cannot be read in the chosen format."))
