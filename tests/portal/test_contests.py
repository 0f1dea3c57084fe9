import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from portal.models import AssignmentContest
from portal.services import contest_confirm, contest_raise, contest_reassign
from recommendations.choices import ReportStatus
from recommendations.models import Task
from recommendations.permissions import tasks_visible_to

from .helpers import make_report

pytestmark = pytest.mark.django_db


def test_department_contests_within_the_window_and_staff_are_told(client, world):
    client.force_login(world.police_user)
    response = client.post(
        reverse("portal:contest", args=[world.task.pk]), {"reason": "该任务属于通管办职责。"}
    )
    assert response.status_code == 302
    contest = AssignmentContest.objects.get()
    assert (contest.department, contest.status) == (world.police, AssignmentContest.Status.OPEN)
    assert Notification.objects.filter(
        recipient=world.staff, url=reverse("review:contest", args=[contest.pk])
    ).exists()


def test_contest_needs_a_reason(client, world):
    client.force_login(world.police_user)
    response = client.post(reverse("portal:contest", args=[world.task.pk]), {"reason": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert not AssignmentContest.objects.exists()


def test_contest_after_the_window_is_refused(client, world, settings):
    settings.CONTEST_WINDOW_DAYS = 3
    Task.objects.filter(pk=world.task.pk).update(
        assigned_on=timezone.localdate() - datetime.timedelta(days=4)
    )
    world.task.refresh_from_db()
    client.force_login(world.police_user)
    assert client.get(reverse("portal:contest", args=[world.task.pk])).status_code == 403
    with pytest.raises(ValidationError) as error:
        contest_raise(actor=world.police_user, task=world.task, department=world.police, reason="晚了")
    assert error.value.code == "contest_window_closed"


def test_one_open_contest_per_department_and_task(world):
    contest_raise(actor=world.police_user, task=world.task, department=world.police, reason="理由")
    with pytest.raises(ValidationError):
        contest_raise(actor=world.police_user, task=world.task, department=world.police, reason="再次")


def test_staff_reassign_the_lead_and_the_task_moves_with_history(client, world):
    contest = contest_raise(actor=world.police_user, task=world.task, department=world.police, reason="理由")
    make_report(world, world.police)  # an unsent draft is discarded with the task
    client.force_login(world.staff)
    response = client.post(
        reverse("review:contest", args=[contest.pk]),
        {"decision": "reassigned", "new_department": world.other.pk, "note": "改由教育局牵头"},
    )
    assert response.status_code == 302
    world.task.refresh_from_db()
    assert world.task.lead_department == world.other
    assert world.task not in tasks_visible_to(world.police_user)
    assert world.task in tasks_visible_to(world.other_user)
    contest.refresh_from_db()
    assert (contest.status, contest.resolved_by, contest.new_department) == (
        "reassigned",
        world.staff,
        world.other,
    )
    assert Notification.objects.filter(recipient=world.other_user, kind=Notification.Kind.ASSIGNMENT).exists()
    leads = [e.lead_department_id for e in world.task.history.order_by("pgh_id")]
    assert leads[-2:] == [world.police.pk, world.other.pk]
    assert contest.history.filter(status="reassigned", pgh_context__metadata__user=world.staff.pk).exists()


def test_co_department_contest_replaces_it_among_co_departments(world):
    contest = contest_raise(actor=world.bank_user, task=world.task, department=world.bank, reason="理由")
    contest_reassign(actor=world.staff, contest=contest, new_department=world.other)
    assert set(world.task.co_departments.all()) == {world.other}
    assert world.task.lead_department == world.police


def test_department_that_already_reported_cannot_be_reassigned(world):
    make_report(world, world.police, ReportStatus.SUBMITTED)
    contest = contest_raise(actor=world.police_user, task=world.task, department=world.police, reason="理由")
    with pytest.raises(ValidationError):
        contest_reassign(actor=world.staff, contest=contest, new_department=world.other)
    world.task.refresh_from_db()
    assert world.task.lead_department == world.police


def test_confirming_needs_a_note_and_tells_the_department(client, world):
    contest = contest_raise(actor=world.police_user, task=world.task, department=world.police, reason="理由")
    client.force_login(world.staff)
    response = client.post(
        reverse("review:contest", args=[contest.pk]), {"decision": "confirmed", "note": ""}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["note"]
    contest_confirm(actor=world.staff, contest=contest, note="属于公安职责")
    contest.refresh_from_db()
    assert contest.status == "confirmed"
    assert Notification.objects.filter(recipient=world.police_user, body="属于公安职责").exists()
    with pytest.raises(ValidationError):
        contest_confirm(actor=world.staff, contest=contest, note="again")
