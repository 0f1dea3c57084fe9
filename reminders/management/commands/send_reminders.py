import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from congresses.models import Congress, congress_for_command, in_congress
from reminders import services
from reminders.selectors import pending_reminders
from reminders.workdays import is_working_day


class Command(BaseCommand):
    help = "Send the deadline reminders and escalations due today (what the daily scan does)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would go out; send nothing.")
        parser.add_argument("--date", help="Scan as of this day (YYYY-MM-DD) instead of today.")
        parser.add_argument("--digest", action="store_true", help="Also send this week's digest to members.")
        parser.add_argument("--congress", default="", help="Code of one congress (default: every congress).")

    def handle(self, *args, dry_run=False, date=None, digest=False, congress="", **options):
        try:
            given = datetime.date.fromisoformat(date) if date else None
        except ValueError as error:
            raise CommandError(f"--date: {error}") from error
        congresses = [congress_for_command(congress)] if congress else list(Congress.objects.order_by("pk"))
        for each in congresses:
            with in_congress(each):
                if len(congresses) > 1:
                    self.stdout.write(f"== {each.code}")
                # Today in the congress's own time zone (in_congress activates it).
                self.run(given or timezone.localdate(), dry_run, digest)

    def run(self, today, dry_run, digest):
        if dry_run:
            return self._list(today, digest)
        try:
            sent = services.reminders_scan(today=today)
            if digest:
                sent += services.digest_send(today=today)
        except services.DeliveryFailed as error:
            raise CommandError(f"{error}; run again to retry them") from error
        self.stdout.write(f"{today}: {sent} sent")

    def _list(self, today, digest):
        if not is_working_day(today):
            self.stdout.write(
                f"{today} is not a working day: nothing goes out; the next working day catches up."
            )
            return
        with translation.override(settings.LANGUAGE_CODE):
            items = pending_reminders(today=today)
            for item in items:
                self.stdout.write(f"{item.kind:<12} {item.recipient_label:<40} {item.title}")
        self.stdout.write(f"{today}: {len(items)} would go out (dry run, nothing sent)")
        if digest:
            self.stdout.write(
                "The weekly digest goes to each active committee member not yet sent it this week."
            )
