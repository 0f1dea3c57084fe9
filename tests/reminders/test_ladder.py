"""The escalation ladder on the working-day calendar, run through the services directly."""

import base64
import datetime
import json

import pytest
import redis
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from notifications.models import Notification
from recommendations import services as domain
from recommendations.models import Task
from reminders import workdays
from reminders.models import SentReminder
from reminders.selectors import pending_reminders
from reminders.services import DeliveryFailed, digest_send, reminders_scan

from .scenario import build

pytestmark = pytest.mark.django_db

D = datetime.date
Kind = SentReminder.Kind


def sent(kind, **filters):
    return SentReminder.objects.filter(kind=kind, **filters)


def reminder_notifications(user):
    return Notification.objects.filter(recipient=user, kind=Notification.Kind.REMINDER)


def test_reminder_reaches_every_department_of_the_task_at_five_working_days():
    case = build(task_due=D(2022, 3, 8))
    assert reminders_scan(today=D(2022, 2, 28)) == 0  # 6 working days left: too early
    # Tuesday 1 March: 5 working days left.
    assert reminders_scan(today=D(2022, 3, 1)) == 3
    rows = sent(Kind.REMINDER, task=case.task, threshold=5)
    assert {r.recipient_user_id for r in rows} == {case.liaison.pk, case.co_liaison.pk, None}
    assert rows.get(recipient_user=None).recipient_email == "office@police.example"
    assert sorted(m.to[0] for m in mail.outbox) == ["liaison@police.example", "office@police.example"]
    assert "还有 5 个工作日到期" in mail.outbox[0].subject
    assert reminder_notifications(case.co_liaison).count() == 1
    assert not sent(Kind.REMINDER, recipient_user=case.staff).exists()


def test_each_threshold_goes_out_once_however_often_the_scan_runs():
    case = build(task_due=D(2022, 3, 8))
    for day in (D(2022, 3, 4), D(2022, 3, 4), D(2022, 3, 7), D(2022, 3, 8)):  # 2 left, again, 1, 0
        reminders_scan(today=day)
    thresholds = sent(Kind.REMINDER, recipient_user=case.liaison).values_list("threshold", flat=True)
    assert sorted(thresholds) == [1, 5]
    assert reminder_notifications(case.liaison).count() == 2
    assert len([m for m in mail.outbox if m.to == ["liaison@police.example"]]) == 2


def test_a_late_first_scan_sends_only_the_nearest_reminder():
    case = build(task_due=D(2022, 3, 8))
    reminders_scan(today=D(2022, 3, 7))
    assert set(sent(Kind.REMINDER, task=case.task).values_list("threshold", flat=True)) == {1}


def test_spring_festival_holiday_sends_nothing_and_the_make_up_sunday_does():
    # Due Monday 7 February 2022, the first working day after the Spring Festival.
    case = build(task_due=D(2022, 2, 7))
    assert reminders_scan(today=D(2022, 2, 2)) == 0  # a holiday: nothing goes out
    assert reminders_scan(today=D(2022, 1, 30)) == 3  # the make-up Sunday is a working day
    assert sent(Kind.REMINDER, task=case.task, threshold=1).count() == 3
    assert "还有 1 个工作日到期" in mail.outbox[0].subject


def test_deadline_on_a_holiday_moves_to_the_make_up_saturday_and_is_overdue_only_after_it():
    # Due 1 October 2022 (National Day); the next working day is Saturday 8 October.
    case = build(task_due=D(2022, 10, 1))
    reminders_scan(today=D(2022, 10, 8))
    assert sent(Kind.REMINDER, task=case.task, due_date=D(2022, 10, 8)).exists()
    assert not sent(Kind.OVERDUE).exists()
    assert "今天到期" in mail.outbox[0].subject
    reminders_scan(today=D(2022, 10, 9))  # Sunday, a make-up working day: the day after
    overdue = sent(Kind.OVERDUE, task=case.task)
    assert {r.recipient_user_id for r in overdue} == {case.liaison.pk, case.co_liaison.pk, None}
    assert not sent(Kind.SUPERVISION).exists()


