"""The vote rule: tallies exactly at each threshold, and properties over random ballots
checked against an independent integer computation of the rule."""

from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from congresses.models import current_congress
from congresses.services import congress_update
from evaluations import services
from evaluations.choices import BallotChoice
from evaluations.vote_rule import Tally, VoteRule, parse_share, vote_result
from recommendations.choices import EvaluationMethod
from recommendations.choices import EvaluationResult as R
from tests.evaluations.conftest import committee_of
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

HALF = VoteRule(quorum=Fraction(1, 2), satisfied_share=Fraction(1, 2), unsatisfied_share=Fraction(1, 2))


@pytest.mark.parametrize(
    ("entitled", "tally", "expected"),
    [
        # Quorum: more than half of 10 entitled; 5 is exactly half and is not enough.
        (10, Tally(5, 0, 0, 0), R.NO_QUORUM),
        (10, Tally(6, 0, 0, 0), R.SATISFIED),
        (11, Tally(5, 0, 0, 0), R.NO_QUORUM),
        (11, Tally(6, 0, 0, 0), R.SATISFIED),
        # Satisfied: more than half of the 6 cast; exactly 3 is not.
        (10, Tally(3, 2, 0, 1), R.BASICALLY_SATISFIED),
        (10, Tally(4, 0, 1, 1), R.SATISFIED),
        # Basically satisfied: satisfied + basically more than half; exactly 3 of 6 is not.
        (10, Tally(2, 1, 2, 1), R.UNSATISFIED),
        (10, Tally(2, 2, 2, 0), R.BASICALLY_SATISFIED),
        # Unsatisfied: exactly half unsatisfied does not fail it alone, but no majority approves.
        (10, Tally(3, 0, 3, 0), R.UNSATISFIED),
        (10, Tally(1, 1, 4, 0), R.UNSATISFIED),
        # Abstentions count as cast: 3 satisfied of 6 cast is not more than half.
        (10, Tally(3, 0, 0, 3), R.UNSATISFIED),
    ],
)
def test_default_rule_at_and_past_each_threshold(entitled, tally, expected):
    assert vote_result(tally=tally, voters_entitled=entitled, rule=HALF) == expected


def test_unsatisfied_share_fails_an_approving_majority_only_when_passed():
    rule = VoteRule(quorum=Fraction(1, 2), satisfied_share=Fraction(1, 2), unsatisfied_share=Fraction(1, 3))
    # 9 cast: 3 unsatisfied is exactly one third, so the 6 satisfied carry it.
    assert vote_result(tally=Tally(6, 0, 3, 0), voters_entitled=9, rule=rule) == R.SATISFIED
    # 4 unsatisfied is more than one third: unsatisfied even though 5 of 9 are satisfied.
    assert vote_result(tally=Tally(5, 0, 4, 0), voters_entitled=9, rule=rule) == R.UNSATISFIED


def test_two_thirds_quorum_needs_more_than_two_thirds():
    rule = VoteRule(quorum=Fraction(2, 3), satisfied_share=Fraction(1, 2), unsatisfied_share=Fraction(1, 2))
    assert vote_result(tally=Tally(6, 0, 0, 0), voters_entitled=9, rule=rule) == R.NO_QUORUM
    assert vote_result(tally=Tally(7, 0, 0, 0), voters_entitled=9, rule=rule) == R.SATISFIED


@pytest.mark.parametrize("bad", ["1", "3/2", "-1/2", "half", "1/0", ""])
def test_share_outside_zero_to_one_is_refused_with_a_message(bad):
    with pytest.raises(ValidationError):
        parse_share(bad)


def _more_than(part, share, whole):
    """part > share × whole in integers: part × den > num × whole."""
    return part * share.denominator > share.numerator * whole


def independent_result(choices, entitled, quorum, satisfied_share, unsatisfied_share):
    """The rule recomputed from a list of ballots, with integer arithmetic only."""
    count = {c: sum(1 for x in choices if x == c) for c in BallotChoice.values}
    cast = len(choices)
    if cast == 0 or not _more_than(cast, quorum, entitled):
        return R.NO_QUORUM
    if _more_than(count["unsatisfied"], unsatisfied_share, cast):
        return R.UNSATISFIED
    if _more_than(count["satisfied"], satisfied_share, cast):
        return R.SATISFIED
    if _more_than(count["satisfied"] + count["basically_satisfied"], satisfied_share, cast):
        return R.BASICALLY_SATISFIED
    return R.UNSATISFIED


shares = st.fractions(min_value=0, max_value=Fraction(11, 12), max_denominator=12)


