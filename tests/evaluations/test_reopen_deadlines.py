"""Reopening a recommendation with a new deadline revises each task deadline it moves, as
any revision is kept: the deadline it replaces, who, when, and a reason fit to publish."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations import services
from portal.models import DeadlineRevision
from recommendations.choices import RecommendationStatus as RS
from recommendations.models import Task
from tests.factories import InspectionFactory

pytestmark = pytest.mark.django_db


def _closed(make_reported, staff):
    rec, reports = make_reported(tasks=2)
    services.recommendation_close(
        actor=staff,
        recommendation=rec,
        verdict="implemented",
        note="已落实。",
        reports=reports,
    )
    visit = InspectionFactory(topic=rec.topic, title="回头看", started_on=timezone.localdate())
    return rec, visit


@pytest.mark.parametrize("public_note", ["回头看发现问题反弹，重新办理。", ""])
def test_reopening_with_a_new_deadline_revises_each_task_deadline_it_moves(
    client, make_reported, staff, public_note
):
    rec, visit = _closed(make_reported, staff)
    today = timezone.localdate()
    new_due, later = today + datetime.timedelta(days=120), today + datetime.timedelta(days=400)
    first, second = rec.tasks.order_by("number")
    # The second task's deadline is already after the new one: reopening leaves it.
    Task.objects.filter(pk=second.pk).update(due_date=later)

    client.force_login(staff)
    response = client.post(
        reverse("office:move", args=[rec.code, "reopen"]),
        {
            "reopen-inspection": visit.pk,
            "reopen-note": "内部意见：整改不到位",
            "reopen-public_note": public_note,
            "reopen-response_due": new_due.isoformat(),
            "reopen-occurred_on": today.isoformat(),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    rec.refresh_from_db()
    assert (rec.status, rec.response_due) == (RS.IN_PROGRESS, new_due)

    revision = DeadlineRevision.objects.get()
    assert revision.task == first
    assert (revision.previous_due, revision.new_due) == (datetime.date(2022, 7, 31), new_due)
    assert revision.revised_by == staff and timezone.localdate(revision.revised_at) == today
    # Published with the revision: the public note, else the step's name; never the internal note.
    assert revision.reason_text == (public_note or "重新启动办理")
    # The step's name is kept as the step, and read in each reader's language.
    assert (revision.reason, revision.text_code) == (public_note, "" if public_note else "reopened")
    assert Task.objects.get(pk=first.pk).due_date == new_due
    assert Task.objects.get(pk=second.pk).due_date == later

    rec.is_published = True
    rec.save(update_fields=["is_published"])
    client.logout()
    public = client.get(reverse("public_recommendation_detail", args=[rec.code])).content.decode()
    assert new_due.isoformat() in public and "内部意见" not in public
    english = client.get(
        reverse("public_recommendation_detail", args=[rec.code]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert (public_note or ": Reopened</li>") in english and "重新启动办理" not in english
