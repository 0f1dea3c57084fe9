"""The review loop through the services, derived facts, and history with the actor."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from recommendations import services
from recommendations.choices import IndicatorDirection
from recommendations.choices import RecommendationStatus as RS
from recommendations.models import Measurement, Task
from recommendations.selectors import progress_percent, recommendation_list
from tests.factories import (
    DepartmentFactory,
    IndicatorFactory,
    LiaisonFactory,
    RecommendationFactory,
    StaffFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(staff_user):
    rec = RecommendationFactory()
    return services.recommendation_issue(
        actor=staff_user,
        recommendation=rec,
        response_due=datetime.date(2022, 8, 10),
        occurred_at=datetime.date(2022, 5, 10),
    )


def _task(staff, rec, lead, number=1, co=()):
    return services.task_create(
        actor=staff,
        recommendation=rec,
        number=number,
        title="研发反诈平台",
        lead_department=lead,
        co_departments=co,
        assigned_on=datetime.date(2022, 5, 20),
        due_date=datetime.date(2022, 7, 31),
    )


def test_assigning_the_first_task_starts_handling(staff_user, issued):
    _task(staff_user, issued, DepartmentFactory())
    issued.refresh_from_db()
    assert issued.status == RS.IN_PROGRESS
    assert [e.public_note_text for e in issued.events.all()][-1] == str(translation.gettext("Tasks assigned"))


def test_accepting_every_final_report_moves_the_recommendation_to_reported(staff_user, issued):
    police, bank = DepartmentFactory(), DepartmentFactory()
    liaison = LiaisonFactory(department=police)
    task1 = _task(staff_user, issued, police, 1, co=[bank])
    task2 = _task(staff_user, issued, police, 2)

    for task in (task1, task2):
        report = services.report_create(
            actor=liaison, task=task, department=police, narrative="已完成", is_final=True
        )
        services.report_submit(actor=liaison, report=report)
        assert Task.objects.get(pk=task.pk).claimed_done_at is not None
        services.report_accept(actor=staff_user, report=report)

    issued.refresh_from_db()
    assert issued.status == RS.REPORTED
    assert all(t.verified_by == staff_user for t in issued.tasks.all())
    row = recommendation_list().get(pk=issued.pk)
    assert progress_percent(row) == 100


def test_returning_a_final_report_withdraws_the_claim(staff_user, issued):
    police = DepartmentFactory()
    liaison = LiaisonFactory(department=police)
    task = _task(staff_user, issued, police)
    report = services.report_create(
        actor=liaison, task=task, department=police, narrative="初稿", is_final=True
    )
    services.report_submit(actor=liaison, report=report)
    services.report_return(actor=staff_user, report=report, note="请补充数据")
    task.refresh_from_db()
    assert task.claimed_done_at is None
    assert task.verified_at is None
    issued.refresh_from_db()
    assert issued.status == RS.IN_PROGRESS


def test_only_task_departments_may_report_and_only_the_lead_may_claim_done(staff_user, issued):
    police, bank, stranger = DepartmentFactory(), DepartmentFactory(), DepartmentFactory()
    task = _task(staff_user, issued, police, co=[bank])
    with translation.override("en"), pytest.raises(ValidationError, match="lead or supporting"):
        services.report_create(actor=staff_user, task=task, department=stranger, narrative="x")
    with translation.override("en"), pytest.raises(ValidationError, match="lead department"):
        services.report_create(actor=staff_user, task=task, department=bank, narrative="x", is_final=True)
    services.report_create(actor=staff_user, task=task, department=bank, narrative="配合单位报告")


def test_a_report_with_a_bad_measurement_leaves_nothing_behind(staff_user, issued):
    police = DepartmentFactory()
    task = _task(staff_user, issued, police)
    indicator = IndicatorFactory(topic=issued.topic)
    with pytest.raises(ValidationError):
        services.report_create(
            actor=staff_user,
            task=task,
            department=police,
            narrative="报告",
            measurements=[{"indicator": indicator, "baseline": Decimal("3")}],
        )
    assert not task.reports.exists()
    assert not Measurement.objects.exists()


def test_measurement_direction_reads_three_falls_and_two_rises_as_improvements():
    topic = TopicFactory()
    lower = IndicatorFactory(topic=topic, direction=IndicatorDirection.LOWER_IS_BETTER)
    higher = IndicatorFactory(topic=topic, direction=IndicatorDirection.HIGHER_IS_BETTER)
    assert Measurement(indicator=lower, change_percent=Decimal("-29.8")).is_improvement is True
    assert Measurement(indicator=higher, change_percent=Decimal("2.9")).is_improvement is True
    assert Measurement(indicator=higher, change_percent=Decimal("-1")).is_improvement is False
    assert Measurement(indicator=lower, value=Decimal("90"), baseline=Decimal("100")).is_improvement is True
    assert Measurement(indicator=lower, value=Decimal("5")).is_improvement is None


def test_overdue_is_derived_from_the_deadline_and_status(staff_user):
    rec = RecommendationFactory()
    # A past working day, so the test reads the same on any day (overdue counts working days).
    past_due = datetime.date(2022, 3, 1)
    services.recommendation_issue(actor=staff_user, recommendation=rec, response_due=past_due)
    rec.refresh_from_db()
    assert rec.is_overdue
    assert recommendation_list().get(pk=rec.pk).overdue is True
    services.recommendation_revise_deadline(
        actor=staff_user, recommendation=rec, response_due=timezone.localdate() + datetime.timedelta(days=30)
    )
    rec.refresh_from_db()
    assert not rec.is_overdue
    assert rec.response_due_original == past_due
    assert recommendation_list().get(pk=rec.pk).overdue is False


def test_history_rows_carry_the_acting_user(staff_user):
    import pghistory.models

    other = StaffFactory(username="someone-else")
    rec = services.recommendation_create(
        actor=staff_user,
        topic=TopicFactory(),
        code="2022-HIST-01",
        number=1,
        title="强化技术反制",
        body="正文",
    )
    services.recommendation_issue(actor=other, recommendation=rec, response_due=datetime.date(2022, 8, 1))

    events = pghistory.models.Events.objects.tracks(rec).order_by("pgh_created_at")
    users = [(e.pgh_label, e.pgh_context["user"] if e.pgh_context else None) for e in events]
    assert users[0] == ("insert", staff_user.pk)
    assert ("update", other.pk) in users
    assert all(user is not None for _, user in users)