def test_supervision_notice_goes_to_the_head_and_staff_after_five_working_days_overdue():
    case = build(task_due=D(2022, 3, 1))
    reminders_scan(today=D(2022, 3, 7))  # 4 working days late
    assert not sent(Kind.SUPERVISION).exists()
    reminders_scan(today=D(2022, 3, 8))  # 5 working days late
    supervision = sent(Kind.SUPERVISION, task=case.task)
    assert {(r.recipient_user_id, r.recipient_email) for r in supervision} == {
        (case.staff.pk, ""),
        (None, "head@police.example"),
    }
    head_mail = [m for m in mail.outbox if m.to == ["head@police.example"]]
    assert len(head_mail) == 1 and "督办" in head_mail[0].subject
    assert Notification.objects.filter(recipient=case.staff, kind=Notification.Kind.ESCALATION).count() == 1


def test_overdue_beyond_the_span_proposes_priority_follow_up_but_leaves_the_flag_to_staff(settings):
    settings.REMINDERS_PRIORITY_AFTER = 10
    case = build(task_due=D(2022, 3, 1))
    reminders_scan(today=D(2022, 3, 14))  # 9 working days late
    assert not sent(Kind.PRIORITY).exists()
    reminders_scan(today=D(2022, 3, 15))
    assert Notification.objects.filter(
        recipient=case.staff, kind=Notification.Kind.ESCALATION, text_code="priority_proposed"
    ).exists()
    case.recommendation.refresh_from_db()
    assert not case.recommendation.is_priority
    reminders_scan(today=D(2022, 3, 16))
    assert sent(Kind.PRIORITY).count() == 1


def test_a_deadline_already_past_when_the_task_was_entered_calls_for_nothing():
    case = build(task_due=D(2022, 3, 1))
    # The same task entered later, with its real history: nothing was left to remind.
    type(case.task).objects.filter(pk=case.task.pk).update(created_at=timezone.now())
    assert reminders_scan(today=D(2022, 4, 1)) == 0
    assert not SentReminder.objects.filter(task=case.task).exists()
    case.recommendation.refresh_from_db()
    assert not case.recommendation.is_priority


def test_government_response_deadline_reminds_staff_and_lead_departments():
    case = build(task_due=D(2022, 12, 30), response_due=D(2022, 3, 31))
    reminders_scan(today=D(2022, 3, 24))  # 5 working days before 31 March
    rows = sent(Kind.REMINDER, recommendation=case.recommendation, threshold=5)
    assert {(r.recipient_user_id, r.recipient_email) for r in rows} == {
        (case.staff.pk, ""),
        (case.liaison.pk, ""),
        (None, "office@police.example"),
    }
    reminders_scan(today=D(2022, 4, 1))
    assert sent(Kind.OVERDUE, recommendation=case.recommendation).count() == 3


def test_a_task_claimed_done_gets_no_more_reminders():
    case = build(task_due=D(2022, 3, 8))
    report = domain.report_create(
        actor=case.liaison, task=case.task, department=case.lead, narrative="已完成", is_final=True
    )
    domain.report_submit(actor=case.liaison, report=report)
    assert reminders_scan(today=D(2022, 3, 7)) == 0


def test_revised_deadline_starts_the_reminders_again():
    case = build(task_due=D(2022, 3, 8))
    reminders_scan(today=D(2022, 3, 7))
    case.task.due_date = D(2022, 3, 15)
    domain.record_save(actor=case.staff, instance=case.task)
    reminders_scan(today=D(2022, 3, 8))
    assert sent(Kind.REMINDER, task=case.task, recipient_user=case.liaison).count() == 2
    assert not sent(Kind.OVERDUE).exists()


def test_a_failed_delivery_is_not_recorded_so_the_retry_sends_it_and_only_it(flaky_email):
    case = build(task_due=D(2022, 3, 8))
    flaky_email.failures = 1
    with pytest.raises(DeliveryFailed):
        reminders_scan(today=D(2022, 3, 1))
    assert sent(Kind.REMINDER).count() == 2  # the other two went out and were recorded
    assert reminders_scan(today=D(2022, 3, 1)) == 1
    assert sent(Kind.REMINDER).count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["liaison@police.example", "office@police.example"]
    assert reminder_notifications(case.liaison).count() == 1


