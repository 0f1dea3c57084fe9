"""What a new user ran into on a first trial, each fixed: the right kind of body in each list,
Chinese names in Chinese order, a refused date said on its field, a topic's year and an
inspection's dates checked, topic records edited in the office, a measurement's whole period
on the public page, notices dated by their event, and the welcome email in the site's language
at the site's address."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.names import full_name
from notifications.models import Notification
from portal.services import contest_raise
from recommendations import services
from recommendations.choices import DepartmentKind, IndicatorDirection, ReportStatus
from recommendations.models import Inspection, OversightTopic, ProgressReport, Recommendation
from tests.factories import DepartmentFactory, InspectionFactory, StaffFactory
from tests.office.test_pages import TODAY, _issued, _task

pytestmark = pytest.mark.django_db


def _offered(form, field):
    return set(form.fields[field].queryset)


def test_each_list_offers_only_the_right_kind_of_body(staff_client, office):
    congress = DepartmentFactory(code="putian-rd", name="莆田市人民代表大会", kind=DepartmentKind.CONGRESS)
    rec = _issued(office)
    task_form = staff_client.get(reverse("office:task_new", args=[rec.code])).context["form"]
    for field in ("lead_department", "co_departments"):
        assert _offered(task_form, field) == {office.police, office.bank}
    topic_form = staff_client.get(reverse("office:topic_new")).context["form"]
    assert _offered(topic_form, "responsible_office") == {office.committee}

    contest = contest_raise(
        actor=office.liaison, task=_task(office, rec), department=office.police, reason="不属本单位职责"
    )
    review = staff_client.get(reverse("review:contest", args=[contest.pk])).context["form"]
    assert _offered(review, "new_department") == {office.police, office.bank}

    # A congress body sent anyway is refused on its field, and no task is made.
    response = staff_client.post(
        reverse("office:task_new", args=[rec.code]),
        {"number": 2, "title": "宣传", "lead_department": congress.pk, "assigned_on": TODAY().isoformat(),
         "due_date": (TODAY() + datetime.timedelta(days=30)).isoformat()},
    )  # fmt: skip
    assert response.status_code == 400 and "lead_department" in response.context["form"].errors
    assert rec.tasks.count() == 1


def test_chinese_names_are_written_family_name_first_without_a_space(staff_client, office):
    assert full_name("海燕", "郑") == "郑海燕"
    assert full_name("Anna", "Schmidt") == "Anna Schmidt"
    assert full_name("", "郑") == "郑" and full_name("Anna", "") == "Anna"
    person = StaffFactory(first_name="海燕", last_name="郑")
    assert str(person) == person.get_full_name() == "郑海燕"
    people = staff_client.get(reverse("office:people")).content.decode()
    assert "郑海燕" in people and "海燕 郑" not in people


def test_a_refused_sent_on_date_is_named_on_its_field(client, office):
    task = _task(office, _issued(office))
    report = services.report_create(
        actor=office.liaison, task=task, department=office.police, narrative="已部署。"
    )
    client.force_login(office.liaison)
    response = client.post(
        reverse("portal:report_submit", args=[report.pk]),
        {"version": report.updated_at.isoformat(), "occurred_on": TODAY() + datetime.timedelta(days=3)},
    )
    assert response.status_code == 400
    errors = response.context["submit_form"].errors
    assert list(errors) == ["occurred_on"]
    assert [error.code for error in errors.as_data()["occurred_on"]] == ["occurred_in_future"]
    assert 'id="id_occurred_on"' in response.content.decode()
    assert ProgressReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT


def _topic_post(office, **changes):
    return {"code": "2023-river", "year": 2023, "title": "河长制落实情况", "form": "work_report",
            "responsible_office": office.committee.pk} | changes  # fmt: skip


def test_a_topic_year_must_match_its_code_and_its_inspections(staff_client, office):
    response = staff_client.post(reverse("office:topic_new"), _topic_post(office, year=2031))
    assert response.status_code == 400 and "2023" in str(response.context["form"].errors["year"])
    assert not OversightTopic.objects.filter(code="2023-river").exists()

    assert staff_client.post(reverse("office:topic_new"), _topic_post(office)).status_code == 302
    topic = OversightTopic.objects.get(code="2023-river")
    InspectionFactory(topic=topic, started_on=datetime.date(2023, 4, 10))
    response = staff_client.post(
        reverse("office:topic_edit", args=[topic.code]), _topic_post(office, code="river", year=2025)
    )
    assert response.status_code == 400 and "year" in response.context["form"].errors
    assert OversightTopic.objects.get(pk=topic.pk).year == 2023


def _tomorrow():
    return TODAY() + datetime.timedelta(days=1)


@pytest.mark.parametrize(
    "dates, field",
    [
        (lambda: {"started_on": _tomorrow()}, "started_on"),
        (lambda: {"started_on": datetime.date(2024, 5, 1), "ended_on": _tomorrow()}, "ended_on"),
        (lambda: {"started_on": datetime.date(2022, 12, 20)}, "started_on"),  # the topic's year is 2024
    ],
)
def test_an_inspection_in_the_future_or_before_its_topic_is_refused(staff_client, office, dates, field):
    data = {"title": "实地视察", "kind": "inspection"} | dates()
    response = staff_client.post(reverse("office:topic_add", args=[office.topic.code, "inspection"]), data)
    assert response.status_code == 400 and field in response.context["form"].errors
    assert not Inspection.objects.exists()


def test_staff_edit_an_inspection_and_a_finding_with_history(staff_client, office):
    inspection = services.inspection_create(
        actor=office.staff, topic=office.topic, title="视察", started_on=datetime.date(2024, 3, 14)
    )
    topic_page = staff_client.get(reverse("office:topic", args=[office.topic.code])).content.decode()
    url = reverse("office:topic_record_edit", args=[office.topic.code, "inspection", inspection.pk])
    assert url in topic_page
    response = staff_client.post(
        url,
        {"title": "电信网络诈骗治理视察", "kind": "inspection", "started_on": "2024-03-12",
         "ended_on": "2024-03-15", "departments_visited": [office.police.pk, office.bank.pk]},
    )  # fmt: skip
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert (inspection.title, inspection.started_on, inspection.ended_on) == (
        "电信网络诈骗治理视察",
        datetime.date(2024, 3, 12),
        datetime.date(2024, 3, 15),
    )
    assert set(inspection.departments_visited.all()) == {office.police, office.bank}
    change = inspection.history.order_by("pgh_id").last()
    assert (change.pgh_label, change.pgh_context.metadata["user"]) == ("update", office.staff.pk)

    # Bad input on an edit changes nothing.
    response = staff_client.post(url, {"title": "", "kind": "inspection", "started_on": "2024-03-20",
                                       "ended_on": "2024-03-01"})  # fmt: skip
    assert response.status_code == 400
    assert Inspection.objects.get(pk=inspection.pk).title == "电信网络诈骗治理视察"

    finding = services.finding_create(
        actor=office.staff, topic=office.topic, code="F-1", number=1, category="技术", title="技术滞后"
    )
    finding_url = reverse("office:topic_record_edit", args=[office.topic.code, "finding", finding.pk])
    response = staff_client.post(
        finding_url,
        {
            "code": "F-1",
            "number": 1,
            "category": "技术",
            "title": "技术反制手段滞后",
            "inspection": inspection.pk,
        },
    )
    assert response.status_code == 302
    finding.refresh_from_db()
    assert (finding.title, finding.inspection) == ("技术反制手段滞后", inspection)


def test_a_measurement_period_keeps_its_start_on_the_public_page(client, office):
    task = _task(office, _issued(office))
    indicator = services.indicator_create(
        actor=office.staff,
        topic=office.topic,
        name="警情数",
        unit="起",
        direction=IndicatorDirection.LOWER_IS_BETTER,
    )
    report = services.report_create(
        actor=office.liaison, task=task, department=office.police, narrative="警情数下降。",
        measurements=[{"indicator": indicator, "change_percent": Decimal("-29.8"),
                       "period_start": datetime.date(2024, 1, 1), "period_end": datetime.date(2024, 7, 31)}],
    )  # fmt: skip
    services.report_submit(actor=office.liaison, report=report)
    services.report_accept(actor=office.staff, report=report)
    Recommendation.objects.filter(pk=task.recommendation_id).update(is_published=True)
    page = client.get(
        reverse("public_recommendation_detail", args=[task.recommendation.code])
    ).content.decode()
    assert "2024-01-01–2024-07-31" in page


def test_notices_carry_the_date_of_their_event_and_none_go_out_for_past_business(staff_client, office):
    rec = _issued(office, issued_on=TODAY() - datetime.timedelta(days=400))

    def assign(number, assigned, due):
        return staff_client.post(
            reverse("office:task_new", args=[rec.code]),
            {"number": number, "title": f"任务{number}", "lead_department": office.police.pk,
             "assigned_on": assigned.isoformat(), "due_date": due.isoformat()},
        )  # fmt: skip

    # Entered today, assigned and due long ago: no one needs to act, so no notice.
    assert (
        assign(1, TODAY() - datetime.timedelta(days=390), TODAY() - datetime.timedelta(days=300)).status_code
        == 302
    )
    assert not Notification.objects.filter(kind=Notification.Kind.ASSIGNMENT).exists()
    # Assigned ten days ago, due next month: the department must act; the notice keeps its day.
    assigned = TODAY() - datetime.timedelta(days=10)
    assert assign(2, assigned, TODAY() + datetime.timedelta(days=30)).status_code == 302
    notice = Notification.objects.get(kind=Notification.Kind.ASSIGNMENT)
    assert notice.recipient == office.liaison and timezone.localdate(notice.created_at) == assigned


def test_the_welcome_email_is_in_the_sites_language_and_links_to_its_address(
    staff_client, office, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://rd.putian.example.cn"
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("office:person_new"),
            {"last_name": "林", "first_name": "晓", "email": "lin@example.cn", "role": "liaison",
             "department": office.bank.pk, "is_active": "on"},
            HTTP_ACCEPT_LANGUAGE="en",  # the sender works in English
        )  # fmt: skip
    assert response.status_code == 302
    (message,) = mail.outbox
    assert re.search(r"[\u4e00-\u9fff]", message.subject) and "林晓" in message.body
    assert "Your account" not in message.subject
    link = re.search(r"https?://\S+/accounts/reset/\S+/", message.body).group(0)
    assert link.startswith("https://rd.putian.example.cn/")
    assert User.objects.get(email="lin@example.cn").get_full_name() == "林晓"
