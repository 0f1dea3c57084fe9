"""Notices of what one follows go by email, through the real worker, to those who chose it."""

import pytest
from django.core import mail

from follows import services as follows
from notifications.models import Notification
from recommendations import services

from .conftest import at, build_case

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for_mail(count, timeout=60):
    import time

    deadline = time.monotonic() + timeout
    while len(mail.outbox) < count:
        assert time.monotonic() < deadline, f"{len(mail.outbox)} emails, expected {count}"
        time.sleep(0.1)


def test_followers_who_chose_email_get_one_in_their_language_after_a_failed_send(own_jobs, flaky_email):
    with own_jobs.quiet():
        case = build_case()
    follows.account_follow_email_set(user=case.member, follow_email=True)
    for user in (case.member, case.other_staff):  # the other staff member keeps in-app only
        follows.follow_add(actor=user, target=case.published)
        follows.follow_add(actor=user, target=case.topic)
    flaky_email.failures = 1  # the first send fails: the job retries it
    services.recommendation_mark_reported(
        actor=case.staff, recommendation=case.published, occurred_at=at(2022, 9, 1)
    )
    wait_for_mail(1)
    (message,) = mail.outbox
    assert message.to == ["member@example.org"]
    assert message.subject == "2022-FRAUD-01 强化技术反制：已报告办理情况"
    assert "/recommendations/2022-FRAUD-01/" in message.body and "/accounts/settings/" in message.body
    assert Notification.objects.filter(kind=Notification.Kind.FOLLOWING).count() == 2
    assert flaky_email.failures == 0
