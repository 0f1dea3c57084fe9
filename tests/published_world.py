"""A small published world built through the services, with one of each thing that must never
reach the public: an unpublished recommendation, a draft, a recommendation of an unpublished
topic, an unaccepted report with its figures, and an internal evidence file.

Shared by the `world` fixtures of tests/api (also used by tests/dashboard) and tests/public,
which differ only in the options they pass to `build_world`."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from evaluations import services as evaluation_services
from evaluations.models import Evaluation
from recommendations import services
from recommendations.choices import IndicatorDirection, Verdict
from tests.factories import DepartmentFactory, StaffFactory, TopicFactory

# Strings that appear only in records the public must not see.
SECRETS = {
    "unpublished": "未公开的审议意见甲",
    "draft": "草稿审议意见乙",
    "hidden_topic": "未公开议题的审议意见丙",
    "unaccepted_report": "尚未验收的办理情况丁",
    "unaccepted_indicator": "未验收指标戊",
    "internal_file": "internal-memo.pdf",
}

PUBLIC_FILE = "work-plan.pdf"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def at(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 10, 0))


def issue(staff, rec, due, when):
    return services.recommendation_issue(actor=staff, recommendation=rec, response_due=due, occurred_at=when)


def evidence_table_exists():
    """The portal app's Evidence model may be installed before its migration lands."""
    from django.apps import apps
    from django.db import connection

    return apps.is_installed("portal") and "portal_evidence" in connection.introspection.table_names()


@dataclass
class World:
    staff: object
    topic: object
    police: object
    education: object
    closed: object
    overdue: object
    report: object
    has_evidence: bool


