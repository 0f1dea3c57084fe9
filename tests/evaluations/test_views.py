"""The member voting pages and the staff evaluation and closure pages."""

import pytest
from django.urls import reverse

from evaluations import services
from evaluations.models import BallotBox, Closure, Evaluation, VoteCast
from recommendations.choices import EvaluationMethod, Verdict
from recommendations.choices import RecommendationStatus as RS
from tests.factories import InspectionFactory, LiaisonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def online(make_reported, staff, members):
    rec, _ = make_reported()
    return services.evaluation_open(
        actor=staff, topic=rec.topic, recommendation=rec, method=EvaluationMethod.ONLINE_BALLOT
    )


def _detail(evaluation):
    return reverse("evaluations:detail", args=[evaluation.pk])


def test_a_member_votes_once_through_the_page(client, online, members):
    client.force_login(members[0])
    page = client.get(_detail(online))
    assert page.status_code == 200 and page.context["can_vote"]
    response = client.post(_detail(online), {"choice": "basically_satisfied"})
    assert response.status_code == 302
    page = client.get(_detail(online))
    assert page.context["has_voted"]
    assert not page.context["can_vote"]
    again = client.post(_detail(online), {"choice": "unsatisfied"})
    assert again.status_code == 400
    assert VoteCast.objects.filter(voter=members[0]).count() == 1
    assert BallotBox.objects.get(evaluation=online).basically_satisfied == 1


def test_a_member_never_sees_another_members_ballot_nor_totals_before_close(client, online, members):
    services.ballot_cast(voter=members[0], evaluation=online, choice="unsatisfied")
    client.force_login(members[1])
    page = client.get(_detail(online))
    html = page.content.decode()
    assert not page.context["has_voted"]
    assert 'id="has-voted"' not in html and 'id="totals"' not in html and 'id="turnout"' not in html
    listing = client.get(reverse("evaluations:list"))
    assert [e.has_voted for e in listing.context["evaluations"]] == [False]


def test_staff_see_turnout_but_not_totals_until_the_vote_closes(client, online, members, staff):
    for member, choice in zip(members[:3], ["satisfied", "satisfied", "unsatisfied"], strict=True):
        services.ballot_cast(voter=member, evaluation=online, choice=choice)
    client.force_login(staff)
    html = client.get(_detail(online)).content.decode()
    assert 'id="turnout"' in html and 'id="totals"' not in html
    response = client.post(reverse("evaluations:close", args=[online.pk]))
    assert response.status_code == 302
    page = client.get(_detail(online))
    assert 'id="totals"' in page.content.decode()
    assert (page.context["evaluation"].satisfied, page.context["evaluation"].unsatisfied) == (2, 1)


def test_staff_open_an_evaluation_and_bad_input_changes_nothing(client, make_reported, staff, members):
    rec, _ = make_reported()
    client.force_login(staff)
    url = reverse("evaluations:open")
    assert client.get(url).status_code == 200
    draft_topic = LiaisonFactory().department  # not a topic: a bad id
    bad = client.post(url, {"topic": draft_topic.pk + 10_000, "method": "online"})
    assert bad.status_code == 400 and Evaluation.objects.count() == 0
    empty_topic = InspectionFactory().topic
    nothing = client.post(url, {"topic": empty_topic.pk, "method": "online"})
    assert nothing.status_code == 400 and "该议题下没有已报告办理情况" in nothing.content.decode()
    ok = client.post(url, {"topic": rec.topic.pk, "recommendation": rec.pk, "method": "in_session"})
    evaluation = Evaluation.objects.get()
    assert ok.status_code == 302 and ok["Location"] == _detail(evaluation)


