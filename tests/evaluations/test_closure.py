"""Closure with a verdict and evidence, its refusals, reopening by a follow-up inspection,
and the derived "finding cleared" and "topic complete"."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from evaluations import services
from evaluations.models import Closure
from evaluations.selectors import finding_list, supporting_reports, topic_list
from recommendations import services as rs
from recommendations.choices import EvaluationMethod, InspectionKind, Verdict
from recommendations.choices import RecommendationStatus as RS
from recommendations.models import StatusEvent
from tests.factories import FindingFactory, InspectionFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db


def test_closing_as_implemented_keeps_the_supporting_reports(make_reported, staff):
    rec, reports = make_reported(tasks=2)
    closure = services.closure_create(
        actor=staff,
        recommendation=rec,
        verdict=Verdict.IMPLEMENTED,
        reason="两项任务均已落实。",
        reports=reports,
    )
    rec.refresh_from_db()
    assert (rec.status, rec.verdict) == (RS.CLOSED, Verdict.IMPLEMENTED)
    assert set(closure.reports.all()) == set(reports)
    assert closure.event.to_status == RS.CLOSED and closure.event.note == "两项任务均已落实。"
    assert closure.cycle == 1


def test_closing_as_implemented_without_an_accepted_report_is_refused(make_reported, staff):
    rec, _ = make_reported()
    with pytest.raises(ValidationError, match="at least one accepted report"):
        services.closure_create(actor=staff, recommendation=rec, verdict=Verdict.IMPLEMENTED, reason="已落实")
    # The same rule holds through the close service the office, the admin and imports use.
    with pytest.raises(ValidationError, match="at least one accepted report"):
        services.recommendation_close(
            actor=staff, recommendation=rec, verdict=Verdict.IMPLEMENTED, note="已落实"
        )
    rec.refresh_from_db()
    assert rec.status == RS.REPORTED and not Closure.objects.exists()


def test_a_report_not_accepted_or_about_another_recommendation_cannot_support_a_closure(make_reported, staff):
    rec, reports = make_reported()
    other, other_reports = make_reported()
    draft = ProgressReportFactory(task=rec.tasks.get())
    for evidence, message in [(draft, "Only accepted"), (other_reports[0], "about this recommendation")]:
        with pytest.raises(ValidationError, match=message):
            services.closure_create(
                actor=staff,
                recommendation=rec,
                verdict=Verdict.IMPLEMENTED,
                reason="已落实",
                reports=[evidence],
            )
    rec.refresh_from_db()
    assert rec.status == RS.REPORTED


def test_closing_needs_a_reason_and_a_reported_recommendation(make_reported, staff):
    rec, reports = make_reported()
    with pytest.raises(ValidationError, match="reason"):
        services.closure_create(
            actor=staff, recommendation=rec, verdict=Verdict.IMPLEMENTED, reason=" ", reports=reports
        )
    rs.recommendation_return(actor=staff, recommendation=rec, note="补充材料")
    with pytest.raises(ValidationError):
        services.closure_create(
            actor=staff, recommendation=rec, verdict=Verdict.NOT_IMPLEMENTED, reason="未落实", reports=()
        )
    assert not Closure.objects.exists()


def test_partially_implemented_may_close_without_reports(make_reported, staff):
    rec, _ = make_reported()
    services.closure_create(
        actor=staff, recommendation=rec, verdict=Verdict.PARTIALLY_IMPLEMENTED, reason="部分落实"
    )
    rec.refresh_from_db()
    assert rec.verdict == Verdict.PARTIALLY_IMPLEMENTED


def test_reports_accepted_before_a_rehandling_do_not_support_the_next_closure(make_reported, staff, members):
    rec, old_reports = make_reported()
    evaluation = services.evaluation_open(
        actor=staff, topic=rec.topic, recommendation=rec, method=EvaluationMethod.IN_SESSION
    )
    services.evaluation_record_totals(
        actor=staff, evaluation=evaluation, satisfied=0, basically_satisfied=0, unsatisfied=4, abstained=0
    )
    rs.recommendation_mark_reported(actor=staff, recommendation=rec, note="")
    assert list(supporting_reports(rec)) == []
    with pytest.raises(ValidationError, match="current handling cycle"):
        services.closure_create(
            actor=staff, recommendation=rec, verdict=Verdict.IMPLEMENTED, reason="已落实", reports=old_reports
        )


@pytest.fixture
def closed(make_reported, staff):
    rec, reports = make_reported()
    finding = FindingFactory(topic=rec.topic)
    rec.findings.add(finding)
    services.closure_create(
        actor=staff, recommendation=rec, verdict=Verdict.IMPLEMENTED, reason="已落实", reports=reports
    )
    rec.refresh_from_db()
    return rec


def test_a_follow_up_inspection_reopens_a_closed_recommendation(closed, staff):
    visit = InspectionFactory(
        topic=closed.topic, kind=InspectionKind.FOLLOW_UP, title="回头看", started_on=datetime.date.today()
    )
    services.follow_up_reopen(actor=staff, recommendation=closed, inspection=visit, note="回头看发现仍有问题")
    closed.refresh_from_db()
    assert (closed.status, closed.verdict, closed.cycle, closed.closed_at) == (RS.IN_PROGRESS, "", 2, None)
    event = StatusEvent.objects.filter(recommendation=closed).latest("occurred_at", "pk")
    assert (event.from_status, event.inspection) == (RS.CLOSED, visit)
    assert closed.tasks.get().verified_at is None
    assert closed.response_due is not None


def test_reopening_needs_a_later_inspection_of_the_same_topic(closed, staff):
    other_topic = InspectionFactory(started_on=datetime.date.today())
    earlier = InspectionFactory(topic=closed.topic, started_on=datetime.date(2022, 3, 14))
    for inspection, message in [
        (None, "Name the follow-up"),
        (other_topic, "another topic"),
        (earlier, "after the closure"),
    ]:
        with pytest.raises(ValidationError, match=message):
            services.follow_up_reopen(
                actor=staff, recommendation=closed, inspection=inspection, note="回头看"
            )
    closed.refresh_from_db()
    assert closed.status == RS.CLOSED


def test_a_finding_is_cleared_only_while_every_recommendation_on_it_is_implemented(make_reported, staff):
    first, first_reports = make_reported()
    second, second_reports = make_reported(topic=first.topic)
    finding = FindingFactory(topic=first.topic)
    untouched = FindingFactory(topic=first.topic)
    first.findings.add(finding)
    second.findings.add(finding)

    def cleared():
        flags = {f.pk: f.cleared for f in finding_list()}
        finding.refresh_from_db()
        assert flags[finding.pk] == finding.is_cleared  # the annotation agrees with the property
        return flags[finding.pk], flags[untouched.pk]

    services.closure_create(
        actor=staff, recommendation=first, verdict=Verdict.IMPLEMENTED, reason="已落实", reports=first_reports
    )
    assert cleared() == (False, False)
    services.closure_create(
        actor=staff, recommendation=second, verdict=Verdict.PARTIALLY_IMPLEMENTED, reason="部分落实"
    )
    assert cleared() == (False, False)
    visit = InspectionFactory(topic=first.topic, started_on=datetime.date.today())
    services.follow_up_reopen(actor=staff, recommendation=second, inspection=visit, note="回头看")
    _finish_again(staff, second)
    services.closure_create(
        actor=staff,
        recommendation=second,
        verdict=Verdict.IMPLEMENTED,
        reason="已落实",
        reports=list(supporting_reports(second)),
    )
    assert cleared() == (True, False)
    services.follow_up_reopen(actor=staff, recommendation=first, inspection=visit, note="回头看发现反弹")
    assert cleared() == (False, False)


def _finish_again(staff, rec):
    """The department reports again after a reopening and staff accept it."""
    task = rec.tasks.get()
    author = task.reports.first().author
    report = rs.report_create(
        actor=author, task=task, department=task.lead_department, narrative="再次落实。", is_final=True
    )
    rs.report_submit(actor=author, report=report)
    rs.report_accept(actor=staff, report=report)


def test_a_topic_is_complete_when_all_its_recommendations_are_closed(make_reported, staff):
    first, reports = make_reported()
    second, _ = make_reported(topic=first.topic)
    complete = lambda: topic_list().get(pk=first.topic_id).complete  # noqa: E731
    assert complete() is False
    services.closure_create(
        actor=staff, recommendation=first, verdict=Verdict.IMPLEMENTED, reason="已落实", reports=reports
    )
    assert complete() is False
    services.closure_create(
        actor=staff, recommendation=second, verdict=Verdict.NOT_IMPLEMENTED, reason="未落实"
    )
    assert complete() is True