def build_world(*, sources=False, evidence_optional=False):
    """Build the world (the caller points MEDIA_ROOT somewhere disposable first).

    `sources`: the closed recommendation also comes from an inspection (through its finding)
    and a member's remark at a meeting, as the public pages show them.
    `evidence_optional`: the report's two files are added only if the portal's evidence table
    exists (`World.has_evidence` says whether they were); otherwise they are always added."""
    staff = StaffFactory()
    police = DepartmentFactory(code="police", name="市公安局")
    education = DepartmentFactory(code="education", name="市教育局")
    topic = TopicFactory(code="2022-fraud", year=2022, title="打击治理电信网络新型违法犯罪工作")
    hidden_topic = TopicFactory(code="2022-hidden", year=2022, title="未公开议题", is_published=False)
    inspection, remarks = None, []
    if sources:
        inspection = services.inspection_create(
            actor=staff,
            topic=topic,
            title="电信网络诈骗治理视察",
            started_on=datetime.date(2022, 3, 14),
            departments_visited=[police],
        )
        meeting = services.meeting_create(
            actor=staff,
            title="市八届人大常委会第二次会议",
            held_on=datetime.date(2022, 4, 28),
            topics=[topic],
        )
        remarks = [
            services.remark_create(
                actor=staff, meeting=meeting, topic=topic, speaker_name="黄景亮", content="建议加强技术反制。"
            )
        ]
    tech = services.finding_create(
        actor=staff,
        topic=topic,
        code="F-TECH",
        number=1,
        category="技术",
        title="技术反制手段滞后",
        inspection=inspection,
    )
    grassroots = services.finding_create(
        actor=staff, topic=topic, code="F-BASE", number=2, category="基层", title="基层宣传存在盲区"
    )

    # Closed as implemented, with an accepted report, its figures and two files (one internal).
    closed = services.recommendation_create(
        actor=staff,
        topic=topic,
        code="2022-FRAUD-01",
        number=1,
        title="强化技术反制",
        body="提升预警拦截能力。",
        findings=[tech],
        remarks=remarks,
        is_published=True,
    )
    issue(staff, closed, datetime.date(2022, 8, 31), at(2022, 5, 10))
    task = services.task_create(
        actor=staff,
        recommendation=closed,
        number=1,
        title="建设反诈预警平台",
        lead_department=police,
        co_departments=[education],
        assigned_on=datetime.date(2022, 5, 20),
        due_date=datetime.date(2022, 7, 31),
        occurred_at=at(2022, 5, 20),
    )
    alarms = services.indicator_create(
        actor=staff, topic=topic, name="警情数", unit="起", direction=IndicatorDirection.LOWER_IS_BETTER
    )
    solved = services.indicator_create(
        actor=staff, topic=topic, name="破案率", unit="%", direction=IndicatorDirection.HIGHER_IS_BETTER
    )
    report = services.report_create(
        actor=staff,
        task=task,
        department=police,
        narrative="已建成预警平台,警情数比降29.8%。",
        is_final=True,
        measurements=[
            {"indicator": alarms, "change_percent": Decimal("-29.8"), "period_label": "2022年1-7月"},
            {"indicator": solved, "change_percent": Decimal("2.9"), "period_label": "2022年1-7月"},
        ],
    )
    has_evidence = evidence_table_exists() if evidence_optional else True
    if has_evidence:
        from portal.services import evidence_add

        evidence_add(actor=staff, report=report, uploaded=SimpleUploadedFile(PUBLIC_FILE, PDF))
        evidence_add(
            actor=staff,
            report=report,
            uploaded=SimpleUploadedFile(SECRETS["internal_file"], PDF),
            is_internal=True,
        )
    services.report_submit(actor=staff, report=report, occurred_at=at(2022, 7, 25))
    services.report_accept(actor=staff, report=report, occurred_at=at(2022, 7, 28))
    evaluation_services.recommendation_close(
        actor=staff,
        recommendation=closed,
        verdict=Verdict.IMPLEMENTED,
        note="平台建成并运行。",
        reports=[report],
        occurred_at=at(2022, 9, 30),
    )
    services.record_save(
        actor=staff,
        instance=Evaluation(
            topic=topic,
            recommendation=closed,
            method="in_session",
            voters_entitled=30,
            satisfied=25,
            basically_satisfied=3,
            unsatisfied=1,
            abstained=1,
            result="satisfied",
            held_on=datetime.date(2022, 10, 20),
        ),
    )

    # Open and overdue (priority); its only report was submitted but never accepted.
    overdue = services.recommendation_create(
        actor=staff,
        topic=topic,
        code="2022-FRAUD-02",
        number=2,
        title="强化基层基础",
        body="织密基层宣传网络。",
        findings=[grassroots],
        is_published=True,
        is_priority=True,
    )
    issue(staff, overdue, datetime.date(2022, 9, 30), at(2022, 5, 10))
    late_task = services.task_create(
        actor=staff,
        recommendation=overdue,
        number=1,
        title="开展反诈进校园",
        lead_department=education,
        assigned_on=datetime.date(2022, 5, 20),
        due_date=datetime.date(2022, 8, 31),
        occurred_at=at(2022, 5, 20),
    )
    hidden_indicator = services.indicator_create(
        actor=staff,
        topic=topic,
        name=SECRETS["unaccepted_indicator"],
        direction=IndicatorDirection.HIGHER_IS_BETTER,
    )
    pending = services.report_create(
        actor=staff,
        task=late_task,
        department=education,
        narrative=SECRETS["unaccepted_report"],
        measurements=[{"indicator": hidden_indicator, "change_percent": Decimal("5")}],
    )
    services.report_submit(actor=staff, report=pending, occurred_at=at(2022, 8, 1))

    # Never public: not marked published; a draft; published but on an unpublished topic.
    unpublished = services.recommendation_create(
        actor=staff, topic=topic, code="2022-FRAUD-03", number=3, title=SECRETS["unpublished"], body="技术。"
    )
    issue(staff, unpublished, datetime.date(2022, 9, 30), at(2022, 5, 10))
    services.recommendation_create(
        actor=staff,
        topic=topic,
        code="2022-FRAUD-04",
        number=4,
        title=SECRETS["draft"],
        body="技术。",
        is_published=True,
    )
    in_hidden_topic = services.recommendation_create(
        actor=staff,
        topic=hidden_topic,
        code="2022-HIDDEN-01",
        number=1,
        title=SECRETS["hidden_topic"],
        body="技术。",
        is_published=True,
    )
    issue(staff, in_hidden_topic, datetime.date(2022, 9, 30), at(2022, 5, 10))

    return World(
        staff=staff,
        topic=topic,
        police=police,
        education=education,
        closed=closed,
        overdue=overdue,
        report=report,
        has_evidence=has_evidence,
    )
