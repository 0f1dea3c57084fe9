"""The office's pages run the cycle through the domain services: forms save what is valid,
refuse what is not with a message and change nothing, and a recommendation's page offers
exactly the moves of the transition table."""

import datetime
import re

import pytest
from django.core import mail
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from office.views import MOVES, moves_from
from portal.models import DeadlineRevision, ExtensionRequest
from recommendations import services
from recommendations.choices import RecommendationStatus as RS
from recommendations.models import Finding, Inspection, Recommendation, Task
from recommendations.transitions import RECOMMENDATION_TRANSITIONS
from reminders.workdays import add_working_days

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _issued(office, *, code="2024-FRAUD-01", number=1, issued_on=None):
    rec = services.recommendation_create(
        actor=office.staff,
        topic=office.topic,
        code=code,
        number=number,
        title="强化技术反制",
        body="提升预警拦截能力。",
    )
    issued_on = issued_on or TODAY()
    issued_at = timezone.make_aware(datetime.datetime.combine(issued_on, datetime.time(12)))
    return services.recommendation_issue(
        actor=office.staff,
        recommendation=rec,
        response_due=issued_on + datetime.timedelta(days=90),
        occurred_at=min(issued_at, timezone.now()),
    )


def test_the_office_offers_every_move_of_the_transition_table_and_no_other():
    assert set(MOVES) == set(RECOMMENDATION_TRANSITIONS)


@pytest.mark.parametrize("status", RS.values)
def test_a_recommendation_page_shows_exactly_the_moves_its_status_allows(staff_client, office, status):
    rec = services.recommendation_create(
        actor=office.staff, topic=office.topic, code="2024-X-01", number=1, title="x", body="y"
    )
    # Each status as such, whatever path led there: the page reads only the status.
    Recommendation.objects.filter(pk=rec.pk).update(
        status=status, verdict="implemented" if status == RS.CLOSED else ""
    )
    page = staff_client.get(reverse("office:recommendation", args=[rec.code])).content.decode()
    shown = set(re.findall(r'class="move move-(\w+)', page)) - {"vote"}
    assert shown == {move.key for _target, move in moves_from(status)}
    assert ("move-vote" in page) == (status == RS.REPORTED)


def test_a_move_the_status_does_not_allow_is_refused_and_changes_nothing(staff_client, office):
    rec = _issued(office)
    response = staff_client.post(
        reverse("office:move", args=[rec.code, "close"]),
        {"close-verdict": "implemented", "close-note": "好", "close-occurred_on": TODAY().isoformat()},
        follow=True,
    )
    assert "不能" in response.content.decode() or "not possible" in response.content.decode()
    rec.refresh_from_db()
    assert rec.status == RS.ISSUED and rec.events.count() == 1


def test_topic_records_are_added_from_the_topic_page(staff_client, office):
    url = reverse("office:topic_add", args=[office.topic.code, "inspection"])
    response = staff_client.post(
        url,
        {
            "title": "电诈治理视察",
            "kind": "inspection",
            "started_on": "2024-03-14",
            "departments_visited": [office.police.pk],
        },
    )
    assert response.status_code == 302
    inspection = Inspection.objects.get(topic=office.topic)
    assert list(inspection.departments_visited.all()) == [office.police]
    response = staff_client.post(
        reverse("office:topic_add", args=[office.topic.code, "finding"]),
        {
            "code": "2024-F1",
            "number": 1,
            "category": "技术",
            "title": "技术反制滞后",
            "inspection": inspection.pk,
        },
    )
    assert response.status_code == 302
    page = staff_client.get(reverse("office:topic", args=[office.topic.code])).content.decode()
    assert "电诈治理视察" in page and "技术反制滞后" in page


def test_bad_topic_record_input_is_refused_with_a_message_and_saves_nothing(staff_client, office):
    response = staff_client.post(
        reverse("office:topic_add", args=[office.topic.code, "inspection"]),
        {"title": "视察", "kind": "inspection", "started_on": "2024-03-14", "ended_on": "2024-03-01"},
    )
    assert response.status_code == 400
    assert Inspection.objects.count() == 0
    assert (
        staff_client.get(reverse("office:topic_add", args=[office.topic.code, "nonsense"])).status_code == 404
    )
    response = staff_client.post(
        reverse("office:topic_add", args=[office.topic.code, "finding"]),
        {"code": "bad code!", "number": "x", "category": "", "title": ""},
    )
    assert response.status_code == 400 and Finding.objects.count() == 0


