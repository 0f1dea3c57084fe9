"""Online voting: one secret ballot per member, hidden from everyone else, closed to late
ballots, open only to the members entitled when the vote opened."""

import pytest
from django.core.exceptions import ValidationError

from evaluations import services
from evaluations.models import BallotBox, VoteCast
from notifications.models import Notification
from recommendations.choices import EvaluationMethod, EvaluationResult
from recommendations.choices import RecommendationStatus as RS
from tests.factories import MemberFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def online(make_reported, staff, members, django_capture_on_commit_callbacks):
    rec, _ = make_reported()
    with django_capture_on_commit_callbacks(execute=True):
        evaluation = services.evaluation_open(
            actor=staff, topic=rec.topic, recommendation=rec, method=EvaluationMethod.ONLINE_BALLOT
        )
    return evaluation


def test_opening_snapshots_the_members_entitled_and_tells_them(online, members):
    inactive = MemberFactory(is_active=False)
    assert online.voters_entitled == len(members)
    assert set(online.terms.voters.all()) == set(members)
    assert inactive not in online.terms.voters.all()
    notified = Notification.objects.filter(kind=Notification.Kind.EVALUATION)
    assert {n.recipient for n in notified} == set(members)


def test_a_member_casts_one_ballot_only(online, members):
    services.ballot_cast(voter=members[0], evaluation=online, choice="satisfied")
    with pytest.raises(ValidationError, match="already voted"):
        services.ballot_cast(voter=members[0], evaluation=online, choice="unsatisfied")
    assert VoteCast.objects.filter(evaluation=online, voter=members[0]).count() == 1
    box = BallotBox.objects.get(evaluation=online)
    assert (box.satisfied, box.unsatisfied) == (1, 0)


def test_a_member_who_joined_after_opening_cannot_vote(online):
    newcomer = MemberFactory()
    with pytest.raises(ValidationError, match="not among the members entitled"):
        services.ballot_cast(voter=newcomer, evaluation=online, choice="satisfied")
    assert not VoteCast.objects.filter(voter=newcomer).exists()


def test_staff_and_non_members_cannot_vote(online):
    for outsider in (StaffFactory(), UserFactory()):
        with pytest.raises(ValidationError):
            services.ballot_cast(voter=outsider, evaluation=online, choice="satisfied")
    assert VoteCast.objects.count() == 0 and BallotBox.objects.get().satisfied == 0


def test_an_unknown_choice_is_refused(online, members):
    with pytest.raises(ValidationError):
        services.ballot_cast(voter=members[0], evaluation=online, choice="delighted")
    assert VoteCast.objects.count() == 0 and BallotBox.objects.get().satisfied == 0


def test_the_vote_is_closed_to_late_ballots(online, members, staff):
    for member in members[:3]:
        services.ballot_cast(voter=member, evaluation=online, choice="satisfied")
    closed = services.evaluation_close(actor=staff, evaluation=online)
    with pytest.raises(ValidationError, match="late ballots"):
        services.ballot_cast(voter=members[4], evaluation=online, choice="unsatisfied")
    closed.refresh_from_db()
    assert (closed.satisfied, closed.unsatisfied) == (3, 0)
    assert closed.result == EvaluationResult.SATISFIED
    with pytest.raises(ValidationError, match="already closed"):
        services.evaluation_close(actor=staff, evaluation=closed)


def test_a_second_evaluation_of_the_same_report_cannot_open_while_one_is_open(online, staff):
    with pytest.raises(ValidationError, match="already open"):
        services.evaluation_open(
            actor=staff,
            topic=online.topic,
            recommendation=online.recommendation,
            method=EvaluationMethod.IN_SESSION,
        )


def test_only_a_reported_recommendation_can_be_evaluated(staff, members):
    from tests.factories import RecommendationFactory

    draft = RecommendationFactory()
    with pytest.raises(ValidationError, match="no handling report"):
        services.evaluation_open(
            actor=staff, topic=draft.topic, recommendation=draft, method=EvaluationMethod.ONLINE_BALLOT
        )


def test_a_topic_evaluation_covers_every_reported_recommendation(make_reported, staff, members):
    first, _ = make_reported()
    second, _ = make_reported(topic=first.topic)
    evaluation = services.evaluation_open(actor=staff, topic=first.topic, method=EvaluationMethod.IN_SESSION)
    assert set(evaluation.terms.recommendations.all()) == {first, second}
    assert first.status == second.status == RS.REPORTED


def test_in_session_totals_above_the_members_entitled_are_refused(make_reported, staff, members):
    rec, _ = make_reported()
    evaluation = services.evaluation_open(
        actor=staff, topic=rec.topic, recommendation=rec, method=EvaluationMethod.IN_SESSION
    )
    with pytest.raises(ValidationError, match="members are entitled to vote"):
        services.evaluation_record_totals(
            actor=staff, evaluation=evaluation, satisfied=5, basically_satisfied=1, unsatisfied=0, abstained=0
        )
    with pytest.raises(ValidationError, match="whole number"):
        services.evaluation_record_totals(
            actor=staff,
            evaluation=evaluation,
            satisfied=-1,
            basically_satisfied=1,
            unsatisfied=0,
            abstained=0,
        )
    with pytest.raises(ValidationError):
        services.ballot_cast(voter=members[0], evaluation=evaluation, choice="satisfied")
    evaluation.refresh_from_db()
    assert evaluation.closed_at is None and evaluation.result == ""
