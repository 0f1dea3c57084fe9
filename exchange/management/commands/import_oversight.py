"""python manage.py import_oversight FILE [--dry-run] [--sheet NAME] [--user USERNAME]"""

import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from exchange.files import FileRejected, read_file
from exchange.importer import oversight_import


class ProgressBar:
    """A one-line bar on stderr, redrawn every 1% of rows."""

    def __init__(self, total, stream, width=30):
        self.total, self.stream, self.width = max(total, 1), stream, width
        self.done = 0
        self.step = max(self.total // 100, 1)

    def __call__(self):
        self.done += 1
        if self.done % self.step == 0 or self.done == self.total:
            filled = self.width * self.done // self.total
            self.stream.write(
                f"\r[{'#' * filled}{'.' * (self.width - filled)}] {100 * self.done // self.total:3d}% "
                f"{self.done}/{self.total}"
            )
            self.stream.flush()

    def finish(self):
        self.stream.write("\n")


class Command(BaseCommand):
    help = "Import the oversight record from an .xlsx, .csv or .json file: all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Check every row, write nothing.")
        parser.add_argument("--sheet", default="", help="Sheet a CSV file holds (default: the file name).")
        parser.add_argument("--user", default="", help="Username the history records (default: none).")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, file, dry_run, sheet, user, no_progress, **options):
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(_("No user named “%(user)s”.") % {"user": user})
        try:
            with open(file, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise CommandError(str(exc)) from None
        try:
            tables = read_file(file, data, default_sheet=sheet)
        except FileRejected as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(_("The file was refused; nothing was written.")) from None
        total = sum(len(t.rows) for t in tables.values())
        bar = None if no_progress else ProgressBar(total, sys.stderr)
        report = oversight_import(actor=actor, tables=tables, dry_run=dry_run, progress=bar)
        if bar:
            bar.finish()
        for problem in report.problems:
            self.stderr.write(str(problem))
        if report.problems:
            raise CommandError(
                _("%(count)d problem(s) found; nothing was written.") % {"count": len(report.problems)}
            )
        summary = ", ".join(f"{sheet} {count}" for sheet, count in report.counts.items())
        if dry_run:
            self.stdout.write(
                _("Dry run: every row is valid (%(summary)s); nothing written.") % {"summary": summary}
            )
        else:
            self.stdout.write(
                _("Imported %(summary)s in %(seconds).2f s.")
                % {"summary": summary, "seconds": report.seconds}
            )
