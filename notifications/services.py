from django.db import transaction
from django.utils import timezone

from .models import Notification


def notify(*, recipients, kind, title, body="", url=""):
    """Create one in-app notification per distinct recipient."""
    unique = {user.pk: user for user in recipients if user is not None}
    with transaction.atomic():
        return Notification.objects.bulk_create(
            Notification(recipient=user, kind=kind, title=str(title), body=str(body), url=url)
            for user in unique.values()
        )


def notification_mark_read(*, user, notification_ids=None):
    """Mark the user's notifications read: the given ones, or all when none are given."""
    queryset = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        queryset = queryset.filter(pk__in=notification_ids)
    return queryset.update(read_at=timezone.now())
