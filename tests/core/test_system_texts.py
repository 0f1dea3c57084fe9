"""What the system writes into records (status notes, notification titles) is kept as a code
and its parameters and read in the reader's language, whatever language the writer used;
what people write stays as they wrote it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from notifications.models import Notification
from oversight import system_texts
from recommendations import services
from recommendations.models import StatusEvent
from tests.factories import DepartmentFactory, LiaisonFactory, StaffFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned():
    """Staff working in Chinese issue a recommendation and assign its first task (last spring,
    so the dates are not today's)."""
    staff = StaffFactory()
    police = DepartmentFactory(code="police", name="市公安局")
    liaison = LiaisonFactory(department=police)
    topic = TopicFactory(code="2022-fraud", title="打击治理电信网络新型违法犯罪工作")
    today = timezone.localdate()
    with translation.override("zh-hans"):
        rec = services.recommendation_create(
            actor=staff, topic=topic, code="2022-FRAUD-01", number=1, title="强化技术反制",
            body="提升预警拦截能力。", is_published=True,
        )  # fmt: skip
        services.recommendation_issue(
            actor=staff,
            recommendation=rec,
            response_due=today + datetime.timedelta(days=60),
            occurred_at=today - datetime.timedelta(days=20),
        )
        task = services.task_create(
            actor=staff,
            recommendation=rec,
            number=1,
            title="建设反诈预警平台",
            lead_department=police,
            assigned_on=today - datetime.timedelta(days=10),
            due_date=today + datetime.timedelta(days=30),
        )
    return task, liaison


def test_the_systems_note_is_stored_as_a_code_not_as_chinese(assigned):
    task, _liaison = assigned
    event = StatusEvent.objects.filter(recommendation=task.recommendation).latest("pk")
    assert (event.text_code, event.public_note, event.note) == ("tasks_assigned", "", "")
    notification = Notification.objects.get(kind=Notification.Kind.ASSIGNMENT)
    assert (notification.title, notification.text_code) == ("", "new_assignment")
    assert notification.text_params == {"task": task.code}


def test_a_note_written_in_chinese_reads_in_english_on_the_pages(client, assigned):
    task, liaison = assigned
    client.force_login(liaison)
    task_page = reverse("portal:task", args=[task.pk])
    english = client.get(task_page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Tasks assigned" in english and "已分解交办任务" not in english
    chinese = client.get(task_page, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "已分解交办任务" in chinese and "Tasks assigned" not in chinese
    public = reverse("public_recommendation_detail", args=[task.recommendation.code])
    client.logout()
    assert "Tasks assigned" in client.get(public, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_each_reader_gets_the_notification_title_in_their_language(client, assigned):
    task, liaison = assigned
    client.force_login(liaison)
    inbox = reverse("notifications:list")
    english = client.get(inbox, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"New assignment: {task.code}" in english and "新交办任务" not in english
    chinese = client.get(inbox, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f"新交办任务：{task.code}" in chinese


def test_people_s_notes_stay_as_written(assigned):
    task, _liaison = assigned
    staff = StaffFactory()
    with translation.override("en"):
        rec = services.recommendation_mark_reported(
            actor=staff, recommendation=task.recommendation, public_note="两项任务均已部署"
        )
    event = rec.events.latest("pk")
    assert (event.public_note, event.text_code) == ("两项任务均已部署", "")
    with translation.override("en"):
        assert event.public_note_text == "两项任务均已部署"


def test_texts_written_before_are_recognised_in_either_language_and_old_wordings():
    legacy = {"report_accepted": ["报告已采纳:%(task)s"]}
    codes = ["report_accepted", "new_assignment"]
    for stored in ("Report accepted: T-7", "报告已审核通过：T-7", "报告已采纳:T-7"):
        found = system_texts.recognise(stored, codes, legacy=legacy)
        assert (found.code, found.params) == ("report_accepted", {"task": "T-7"}), stored
    assert system_texts.recognise("市公安局已完成部署", codes, legacy=legacy) is None


def test_nested_texts_dates_and_choices_render_in_the_readers_language():
    vote = system_texts.text(
        "vote_totals", method={"choice": "evaluation_method", "value": "online"}, s=20, b=5, u=2, a=1, n=30
    )
    note = system_texts.text("vote_not_satisfied", totals=system_texts.as_param(vote))
    extension = system_texts.text(
        "extension_approved", task="T-1", date=system_texts.date_param(datetime.date(2022, 9, 30))
    )
    with translation.override("en"):
        assert "Online secret ballot: 20 satisfied, 5 largely satisfied" in str(note)
        assert "2022" in str(extension) and "年" not in str(extension)
    with translation.override("zh-hans"):
        assert "网上无记名测评" in str(note) and "满意 20 票" in str(note)
        assert "2022年9月30日" in str(extension)
