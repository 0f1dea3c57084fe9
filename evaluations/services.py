"""Writes of the evaluations app: opening an evaluation, casting a ballot, closing the vote or
recording an in-session vote's totals (with the re-handling an unsatisfied result starts),
closing a recommendation with its evidence, and reopening it after a follow-up visit.

Status moves go through `recommendations.transitions` and `recommendations.services`, as
everywhere else."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congresses.models import Congress
from evaluations.models import Evaluation
from notifications.models import Notification
from notifications.services import notify
from oversight import system_texts
from recommendations import services as recommendation_services
from recommendations.choices import EvaluationMethod, EvaluationResult, ReportStatus, Verdict
from recommendations.choices import RecommendationStatus as RS
from recommendations.models import ProgressReport, Recommendation, StatusEvent
from recommendations.transitions import (
    _actor_context,
    check_event_day,
    event_moment,
    last_recommendation_event,
    recommendation_transition,
)

from .choices import BallotChoice
from .models import BallotBox, Closure, EvaluationTerms, Rehandling, VoteCast
from .selectors import cycle_started_at, vote_totals_system_text
from .vote_rule import Tally, vote_result


def entitled_members(congress):
    """Members of `congress` who can cast an online ballot: its active accounts flagged as
    committee members."""
    return get_user_model().in_congress.filter(congress=congress, is_active=True, is_committee_member=True)


def evaluation_open(
    *, actor, topic, method, recommendation=None, meeting=None, held_on=None, occurred_at=None
):
    """Open an evaluation of the handling report of one recommendation, or of every reported
    recommendation of the topic. The rule in force and the members entitled are snapshotted.
    It opens at `occurred_at` (now by default), not before the handling was reported."""
    with transaction.atomic(), _actor_context(actor):
        if recommendation is not None:
            covered = Recommendation.objects.select_for_update().filter(pk=recommendation.pk)
        else:
            covered = Recommendation.objects.select_for_update().filter(topic=topic, status=RS.REPORTED)
        covered = list(covered.order_by("number"))
        if not covered:
            raise ValidationError(_("There is no reported recommendation to evaluate in this topic."))
        for rec in covered:
            if rec.status != RS.REPORTED:
                raise ValidationError(
                    _("%(code)s has no handling report to evaluate: it is “%(status)s”.")
                    % {"code": rec.code, "status": rec.get_status_display()}
                )
        if EvaluationTerms.objects.filter(
            recommendations__in=covered, evaluation__closed_at__isnull=True
        ).exists():
            raise ValidationError(_("An evaluation of this handling report is already open."))
        # The topic's congress, not the one of the scope: its members, its count and its rule.
        congress = Congress.objects.get(pk=topic.congress_id)
        reported_at = max(filter(None, (last_recommendation_event(rec) for rec in covered)), default=None)
        occurred_at = event_moment(occurred_at, after=reported_at)
        check_event_day(held_on, after=reported_at)
        if method == EvaluationMethod.ONLINE_BALLOT:
            # An online ballot needs an account per member; a show of hands in session does not.
            voters = list(entitled_members(congress))
            if not voters:
                raise ValidationError(_("There are no committee members entitled to vote."))
            voters_entitled = len(voters)
        else:
            voters, voters_entitled = [], congress.voting_members

        evaluation = Evaluation(
            topic=topic,
            recommendation=recommendation,
            meeting=meeting,
            cycle=max(rec.cycle for rec in covered),
            method=method,
            voters_entitled=voters_entitled,
            held_on=held_on,
            opened_at=occurred_at,
        )
        evaluation.full_clean()
        evaluation.save()
        # The congress's rule today, frozen in the terms: a later change leaves this vote alone.
        rule = congress.vote_rule()
        terms = EvaluationTerms(
            evaluation=evaluation,
            quorum=str(rule.quorum),
            satisfied_share=str(rule.satisfied_share),
            unsatisfied_share=str(rule.unsatisfied_share),
            opened_by=actor,
        )
        terms.full_clean()
        terms.save()
        terms.recommendations.set(covered)
        terms.voters.set(voters)
        if method == EvaluationMethod.ONLINE_BALLOT:
            BallotBox.objects.create(evaluation=evaluation)
            url = reverse("evaluations:detail", args=[evaluation.pk])
            transaction.on_commit(
                lambda: notify(
                    recipients=voters,
                    kind=Notification.Kind.EVALUATION,
                    title=system_texts.text(
                        "vote_open", target=system_texts.as_param(evaluation.name_text())
                    ),
                    url=url,
                )
            )
        return evaluation


def ballot_cast(*, voter, evaluation, choice):
    """Cast a member's one secret ballot while the online vote is open: mark the member as
    having voted and add one to the chosen count in the ballot box, in one transaction that
    leaves nothing tying the two together."""
    with transaction.atomic(), _actor_context(voter):
        # The lock orders ballots against closing, so none slips in after the count.
        evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        if evaluation.method != EvaluationMethod.ONLINE_BALLOT:
            raise ValidationError(_("This evaluation is an in-session vote; there is no online ballot."))
        if evaluation.closed_at is not None:
            raise ValidationError(_("The vote has closed; late ballots are not accepted."))
        if (
            not (voter.is_active and voter.is_committee_member)
            or not evaluation.terms.voters.filter(pk=voter.pk).exists()
        ):
            raise ValidationError(_("You are not among the members entitled to vote in this evaluation."))
        if choice not in BallotChoice.values:
            raise ValidationError(_("Choose satisfied, basically satisfied, unsatisfied or abstain."))
        vote = VoteCast(evaluation=evaluation, voter=voter)
        vote.full_clean()
        vote.save()
        BallotBox.objects.filter(evaluation=evaluation).update(**{choice: F(choice) + 1})
        return vote


def evaluation_close(*, actor, evaluation, occurred_at=None):
    """Close an online vote: count the ballots, decide by the evaluation's rule, and send the
    recommendations back for re-handling when the result is unsatisfied."""
    with transaction.atomic(), _actor_context(actor):
        evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        if evaluation.method != EvaluationMethod.ONLINE_BALLOT:
            raise ValidationError(_("An in-session vote is closed by recording its totals."))
        _check_open(evaluation)
        box = BallotBox.objects.get(evaluation=evaluation)
        tally = Tally(
            satisfied=box.satisfied,
            basically_satisfied=box.basically_satisfied,
            unsatisfied=box.unsatisfied,
            abstained=box.abstain,
        )
        return _decide(actor=actor, evaluation=evaluation, tally=tally, occurred_at=occurred_at)


def evaluation_record_totals(
    *,
    actor,
    evaluation,
    satisfied,
    basically_satisfied,
    unsatisfied,
    abstained,
    held_on=None,
    occurred_at=None,
):
    """Record the totals of a vote taken in session, decide, and close the evaluation."""
    with transaction.atomic(), _actor_context(actor):
        evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        if evaluation.method != EvaluationMethod.IN_SESSION:
            raise ValidationError(_("An online vote is counted from its ballots, not entered by hand."))
        _check_open(evaluation)
        numbers = [satisfied, basically_satisfied, unsatisfied, abstained]
        if any(not isinstance(n, int) or isinstance(n, bool) or n < 0 for n in numbers):
            raise ValidationError(_("Each total must be a whole number, zero or more."))
        tally = Tally(*numbers)
        if tally.cast > evaluation.voters_entitled:
            raise ValidationError(
                _("%(cast)s votes entered, but only %(entitled)s members are entitled to vote.")
                % {"cast": tally.cast, "entitled": evaluation.voters_entitled}
            )
        if held_on is not None:
            check_event_day(held_on, after=_reported_at(evaluation))
            evaluation.held_on = held_on
        return _decide(actor=actor, evaluation=evaluation, tally=tally, occurred_at=occurred_at)


def _reported_at(evaluation):
    """When the last of the judged recommendations was reported: a vote cannot come before."""
    moments = (last_recommendation_event(rec) for rec in evaluation.terms.recommendations.all())
    return max(filter(None, moments), default=None)


def _check_open(evaluation):
    if evaluation.closed_at is not None:
        raise ValidationError(_("This evaluation is already closed."))


def _decide(*, actor, evaluation, tally, occurred_at):
    if occurred_at is None and evaluation.held_on is not None and evaluation.held_on < timezone.localdate():
        occurred_at = evaluation.held_on  # a vote held on an earlier day is decided that day
    # A vote in session may be entered after the day it was held, once the report was in.
    in_session = evaluation.method == EvaluationMethod.IN_SESSION
    occurred_at = event_moment(
        occurred_at, after=_reported_at(evaluation) if in_session else evaluation.opened_at
    )
    terms = evaluation.terms
    evaluation.satisfied = tally.satisfied
    evaluation.basically_satisfied = tally.basically_satisfied
    evaluation.unsatisfied = tally.unsatisfied
    evaluation.abstained = tally.abstained
    evaluation.result = vote_result(tally=tally, voters_entitled=evaluation.voters_entitled, rule=terms.rule)
    evaluation.closed_at = occurred_at
    evaluation.held_on = evaluation.held_on or timezone.localdate(occurred_at)
    evaluation.full_clean()
    evaluation.save()
    terms.closed_by = actor
    terms.save(update_fields=["closed_by", "updated_at"])
    if evaluation.result == EvaluationResult.UNSATISFIED:
        for rec in terms.recommendations.filter(status=RS.REPORTED).order_by("number"):
            _rehandle(actor=actor, evaluation=evaluation, recommendation=rec, occurred_at=occurred_at)
    return evaluation


def _rehandle(*, actor, evaluation, recommendation, occurred_at):
    # The departments hear of it from their own notice, those following the recommendation too.
    liaisons = _task_liaisons(recommendation)
    rec = recommendation_services.recommendation_new_cycle(
        actor=actor,
        recommendation=recommendation,
        note="",
        # The totals are published once the vote closes, so the reason may be too.
        text=system_texts.text(
            "vote_not_satisfied", totals=system_texts.as_param(vote_totals_system_text(evaluation))
        ),
        occurred_at=occurred_at,
        told=liaisons,
    )
    event = rec.events.filter(subject=StatusEvent.Subject.RECOMMENDATION).latest("occurred_at", "pk")
    Rehandling.objects.create(
        evaluation=evaluation, recommendation=rec, event=event, cycle=rec.cycle, response_due=rec.response_due
    )
    title = system_texts.text("further_handling", code=rec.code, cycle=rec.cycle)
    transaction.on_commit(lambda: notify(recipients=liaisons, kind=Notification.Kind.OTHER, title=title))
    return rec


def _task_liaisons(recommendation):
    """The liaisons of the departments on the recommendation's tasks."""
    department_ids = set()
    for task in recommendation.tasks.prefetch_related("co_departments"):
        department_ids |= task.department_ids()
    return list(
        get_user_model().objects.filter(
            is_active=True, is_department_liaison=True, department_id__in=department_ids
        )
    )