@settings(max_examples=400, deadline=None)
@given(
    choices=st.lists(st.sampled_from(BallotChoice.values), max_size=60),
    absent=st.integers(min_value=0, max_value=60),
    quorum=shares,
    satisfied_share=shares,
    unsatisfied_share=shares,
)
def test_rule_matches_independent_computation_for_random_ballots_and_rules(
    choices, absent, quorum, satisfied_share, unsatisfied_share
):
    entitled = len(choices) + absent
    tally = Tally(
        satisfied=choices.count("satisfied"),
        basically_satisfied=choices.count("basically_satisfied"),
        unsatisfied=choices.count("unsatisfied"),
        abstained=choices.count("abstain"),
    )
    rule = VoteRule(quorum=quorum, satisfied_share=satisfied_share, unsatisfied_share=unsatisfied_share)
    assert vote_result(tally=tally, voters_entitled=entitled, rule=rule) == independent_result(
        choices, entitled, quorum, satisfied_share, unsatisfied_share
    )


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    choices=st.lists(st.sampled_from(BallotChoice.values), max_size=7),
    absent=st.integers(min_value=0, max_value=4),
)
def test_closing_an_online_vote_counts_random_ballots_by_the_rule(make_reported, staff, choices, absent):
    # Each example votes afresh: earlier examples' members leave the committee.
    User.objects.filter(is_committee_member=True).update(is_active=False)
    voters = [MemberFactory() for _ in range(len(choices) + absent)]
    if not voters:
        voters = [MemberFactory()]
    rec, _ = make_reported()
    evaluation = services.evaluation_open(
        actor=staff, topic=rec.topic, recommendation=rec, method=EvaluationMethod.ONLINE_BALLOT
    )
    for voter, choice in zip(voters, choices, strict=False):
        services.ballot_cast(voter=voter, evaluation=evaluation, choice=choice)
    evaluation = services.evaluation_close(actor=staff, evaluation=evaluation)

    assert evaluation.voters_entitled == len(voters)
    assert (
        evaluation.satisfied,
        evaluation.basically_satisfied,
        evaluation.unsatisfied,
        evaluation.abstained,
    ) == (
        choices.count("satisfied"),
        choices.count("basically_satisfied"),
        choices.count("unsatisfied"),
        choices.count("abstain"),
    )
    half = Fraction(1, 2)
    assert evaluation.result == independent_result(choices, len(voters), half, half, half)


def _in_session(make_reported, staff, **totals):
    rec, _ = make_reported()
    evaluation = services.evaluation_open(
        actor=staff, topic=rec.topic, recommendation=rec, method=EvaluationMethod.IN_SESSION
    )
    return services.evaluation_record_totals(actor=staff, evaluation=evaluation, **totals)


def test_the_congress_configures_the_rule(make_reported, staff):
    committee_of(9)
    congress_update(actor=staff, congress=current_congress(), quorum="2/3", satisfied_share="2/3")
    for _ in range(9):
        MemberFactory()
    # 7 of 9 voted (more than 2/3); 5 satisfied of 7 is more than 2/3; 4 is not.
    e = _in_session(make_reported, staff, satisfied=5, basically_satisfied=0, unsatisfied=1, abstained=1)
    assert e.result == R.SATISFIED
    e = _in_session(make_reported, staff, satisfied=4, basically_satisfied=1, unsatisfied=1, abstained=1)
    assert e.result == R.BASICALLY_SATISFIED
    e = _in_session(make_reported, staff, satisfied=6, basically_satisfied=0, unsatisfied=0, abstained=0)
    assert e.result == R.NO_QUORUM


def test_an_evaluation_keeps_the_rule_in_force_when_it_opened(make_reported, staff, members):
    rec, _ = make_reported()
    congress_update(actor=staff, congress=current_congress(), satisfied_share="4/5")
    evaluation = services.evaluation_open(
        actor=staff, topic=rec.topic, recommendation=rec, method=EvaluationMethod.IN_SESSION
    )
    congress_update(actor=staff, congress=current_congress(), satisfied_share="1/2")
    # Under 4/5, 4 satisfied of 5 cast is not enough; under today's 1/2 it would be satisfied.
    evaluation = services.evaluation_record_totals(
        actor=staff,
        evaluation=evaluation,
        satisfied=4,
        basically_satisfied=1,
        unsatisfied=0,
        abstained=0,
        held_on=timezone.localdate(),
    )
    assert evaluation.terms.satisfied_share == "4/5"
    assert evaluation.result == R.BASICALLY_SATISFIED
    assert evaluation.held_on == timezone.localdate()
