"""Celery jobs. Each takes plain values, calls a service and retries on delivery failure;
the schedules live in django-celery-beat (created by migration 0002, editable in the admin)."""

import datetime
import logging
import socket
from urllib.parse import urlparse

from celery import current_app, shared_task
from django.db import OperationalError as DatabaseOperationalError
from kombu.exceptions import OperationalError as BrokerOperationalError

from congresses.models import congress_of, for_each_congress, in_congress
from recommendations.models import Recommendation

from . import services

logger = logging.getLogger(__name__)

RETRY = {
    "autoretry_for": (services.DeliveryFailed, DatabaseOperationalError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 6,
}


def _day(value):
    return datetime.date.fromisoformat(value) if value else None


@shared_task(name="reminders.scan_deadlines", **RETRY)
def scan_deadlines(today=None, recommendation_id=None):
    """The daily scan, or the scan of one recommendation and its tasks after a change."""
    if recommendation_id is None:
        return sum(for_each_congress(lambda _congress: services.reminders_scan(today=_day(today))))
    congress = congress_of(Recommendation, recommendation_id)
    if congress is None:  # deleted since: nothing to remind of
        return 0
    with in_congress(congress):
        return services.reminders_scan(today=_day(today), recommendation_ids=[recommendation_id])


@shared_task(name="reminders.send_weekly_digest", **RETRY)
def send_weekly_digest(today=None):
    return sum(for_each_congress(lambda _congress: services.digest_send(today=_day(today))))


def enqueue(task, **kwargs):
    """Queue a job without ever failing the caller: with the broker down the save that asked
    for it still succeeds, and the next daily scan does the work instead. Call it from
    `transaction.on_commit`, so a job never runs before (or without) the data it reads."""
    try:
        _check_broker_reachable()
        task.apply_async(kwargs=kwargs, retry=False)
    except (BrokerOperationalError, OSError):
        logger.warning("Could not queue %s%s; the next scan catches up", task.name, kwargs, exc_info=True)
        return False
    return True


def _check_broker_reachable(timeout=0.5):
    """Raise OSError at once when nothing listens at the broker's address: redis-py retries a
    refused connection with backoff for several seconds, which a save must not wait out."""
    url = urlparse(current_app.conf.broker_url)
    if url.scheme in ("redis+socket", "socket", "unix"):
        with socket.socket(socket.AF_UNIX) as probe:
            probe.settimeout(timeout)
            probe.connect(url.path)
    else:
        socket.create_connection((url.hostname or "127.0.0.1", url.port or 6379), timeout=timeout).close()
