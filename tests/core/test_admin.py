"""Staff reach every admin page; anonymous visitors are sent to sign in; status moves from
the admin go through the services."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from evaluations.models import Evaluation
from recommendations.choices import RecommendationStatus as RS
from recommendations.models import Measurement, Meeting, Recommendation, Remark, StatusEvent
from recommendations.transitions import recommendation_transition
from tests.factories import (
    FindingFactory,
    IndicatorFactory,
    InspectionFactory,
    ProgressReportFactory,
    RecommendationFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db

MODELS = [m for m in admin.site._registry if m._meta.app_label in {"recommendations", "accounts"}]


@pytest.fixture
def sample_records(staff_user):
    """One record of every model, so each change page is exercised."""
    rec = RecommendationFactory()
    recommendation_transition(recommendation=rec, to_status=RS.ISSUED, actor=staff_user)
    report = ProgressReportFactory(task=TaskFactory(recommendation=rec))
    topic = rec.topic
    inspection = InspectionFactory(topic=topic)
    FindingFactory(topic=topic, inspection=inspection)
    indicator = IndicatorFactory(topic=topic)
    Measurement.objects.create(indicator=indicator, report=report, change_percent=-29.8)
    meeting = Meeting.objects.create(title="市八届人大常委会第二次会议", held_on=datetime.date(2022, 4, 28))
    Remark.objects.create(meeting=meeting, topic=topic, speaker_name="黄景亮", content="发挥联席会议作用")
    Evaluation.objects.create(topic=topic, method="in_session", voters_entitled=30, satisfied=20)
    return report


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.model_name)
def test_changelist_answers_staff_and_redirects_anonymous(client, staff_user, sample_records, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 302
    client.force_login(staff_user)
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "审议"}).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.model_name)
def test_change_page_answers_staff(client, staff_user, sample_records, model):
    obj = model.objects.first()
    if obj is None:
        pytest.skip(f"no {model._meta.model_name} in the sample")
    client.force_login(staff_user)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    assert client.get(url).status_code == 200


def test_issue_action_moves_through_the_service_and_records_the_event(client, staff_user):
    rec = RecommendationFactory()
    client.force_login(staff_user)
    url = reverse("admin:recommendations_recommendation_changelist")
    response = client.post(
        url,
        {
            "action": "issue",
            "_selected_action": [rec.pk],
            "apply": "1",
            "note": "印发市政府研究处理",
            "response_due": "2022-08-10",
        },
    )
    assert response.status_code == 302
    rec.refresh_from_db()
    assert rec.status == RS.ISSUED
    assert rec.response_due_original == datetime.date(2022, 8, 10)
    event = StatusEvent.objects.get(recommendation=rec)
    assert (event.actor, event.note) == (staff_user, "印发市政府研究处理")


def test_refused_admin_action_reports_why_and_changes_nothing(client, staff_user):
    rec = RecommendationFactory()
    client.force_login(staff_user)
    response = client.post(
        reverse("admin:recommendations_recommendation_changelist"),
        {
            "action": "close",
            "_selected_action": [rec.pk],
            "apply": "1",
            "note": "x",
            "verdict": "not_implemented",
        },
        follow=True,
    )
    assert "审议意见不能从" in response.content.decode()
    assert Recommendation.objects.get(pk=rec.pk).status == RS.DRAFT
    assert not StatusEvent.objects.exists()


def test_status_cannot_be_edited_in_the_change_form(client, staff_user):
    rec = RecommendationFactory()
    client.force_login(staff_user)
    page = client.get(reverse("admin:recommendations_recommendation_change", args=[rec.pk]))
    assert b'name="status"' not in page.content


def test_recommendation_changelist_finds_by_topic_code_without_a_sidebar_of_every_topic(client, staff_user):
    wanted, other = RecommendationFactory(), RecommendationFactory()
    client.force_login(staff_user)
    url = reverse("admin:recommendations_recommendation_changelist")
    response = client.get(url, {"q": wanted.topic.code})
    assert [r.code for r in response.context["cl"].result_list] == [wanted.code]
    filters = [spec.title for spec in response.context["cl"].filter_specs]
    assert len(filters) == 7  # status, verdict, response, priority, published, overdue, year
    assert f"topic__id__exact={other.topic.pk}" not in response.content.decode()
