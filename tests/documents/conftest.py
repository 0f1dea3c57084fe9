import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from congresses.models import current_congress
from congresses.services import congress_update
from recommendations import services
from tests.factories import DepartmentFactory, MemberFactory, StaffFactory, TopicFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def case(db):
    """A published topic with an inspection, a meeting and an issued, published recommendation."""
    staff = StaffFactory(username="doc-staff")
    # The office's code in document numbers, as staff set it in the office settings.
    congress_update(actor=staff, congress=current_congress(), document_prefix="闽测人大常办")
    police = DepartmentFactory(code="police", name="市公安局")
    topic = TopicFactory(code="2022-fraud", year=2022, title="打击治理电信网络新型违法犯罪工作")
    inspection = services.inspection_create(
        actor=staff, topic=topic, title="电信网络诈骗治理视察", started_on=datetime.date(2022, 3, 14)
    )
    meeting = services.meeting_create(
        actor=staff, title="市八届人大常委会第二次会议", held_on=datetime.date(2022, 4, 28), topics=[topic]
    )
    recommendation = services.recommendation_create(
        actor=staff, topic=topic, code="2022-FRAUD-01", number=1, title="强化技术反制",
        body="提升预警拦截能力。", is_published=True,
    )  # fmt: skip
    recommendation = services.recommendation_issue(
        actor=staff,
        recommendation=recommendation,
        response_due=datetime.date(2022, 8, 31),
        occurred_at=timezone.make_aware(datetime.datetime(2022, 5, 20, 10)),
    )
    second = services.recommendation_create(
        actor=staff, topic=topic, code="2022-FRAUD-02", number=2, title="强化部门协同",
        body="健全联席会议机制。\n压实行业主管部门责任。", is_published=True,
    )  # fmt: skip
    second = services.recommendation_issue(
        actor=staff,
        recommendation=second,
        response_due=datetime.date(2022, 8, 31),
        occurred_at=timezone.make_aware(datetime.datetime(2022, 5, 20, 11)),
    )
    bank = DepartmentFactory(code="bank", name="人行莆田支行")
    overdue_task = services.task_create(
        actor=staff, recommendation=recommendation, number=1, title="升级反诈预警模型",
        lead_department=police, assigned_on=datetime.date(2022, 6, 1),
        due_date=datetime.date(2022, 7, 29), co_departments=[bank],
    )  # fmt: skip
    return SimpleNamespace(
        staff=staff,
        second=second,
        bank=bank,
        overdue_task=overdue_task,
        member=MemberFactory(username="doc-member"),
        police=police,
        topic=topic,
        inspection=inspection,
        meeting=meeting,
        recommendation=recommendation,
    )