def test_pending_reminders_cost_the_same_queries_for_one_task_or_many():
    case = build(task_due=D(2022, 3, 8))

    def queries():
        workdays.clear_cache()
        with CaptureQueriesContext(connection) as captured:
            items = pending_reminders(today=D(2022, 3, 1))
        return len(captured), len(items)

    one = queries()
    for number in range(2, 6):
        domain.task_create(
            actor=case.staff,
            recommendation=case.recommendation,
            number=number,
            title=f"任务{number}",
            lead_department=case.lead,
            co_departments=[case.co],
            assigned_on=D(2022, 1, 4),
            due_date=D(2022, 3, 8),
        )
    # Entered on the scenario's day, like the first (a task entered after its deadline calls for nothing).
    Task.objects.filter(recommendation=case.recommendation).update(created_at=case.task.created_at)
    many = queries()
    assert many[1] == 5 * one[1]
    assert many[0] == one[0]


def test_send_reminders_dry_run_lists_what_would_go_out_and_sends_nothing(capsys):
    build(task_due=D(2022, 3, 8))
    call_command("send_reminders", "--dry-run", "--date", "2022-03-01")
    out = capsys.readouterr().out
    assert "liaison@police.example" in out and "office@police.example" in out
    assert "3 would go out" in out
    assert not SentReminder.objects.exists() and not mail.outbox
    call_command("send_reminders", "--date", "2022-03-01")
    call_command("send_reminders", "--dry-run", "--date", "2022-03-01")
    assert "0 would go out" in capsys.readouterr().out
    call_command("send_reminders", "--dry-run", "--date", "2022-02-02")
    assert "not a working day" in capsys.readouterr().out


def test_weekly_digest_goes_to_each_member_once_a_week():
    case = build(task_due=D(2022, 3, 1), response_due=D(2022, 3, 2))
    assert digest_send(today=D(2022, 3, 7)) == 1
    assert digest_send(today=D(2022, 3, 9)) == 0  # same week
    (message,) = mail.outbox
    assert message.to == ["member@rd.example"]
    assert case.task.code in message.body and case.recommendation.code in message.body
    assert "逾期任务 1 项" in message.subject
    assert digest_send(today=D(2022, 3, 14)) == 1


def test_schedules_exist_for_staff_to_change_in_the_admin():
    scan = PeriodicTask.objects.get(task="reminders.scan_deadlines")
    digest = PeriodicTask.objects.get(task="reminders.send_weekly_digest")
    assert (scan.crontab.hour, scan.crontab.minute, scan.crontab.day_of_week) == ("8", "0", "*")
    assert digest.crontab.day_of_week == "1"
    assert str(scan.crontab.timezone) == "Asia/Shanghai"


def test_changes_in_one_transaction_queue_one_recheck_per_recommendation(
    broker, django_capture_on_commit_callbacks
):
    queue = redis.Redis(unix_socket_path=broker.socket)
    queue.delete("celery")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        case = build(task_due=D(2022, 3, 8))  # issue, assign, start: several saves
    jobs = [json.loads(m) for m in queue.lrange("celery", 0, -1)]
    queue.delete("celery")  # no worker here; leave nothing for the session's worker
    assert [job["headers"]["task"] for job in jobs] == ["reminders.scan_deadlines"]
    assert json.loads(base64.b64decode(jobs[0]["body"]))[1] == {"recommendation_id": case.recommendation.pk}


def test_each_recipient_reads_the_reminder_in_the_language_they_chose(client):
    case = build(task_due=D(2022, 3, 8))
    client.force_login(case.liaison)
    client.get(reverse("language_switch"), {"language": "en", "next": "/portal/"})
    case.liaison.refresh_from_db()
    assert case.liaison.language == "en"
    reminders_scan(today=D(2022, 3, 1))
    (english,) = [m for m in mail.outbox if m.to == ["liaison@police.example"]]
    assert "due in 5 working days" in english.subject and "工作日" not in english.subject
    (chinese,) = [m for m in mail.outbox if m.to == ["office@police.example"]]  # no account
    assert "还有 5 个工作日到期" in chinese.subject
    inbox = client.get(reverse("notifications:list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Reminder:" in inbox and "due in 5 working days" in inbox
    other = Client()  # the supporting department's liaison never chose a language: the site's
    other.force_login(case.co_liaison)
    assert "还有 5 个工作日到期" in other.get(reverse("notifications:list")).content.decode()
