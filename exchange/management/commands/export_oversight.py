"""python manage.py export_oversight FILE [--sheet NAME] [--template] [--congress CODE]"""

from django.core.management.base import BaseCommand, CommandError

from congresses.models import congress_for_command, in_congress
from exchange.exporter import blank_datasets, export_file, workbook_bytes
from exchange.files import FORMATS, extension_of


class Command(BaseCommand):
    help = "Export the oversight record to .xlsx or .json (every sheet) or .csv (one --sheet)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--sheet", default="", help="The sheet a CSV file holds.")
        parser.add_argument("--template", action="store_true", help="Write the blank template workbook.")
        parser.add_argument(
            "--congress", default="", help="Code of the congress to export (default: the default one)."
        )

    def handle(self, *args, file, sheet, template, congress, **options):
        fmt = extension_of(file)
        if fmt not in FORMATS:
            raise CommandError("Use a .xlsx, .csv or .json file name.")
        try:
            with in_congress(congress_for_command(congress)):
                data = workbook_bytes(blank_datasets()) if template else export_file(fmt, sheet=sheet)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        with open(file, "wb") as handle:
            handle.write(data)
        self.stdout.write(f"Wrote {file} ({len(data)} bytes).")
