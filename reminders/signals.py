"""A change to a deadline or a report rechecks that recommendation's reminders right after
commit, instead of waiting for the next daily scan."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from oversight import data_version
from recommendations.models import ProgressReport, Recommendation, Task

from . import workdays
from .models import WorkingDayException

# Saves that cannot change what is due.
_IRRELEVANT_FIELDS = {"is_priority", "is_published", "updated_at"}


# More changes than this in one transaction (an import, a demo load) queue one full scan.
BATCH_LIMIT = 20


class _Batch:
    """The recommendations changed in one transaction, queued once when it commits."""

    def __init__(self):
        self.ids = set()

    def flush(self):
        from .tasks import enqueue, scan_deadlines

        if len(self.ids) > BATCH_LIMIT:
            enqueue(scan_deadlines)
            return
        for recommendation_id in sorted(self.ids):
            enqueue(scan_deadlines, recommendation_id=recommendation_id)


def _recheck(recommendation_id):
    connection = transaction.get_connection()
    batch = getattr(connection, "_reminders_batch", None)
    # Join the batch of the open transaction; a rollback drops its callback, and the batch too.
    if connection.in_atomic_block and batch and any(c[1] == batch.flush for c in connection.run_on_commit):
        batch.ids.add(recommendation_id)
        return
    batch = connection._reminders_batch = _Batch()
    batch.ids.add(recommendation_id)
    transaction.on_commit(batch.flush)


@receiver(post_save, sender=Recommendation)
def recommendation_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and set(update_fields) <= _IRRELEVANT_FIELDS):
        return
    _recheck(instance.pk)


@receiver(post_save, sender=Task)
def task_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _recheck(instance.recommendation_id)


@receiver(post_save, sender=ProgressReport)
def report_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _recheck(instance.task.recommendation_id)


@receiver(post_save, sender=WorkingDayException)
@receiver(post_delete, sender=WorkingDayException)
def calendar_changed(sender, **kwargs):
    workdays.clear_cache()
    # Overdue flags on cached pages and dashboard figures depend on the calendar.
    data_version.invalidate()
