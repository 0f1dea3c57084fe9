import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from evaluations import services as evaluation_services
from recommendations import services
from recommendations.choices import Verdict
from tests.api.conftest import at, issue, world  # noqa: F401  (the published world)
from tests.factories import MemberFactory


@pytest.fixture
def member(db):
    return MemberFactory(username="member")


@pytest.fixture
def figures_world(world):  # noqa: F811
    """The public world plus recommendations spread over cohorts and ages, a closure with a
    partial verdict, and a staff-recorded measurement given as value and baseline."""
    staff, topic = world.staff, world.topic
    today = timezone.localdate()
    now = timezone.now()

    def rec(number, title, **kwargs):
        return services.recommendation_create(
            actor=staff,
            topic=topic,
            code=f"2022-FRAUD-{number:02d}",
            number=number,
            title=title,
            body="工作。",
            is_published=True,
            **kwargs,
        )

    earlier = rec(11, "强化部门协同")
    issue(staff, earlier, datetime.date(2022, 2, 28), at(2021, 11, 3))
    services.task_create(
        actor=staff,
        recommendation=earlier,
        number=1,
        title="建立联席会议",
        lead_department=world.police,
        assigned_on=datetime.date(2021, 11, 10),
        due_date=datetime.date(2022, 1, 31),
        occurred_at=at(2021, 11, 10),
    )
    services.recommendation_mark_reported(actor=staff, recommendation=earlier, occurred_at=at(2022, 3, 1))
    evaluation_services.recommendation_close(
        actor=staff,
        recommendation=earlier,
        verdict=Verdict.PARTIALLY_IMPLEMENTED,
        note="部分落实。",
        occurred_at=at(2022, 6, 15),
    )
    for number, days_ago, due_in in [
        (12, 10, 30),
        (13, 50, -5),
        (14, 100, 20),
        (15, 200, -1),
        (16, 400, -100),
    ]:
        recent = rec(number, f"新的审议意见{number}")
        issue(staff, recent, today + datetime.timedelta(days=due_in), now - datetime.timedelta(days=days_ago))
    services.measurement_add(
        actor=staff,
        report=None,
        indicator=services.indicator_create(
            actor=staff, topic=topic, name="劝阻人数", unit="人", direction="higher"
        ),
        value=Decimal("6164"),
        baseline=Decimal("5000"),
        period_label="2022年",
    )
    return world