def test_issuing_with_a_past_date_records_that_date(staff_client, office):
    rec = services.recommendation_create(
        actor=office.staff, topic=office.topic, code="2024-FRAUD-01", number=1, title="强化技术反制", body="x"
    )
    issued_on = TODAY() - datetime.timedelta(days=400)
    response = staff_client.post(
        reverse("office:move", args=[rec.code, "issue"]),
        {
            "issue-response_due": (issued_on + datetime.timedelta(days=90)).isoformat(),
            "issue-occurred_on": issued_on.isoformat(),
        },
    )
    assert response.status_code == 302
    rec.refresh_from_db()
    assert rec.status == RS.ISSUED
    assert timezone.localdate(rec.issued_at) == issued_on


def test_issuing_in_the_future_is_refused(staff_client, office):
    rec = services.recommendation_create(
        actor=office.staff, topic=office.topic, code="2024-FRAUD-01", number=1, title="t", body="x"
    )
    tomorrow = TODAY() + datetime.timedelta(days=1)
    response = staff_client.post(
        reverse("office:move", args=[rec.code, "issue"]),
        {
            "issue-response_due": (tomorrow + datetime.timedelta(days=60)).isoformat(),
            "issue-occurred_on": tomorrow,
        },
    )
    assert response.status_code == 400
    rec.refresh_from_db()
    assert rec.status == RS.DRAFT


def test_a_task_deadline_can_be_given_in_working_days_from_issue(staff_client, office):
    issued_on = datetime.date(2024, 9, 27)  # before the National Day holiday week
    rec = _issued(office, issued_on=issued_on)
    response = staff_client.post(
        reverse("office:task_new", args=[rec.code]),
        {
            "number": 1,
            "title": "建设反诈预警平台",
            "lead_department": office.police.pk,
            "co_departments": [office.bank.pk],
            "assigned_on": issued_on.isoformat(),
            "working_days": 10,
        },
    )
    assert response.status_code == 302
    task = Task.objects.get(recommendation=rec)
    assert task.due_date == task.due_original == add_working_days(issued_on, 10)
    assert task.due_date > issued_on + datetime.timedelta(days=14)  # the holiday week does not count
    assert list(task.co_departments.all()) == [office.bank]
    rec.refresh_from_db()
    assert rec.status == RS.IN_PROGRESS


def test_a_task_needs_one_deadline_not_two(staff_client, office):
    rec = _issued(office)
    response = staff_client.post(
        reverse("office:task_new", args=[rec.code]),
        {
            "number": 1,
            "title": "t",
            "lead_department": office.police.pk,
            "assigned_on": TODAY().isoformat(),
            "due_date": (TODAY() + datetime.timedelta(days=30)).isoformat(),
            "working_days": 5,
        },
    )
    assert response.status_code == 400 and not Task.objects.exists()


def _task(office, rec, *, due=None):
    return services.task_create(
        actor=office.staff,
        recommendation=rec,
        number=1,
        title="建设反诈预警平台",
        lead_department=office.police,
        co_departments=[office.bank],
        assigned_on=TODAY(),
        due_date=due or TODAY() + datetime.timedelta(days=30),
    )


