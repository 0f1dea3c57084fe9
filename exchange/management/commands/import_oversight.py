"""python manage.py import_oversight FILE --user USERNAME [--dry-run] [--sheet NAME] [--language CODE]"""

import os
import sys

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from congresses.models import congress_for_command, in_congress
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


def language_from_environment():
    """The terminal's language (LC_ALL, LC_MESSAGES, LANG, e.g. zh_CN.UTF-8) when the site
    speaks it, else the site's default."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "").split(".")[0].replace("_", "-").lower()
        if value and value not in ("c", "posix"):
            try:
                return translation.get_supported_language_variant(value)
            except LookupError:
                break
    return settings.LANGUAGE_CODE


class Command(BaseCommand):
    help = "Import the oversight record from an .xlsx, .csv or .json file: all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--user", default="", help="The staff member the import is recorded under (required)."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Write every row in a transaction that is rolled back: the same checks, nothing kept.",
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Rows about stored records change their progress columns instead of being refused.",
        )
        parser.add_argument("--sheet", default="", help="Sheet a CSV file holds (default: the file name).")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help="Language of the messages (default: from LC_ALL, LC_MESSAGES or LANG, else the site's).",
        )
        parser.add_argument(
            "--congress",
            default="",
            help="Code of the congress the records are imported into (default: the user's own).",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, language, **options):
        with translation.override(language or language_from_environment()):
            self.run(**options)

    def run(self, *, file, dry_run, update, sheet, user, no_progress, congress, **options):
        if not user:
            raise CommandError(_("Name the staff member the import is recorded under: --user USERNAME."))
        actor = get_user_model().objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(_("No active user named “%(user)s”.") % {"user": user})
        if not (actor.is_committee_staff or actor.is_superuser):
            raise CommandError(
                _("“%(user)s” is not committee staff; only staff import records.") % {"user": user}
            )
        if actor.congress_id and congress and congress.lower() != actor.congress.code.lower():
            raise CommandError(
                _("“%(user)s” works for %(congress)s and imports only into it.")
                % {"user": user, "congress": actor.congress}
            )
        target = actor.congress if actor.congress_id and not congress else congress_for_command(congress)
        with in_congress(target):
            self.import_into(
                file=file, dry_run=dry_run, update=update, sheet=sheet, actor=actor, no_progress=no_progress
            )

    def import_into(self, *, file, dry_run, update, sheet, actor, no_progress):
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
        report = oversight_import(actor=actor, tables=tables, dry_run=dry_run, update=update, progress=bar)
        if bar:
            bar.finish()
        for problem in report.problems:
            self.stderr.write(str(problem))
        if report.problems:
            raise CommandError(
                _("%(count)d problem(s) found; nothing was written.") % {"count": len(report.problems)}
            )
        summary = report.summary()
        if dry_run:
            self.stdout.write(
                _("Dry run: every row was written and rolled back (%(summary)s); nothing kept.")
                % {"summary": summary}
            )
        else:
            self.stdout.write(
                _("Imported %(summary)s in %(seconds).2f s.")
                % {"summary": summary, "seconds": report.seconds}
            )
