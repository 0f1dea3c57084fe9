from django.db import transaction
from django.utils import timezone

from oversight.system_texts import SystemText

from .models import Notification


def notify(*, recipients, kind, title, body="", url="", occurred_at=None):
    """Create one in-app notification per distinct recipient, dated when its event happened
    (`occurred_at`, now by default). A `title` the system writes is a SystemText, kept as its
    code so that each recipient reads it in their own language."""
    unique = {user.pk: user for user in recipients if user is not None}
    created_at = occurred_at or timezone.now()
    if isinstance(title, SystemText):
        fields = {"text_code": title.code, "text_params": title.params}
    else:
        fields = {"title": str(title)}
    with transaction.atomic():
        return Notification.objects.bulk_create(
            Notification(recipient=user, kind=kind, body=str(body), url=url, created_at=created_at, **fields)
            for user in unique.values()
        )


def happened_before_today(moment):
    """Whether an event was entered after the day it happened: its notice then goes out only
    when someone still has something to do about it."""
    return timezone.localdate(moment) < timezone.localdate()


def notification_mark_read(*, user, notification_ids=None):
    """Mark the user's notifications read: the given ones, or all when none are given."""
    queryset = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        queryset = queryset.filter(pk__in=notification_ids)
    return queryset.update(read_at=timezone.now())
