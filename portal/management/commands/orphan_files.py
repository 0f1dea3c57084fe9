"""List stored files that no record refers to (and records whose file is missing), in the
folders of evidence files and of documents; with --delete, remove the orphans. Files younger
than --min-age minutes are left alone: an upload whose transaction has not committed yet looks
like an orphan."""

import datetime

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from documents.models import Attachment
from portal.models import Evidence

# The storage folder of each model's files (their `upload_to`).
FOLDERS = {"evidence": Evidence, "documents": Attachment}


def stored_names(storage, folder):
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from stored_names(storage, f"{folder}/{directory}")


class Command(BaseCommand):
    help = "Find stored evidence files and documents without a record (and records without their file)."

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="Delete the orphan files found.")
        parser.add_argument(
            "--min-age",
            type=int,
            default=60,
            help="Only files older than this many minutes count as orphans (default 60).",
        )

    def handle(self, *args, delete=False, min_age=60, **options):
        storage = default_storage
        on_disk, recorded = set(), set()
        for folder, model in FOLDERS.items():
            if storage.exists(folder):
                on_disk |= set(stored_names(storage, folder))
            # Files of every congress share the storage.
            recorded |= set(model.objects.with_every_congress().values_list("file", flat=True))
        cutoff = timezone.now() - datetime.timedelta(minutes=min_age)
        orphans = sorted(name for name in on_disk - recorded if storage.get_modified_time(name) < cutoff)
        missing = sorted(recorded - on_disk)
        for name in orphans:
            if delete:
                storage.delete(name)
            self.stdout.write(f"{'deleted' if delete else 'orphan'} {name}")
        for name in missing:
            self.stdout.write(f"missing {name}")
        self.stdout.write(
            f"{len(on_disk)} files, {len(recorded)} records: {len(orphans)} orphan files"
            f"{' deleted' if delete else ''}, {len(missing)} records without their file."
        )
        if missing:
            # Missing files are lost evidence or papers; a monitoring job should notice.
            raise SystemExit(1)