def test_an_extension_asked_in_the_portal_and_approved_in_the_office_keeps_every_revision(client, office):
    task = _task(office, _issued(office))
    original = task.due_date
    client.force_login(office.liaison)
    asked = original + datetime.timedelta(days=45)
    response = client.post(
        reverse("portal:extension", args=[task.pk]),
        {"requested_due": asked.isoformat(), "reason": "系统采购周期长"},
    )
    assert response.status_code == 302
    extension = ExtensionRequest.objects.get(task=task)
    # A second request while one is pending is not offered.
    assert "portal:extension" not in client.get(reverse("portal:task", args=[task.pk])).content.decode()

    client.force_login(office.staff)
    home = client.get(reverse("office:home")).content.decode()
    assert reverse("office:extension", args=[extension.pk]) in home
    granted = original + datetime.timedelta(days=30)
    response = client.post(
        reverse("office:extension", args=[extension.pk]),
        {
            "decision": "approve",
            "new_due": granted.isoformat(),
            "note": "同意延期一个月",
            "occurred_on": TODAY(),
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.due_original, task.due_date) == (original, granted)
    revision = DeadlineRevision.objects.get(task=task)
    assert (revision.previous_due, revision.new_due, revision.revised_by) == (original, granted, office.staff)
    assert revision.extension_request == extension

    page = client.get(reverse("office:task", args=[task.pk])).content.decode()
    assert original.strftime("%Y-%m-%d") in page and granted.strftime("%Y-%m-%d") in page
    client.force_login(office.liaison)
    assert "同意延期一个月" in client.get(reverse("portal:task", args=[task.pk])).content.decode()
    # The public sees the original deadline and each revision, without the staff's names.
    Recommendation.objects.filter(pk=task.recommendation_id).update(is_published=True)
    client.logout()
    public = client.get(
        reverse("public_recommendation_detail", args=[task.recommendation.code])
    ).content.decode()
    assert original.strftime("%Y-%m-%d") in public and "同意延期一个月" in public
    assert str(office.staff) not in public


def test_an_extension_to_an_earlier_date_is_refused_in_the_portal(client, office):
    task = _task(office, _issued(office))
    client.force_login(office.liaison)
    response = client.post(
        reverse("portal:extension", args=[task.pk]),
        {"requested_due": (task.due_date - datetime.timedelta(days=1)).isoformat(), "reason": "x"},
    )
    assert response.status_code == 400 and not ExtensionRequest.objects.exists()


def test_refusing_an_extension_needs_a_reason_and_keeps_the_deadline(staff_client, office):
    from portal.services import extension_request_create

    task = _task(office, _issued(office))
    extension = extension_request_create(
        actor=office.liaison, task=task, department=office.police,
        requested_due=task.due_date + datetime.timedelta(days=20), reason="人手不足",
    )  # fmt: skip
    url = reverse("office:extension", args=[extension.pk])
    assert staff_client.post(url, {"decision": "refuse", "occurred_on": TODAY()}).status_code == 400
    assert (
        staff_client.post(url, {"decision": "refuse", "note": "期限不变", "occurred_on": TODAY()}).status_code
        == 302
    )
    extension.refresh_from_db()
    task.refresh_from_db()
    assert extension.status == "refused" and task.due_date == task.due_original
    assert not DeadlineRevision.objects.exists()


def test_staff_create_an_account_and_its_owner_gets_a_link_to_set_a_password(
    staff_client, office, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("office:person_new"),
            {"last_name": "林", "first_name": "晓", "email": "lin@example.cn", "role": "liaison",
             "department": office.bank.pk, "is_active": "on"},
        )  # fmt: skip
    assert response.status_code == 302
    user = User.objects.get(email="lin@example.cn")
    assert user.is_department_liaison and user.department == office.bank and not user.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lin@example.cn"]
    link = re.search(r"https?://\S+/accounts/reset/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    staff_client.logout()
    form = staff_client.get("/" + path, follow=True)
    assert form.status_code == 200 and 'name="new_password1"' in form.content.decode()


def test_staff_deactivate_an_account_in_the_same_form(staff_client, office):
    url = reverse("office:person", args=[office.member.pk])
    response = staff_client.post(
        url, {"last_name": "黄", "first_name": "景亮", "email": "huang@example.cn", "role": "member"}
    )
    assert response.status_code == 302
    office.member.refresh_from_db()
    assert not office.member.is_active and office.member.is_committee_member


def test_a_liaison_account_needs_a_department(staff_client, office):
    response = staff_client.post(
        reverse("office:person_new"),
        {"last_name": "陈", "email": "chen@example.cn", "role": "liaison", "is_active": "on"},
    )
    assert response.status_code == 400
    assert not User.objects.filter(email="chen@example.cn").exists() and not mail.outbox


def _home_queries(client):
    caches["shared"].clear()  # the page's own work, as after a write: not the cached rows
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("office:home"))
    assert response.status_code == 200
    return len(queries)


def _fill_queues(office, n):
    """`n` more of everything the home page lists: drafts, reports to review, overdue tasks,
    deadlines coming up, extension requests, reported recommendations."""
    from portal.services import extension_request_create

    past = TODAY() - datetime.timedelta(days=200)
    for _ in range(n):
        base = Recommendation.objects.count() + 1
        services.recommendation_create(
            actor=office.staff, topic=office.topic, code=f"2024-D-{base}", number=base, title="草稿", body="x"
        )
        rec = _issued(office, code=f"2024-I-{base}", number=base + 500, issued_on=past)
        late = services.task_create(
            actor=office.staff, recommendation=rec, number=1, title="逾期任务", lead_department=office.police,
            assigned_on=past, due_date=past + datetime.timedelta(days=30),
        )  # fmt: skip
        soon = services.task_create(
            actor=office.staff, recommendation=rec, number=2, title="临期任务", lead_department=office.bank,
            co_departments=[office.police], assigned_on=past, due_date=add_working_days(TODAY(), 3),
        )  # fmt: skip
        report = services.report_create(
            actor=office.liaison, task=late, department=office.police, narrative="进展"
        )
        services.report_submit(actor=office.liaison, report=report)
        extension_request_create(
            actor=office.bank_liaison, task=soon, department=office.bank,
            requested_due=soon.due_date + datetime.timedelta(days=30), reason="需要更多时间",
        )  # fmt: skip


def test_the_home_page_reads_the_same_number_of_queries_however_much_is_waiting(
    staff_client, office, django_capture_on_commit_callbacks
):
    _fill_queues(office, 1)
    _home_queries(staff_client)  # warms the working-day calendar's cache
    few = _home_queries(staff_client)
    staff_client.get(reverse("office:home"))  # the rows kept until the next write
    with django_capture_on_commit_callbacks(execute=True):
        _fill_queues(office, 4)
    page = staff_client.get(reverse("office:home")).content.decode()
    assert page.count('href="/office/recommendations/2024-D-') == 5
    assert _home_queries(staff_client) == few


def test_editing_a_recommendation_changes_its_text_and_sources_but_not_its_status(staff_client, office):
    rec = _issued(office)
    finding = services.finding_create(
        actor=office.staff,
        topic=office.topic,
        code="2024-F1",
        number=1,
        category="技术",
        title="技术反制滞后",
    )
    url = reverse("office:recommendation_edit", args=[rec.code])
    data = {"code": rec.code, "number": 1, "title": "强化技术反制（修改）", "body": "提升预警拦截能力。",
            "findings": [finding.pk]}  # fmt: skip
    assert staff_client.post(url, data).status_code == 302
    rec.refresh_from_db()
    assert (rec.title, rec.status, list(rec.findings.all())) == ("强化技术反制（修改）", RS.ISSUED, [finding])
    assert staff_client.post(url, data | {"title": ""}).status_code == 400
    rec.refresh_from_db()
    assert rec.title == "强化技术反制（修改）"


def test_staff_keep_the_committees_addressee_and_voting_members_in_the_settings(staff_client, office):
    from congresses.models import current_congress

    url = reverse("office:settings")
    congress = current_congress()
    data = {"name": "仙游县人民代表大会常务委员会", "short_name": "仙游县人大常委会",
            "government_name": "仙游县人民政府", "voting_members": 30}  # fmt: skip
    data |= {name: getattr(congress, name) for name in ("quorum", "satisfied_share", "unsatisfied_share",
                                                         "calendar", "time_zone")}  # fmt: skip
    assert staff_client.post(url, data).status_code == 302
    assert (current_congress().government_name, current_congress().voting_members) == ("仙游县人民政府", 30)
    assert staff_client.post(url, data | {"voting_members": 0}).status_code == 400
    assert current_congress().voting_members == 30 and current_congress().pk == congress.pk
