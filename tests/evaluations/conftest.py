import datetime

import pytest
from django.utils import translation

from recommendations import services
from tests.factories import (
    DepartmentFactory,
    LiaisonFactory,
    MemberFactory,
    RecommendationFactory,
    StaffFactory,
    TopicFactory,
)


@pytest.fixture
def staff(db):
    return StaffFactory()


def committee_of(size, actor=None):
    """The standing committee's number of voting members (what in-session totals are checked
    against)."""
    from congresses.models import current_congress
    from congresses.services import congress_update

    congress_update(actor=actor, congress=current_congress(), voting_members=size)


@pytest.fixture
def members(db):
    """Five members, each with an account: the whole committee."""
    committee_of(5)
    return [MemberFactory() for _ in range(5)]


@pytest.fixture
def make_reported(staff):
    """A recommendation brought to "reported" through the services: issued, `tasks` tasks
    assigned, each with a final report submitted and accepted. Returns (recommendation, reports)."""

    def make(*, topic=None, tasks=1, **fields):
        topic = topic or TopicFactory()
        rec = RecommendationFactory(topic=topic, **fields)
        services.recommendation_issue(
            actor=staff,
            recommendation=rec,
            response_due=datetime.date(2022, 8, 31),
            occurred_at=datetime.date(2022, 5, 10),
        )
        reports = []
        for number in range(1, tasks + 1):
            department = DepartmentFactory()
            task = services.task_create(
                actor=staff,
                recommendation=rec,
                number=number,
                title=f"任务{number}",
                lead_department=department,
                assigned_on=datetime.date(2022, 5, 20),
                due_date=datetime.date(2022, 7, 31),
            )
            liaison = LiaisonFactory(department=department)
            report = services.report_create(
                actor=liaison, task=task, department=department, narrative="已完成。", is_final=True
            )
            services.report_submit(actor=liaison, report=report)
            reports.append(services.report_accept(actor=staff, report=report))
        rec.refresh_from_db()
        return rec, reports

    return make


@pytest.fixture(autouse=True)
def english():
    """Service messages are matched in English; pages are checked in the default Chinese."""
    with translation.override("en"):
        yield
