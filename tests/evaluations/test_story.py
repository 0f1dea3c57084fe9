"""The recommendation's story: from inspection to closure, with cycles and votes, in order,
in a constant number of queries."""

import datetime

import pytest

from evaluations import services
from evaluations.selectors import StoryKind, recommendation_story, supporting_reports
from recommendations import services as rs
from recommendations.choices import EvaluationMethod, Verdict
from tests.factories import FindingFactory, InspectionFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(make_reported, staff, members):
    """Inspection and remarks → issue → task → report → unsatisfied vote → second report →
    satisfied vote → closure → reopening after a follow-up visit."""
    rec, reports = make_reported()
    inspection = InspectionFactory(
        topic=rec.topic, title="三月视察调查", started_on=datetime.date(2022, 3, 14)
    )
    rec.findings.add(FindingFactory(topic=rec.topic, inspection=inspection, title="技术反制滞后"))
    meeting = rs.meeting_create(
        actor=staff, title="市八届人大常委会第二次会议", held_on=datetime.date(2022, 4, 26)
    )
    rec.remarks.add(
        rs.remark_create(
            actor=staff, meeting=meeting, topic=rec.topic, speaker_name="黄景亮", content="强化技术反制"
        )
    )
    first = services.evaluation_open(
        actor=staff, topic=rec.topic, recommendation=rec, method=EvaluationMethod.IN_SESSION
    )
    services.evaluation_record_totals(
        actor=staff, evaluation=first, satisfied=1, basically_satisfied=0, unsatisfied=3, abstained=0
    )
    task = rec.tasks.get()
    author = reports[0].author
    again = rs.report_create(
        actor=author, task=task, department=task.lead_department, narrative="再报", is_final=True
    )
    rs.report_submit(actor=author, report=again)
    rs.report_accept(actor=staff, report=again)
    second = services.evaluation_open(
        actor=staff, topic=rec.topic, recommendation=rec, method=EvaluationMethod.ONLINE_BALLOT
    )
    for member in members[:4]:
        services.ballot_cast(voter=member, evaluation=second, choice="satisfied")
    services.evaluation_close(actor=staff, evaluation=second)
    services.closure_create(
        actor=staff,
        recommendation=rec,
        verdict=Verdict.IMPLEMENTED,
        reason="已落实",
        reports=supporting_reports(rec),
    )
    visit = InspectionFactory(topic=rec.topic, title="回头看", started_on=datetime.date.today())
    services.follow_up_reopen(actor=staff, recommendation=rec, inspection=visit, note="问题反弹")
    rec.refresh_from_db()
    return rec


def test_the_story_runs_from_inspection_to_reopening_with_cycles_and_votes(history):
    story = recommendation_story(history)
    kinds = [entry.kind for entry in story]
    assert kinds[:2] == [StoryKind.INSPECTION, StoryKind.MEETING]
    milestones = [
        k
        for k in kinds
        if k in (StoryKind.VOTE, StoryKind.REHANDLING, StoryKind.CLOSURE, StoryKind.REOPENING)
    ]
    assert milestones == [
        StoryKind.VOTE,
        StoryKind.REHANDLING,
        StoryKind.VOTE,
        StoryKind.CLOSURE,
        StoryKind.REOPENING,
    ]
    assert [entry.at for entry in story] == sorted(entry.at for entry in story)
    votes = [entry for entry in story if entry.kind == StoryKind.VOTE]
    assert "3" in votes[0].detail and votes[0].cycle == 1
    assert votes[1].cycle == 2
    closure = next(entry for entry in story if entry.kind == StoryKind.CLOSURE)
    assert closure.cycle == 2 and len(closure.items) == 1
    assert story[-1].kind == StoryKind.REOPENING and story[-1].cycle == 3 and "回头看" in story[-1].title
    assert history.cycle == 3
    assert any(entry.kind == StoryKind.TASK for entry in story)
    assert any("技术反制滞后" in item for entry in story for item in entry.items)


def test_the_public_story_hides_actors_and_open_vote_totals(history, staff):
    MemberFactory()
    story = recommendation_story(history, public=True)
    assert all(entry.actor == "" for entry in story)
    assert not [
        e for e in story if e.kind == StoryKind.REPORT and "提交" in e.title and "Report submitted" in e.title
    ]
    reports = [e for e in story if e.kind == StoryKind.REPORT]
    assert reports and all(e.color == "success" for e in reports)  # accepted only


def test_the_story_takes_a_constant_number_of_queries(history, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        recommendation_story(history)
