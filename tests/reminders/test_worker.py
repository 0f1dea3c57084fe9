"""Against a real Redis and a real Celery worker in the suite: exactly once through scans and a
retry, nothing lost while the broker is down, and /healthz."""

import datetime
import logging
import time

import pytest
from django.core import mail
from django.utils import timezone

from notifications.models import Notification
from recommendations import services as domain
from reminders.models import SentReminder
from reminders.tasks import scan_deadlines

from .scenario import build

pytestmark = pytest.mark.django_db(transaction=True)

D = datetime.date
SCAN_DAY = "2022-03-01"  # 5 working days before the task's deadline


def scan_through_worker(**kwargs):
    return scan_deadlines.apply_async(kwargs={"today": SCAN_DAY, **kwargs}).get(timeout=90)


def test_reminder_sent_once_after_three_scans_and_a_retry(own_jobs, flaky_email):
    with own_jobs.quiet():
        case = build(task_due=D(2022, 3, 8))
    flaky_email.failures = 1  # the first email of the first scan fails: the job retries
    results = [scan_through_worker() for _ in range(3)]
    # The first job's result is its retry's: the one reminder whose email had failed.
    assert results == [1, 0, 0]
    assert flaky_email.failures == 0
    rows = SentReminder.objects.filter(kind=SentReminder.Kind.REMINDER, task=case.task)
    assert rows.count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["liaison@police.example", "office@police.example"]
    for user in (case.liaison, case.co_liaison):
        assert Notification.objects.filter(recipient=user, kind=Notification.Kind.REMINDER).count() == 1


def test_reminder_still_goes_out_when_redis_was_down_while_a_report_was_saved(own_jobs, broker, caplog):
    with own_jobs.quiet():
        case = build(task_due=D(2022, 3, 8))
    broker.stop()
    try:
        started = time.monotonic()
        with caplog.at_level(logging.WARNING, logger="reminders.tasks"):
            report = domain.report_create(
                actor=case.liaison, task=case.task, department=case.lead, narrative="正在推进"
            )
        save_seconds = time.monotonic() - started
    finally:
        broker.start()
    assert report.pk and type(report).objects.filter(pk=report.pk).exists()  # the save committed
    assert "Could not queue reminders.scan_deadlines" in caplog.text
    assert save_seconds < 3
    assert not SentReminder.objects.exists()
    assert scan_through_worker() == 3  # the next scan catches up
    assert scan_through_worker() == 0
    assert SentReminder.objects.filter(task=case.task, recipient_user=case.liaison).count() == 1
    assert [m.to for m in mail.outbox].count(["liaison@police.example"]) == 1


def test_saving_a_report_rechecks_its_recommendation_through_the_worker(own_jobs, monkeypatch):
    """With the broker up, the job queued after commit sends what is due without waiting for
    the daily scan. The scenario is built with nothing queued, so only the report's job can
    have sent the reminders."""
    real_localdate = timezone.localdate
    monkeypatch.setattr(
        "django.utils.timezone.localdate",
        lambda value=None, *args, **kwargs: (
            D(2022, 3, 1) if value is None else real_localdate(value, *args, **kwargs)
        ),
    )
    with own_jobs.quiet():
        case = build(task_due=D(2022, 3, 8))
    assert not SentReminder.objects.exists()
    domain.report_create(actor=case.liaison, task=case.task, department=case.lead, narrative="正在推进")
    deadline = time.monotonic() + 60
    while SentReminder.objects.filter(task=case.task).count() < 3:
        assert time.monotonic() < deadline, "the queued job did not run"
        time.sleep(0.2)
    time.sleep(1)  # let any other queued recheck finish: still one each
    assert SentReminder.objects.filter(task=case.task).count() == 3


def test_healthz_is_200_when_database_and_broker_are_up_and_503_when_the_broker_is_down(client, broker):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up", "broker": "up"}
    broker.stop()
    try:
        started = time.monotonic()
        response = client.get("/healthz")
        elapsed = time.monotonic() - started
    finally:
        broker.start()
    assert response.status_code == 503
    assert response.json() == {"status": "fail", "database": "up", "broker": "down"}
    assert elapsed < 5
