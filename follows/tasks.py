"""The worker's part of following: emailing notices after the step that caused them commits."""

from celery import shared_task

from . import services


@shared_task(name="follows.email_follow_notices", bind=True, max_retries=6)
def email_follow_notices(self, notification_ids):
    """Email the notices; those that could not be sent are retried, and only those."""
    failed = services.follow_notices_email(notification_ids=notification_ids)
    if failed:
        raise self.retry(
            kwargs={"notification_ids": failed}, countdown=min(600, 10 * 2**self.request.retries)
        )
    return len(notification_ids)
