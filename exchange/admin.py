"""What the staff admin mixes in to import and export the oversight record (CSV, XLSX, JSON).

Every model's "Import" page takes the whole workbook: all its sheets are imported together, in
the order in which they refer to each other, through `exchange.importer` (all or nothing). The
upload is first written and rolled back (the dry run), and one preview lists every sheet with
its rows and every problem in words; only then can the staff member confirm. Export writes the
filtered change list through the same resource."""

import re
import secrets
import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import SelectableFieldsExportForm

from .exporter import COLUMN_HELP, neutralised
from .files import FORMATS, FileRejected, extension_of, read_file
from .importer import oversight_import
from .resources import RESOURCES, SHEETS

# Rows shown of a sheet without problems; a sheet with problems shows the rows that have them.
PREVIEW_ROWS = 5
UPLOAD_SALT = "exchange.admin.upload"
UPLOAD_MAX_AGE = 60 * 60
UPLOAD_NAME = re.compile(r"^[0-9a-f]{32}\.(xlsx|csv|json)$")


def upload_dir():
    path = Path(tempfile.gettempdir()) / "oversight-imports"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def keep_upload(data, extension):
    """Keeps the checked upload until it is confirmed; returns a signed reference to it."""
    name = f"{secrets.token_hex(16)}.{extension}"
    (upload_dir() / name).write_bytes(data)
    return signing.dumps(name, salt=UPLOAD_SALT)


def kept_upload(reference):
    """The stored upload's name and bytes, or None when the reference is forged or stale."""
    try:
        name = signing.loads(reference, salt=UPLOAD_SALT, max_age=UPLOAD_MAX_AGE)
    except signing.BadSignature:
        return None
    path = upload_dir() / str(name)
    if not UPLOAD_NAME.match(str(name)) or not path.is_file():
        return None
    return name, path.read_bytes()


def discard_upload(name):
    (upload_dir() / name).unlink(missing_ok=True)


class WorkbookImportForm(forms.Form):
    import_file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "The template workbook (.xlsx or .json) with any of its sheets, or one sheet as .csv."
        ),
    )
    sheet = forms.ChoiceField(
        label=gettext_lazy("Sheet of a CSV file"),
        # Offered by what the sheet holds, in the reader's language; the value is its name.
        choices=[
            (sheet, capfirst(resource._meta.model._meta.verbose_name_plural))
            for sheet, resource in SHEETS.items()
        ],
        help_text=gettext_lazy("A workbook names its own sheets; this applies only to a .csv file."),
    )
    update = forms.BooleanField(
        label=gettext_lazy("Update existing records"),
        required=False,
        help_text=gettext_lazy(
            "Rows whose code is already in the database change that record's progress columns "
            "instead of being refused as duplicates."
        ),
    )

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if extension_of(upload.name) not in FORMATS:
            raise forms.ValidationError(
                _("Unsupported file type “.%(ext)s”: use .xlsx, .csv or .json.")
                % {"ext": extension_of(upload.name)}
            )
        return upload


class ConfirmForm(forms.Form):
    upload = forms.CharField(widget=forms.HiddenInput)
    original_name = forms.CharField(widget=forms.HiddenInput)
    sheet = forms.CharField(widget=forms.HiddenInput)
    update = forms.BooleanField(widget=forms.HiddenInput, required=False)


def preview_sheets(tables, report):
    """Each imported sheet in import order, its rows (those with problems and the first few
    others) and its problems in words."""
    by_row = {}
    sheet_problems = {}
    for problem in report.problems:
        if problem.row is None or problem.row == 1:
            sheet_problems.setdefault(problem.sheet, []).append(problem)
        else:
            by_row.setdefault((problem.sheet, problem.row), []).append(problem)
    sheets = []
    for resource_class in RESOURCES:
        name = resource_class.sheet
        if name not in tables:
            continue
        table = tables[name]
        rows = []
        sheet_has_problems = any(s == name for s, _n in by_row)
        for number, values in enumerate(table.rows, start=2):
            problems = by_row.get((name, number), [])
            if problems or (not sheet_has_problems and number - 1 <= PREVIEW_ROWS):
                flagged = {p.column for p in problems}
                cells = [
                    {"value": "" if v is None else v, "flagged": h in flagged}
                    for h, v in zip(table.headers, values, strict=False)
                ]
                rows.append({"number": number, "cells": cells, "problems": problems})
        sheets.append(
            {
                "name": name,
                "label": resource_class._meta.model._meta.verbose_name_plural,
                "count": len(table.rows),
                "headers": table.headers,
                "rows": rows,
                "hidden": len(table.rows) - len(rows),
                "problems": sheet_problems.get(name, []),
                "row_problem_count": sum(len(p) for (s, _n), p in by_row.items() if s == name),
            }
        )
    return sheets


