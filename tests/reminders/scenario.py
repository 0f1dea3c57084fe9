"""One recommendation issued to the government with a task for a lead and a co-department,
their liaisons, a member, and committee staff: the people the ladder reaches."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from accounts.models import User
from recommendations import services
from recommendations.models import Department, Recommendation, Task
from tests.factories import (
    DepartmentFactory,
    LiaisonFactory,
    MemberFactory,
    RecommendationFactory,
    StaffFactory,
)


@dataclass
class Scenario:
    staff: User
    member: User
    lead: Department
    co: Department
    liaison: User
    co_liaison: User
    recommendation: Recommendation
    task: Task


ENTERED = datetime.date(2022, 1, 4)


def build(*, task_due, response_due=datetime.date(2022, 12, 30)):
    """Everything entered and issued on 4 January 2022, the day the tasks were assigned."""
    staff = StaffFactory(email="staff@rd.example")
    member = MemberFactory(email="member@rd.example")
    lead = DepartmentFactory(
        contact_email="office@police.example", head_name="张局长", head_email="head@police.example"
    )
    co = DepartmentFactory()
    liaison = LiaisonFactory(department=lead, email="liaison@police.example")
    co_liaison = LiaisonFactory(department=co, email="")  # reached in the app only
    recommendation = services.recommendation_issue(
        actor=staff, recommendation=RecommendationFactory(), response_due=response_due, occurred_at=ENTERED
    )
    task = services.task_create(
        actor=staff,
        recommendation=recommendation,
        number=1,
        title="建立涉诈高风险人员管控机制",
        lead_department=lead,
        co_departments=[co],
        assigned_on=ENTERED,
        due_date=task_due,
    )
    entered_at = timezone.make_aware(datetime.datetime.combine(ENTERED, datetime.time(9)))
    Recommendation.objects.filter(pk=recommendation.pk).update(created_at=entered_at)
    Task.objects.filter(pk=task.pk).update(created_at=entered_at)
    recommendation.refresh_from_db()
    task.refresh_from_db()
    return Scenario(staff, member, lead, co, liaison, co_liaison, recommendation, task)
