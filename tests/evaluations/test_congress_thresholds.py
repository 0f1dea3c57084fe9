"""Each congress votes under its own rule: the same in-session tally passes in one congress and
fails in another, and a rule changed after an evaluation opened leaves that evaluation alone.
Staff of each congress open the votes and enter the totals on the pages."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from congresses.models import Congress, default_congress, in_congress
from congresses.services import congress_update
from evaluations.models import Evaluation
from recommendations import services
from recommendations.choices import EvaluationMethod
from recommendations.choices import EvaluationResult as R
from tests.factories import (
    CongressFactory,
    DepartmentFactory,
    LiaisonFactory,
    RecommendationFactory,
    StaffFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

# 7 of 9 members vote: 4 satisfied, 3 not satisfied.
TOTALS = {"satisfied": 4, "basically_satisfied": 0, "unsatisfied": 3, "abstained": 0}


def reported_in(congress):
    """A recommendation of `congress` whose handling is reported, and a client signed in as
    one of its committee staff; entered through the services in 2024."""
    staff = StaffFactory(congress=congress)
    with in_congress(congress):
        rec = RecommendationFactory(topic=TopicFactory(congress=congress))
        services.recommendation_issue(
            actor=staff, recommendation=rec, response_due=datetime.date(2024, 8, 30),
            occurred_at=datetime.date(2024, 5, 6),
        )  # fmt: skip
        department = DepartmentFactory(congress=congress)
        task = services.task_create(
            actor=staff, recommendation=rec, number=1, title="任务1", lead_department=department,
            assigned_on=datetime.date(2024, 5, 8), due_date=datetime.date(2024, 7, 31),
        )  # fmt: skip
        liaison = LiaisonFactory(department=department, congress=congress)
        report = services.report_create(
            actor=liaison, task=task, department=department, narrative="已完成。", is_final=True
        )
        services.report_submit(actor=liaison, report=report)
        services.report_accept(actor=staff, report=report)
    client = Client()
    client.force_login(staff)
    return rec, client


def open_in_session(client, rec):
    data = {"topic": rec.topic_id, "recommendation": rec.pk, "method": EvaluationMethod.IN_SESSION}
    assert client.post(reverse("evaluations:open"), data).status_code == 302
    return Evaluation.objects.get(recommendation=rec)


def enter_totals(client, evaluation):
    response = client.post(reverse("evaluations:totals", args=[evaluation.pk]), TOTALS)
    assert response.status_code == 302
    return Evaluation.objects.get(pk=evaluation.pk)


@pytest.fixture
def two_congresses():
    """The city under the default rule (more than 1/2), and a county that fails a vote once
    more than a third of the ballots are not satisfied; both with nine voting members."""
    city = default_congress()
    county = CongressFactory()
    congress_update(actor=None, congress=city, voting_members=9, quorum="1/2", unsatisfied_share="1/2")
    congress_update(actor=None, congress=county, voting_members=9, quorum="1/2", unsatisfied_share="1/3")
    return city, Congress.objects.get(pk=county.pk)


def test_the_same_tally_passes_in_one_congress_and_fails_in_the_other(two_congresses):
    city, county = two_congresses
    results = {}
    for congress in (city, county):
        rec, client = reported_in(congress)
        evaluation = enter_totals(client, open_in_session(client, rec))
        results[congress.pk] = evaluation.result
        assert evaluation.voters_entitled == 9
    # 3 of 7 is not more than half, but it is more than a third.
    assert results == {city.pk: R.SATISFIED, county.pk: R.UNSATISFIED}


def test_a_rule_changed_after_the_vote_opened_does_not_change_it(two_congresses):
    _city, county = two_congresses
    rec, client = reported_in(county)
    evaluation = open_in_session(client, rec)
    # The county's staff relax the rule on the settings page while the vote is open.
    settings_form = client.get(reverse("office:settings")).context["form"]
    data = {name: settings_form[name].value() for name in settings_form.fields} | {"unsatisfied_share": "1/2"}
    data = {name: value for name, value in data.items() if value is not None}
    assert client.post(reverse("office:settings"), data).status_code == 302
    assert Congress.objects.get(pk=county.pk).unsatisfied_share == "1/2"

    evaluation = enter_totals(client, evaluation)
    assert evaluation.terms.unsatisfied_share == "1/3"
    assert evaluation.result == R.UNSATISFIED
    # A vote opened after the change counts under the new rule.
    later, _client = reported_in(county)
    assert enter_totals(client, open_in_session(client, later)).result == R.SATISFIED
