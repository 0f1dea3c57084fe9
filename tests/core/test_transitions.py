"""The status path: every listed move works and writes one event; every other move is
refused and writes nothing."""

import itertools

import pytest

from recommendations.choices import RecommendationStatus as RS
from recommendations.choices import ReportStatus, Verdict
from recommendations.models import Recommendation, StatusEvent
from recommendations.transitions import (
    RECOMMENDATION_NOTE_REQUIRED,
    RECOMMENDATION_TRANSITIONS,
    REPORT_TRANSITIONS,
    TransitionNotAllowed,
    recommendation_transition,
    report_transition,
)
from tests.factories import ProgressReportFactory, RecommendationFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _force_status(rec, status):
    """Put a recommendation into a state for the test without going through the path. The
    constraint needs a verdict for closed and an issue time before a close time."""
    from django.utils import timezone

    fields = {"status": status, "verdict": Verdict.IMPLEMENTED if status == RS.CLOSED else ""}
    if status == RS.CLOSED:
        fields.update(issued_at=timezone.now(), closed_at=timezone.now())
    Recommendation.objects.filter(pk=rec.pk).update(**fields)
    rec.refresh_from_db()
    return rec


def _force_report_status(report, status):
    from django.utils import timezone

    submitted_at = None if status == ReportStatus.DRAFT else timezone.now()
    type(report).objects.filter(pk=report.pk).update(status=status, submitted_at=submitted_at)
    report.refresh_from_db()
    return report


def _kwargs_for(move):
    kwargs = {}
    if move[1] == RS.CLOSED:
        kwargs["verdict"] = Verdict.PARTIALLY_IMPLEMENTED
    if move in RECOMMENDATION_NOTE_REQUIRED:
        kwargs["note"] = "理由"
    return kwargs


@pytest.mark.parametrize("move", list(RECOMMENDATION_TRANSITIONS), ids=lambda m: f"{m[0]}->{m[1]}")
def test_every_allowed_recommendation_move_succeeds_and_writes_one_event(move):
    staff = StaffFactory()
    rec = _force_status(RecommendationFactory(), move[0])

    moved = recommendation_transition(recommendation=rec, to_status=move[1], actor=staff, **_kwargs_for(move))

    moved.refresh_from_db()
    assert moved.status == move[1]
    events = list(StatusEvent.objects.filter(recommendation=rec))
    assert len(events) == 1
    event = events[0]
    assert (event.from_status, event.to_status, event.actor, event.subject) == (
        move[0],
        move[1],
        staff,
        StatusEvent.Subject.RECOMMENDATION,
    )


FORBIDDEN_RECOMMENDATION_MOVES = [
    (frm, to)
    for frm, to in itertools.product(RS.values, RS.values)
    if (frm, to) not in RECOMMENDATION_TRANSITIONS
]


@pytest.mark.parametrize("move", FORBIDDEN_RECOMMENDATION_MOVES, ids=lambda m: f"{m[0]}->{m[1]}")
def test_every_other_recommendation_move_is_refused_and_writes_nothing(move):
    rec = _force_status(RecommendationFactory(), move[0])
    before = Recommendation.objects.values().get(pk=rec.pk)

    with pytest.raises(TransitionNotAllowed):
        recommendation_transition(
            recommendation=rec,
            to_status=move[1],
            actor=StaffFactory(),
            note="理由",
            verdict=Verdict.IMPLEMENTED if move[1] == RS.CLOSED else "",
        )

    assert Recommendation.objects.values().get(pk=rec.pk) == before
    assert not StatusEvent.objects.exists()


def test_closing_without_a_verdict_is_refused():
    rec = _force_status(RecommendationFactory(), RS.REPORTED)
    with pytest.raises(TransitionNotAllowed) as refused:
        recommendation_transition(recommendation=rec, to_status=RS.CLOSED, actor=StaffFactory(), note="x")
    assert refused.value.code == "verdict_required"
    assert not StatusEvent.objects.exists()


