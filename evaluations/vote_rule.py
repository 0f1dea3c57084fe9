"""The vote rule of a satisfaction evaluation (满意度测评), as plain arithmetic.

Shares are exact fractions and every test is "more than" (超过), as local rules word them, so
a tally exactly at a threshold does not reach it. Each congress sets its own rule
(`Congress.vote_rule()`); see docs/evaluation.md for the defaults.
"""

from dataclasses import dataclass
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from recommendations.choices import EvaluationResult


def parse_share(value) -> Fraction:
    """A share written as "1/2", "2/3" or "0.5"; at least 0 and below 1, since nothing can be
    more than the whole."""
    try:
        share = Fraction(str(value).strip())
    except (ValueError, ZeroDivisionError):
        raise ValidationError(
            _("“%(value)s” is not a share such as 1/2 or 0.5."), params={"value": value}
        ) from None
    if not 0 <= share < 1:
        raise ValidationError(_("A share must be at least 0 and less than 1."))
    return share


def validate_share(value):
    parse_share(value)


@dataclass(frozen=True)
class VoteRule:
    quorum: Fraction
    satisfied_share: Fraction
    unsatisfied_share: Fraction


@dataclass(frozen=True)
class Tally:
    satisfied: int = 0
    basically_satisfied: int = 0
    unsatisfied: int = 0
    abstained: int = 0

    @property
    def cast(self):
        return self.satisfied + self.basically_satisfied + self.unsatisfied + self.abstained


def vote_result(*, tally: Tally, voters_entitled: int, rule: VoteRule) -> str:
    """The result of a vote.

    1. No quorum unless more than `quorum` of the members entitled cast a ballot.
    2. Unsatisfied when unsatisfied ballots are more than `unsatisfied_share` of those cast.
    3. Satisfied when satisfied ballots are more than `satisfied_share` of those cast.
    4. Basically satisfied when satisfied plus basically satisfied are more than that share.
    5. Otherwise unsatisfied: the handling did not win the committee's approval.
    Abstentions count as ballots cast, so they weigh against approval.
    """
    cast = tally.cast
    if cast == 0 or cast <= rule.quorum * voters_entitled:
        return EvaluationResult.NO_QUORUM
    if tally.unsatisfied > rule.unsatisfied_share * cast:
        return EvaluationResult.UNSATISFIED
    if tally.satisfied > rule.satisfied_share * cast:
        return EvaluationResult.SATISFIED
    if tally.satisfied + tally.basically_satisfied > rule.satisfied_share * cast:
        return EvaluationResult.BASICALLY_SATISFIED
    return EvaluationResult.UNSATISFIED