class SpreadsheetCSV(base_formats.CSV):
    """The admin's CSV export, formula-like text neutralised (oversight/spreadsheet_safety.py)."""

    def export_data(self, dataset, **kwargs):
        return super().export_data(neutralised(dataset), **kwargs)


class SpreadsheetXLSX(base_formats.XLSX):
    """The admin's XLSX export, formula-like text neutralised."""

    def export_data(self, dataset, **kwargs):
        return super().export_data(neutralised(dataset), **kwargs)


class ExportForm(SelectableFieldsExportForm):
    """The columns offered for export by their names in the reader's language, not by their
    codes in title case: the name of the model field, or the start of the column's help."""

    def _get_field_label(self, resource, field_name):
        field = resource.fields.get(field_name)
        attribute = ((field.attribute if field else None) or field_name).split("__")[0]
        try:
            return capfirst(resource._meta.model._meta.get_field(attribute).verbose_name)
        except FieldDoesNotExist:  # not a model field (a reference by code, a computed column)
            hint = str(COLUMN_HELP.get(field_name, field_name))
            return re.split(r"[:,：，(（]", hint, maxsplit=1)[0].strip()


class ExchangeAdminMixin(ImportExportMixin):
    """Mix in before the admin's base class and set `resource_classes = [SomeResource]`."""

    import_template_name = "admin/exchange/import.html"
    export_form_class = ExportForm

    def get_export_formats(self):
        return [SpreadsheetCSV, SpreadsheetXLSX, base_formats.JSON]

    def has_import_permission(self, request):
        user = request.user
        return user.is_active and (user.is_superuser or getattr(user, "is_committee_staff", False))

    def _import_context(self, request, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import the oversight workbook"),
            "sheets_in_order": list(SHEETS),
            **extra,
        }

    def import_action(self, request, **kwargs):
        """Upload, dry run and preview; the confirmation posts to `process_import`."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        own_sheet = self.resource_classes[0].sheet
        form = WorkbookImportForm(request.POST or None, request.FILES or None, initial={"sheet": own_sheet})
        if request.method != "POST" or not form.is_valid():
            return TemplateResponse(
                request, self.import_template_name, self._import_context(request, form=form)
            )
        upload = form.cleaned_data["import_file"]
        data = upload.read()
        sheet, update = form.cleaned_data["sheet"], form.cleaned_data["update"]
        try:
            tables = read_file(upload.name, data, default_sheet=sheet)
        except FileRejected as exc:
            for problem in exc.problems or [_("The file holds no rows.")]:
                form.add_error("import_file", str(problem))
            return TemplateResponse(
                request, self.import_template_name, self._import_context(request, form=form)
            )
        report = oversight_import(actor=request.user, tables=tables, dry_run=True, update=update)
        confirm_form = None
        if report.ok:
            confirm_form = ConfirmForm(
                initial={
                    "upload": keep_upload(data, extension_of(upload.name)),
                    "original_name": upload.name,
                    "sheet": sheet,
                    "update": update,
                }
            )
        return self._preview(request, form, tables, report, upload.name, confirm_form)

    def _preview(self, request, form, tables, report, file_name, confirm_form):
        context = self._import_context(
            request,
            form=form,
            report=report,
            sheets=preview_sheets(tables, report),
            file_name=file_name,
            confirm_form=confirm_form,
            not_in_file=[s for s in SHEETS if s not in tables],
        )
        return TemplateResponse(request, self.import_template_name, context)

    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        import_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
        confirm = ConfirmForm(request.POST or None)
        kept = kept_upload(confirm.data.get("upload", "")) if confirm.is_valid() else None
        if request.method != "POST" or kept is None:
            messages.error(request, _("The upload has expired or is not valid; upload the file again."))
            return HttpResponseRedirect(import_url)
        name, data = kept
        original_name = confirm.cleaned_data["original_name"]
        sheet, update = confirm.cleaned_data["sheet"], confirm.cleaned_data["update"]
        try:
            tables = read_file(name, data, default_sheet=sheet)
        except FileRejected:
            discard_upload(name)
            messages.error(request, _("The upload has expired or is not valid; upload the file again."))
            return HttpResponseRedirect(import_url)
        report = oversight_import(actor=request.user, tables=tables, update=update)
        if not report.written:
            # The database changed since the preview; show what now stands in the way.
            form = WorkbookImportForm(initial={"sheet": sheet, "update": update})
            return self._preview(request, form, tables, report, original_name, None)
        discard_upload(name)
        messages.success(
            request,
            _("Imported from %(file)s: %(summary)s.") % {"file": original_name, "summary": report.summary()},
        )
        return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))
