"""A recommendation may be issued without a deadline (some audit offices set none): it is
imported and issued like any other, is never overdue and gets no reminders."""

import datetime

import pytest

from recommendations import selectors, services
from recommendations.models import Recommendation
from reminders.selectors import pending_reminders
from tests.exchange.conftest import REC_HEADERS, csv_bytes, import_file, rec_row
from tests.factories import RecommendationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(db):
    return UserFactory(username="clerk", email="clerk@example.org", is_committee_staff=True, is_staff=True)


def reminded_codes(today):
    return {item.recommendation.code for item in pending_reminders(today=today) if item.recommendation}


def test_an_issued_recommendation_without_a_deadline_imports_and_gets_no_reminders(base, clerk):
    rows = [
        rec_row("2022-FRAUD-09", 9, progress="issued", response_due_original=""),
        rec_row("2022-FRAUD-10", 10, progress="issued", response_due_original="2022-10-21"),
    ]

    report = import_file("recommendations.csv", csv_bytes(REC_HEADERS, rows), actor=clerk)

    assert report.problems == [] and report.written
    undated = Recommendation.objects.get(code="2022-FRAUD-09")
    assert (undated.status, undated.due_date) == ("issued", None)
    # As if entered before that deadline (one already past at entry calls for nothing).
    Recommendation.objects.update(created_at=datetime.datetime(2022, 7, 22, 10, tzinfo=datetime.UTC))
    # Months after the other one's deadline: it is overdue and called for, the undated one not.
    today = datetime.date(2023, 1, 10)
    assert reminded_codes(today) == {"2022-FRAUD-10"}
    overdue = Recommendation.objects.filter(selectors.overdue_recommendation_q(today))
    assert set(overdue.values_list("code", flat=True)) == {"2022-FRAUD-10"}


def test_staff_can_issue_without_a_deadline_in_the_admin(client, clerk, base):
    from django.contrib.auth.models import Permission
    from django.urls import reverse

    clerk.user_permissions.set(Permission.objects.filter(content_type__app_label="recommendations"))
    draft = RecommendationFactory(topic=base["topic"], number=7, code="2022-FRAUD-07")
    client.force_login(clerk)

    response = client.post(
        reverse("admin:recommendations_recommendation_changelist"),
        {"action": "issue", "_selected_action": [draft.pk], "apply": "1", "note": "", "response_due": ""},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.response_due_original) == ("issued", None)
    assert draft.events.get().actor == clerk


def test_the_service_issues_without_a_deadline(base, clerk):
    draft = RecommendationFactory(topic=base["topic"], number=8, code="2022-FRAUD-08")
    issued = services.recommendation_issue(actor=clerk, recommendation=draft, response_due=None)
    assert issued.status == "issued" and issued.due_date is None
    assert reminded_codes(datetime.date(2030, 1, 1)) == set()
