"""The government's response (采纳情况) has a date and may be "no position stated", through the
service, an import (new and update) and the public page."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from recommendations import services
from recommendations.choices import GovernmentResponse
from recommendations.models import Recommendation
from tests.exchange.conftest import csv_bytes, import_file
from tests.factories import RecommendationFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADERS = [
    "code",
    "topic",
    "number",
    "title",
    "content",
    "progress",
    "response_due_original",
    "issued_at",
    "government_response",
    "government_response_on",
]


@pytest.fixture
def clerk(db):
    return UserFactory(username="clerk", is_committee_staff=True, is_staff=True)


def row(code, number, response, responded_on, issued_at="2022-07-22 10:00:00"):
    return [
        code,
        "2022-FRAUD",
        number,
        "强化技术反制",
        "全面提升打击能力",
        "issued",
        "2022-10-21",
        issued_at,
        response,
        responded_on,
    ]


def test_a_response_with_its_date_and_no_position_stated_import_and_show(base, clerk, client):
    rows = [row("2022-FRAUD-09", 9, "未明确表态", "2022-09-30"), row("2022-FRAUD-10", 10, "accepted", "")]

    report = import_file("recommendations.csv", csv_bytes(HEADERS, rows), actor=clerk)

    assert report.problems == []
    silent = Recommendation.objects.get(code="2022-FRAUD-09")
    assert (silent.government_response, silent.government_response_on) == (
        "no_position",
        datetime.date(2022, 9, 30),
    )
    silent.is_published = True
    services.record_save(actor=clerk, instance=silent)
    page = client.get("/recommendations/2022-FRAUD-09/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No position stated" in page and 'datetime="2022-09-30"' in page


@pytest.mark.parametrize(
    ("response", "responded_on", "message"),
    [
        ("pending", "2022-09-30", "A response date needs the government's response."),
        ("accepted", "2099-01-01", "The response date cannot be in the future."),
        ("accepted", "2022-07-01", "The government cannot respond before the recommendation was issued."),
    ],
)
def test_a_response_date_that_cannot_be_is_named(base, clerk, response, responded_on, message):
    rows = [row("2022-FRAUD-09", 9, response, responded_on)]
    report = import_file("recommendations.csv", csv_bytes(HEADERS, rows), actor=clerk)
    assert [(p.row, p.column, p.message) for p in report.problems] == [(2, "government_response_on", message)]
    assert Recommendation.objects.count() == 0


def test_the_service_records_the_day_and_pending_clears_it(base, clerk):
    draft = RecommendationFactory(topic=base["topic"], number=5, code="2022-FRAUD-05")
    issued = services.recommendation_issue(
        actor=clerk, recommendation=draft, response_due=datetime.date(2022, 10, 21)
    )
    day = timezone.localdate(issued.issued_at)

    answered = services.recommendation_set_response(
        actor=clerk,
        recommendation=issued,
        government_response=GovernmentResponse.NO_POSITION,
        responded_on=day,
    )
    assert (answered.government_response, answered.government_response_on) == ("no_position", day)
    with pytest.raises(ValidationError):
        services.recommendation_set_response(
            actor=clerk,
            recommendation=answered,
            government_response=GovernmentResponse.ACCEPTED,
            responded_on=timezone.localdate() + datetime.timedelta(days=2),
        )
    back = services.recommendation_set_response(
        actor=clerk, recommendation=answered, government_response=GovernmentResponse.PENDING, responded_on=day
    )
    assert back.government_response_on is None
    assert back.history.latest("pgh_id").pgh_context.metadata["user"] == clerk.pk


def test_the_database_refuses_a_date_without_a_response(base):
    rec = RecommendationFactory(topic=base["topic"], number=6, code="2022-FRAUD-06")
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.filter(pk=rec.pk).update(government_response_on=datetime.date(2022, 9, 1))