def closure_create(*, actor, recommendation, verdict, reason, public_note="", reports=(), occurred_at=None):
    """Close a reported recommendation with the committee's verdict, a reason, and the accepted
    reports of the current handling cycle that support it. Implemented needs at least one.
    The reason is internal; `public_note` is what the public site says about the closure."""
    reason = (reason or "").strip()
    with transaction.atomic(), _actor_context(actor):
        recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        report_ids = [r.pk for r in reports]
        evidence = list(ProgressReport.objects.filter(pk__in=report_ids).select_related("task"))
        since = cycle_started_at(recommendation)
        for report in evidence:
            if report.task.recommendation_id != recommendation.pk:
                raise ValidationError(_("A supporting report must be about this recommendation."))
            if report.status != ReportStatus.ACCEPTED:
                raise ValidationError(_("Only accepted reports can support a closure."))
            if since is not None and report.accepted_at < since:
                raise ValidationError(
                    _("A supporting report must be accepted in the current handling cycle.")
                )
        if verdict == Verdict.IMPLEMENTED and not evidence:
            raise ValidationError(
                _("Closing as implemented needs at least one accepted report that supports it.")
            )
        if not reason:
            raise ValidationError(_("Give the reason for the verdict."))
        recommendation = recommendation_transition(
            recommendation=recommendation,
            to_status=RS.CLOSED,
            actor=actor,
            verdict=verdict,
            note=reason,
            public_note=public_note,
            occurred_at=occurred_at,
        )
        event = recommendation.events.filter(subject=StatusEvent.Subject.RECOMMENDATION).latest(
            "occurred_at", "pk"
        )
        closure = Closure(
            recommendation=recommendation,
            event=event,
            cycle=recommendation.cycle,
            verdict=verdict,
            reason=reason,
        )
        closure.full_clean()
        closure.save()
        closure.reports.set(evidence)
        return closure


def recommendation_close(
    *, actor, recommendation, verdict, note, public_note="", reports=(), occurred_at=None
):
    """Close with a verdict, a reason (`note`) and the accepted reports that support it, as
    `closure_create` does; returns the closed recommendation."""
    return closure_create(
        actor=actor,
        recommendation=recommendation,
        verdict=verdict,
        reason=note,
        public_note=public_note,
        reports=reports,
        occurred_at=occurred_at,
    ).recommendation


def follow_up_reopen(
    *, actor, recommendation, inspection, note, public_note="", response_due=None, occurred_at=None
):
    """Reopen a closed recommendation because a later inspection (回头看) found it unfinished
    (the rule is `recommendations.transitions.check_reopen`)."""
    return recommendation_services.recommendation_reopen(
        actor=actor,
        recommendation=recommendation,
        note=note,
        public_note=public_note,
        inspection=inspection,
        response_due=response_due,
        occurred_at=occurred_at,
    )
