"""Two departments, each with one of every kind of record, built through the services, and a
user of each role. Department A (`police`) and department B (`education`) are symmetrical, so
every object route is checked on an object of each, from the owner's and the stranger's side."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)

from documents.choices import AttachmentKind
from documents.services import attachment_add, source_add
from evaluations.services import evaluation_open
from notifications.models import Notification
from notifications.services import notify
from portal.services import contest_raise, evidence_add, extension_request_create
from recommendations import services
from recommendations.choices import EvaluationMethod, IndicatorDirection
from reminders.models import SentReminder, WorkingDayException
from tests.factories import (
    DepartmentFactory,
    LiaisonFactory,
    MemberFactory,
    StaffFactory,
    TopicFactory,
    UserFactory,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# Text that appears only in records the public must never see.
UNPUBLISHED_TITLE = "未公开审议意见-SECRET-REC"
HIDDEN_TOPIC_TITLE = "未公开议题-SECRET-TOPIC"
DRAFT_NARRATIVE = "草稿办理情况-SECRET-DRAFT"
SUBMITTED_NARRATIVE = "待验收办理情况-SECRET-SUBMITTED"
INTERNAL_FILE = "internal-secret-memo.pdf"
INTERNAL_INDICATOR = "未验收指标-SECRET-INDICATOR"
INTERNAL_ATTACHMENT = "内部视察材料-SECRET-ATTACHMENT"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _department_records(staff, recommendation, code, name, number, indicator, internal_indicator):
    department = DepartmentFactory(code=code, name=name)
    liaison = LiaisonFactory(username=f"liaison-{code}", department=department)
    today = timezone.localdate()
    task = services.task_create(
        actor=staff,
        recommendation=recommendation,
        number=number,
        title=f"{name}的任务",
        lead_department=department,
        assigned_on=today,
        due_date=today + datetime.timedelta(days=30),
    )
    draft = services.report_create(
        actor=liaison, task=task, department=department, narrative=f"{DRAFT_NARRATIVE}-{code}"
    )
    submitted = services.report_create(
        actor=liaison, task=task, department=department, narrative=f"{SUBMITTED_NARRATIVE}-{code}"
    )
    services.measurement_add(
        actor=liaison, report=submitted, indicator=internal_indicator, change_percent=-12
    )
    submitted = services.report_submit(actor=liaison, report=submitted)
    accepted = services.report_create(
        actor=liaison, task=task, department=department, narrative=f"{name}已完成部署"
    )
    services.measurement_add(
        actor=liaison, report=accepted, indicator=indicator, change_percent=Decimal("-29.8")
    )
    services.report_submit(actor=liaison, report=accepted)
    accepted = services.report_accept(actor=staff, report=accepted)
    evidence = evidence_add(
        actor=liaison, report=draft, uploaded=SimpleUploadedFile(f"{code}-draft.pdf", PDF, "application/pdf")
    )
    internal = evidence_add(
        actor=liaison,
        report=accepted,
        uploaded=SimpleUploadedFile(f"{code}-{INTERNAL_FILE}", PDF, "application/pdf"),
        is_internal=True,
    )
    public_file = evidence_add(
        actor=liaison,
        report=accepted,
        uploaded=SimpleUploadedFile(f"{code}-public.pdf", PDF, "application/pdf"),
    )
    contest = contest_raise(actor=liaison, task=task, department=department, reason="职责不符")
    extension = extension_request_create(
        actor=liaison,
        task=task,
        department=department,
        requested_due=task.due_date + datetime.timedelta(days=30),
        reason="采购周期长",
    )
    notify(recipients=[liaison], kind=Notification.Kind.OTHER, title=f"给{name}的通知")
    return SimpleNamespace(
        department=department,
        liaison=liaison,
        task=task,
        draft=draft,
        submitted=submitted,
        accepted=accepted,
        evidence=evidence,
        internal_evidence=internal,
        public_evidence=public_file,
        contest=contest,
        extension=extension,
        notification=Notification.objects.filter(recipient=liaison).latest("pk"),
    )


@pytest.fixture
def world(db):
    staff = StaffFactory(username="staff")
    member = MemberFactory(username="member")
    nobody = UserFactory(username="nobody")
    topic = TopicFactory(code="2022-fraud", title="打击治理电信网络新型违法犯罪工作")
    hidden_topic = TopicFactory(code="2022-hidden", title=HIDDEN_TOPIC_TITLE, is_published=False)
    indicator = services.indicator_create(
        actor=staff, topic=topic, name="警情数", unit="起", direction=IndicatorDirection.LOWER_IS_BETTER
    )
    # Measured only in reports not yet accepted: internal.
    internal_indicator = services.indicator_create(
        actor=staff, topic=topic, name=INTERNAL_INDICATOR, direction=IndicatorDirection.HIGHER_IS_BETTER
    )
    recommendation = services.recommendation_create(
        actor=staff, topic=topic, code="2022-FRAUD-01", number=1, title="强化技术反制",
        body="提升预警拦截能力。", is_published=True,
    )  # fmt: skip
    recommendation = services.recommendation_issue(
        actor=staff, recommendation=recommendation, response_due=timezone.localdate() + datetime.timedelta(60)
    )
    unpublished = services.recommendation_create(
        actor=staff, topic=topic, code="2022-FRAUD-02", number=2, title=UNPUBLISHED_TITLE,
        body="内部讨论稿。", is_published=False,
    )  # fmt: skip
    unpublished = services.recommendation_issue(
        actor=staff, recommendation=unpublished, response_due=timezone.localdate() + datetime.timedelta(60)
    )
    in_hidden_topic = services.recommendation_create(
        actor=staff, topic=hidden_topic, code="2022-HIDDEN-01", number=1, title=f"{HIDDEN_TOPIC_TITLE}的意见",
        body="内部。", is_published=True,
    )  # fmt: skip
    a = _department_records(staff, recommendation, "police", "市公安局", 1, indicator, internal_indicator)
    b = _department_records(staff, recommendation, "education", "市教育局", 2, indicator, internal_indicator)

    # An evaluation of a reported recommendation (a separate one, so the tasks above stay open).
    reported = services.recommendation_create(
        actor=staff, topic=topic, code="2022-FRAUD-03", number=3, title="强化部门协同", body="协同。",
        is_published=True,
    )  # fmt: skip
    services.recommendation_issue(
        actor=staff, recommendation=reported, response_due=datetime.date(2030, 1, 1)
    )
    services.recommendation_start(actor=staff, recommendation=reported)
    services.recommendation_mark_reported(actor=staff, recommendation=reported)
    evaluation = evaluation_open(
        actor=staff, topic=topic, recommendation=reported, method=EvaluationMethod.ONLINE_BALLOT
    )

    # One row of every other model the admin lists.
    meeting = services.meeting_create(
        actor=staff, title="市八届人大常委会第二次会议", held_on=datetime.date(2022, 4, 28), topics=[topic]
    )
    services.remark_create(actor=staff, meeting=meeting, topic=topic, speaker_name="黄景亮", content="建议。")
    inspection = services.inspection_create(
        actor=staff, topic=topic, title="视察", started_on=datetime.date(2022, 3, 14)
    )
    services.finding_create(
        actor=staff, topic=topic, inspection=inspection, code="F-1", number=1, category="技术", title="滞后"
    )
    # Documents of the records: one internal on the inspection, one public on the topic.
    internal_attachment = attachment_add(
        actor=staff, record=inspection, kind=AttachmentKind.INSPECTION_REPORT, title=INTERNAL_ATTACHMENT,
        uploaded=SimpleUploadedFile("inspection-secret.pdf", PDF, "application/pdf"),
    )  # fmt: skip
    public_attachment = attachment_add(
        actor=staff, record=topic, kind=AttachmentKind.GOVERNMENT_REPORT, title="市人民政府研究处理情况报告",
        uploaded=SimpleUploadedFile("government-report.pdf", PDF, "application/pdf"), is_public=True,
    )  # fmt: skip
    source_add(
        actor=staff, record=topic, title="全力守好群众“钱袋子”", publisher="莆田人大视点",
        published_on=datetime.date(2022, 10, 29),
    )  # fmt: skip
    WorkingDayException.objects.create(date=datetime.date(2022, 10, 8), is_working_day=True, reason="调休")
    SentReminder.objects.create(
        kind=SentReminder.Kind.REMINDER,
        task=a.task,
        threshold=5,
        due_date=a.task.due_date,
        recipient_user=a.liaison,
    )
    seen = {
        "user_agent": "test",
        "ip_address": "127.0.0.1",
        "username": "x",
        "http_accept": "*/*",
        "path_info": "/",
    }
    AccessAttempt.objects.create(**seen, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**seen)
    AccessFailureLog.objects.create(**seen)
    Group.objects.create(name="委室工作人员")
    interval = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS)
    CrontabSchedule.objects.create(minute="0", hour="8")
    SolarSchedule.objects.create(event="sunrise", latitude=25.4, longitude=119.0)
    ClockedSchedule.objects.create(clocked_time=timezone.now())
    PeriodicTask.objects.create(
        name="security-test", task="reminders.tasks.send_reminders", interval=interval
    )
    return SimpleNamespace(
        staff=staff,
        member=member,
        nobody=nobody,
        topic=topic,
        hidden_topic=hidden_topic,
        recommendation=recommendation,
        unpublished=unpublished,
        in_hidden_topic=in_hidden_topic,
        reported=reported,
        evaluation=evaluation,
        indicator=indicator,
        internal_indicator=internal_indicator,
        internal_attachment=internal_attachment,
        public_attachment=public_attachment,
        a=a,
        b=b,
    )
