"""The demo gives every role work on its first sign-in: after `load_demo`, each account's home
page (read through the pages, as a newcomer would) lists what it has to do."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.views import home_for
from evaluations.models import Closure, Evaluation
from portal.models import AssignmentContest, ExtensionRequest
from recommendations.choices import RecommendationStatus as RS
from recommendations.choices import ReportStatus
from recommendations.models import ProgressReport, Recommendation, StatusEvent, Task
from reminders.workdays import add_working_days

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def page_text(response):
    assert response.status_code == 200
    return response.content.decode()


def home(client, username):
    """The page the account lands on after signing in."""
    user = User.objects.get(username=username)
    client.force_login(user)
    return page_text(client.get(home_for(user)))


def test_staff_finds_a_report_to_review_and_a_contest_and_an_extension_to_decide(demo, client):
    report = ProgressReport.objects.get(status=ReportStatus.SUBMITTED)
    contest = AssignmentContest.objects.get(status=AssignmentContest.Status.OPEN)
    extension = ExtensionRequest.objects.get(status=ExtensionRequest.Status.PENDING)
    assert report.task.code == "2022-FRAUD-02-T2" and report.department.code == "police"
    assert contest.department.code == "pboc-putian" and contest.raised_by.username == "bank"
    assert extension.department.code == "police" and extension.requested_due > extension.task.due_date

    html = home(client, "staff")
    assert reverse("review:report", args=[report.pk]) in html
    assert reverse("review:contest", args=[contest.pk]) in html
    assert reverse("office:extension", args=[extension.pk]) in html
    # Each can still be decided: its page offers the decision form.
    assert 'name="decision"' in page_text(client.get(reverse("review:contest", args=[contest.pk])))
    assert 'name="accept"' in page_text(client.get(reverse("review:report", args=[report.pk])))
    assert "<form" in page_text(client.get(reverse("office:extension", args=[extension.pk])))


def test_staff_find_an_overdue_task_to_send_an_escalation_notice_for(demo, client):
    (overdue,) = [task for task in Task.objects.filter(verified_at__isnull=True) if task.is_overdue]
    assert overdue.code == "2022-FRAUD-02-T5" and overdue.lead_department.code == "police"
    assert "(演示)" in overdue.title and overdue.assigned_on > datetime.date(2022, 10, 29)

    html = home(client, "staff")
    overdue_queue = html.split('id="overdue"')[1].split("</section>")[0]
    assert overdue.lead_department.name in overdue_queue and overdue.due_date.isoformat() in overdue_queue
    task_page = page_text(client.get(reverse("office:task", args=[overdue.pk])))
    notice_url = reverse("documents:escalation_notice", args=[overdue.pk])
    assert f'action="{notice_url}"' in task_page


def test_member_finds_an_open_vote(demo, client):
    evaluation = Evaluation.objects.get(closed_at__isnull=True)
    assert list(evaluation.terms.recommendations.values_list("code", flat=True)) == ["2022-FRAUD-03"]
    member = User.objects.get(username="member")
    assert evaluation.terms.voters.filter(pk=member.pk).exists()

    html = home(client, "member")
    detail_url = reverse("evaluations:detail", args=[evaluation.pk])
    assert f'<a href="{detail_url}">' in html
    assert 'name="choice"' in page_text(client.get(detail_url))


def test_police_finds_tasks_due_next_week_one_overdue_and_a_returned_report(demo, client):
    today = timezone.localdate()
    due = add_working_days(today, 5)
    # Five working days ahead always falls in a later calendar week than today.
    assert due.isocalendar()[:2] > today.isocalendar()[:2]
    open_tasks = Task.objects.filter(
        recommendation__code="2022-FRAUD-02", lead_department__code="police", verified_at__isnull=True
    )
    assert open_tasks.count() == 4
    overdue = open_tasks.get(number=5)
    assert overdue.due_date == add_working_days(today, -3) and overdue.is_overdue
    assert {task.due_date for task in open_tasks.exclude(pk=overdue.pk)} == {due}
    returned = ProgressReport.objects.get(status=ReportStatus.RETURNED)
    assert returned.department.code == "police" and returned.author.username == "police"
    assert returned.events.filter(to_status=ReportStatus.RETURNED).get().note

    html = home(client, "police")
    for task in open_tasks:
        assert reverse("portal:task", args=[task.pk]) in html
    assert due.isoformat() in html and 'class="badge badge-overdue"' in html
    assert f"status-{returned.get_status_color()}" in html
    assert str(returned.get_status_display()) in html
    # The returned report can be corrected: its page leads to the edit form.
    report_page = page_text(client.get(reverse("portal:report", args=[returned.pk])))
    assert reverse("portal:report_edit", args=[returned.pk]) in report_page


def test_bank_finds_a_task_as_co_department(demo, client):
    bank = User.objects.get(username="bank")
    co_tasks = Task.objects.filter(co_departments=bank.department, verified_at__isnull=True)
    assert co_tasks.exists()
    assert not co_tasks.filter(lead_department=bank.department).exists()

    html = home(client, "bank")
    for task in co_tasks:
        assert reverse("portal:task", args=[task.pk]) in html
    assert html.count('class="badge badge-role"') == co_tasks.count()


def test_the_public_sees_a_closed_and_a_reopened_recommendation(demo, client):
    closed = Recommendation.objects.get(code="2022-FRAUD-01")
    reopened = Recommendation.objects.get(code="2022-FRAUD-02")
    assert closed.status == RS.CLOSED and Closure.objects.filter(recommendation=closed).exists()
    assert reopened.status == RS.IN_PROGRESS and reopened.cycle == 2
    reopening = reopened.events.get(from_status=RS.CLOSED, to_status=RS.IN_PROGRESS)
    assert reopening.inspection.kind == "follow_up"

    listing = page_text(client.get(reverse("public_recommendation_list")))
    assert closed.code in listing and reopened.code in listing
    detail = page_text(client.get(reverse("public_recommendation_detail", args=[reopened.code])))
    assert reopening.public_note and reopening.public_note in detail
    closed_detail = page_text(client.get(reverse("public_recommendation_detail", args=[closed.code])))
    assert str(closed.get_verdict_display()) in closed_detail


def test_the_invented_follow_up_comes_after_the_seeds_facts_and_says_so(demo):
    article_date = datetime.date(2022, 10, 29)
    later_notes = StatusEvent.objects.filter(occurred_at__date__gt=article_date, actor__username="staff")
    invented = [
        *Task.objects.filter(assigned_on__gt=article_date).values_list("title", flat=True),
        *ProgressReport.objects.filter(submitted_at__date__gt=article_date).values_list(
            "narrative", flat=True
        ),
        *AssignmentContest.objects.values_list("reason", flat=True),
        *ExtensionRequest.objects.values_list("reason", flat=True),
        *Closure.objects.values_list("reason", flat=True),
        *(
            event.note or event.public_note
            for event in later_notes.filter(to_status__in=[RS.IN_PROGRESS, ReportStatus.RETURNED]).exclude(
                from_status=RS.ISSUED
            )
        ),
    ]
    assert len(invented) == 2 + 2 + 1 + 1 + 2 + 2
    assert all("(演示)" in text for text in invented)
