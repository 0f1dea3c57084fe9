"""Staff set a task's new deadline from the office: the revision keeps who, when and why, the
task's pages (office, portal, public) list the original deadline and each revision, and the
reminders follow the deadline in force."""

import datetime

import pytest
from django.urls import reverse

from portal.models import DeadlineRevision
from recommendations.models import Recommendation, Task
from reminders.selectors import pending_reminders
from reminders.workdays import add_working_days
from tests.office.test_pages import TODAY, _issued, _task

pytestmark = pytest.mark.django_db


def _revise(client, task, new_due, reason):
    return client.post(
        reverse("office:task_deadline", args=[task.pk]), {"new_due": new_due.isoformat(), "reason": reason}
    )


def test_staff_set_a_new_deadline_from_the_task_page_and_every_page_lists_the_revisions(
    staff_client, client, office
):
    task = _task(office, _issued(office))
    original = task.due_date
    task_page = staff_client.get(reverse("office:task", args=[task.pk])).content.decode()
    assert reverse("office:task_deadline", args=[task.pk]) in task_page
    form = staff_client.get(reverse("office:task_deadline", args=[task.pk]))
    assert list(form.context["form"].fields) == ["new_due", "reason"]

    first, second = original + datetime.timedelta(days=20), original + datetime.timedelta(days=40)
    assert _revise(staff_client, task, first, "配套资金下达推迟").status_code == 302
    assert _revise(staff_client, task, second, "需与省级平台对接").status_code == 302

    task.refresh_from_db()
    assert (task.due_original, task.due_date) == (original, second)
    revisions = list(DeadlineRevision.objects.filter(task=task).order_by("revised_at", "pk"))
    assert [(r.previous_due, r.new_due, r.reason, r.revised_by) for r in revisions] == [
        (original, first, "配套资金下达推迟", office.staff),
        (first, second, "需与省级平台对接", office.staff),
    ]
    assert all(r.revised_at.date() <= TODAY() for r in revisions)

    def listed(html):
        dates = [d.strftime("%Y-%m-%d") for d in (original, first, second)]
        positions = [html.index(d, html.index("deadline-history")) for d in dates]
        return positions == sorted(positions) and "配套资金下达推迟" in html and "需与省级平台对接" in html

    assert listed(staff_client.get(reverse("office:task", args=[task.pk])).content.decode())
    client.force_login(office.liaison)
    assert listed(client.get(reverse("portal:task", args=[task.pk])).content.decode())
    Recommendation.objects.filter(pk=task.recommendation_id).update(is_published=True)
    client.logout()
    public = client.get(reverse("public_recommendation_detail", args=[task.recommendation.code]))
    assert listed(public.content.decode()) and str(office.staff) not in public.content.decode()


@pytest.mark.parametrize(
    "data, field",
    [
        ({"new_due": "", "reason": "推迟"}, "new_due"),
        ({"new_due": "2024-13-40", "reason": "推迟"}, "new_due"),
        ({"new_due": "same", "reason": "推迟"}, "new_due"),
        ({"new_due": "later", "reason": "  "}, "reason"),
        ({"new_due": "before-assignment", "reason": "推迟"}, None),
    ],
)
def test_a_bad_new_deadline_is_refused_with_a_message_and_changes_nothing(staff_client, office, data, field):
    task = _task(office, _issued(office))
    dates = {
        "same": task.due_date,
        "later": task.due_date + datetime.timedelta(days=10),
        "before-assignment": task.assigned_on - datetime.timedelta(days=1),
    }
    if data["new_due"] in dates:
        data = {**data, "new_due": dates[data["new_due"]].isoformat()}
    response = staff_client.post(reverse("office:task_deadline", args=[task.pk]), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors[field or "__all__"]
    assert Task.objects.get(pk=task.pk).due_date == task.due_original
    assert not DeadlineRevision.objects.exists()


def test_a_verified_task_offers_no_new_deadline_and_refuses_one(staff_client, office):
    task = _task(office, _issued(office))
    Task.objects.filter(pk=task.pk).update(verified_at=task.created_at, verified_by=office.staff)
    page = staff_client.get(reverse("office:task", args=[task.pk])).content.decode()
    assert reverse("office:task_deadline", args=[task.pk]) not in page
    response = _revise(staff_client, task, task.due_date + datetime.timedelta(days=10), "推迟")
    assert response.status_code == 400 and not DeadlineRevision.objects.exists()


def test_reminders_follow_the_revised_deadline(staff_client, office):
    # A deadline on a working day: one on a day off is reminded of on the next working day.
    task = _task(office, _issued(office), due=add_working_days(TODAY(), 22))
    original = task.due_date

    def reminded_for(day):
        return {item.due_date for item in pending_reminders(today=day) if item.task == task}

    assert reminded_for(original) == {original}
    revised = add_working_days(original, 15)
    assert _revise(staff_client, task, revised, "延期").status_code == 302
    # The day the old deadline fell due is no longer a deadline: nothing is sent for it.
    assert reminded_for(original) == set()
    assert reminded_for(revised) == {revised}