def test_a_verdict_outside_closing_is_refused():
    rec = RecommendationFactory()
    with pytest.raises(TransitionNotAllowed):
        recommendation_transition(
            recommendation=rec, to_status=RS.ISSUED, actor=StaffFactory(), verdict=Verdict.IMPLEMENTED
        )


@pytest.mark.parametrize("move", sorted(RECOMMENDATION_NOTE_REQUIRED), ids=lambda m: f"{m[0]}->{m[1]}")
def test_moves_that_need_a_reason_refuse_a_blank_note(move):
    rec = _force_status(RecommendationFactory(), move[0])
    kwargs = _kwargs_for(move)
    kwargs["note"] = "   "
    with pytest.raises(TransitionNotAllowed) as refused:
        recommendation_transition(recommendation=rec, to_status=move[1], actor=StaffFactory(), **kwargs)
    assert refused.value.code == "note_required"
    rec.refresh_from_db()
    assert rec.status == move[0]


def test_closing_records_verdict_and_time_and_reopening_clears_them():
    staff = StaffFactory()
    rec = RecommendationFactory()
    for to in (RS.ISSUED, RS.IN_PROGRESS, RS.REPORTED):
        rec = recommendation_transition(recommendation=rec, to_status=to, actor=staff)
    rec = recommendation_transition(
        recommendation=rec, to_status=RS.CLOSED, actor=staff, verdict=Verdict.IMPLEMENTED, note="落实"
    )
    assert rec.verdict == Verdict.IMPLEMENTED
    assert rec.closed_at >= rec.issued_at

    rec = recommendation_transition(recommendation=rec, to_status=RS.IN_PROGRESS, actor=staff, note="回头看")
    rec.refresh_from_db()
    assert (rec.verdict, rec.closed_at) == ("", None)
    assert [e.to_status for e in rec.events.all()] == [
        RS.ISSUED,
        RS.IN_PROGRESS,
        RS.REPORTED,
        RS.CLOSED,
        RS.IN_PROGRESS,
    ]


@pytest.mark.parametrize("move", list(REPORT_TRANSITIONS), ids=lambda m: f"{m[0]}->{m[1]}")
def test_every_allowed_report_move_succeeds_and_writes_one_event(move):
    report = _force_report_status(ProgressReportFactory(), move[0])

    report_transition(report=report, to_status=move[1], actor=StaffFactory(), note="请补充数据")

    report.refresh_from_db()
    assert report.status == move[1]
    event = StatusEvent.objects.get()
    assert (event.report, event.recommendation, event.subject) == (
        report,
        report.task.recommendation,
        StatusEvent.Subject.REPORT,
    )


FORBIDDEN_REPORT_MOVES = [
    (frm, to)
    for frm, to in itertools.product(ReportStatus.values, ReportStatus.values)
    if (frm, to) not in REPORT_TRANSITIONS
]


@pytest.mark.parametrize("move", FORBIDDEN_REPORT_MOVES, ids=lambda m: f"{m[0]}->{m[1]}")
def test_every_other_report_move_is_refused_and_writes_nothing(move):
    report = _force_report_status(ProgressReportFactory(), move[0])

    with pytest.raises(TransitionNotAllowed):
        report_transition(report=report, to_status=move[1], actor=StaffFactory(), note="x")

    report.refresh_from_db()
    assert report.status == move[0]
    assert not StatusEvent.objects.exists()


def test_events_cannot_be_edited_or_deleted():
    from django.db import ProgrammingError, transaction

    staff = StaffFactory()
    rec = recommendation_transition(recommendation=RecommendationFactory(), to_status=RS.ISSUED, actor=staff)
    event = rec.events.get()
    with pytest.raises(ProgrammingError), transaction.atomic():
        StatusEvent.objects.filter(pk=event.pk).update(note="rewritten")
    with pytest.raises(ProgrammingError), transaction.atomic():
        StatusEvent.objects.filter(pk=event.pk).delete()
    assert rec.events.get().note == ""
