"""An unsatisfied result sends the recommendations back for re-handling: cycle 2, a new
deadline, reopened tasks. A satisfied one changes nothing."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from evaluations import services
from evaluations.models import Rehandling
from notifications.models import Notification
from recommendations.choices import EvaluationMethod, EvaluationResult
from recommendations.choices import RecommendationStatus as RS
from recommendations.services import _months_later

pytestmark = pytest.mark.django_db


def _vote(staff, rec, *, satisfied, basically_satisfied=0, unsatisfied=0, abstained=0, topic_wide=False):
    evaluation = services.evaluation_open(
        actor=staff,
        topic=rec.topic,
        recommendation=None if topic_wide else rec,
        method=EvaluationMethod.IN_SESSION,
    )
    return services.evaluation_record_totals(
        actor=staff,
        evaluation=evaluation,
        satisfied=satisfied,
        basically_satisfied=basically_satisfied,
        unsatisfied=unsatisfied,
        abstained=abstained,
    )


def test_an_unsatisfied_vote_starts_cycle_two_with_a_new_deadline_and_reopened_tasks(
    make_reported, staff, members, django_capture_on_commit_callbacks
):
    rec, _ = make_reported(tasks=2)
    assert rec.tasks.filter(verified_at__isnull=False).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        evaluation = _vote(staff, rec, satisfied=1, unsatisfied=3)
    assert evaluation.result == EvaluationResult.UNSATISFIED

    rec.refresh_from_db()
    expected_due = _months_later(timezone.localdate(), 2)
    assert rec.status == RS.IN_PROGRESS
    assert rec.cycle == 2
    assert rec.response_due == expected_due
    assert rec.response_due_original == datetime.date(2022, 8, 31)
    for task in rec.tasks.all():
        assert (task.verified_at, task.verified_by, task.claimed_done_at) == (None, None, None)
        assert task.due_date == expected_due
        assert task.due_original == datetime.date(2022, 7, 31)
    rehandling = Rehandling.objects.get(evaluation=evaluation)
    assert (rehandling.recommendation, rehandling.cycle, rehandling.response_due) == (rec, 2, expected_due)
    assert rehandling.event.from_status == RS.REPORTED and rehandling.event.to_status == RS.IN_PROGRESS
    # The liaisons of the task departments hear about it.
    assert Notification.objects.filter(kind=Notification.Kind.OTHER, text_params__code=rec.code).count() == 2


@override_settings(EVALUATION_REHANDLING_MONTHS=3)
def test_the_rehandling_period_is_a_setting(make_reported, staff, members):
    rec, _ = make_reported()
    _vote(staff, rec, satisfied=0, unsatisfied=3)
    rec.refresh_from_db()
    assert rec.response_due == _months_later(timezone.localdate(), 3)


@pytest.mark.parametrize(
    ("totals", "result"),
    [
        ({"satisfied": 3}, EvaluationResult.SATISFIED),
        ({"satisfied": 1, "basically_satisfied": 2}, EvaluationResult.BASICALLY_SATISFIED),
        ({"satisfied": 2}, EvaluationResult.NO_QUORUM),
    ],
)
def test_a_vote_that_is_not_unsatisfied_changes_nothing(make_reported, staff, members, totals, result):
    rec, _ = make_reported()
    evaluation = _vote(staff, rec, **totals)
    assert evaluation.result == result
    rec.refresh_from_db()
    assert (rec.status, rec.cycle, rec.response_due) == (RS.REPORTED, 1, None)
    assert rec.tasks.get().verified_at is not None
    assert not Rehandling.objects.exists()


def test_a_second_unsatisfied_vote_starts_cycle_three(make_reported, staff, members):
    rec, reports = make_reported()
    _vote(staff, rec, satisfied=0, unsatisfied=3)
    # The department reports again; the accepted final report brings it back to "reported".
    from recommendations import services as rs

    task = rec.tasks.get()
    report = rs.report_create(
        actor=reports[0].author,
        task=task,
        department=task.lead_department,
        narrative="整改后再次报告。",
        is_final=True,
    )
    rs.report_submit(actor=reports[0].author, report=report)
    rs.report_accept(actor=staff, report=report)
    rec.refresh_from_db()
    assert (rec.status, rec.cycle) == (RS.REPORTED, 2)
    evaluation = _vote(staff, rec, satisfied=0, unsatisfied=3)
    assert evaluation.cycle == 2
    rec.refresh_from_db()
    assert (rec.status, rec.cycle) == (RS.IN_PROGRESS, 3)


def test_a_topic_wide_unsatisfied_vote_sends_every_judged_recommendation_back(make_reported, staff, members):
    first, _ = make_reported()
    second, _ = make_reported(topic=first.topic)
    _vote(staff, first, satisfied=1, unsatisfied=3, topic_wide=True)
    for rec in (first, second):
        rec.refresh_from_db()
        assert (rec.status, rec.cycle) == (RS.IN_PROGRESS, 2)
