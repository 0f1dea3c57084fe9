"""A small case for following: a published topic with a published recommendation handled by
the police (lead) and the bank (co-department), an unpublished one handled by the police, both
issued in 2022, and one person of each role."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from recommendations import services
from tests.factories import DepartmentFactory, LiaisonFactory, MemberFactory, StaffFactory, TopicFactory
from tests.reminders.conftest import celery_worker, flaky_email, own_jobs  # noqa: F401 (the worker's fixtures)


def at(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 10, 0))


@dataclass
class Case:
    staff: object
    other_staff: object
    member: object
    police: object
    bank: object
    education: object
    police_liaison: object
    bank_liaison: object
    education_liaison: object
    topic: object
    published: object
    unpublished: object
    task: object
    hidden_task: object


def build_case():
    staff = StaffFactory(username="staff", email="staff@example.org")
    police = DepartmentFactory(code="police", name="市公安局")
    bank = DepartmentFactory(code="pbc", name="人行莆田支行")
    education = DepartmentFactory(code="education", name="市教育局")
    topic = TopicFactory(code="2022-fraud", title="打击治理电信网络新型违法犯罪工作")
    published = services.recommendation_create(
        actor=staff,
        topic=topic,
        code="2022-FRAUD-01",
        number=1,
        title="强化技术反制",
        body="……",
        is_published=True,
    )
    unpublished = services.recommendation_create(
        actor=staff, topic=topic, code="2022-FRAUD-02", number=2, title="未公开的审议意见", body="……"
    )
    tasks = []
    for rec, co in ((published, [bank]), (unpublished, [])):
        services.recommendation_issue(
            actor=staff,
            recommendation=rec,
            response_due=datetime.date(2022, 9, 30),
            occurred_at=at(2022, 5, 18),
        )
        tasks.append(
            services.task_create(
                actor=staff,
                recommendation=rec,
                number=1,
                title="建设反诈预警平台",
                lead_department=police,
                co_departments=co,
                assigned_on=datetime.date(2022, 5, 20),
                due_date=datetime.date(2022, 8, 31),
                occurred_at=at(2022, 5, 20),
            )
        )
    return Case(
        staff=staff,
        other_staff=StaffFactory(username="staff2", email="staff2@example.org"),
        member=MemberFactory(username="member", email="member@example.org"),
        police=police,
        bank=bank,
        education=education,
        police_liaison=LiaisonFactory(username="police", department=police, email="police@example.org"),
        bank_liaison=LiaisonFactory(username="bank", department=bank, email="bank@example.org"),
        education_liaison=LiaisonFactory(username="edu", department=education, email="edu@example.org"),
        topic=topic,
        published=published,
        unpublished=unpublished,
        task=tasks[0],
        hidden_task=tasks[1],
    )


@pytest.fixture
def case(db):
    return build_case()
