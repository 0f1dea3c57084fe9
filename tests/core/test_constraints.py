"""Named database constraints reject bad rows even when code bypasses validation."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from evaluations.models import Evaluation
from recommendations.models import Inspection, Measurement, Recommendation, Task
from tests.factories import (
    DepartmentFactory,
    IndicatorFactory,
    LiaisonFactory,
    RecommendationFactory,
    TaskFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def _rejected(constraint, create):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        create()


def test_recommendation_code_is_unique():
    RecommendationFactory(code="2022-FRAUD-01")
    _rejected("code", lambda: RecommendationFactory(code="2022-FRAUD-01"))


def test_recommendation_number_is_unique_within_its_topic():
    topic = TopicFactory()
    RecommendationFactory(topic=topic, number=1)
    _rejected("recommendation_number_unique_in_topic", lambda: RecommendationFactory(topic=topic, number=1))
    RecommendationFactory(number=1)  # another topic may reuse the number


def test_closed_recommendation_needs_a_verdict():
    rec = RecommendationFactory()
    _rejected(
        "recommendation_verdict_iff_closed",
        lambda: Recommendation.objects.filter(pk=rec.pk).update(status="closed"),
    )
    _rejected(
        "recommendation_verdict_iff_closed",
        lambda: Recommendation.objects.filter(pk=rec.pk).update(verdict="implemented"),
    )


def test_task_due_date_cannot_precede_assignment():
    _rejected(
        "task_due_after_assigned",
        lambda: TaskFactory(
            assigned_on=datetime.date(2022, 6, 1),
            due_original=datetime.date(2022, 5, 1),
            due_date=datetime.date(2022, 5, 1),
        ),
    )


def test_inspection_cannot_end_before_it_starts():
    _rejected(
        "inspection_dates_in_order",
        lambda: Inspection.objects.create(
            topic=TopicFactory(),
            title="视察",
            started_on=datetime.date(2022, 3, 18),
            ended_on=datetime.date(2022, 3, 14),
        ),
    )


def test_measurement_must_carry_a_value_or_a_change():
    indicator = IndicatorFactory()
    _rejected(
        "measurement_has_number",
        lambda: Measurement.objects.create(indicator=indicator, baseline=Decimal("10")),
    )
    Measurement.objects.create(indicator=indicator, change_percent=Decimal("-29.8"))
    Measurement.objects.create(indicator=indicator, value=Decimal("6164"))


def test_measurement_period_must_be_in_order():
    _rejected(
        "measurement_period_in_order",
        lambda: Measurement.objects.create(
            indicator=IndicatorFactory(),
            value=1,
            period_start=datetime.date(2022, 10, 1),
            period_end=datetime.date(2022, 1, 1),
        ),
    )


def test_evaluation_cannot_count_more_votes_than_voters():
    _rejected(
        "evaluation_votes_within_entitled",
        lambda: Evaluation.objects.create(
            topic=TopicFactory(), method="in_session", voters_entitled=3, satisfied=2, unsatisfied=2
        ),
    )


def test_liaison_must_belong_to_a_department():
    _rejected("user_liaison_has_department", lambda: LiaisonFactory(department=None))


def test_verified_task_records_who_verified_it():
    task = TaskFactory()
    _rejected(
        "task_verified_has_verifier",
        lambda: Task.objects.filter(pk=task.pk).update(
            verified_at=datetime.datetime(2022, 8, 1, tzinfo=datetime.UTC)
        ),
    )


def test_department_name_is_unique():
    DepartmentFactory(code="police", name="市公安局")
    _rejected("name", lambda: DepartmentFactory(code="police-2", name="市公安局"))