def test_staff_record_in_session_totals_and_too_many_are_refused(client, make_reported, staff, members):
    rec, _ = make_reported()
    evaluation = services.evaluation_open(
        actor=staff, topic=rec.topic, recommendation=rec, method=EvaluationMethod.IN_SESSION
    )
    client.force_login(staff)
    url = reverse("evaluations:totals", args=[evaluation.pk])
    too_many = client.post(url, {"satisfied": 9, "basically_satisfied": 0, "unsatisfied": 0, "abstained": 0})
    assert too_many.status_code == 400
    garbage = client.post(url, {"satisfied": "x", "basically_satisfied": 0, "unsatisfied": 0, "abstained": 0})
    assert garbage.status_code == 400
    evaluation.refresh_from_db()
    assert evaluation.closed_at is None
    ok = client.post(url, {"satisfied": 0, "basically_satisfied": 1, "unsatisfied": 3, "abstained": 0})
    assert ok.status_code == 302
    rec.refresh_from_db()
    assert (rec.status, rec.cycle) == (RS.IN_PROGRESS, 2)


def test_only_committee_staff_and_members_reach_the_evaluation_pages(client, online):
    assert client.get(reverse("evaluations:list")).status_code == 302  # to the login page
    client.force_login(LiaisonFactory())
    assert client.get(reverse("evaluations:list")).status_code == 403
    assert client.get(_detail(online)).status_code == 403
    assert client.post(_detail(online), {"choice": "satisfied"}).status_code == 403
    assert client.post(reverse("evaluations:close", args=[online.pk])).status_code == 403
    assert VoteCast.objects.count() == 0


def test_members_cannot_open_or_close_votes(client, online, members):
    client.force_login(members[0])
    assert client.get(reverse("evaluations:open")).status_code == 403
    assert client.post(reverse("evaluations:close", args=[online.pk])).status_code == 403
    code = online.recommendation.code
    assert client.get(reverse("evaluations:recommendation", args=[code])).status_code == 403


def test_the_evaluation_list_takes_the_same_queries_for_more_evaluations(
    client, make_reported, staff, members, django_assert_num_queries
):
    def opened():
        rec, _ = make_reported()
        services.evaluation_open(
            actor=staff, topic=rec.topic, recommendation=rec, method=EvaluationMethod.IN_SESSION
        )

    opened()
    client.force_login(members[0])
    url = reverse("evaluations:list")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(3):
        opened()
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert len(response.context["evaluations"]) == 4


def test_staff_close_a_recommendation_with_evidence_on_its_page(client, make_reported, staff):
    rec, reports = make_reported()
    client.force_login(staff)
    page = client.get(reverse("evaluations:recommendation", args=[rec.code]))
    assert page.status_code == 200 and page.context["story"]
    url = reverse("evaluations:recommendation_close", args=[rec.code])
    refused = client.post(url, {"verdict": Verdict.IMPLEMENTED, "reason": "已落实"})
    assert refused.status_code == 400 and "至少需要一份经审核通过的报告作为依据" in refused.content.decode()
    assert not Closure.objects.exists()
    ok = client.post(url, {"verdict": Verdict.IMPLEMENTED, "reason": "已落实", "reports": [reports[0].pk]})
    assert ok.status_code == 302
    rec.refresh_from_db()
    assert rec.verdict == Verdict.IMPLEMENTED
    assert list(Closure.objects.get().reports.all()) == [reports[0]]


def test_staff_reopen_a_recommendation_after_a_follow_up_on_its_page(client, make_reported, staff):
    import datetime

    rec, reports = make_reported()
    services.closure_create(
        actor=staff, recommendation=rec, verdict=Verdict.IMPLEMENTED, reason="已落实", reports=reports
    )
    visit = InspectionFactory(topic=rec.topic, title="回头看", started_on=datetime.date.today())
    client.force_login(staff)
    url = reverse("evaluations:recommendation_reopen", args=[rec.code])
    missing = client.post(url, {"note": "问题反弹"})
    assert missing.status_code == 400
    ok = client.post(url, {"inspection": visit.pk, "note": "问题反弹"})
    assert ok.status_code == 302
    rec.refresh_from_db()
    assert (rec.status, rec.cycle) == (RS.IN_PROGRESS, 2)
    page = client.get(reverse("evaluations:recommendation", args=[rec.code]))
    assert "回头看" in page.content.decode()
