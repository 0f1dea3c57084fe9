"""The dates things really happened, on every step; one set of lifecycle rules for every entry
point; the standing committee's addressee and number of voting members as data."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from congresses.models import current_congress
from congresses.services import congress_update
from dashboard.selectors import closure_by_cohort
from evaluations import services as evaluation_services
from notifications.models import Notification
from recommendations import services
from recommendations.choices import EvaluationMethod, EvaluationResult, ReportStatus
from recommendations.choices import RecommendationStatus as RS
from recommendations.models import Recommendation, StatusEvent
from recommendations.transitions import (
    Move,
    TransitionNotAllowed,
    event_moment,
    plan_recommendation_moves,
    transition_label,
)
from reminders.models import SentReminder
from reminders.services import reminders_scan
from tests.factories import (
    DepartmentFactory,
    InspectionFactory,
    LiaisonFactory,
    RecommendationFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def english():
    """Refusals are asserted in their English source text."""
    with translation.override("en"):
        yield


def years_ago(years, month, day):
    return datetime.date(TODAY.year - years, month, day)


def day_of(moment):
    return timezone.localdate(moment)


# --- the pure planner ---------------------------------------------------------------------


def test_the_planner_checks_moves_and_their_dates_in_sequence():
    issued, started = years_ago(2, 3, 1), years_ago(2, 3, 8)
    plan = plan_recommendation_moves(
        RS.DRAFT,
        [
            Move(RS.ISSUED, issued),
            Move(RS.IN_PROGRESS, started),
            Move(RS.REPORTED, years_ago(2, 6, 1)),
            Move(RS.CLOSED, years_ago(2, 7, 1), note="已落实", verdict="implemented"),
        ],
    )
    assert [(p.from_status, p.to_status) for p in plan] == [
        (RS.DRAFT, RS.ISSUED),
        (RS.ISSUED, RS.IN_PROGRESS),
        (RS.IN_PROGRESS, RS.REPORTED),
        (RS.REPORTED, RS.CLOSED),
    ]
    assert [day_of(p.occurred_at) for p in plan] == [issued, started, years_ago(2, 6, 1), years_ago(2, 7, 1)]


@pytest.mark.parametrize(
    ("moves", "code"),
    [
        ([Move(RS.ISSUED, TODAY + datetime.timedelta(days=1))], "occurred_in_future"),
        (
            [Move(RS.ISSUED, years_ago(1, 3, 1)), Move(RS.IN_PROGRESS, years_ago(1, 2, 1))],
            "occurred_before_previous",
        ),
        ([Move(RS.CLOSED, years_ago(1, 3, 1), note="x", verdict="implemented")], "transition_not_allowed"),
        (
            [Move(RS.ISSUED), Move(RS.IN_PROGRESS), Move(RS.REPORTED), Move(RS.CLOSED, note="x")],
            "verdict_required",
        ),
    ],
    ids=["future", "before-previous", "not-in-table", "no-verdict"],
)
def test_the_planner_refuses_with_the_rule_broken(moves, code):
    with pytest.raises(TransitionNotAllowed) as refused:
        plan_recommendation_moves(RS.DRAFT, moves)
    assert refused.value.code == code


def test_a_day_keeps_the_timeline_in_order_after_an_event_earlier_that_day():
    previous = timezone.make_aware(datetime.datetime.combine(years_ago(1, 5, 4), datetime.time(16, 30)))
    assert event_moment(years_ago(1, 5, 4), after=previous) == previous
    noon = event_moment(years_ago(1, 5, 5), after=previous)
    assert (day_of(noon), timezone.localtime(noon).hour) == (years_ago(1, 5, 5), 12)
    assert abs(event_moment(TODAY) - timezone.now()) < datetime.timedelta(minutes=1)


# --- the services with real dates -----------------------------------------------------------


@pytest.fixture
def people(staff_user):
    lead, co = DepartmentFactory(name="市公安局"), DepartmentFactory(name="市通管办")
    return {
        "staff": staff_user,
        "lead": lead,
        "co": co,
        "liaison": LiaisonFactory(department=lead),
        "co_liaison": LiaisonFactory(department=co),
    }


def history_of_two_years_ago(people, *, topic=None):
    """A recommendation issued two years ago, entered today step by step with its real dates:
    two tasks, a report returned, corrected and accepted, then the co-department's report."""
    staff, liaison = people["staff"], people["liaison"]
    rec = RecommendationFactory(topic=topic or TopicFactory(year=TODAY.year - 2))
    services.recommendation_issue(
        actor=staff, recommendation=rec, response_due=years_ago(2, 6, 30), occurred_at=years_ago(2, 4, 10)
    )
    lead_task = services.task_create(
        actor=staff,
        recommendation=rec,
        number=1,
        title="建立联席会议机制",
        lead_department=people["lead"],
        co_departments=[people["co"]],
        assigned_on=years_ago(2, 4, 15),
        due_date=years_ago(2, 6, 15),
    )
    co_task = services.task_create(
        actor=staff,
        recommendation=rec,
        number=2,
        title="加强行业监管",
        lead_department=people["co"],
        assigned_on=years_ago(2, 4, 15),
        due_date=years_ago(2, 6, 15),
    )
    report = services.report_create(
        actor=liaison, task=lead_task, department=people["lead"], narrative="已部署。", is_final=True
    )
    services.report_submit(actor=liaison, report=report, occurred_at=years_ago(2, 5, 20))
    services.report_return(actor=staff, report=report, note="请补充数据。", occurred_at=years_ago(2, 5, 23))
    services.report_submit(actor=liaison, report=report, occurred_at=years_ago(2, 5, 30))
    accepted = services.report_accept(actor=staff, report=report, occurred_at=years_ago(2, 6, 2))
    co_report = services.report_create(
        actor=people["co_liaison"], task=co_task, department=people["co"], narrative="已整改。", is_final=True
    )
    services.report_submit(actor=people["co_liaison"], report=co_report, occurred_at=years_ago(2, 6, 5))
    services.report_accept(actor=staff, report=co_report, occurred_at=years_ago(2, 6, 8))
    rec.refresh_from_db()
    return rec, accepted


def test_history_entered_today_keeps_its_real_dates_everywhere(people):
    staff = people["staff"]
    congress_update(actor=staff, congress=current_congress(), voting_members=30)
    rec, accepted = history_of_two_years_ago(people)
    assert rec.status == RS.REPORTED  # every task verified: reported on the day of the last acceptance
    evaluation = evaluation_services.evaluation_open(
        actor=staff,
        topic=rec.topic,
        recommendation=rec,
        method=EvaluationMethod.IN_SESSION,
        occurred_at=years_ago(2, 6, 20),
    )
    evaluation = evaluation_services.evaluation_record_totals(
        actor=staff,
        evaluation=evaluation,
        satisfied=22,
        basically_satisfied=4,
        unsatisfied=1,
        abstained=1,
        held_on=years_ago(2, 6, 28),
    )
    assert (evaluation.voters_entitled, evaluation.result) == (30, EvaluationResult.SATISFIED)
    assert day_of(evaluation.closed_at) == years_ago(2, 6, 28)
    evaluation_services.recommendation_close(
        actor=staff,
        recommendation=rec,
        verdict="implemented",
        note="经测评满意，予以办结。",
        reports=[accepted],
        occurred_at=years_ago(2, 7, 10),
    )
    visit = InspectionFactory(topic=rec.topic, title="回头看", started_on=years_ago(1, 7, 12))
    evaluation_services.follow_up_reopen(
        actor=staff,
        recommendation=rec,
        inspection=visit,
        note="回头看发现问题反弹。",
        occurred_at=years_ago(1, 7, 20),
    )
    rec.refresh_from_db()
    assert (rec.status, rec.cycle) == (RS.IN_PROGRESS, 2)
    assert day_of(rec.issued_at) == years_ago(2, 4, 10)

    timeline = list(StatusEvent.objects.filter(recommendation=rec).order_by("pk"))
    moments = [e.occurred_at for e in timeline]
    assert moments == sorted(moments), "entered in order, so the timeline is in date order"
    assert day_of(moments[0]) == years_ago(2, 4, 10) and day_of(moments[-1]) == years_ago(1, 7, 20)
    closing = next(e for e in timeline if e.to_status == RS.CLOSED)
    assert day_of(closing.occurred_at) == years_ago(2, 7, 10)

    # Nothing was left to remind: every deadline had passed when its record was entered.
    assert reminders_scan() == 0
    assert not SentReminder.objects.exists()
    assert not Notification.objects.filter(kind__in=["reminder", "overdue", "escalation"]).exists()
    assert not Recommendation.objects.get(pk=rec.pk).is_priority


def test_cohort_and_days_to_close_come_from_the_real_dates(people):
    staff = people["staff"]
    rec, accepted = history_of_two_years_ago(people)
    evaluation_services.recommendation_close(
        actor=staff,
        recommendation=rec,
        verdict="implemented",
        note="已落实。",
        reports=[accepted],
        occurred_at=years_ago(2, 7, 10),
    )
    (row,) = closure_by_cohort()
    assert timezone.localtime(row["cohort"]).year == TODAY.year - 2
    assert row["median_days_to_close"] == (years_ago(2, 7, 10) - years_ago(2, 4, 10)).days


def test_each_step_is_refused_in_the_future_or_before_the_previous_one(people):
    staff, liaison = people["staff"], people["liaison"]
    rec = RecommendationFactory()
    tomorrow = TODAY + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="future"):
        services.recommendation_issue(
            actor=staff, recommendation=rec, response_due=tomorrow, occurred_at=tomorrow
        )
    assert Recommendation.objects.get(pk=rec.pk).status == RS.DRAFT
    services.recommendation_issue(
        actor=staff, recommendation=rec, response_due=years_ago(1, 6, 30), occurred_at=years_ago(1, 4, 10)
    )
    with pytest.raises(ValidationError, match="before the previous step"):
        services.task_create(
            actor=staff,
            recommendation=rec,
            number=1,
            title="早于印发的任务",
            lead_department=people["lead"],
            assigned_on=years_ago(1, 4, 9),
            due_date=years_ago(1, 6, 1),
        )
    assert not rec.tasks.exists()
    task = services.task_create(
        actor=staff,
        recommendation=rec,
        number=1,
        title="任务",
        lead_department=people["lead"],
        assigned_on=years_ago(1, 4, 12),
        due_date=years_ago(1, 6, 1),
    )
    report = services.report_create(actor=liaison, task=task, department=people["lead"], narrative="已办。")
    with pytest.raises(ValidationError, match="before the previous step"):
        services.report_submit(actor=liaison, report=report, occurred_at=years_ago(1, 4, 11))
    services.report_submit(actor=liaison, report=report, occurred_at=years_ago(1, 5, 1))
    with pytest.raises(ValidationError, match="before the previous step"):
        services.report_accept(actor=staff, report=report, occurred_at=years_ago(1, 4, 30))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert StatusEvent.objects.filter(report=report).count() == 1


def test_only_a_follow_up_visit_on_or_after_the_closure_reopens(people):
    staff = people["staff"]
    rec, accepted = history_of_two_years_ago(people)
    evaluation_services.recommendation_close(
        actor=staff,
        recommendation=rec,
        verdict="implemented",
        note="已落实。",
        reports=[accepted],
        occurred_at=years_ago(2, 7, 10),
    )
    before = InspectionFactory(topic=rec.topic, started_on=years_ago(2, 7, 1))
    for inspection, message in [(None, "follow-up inspection"), (before, "after the closure")]:
        with pytest.raises(ValidationError, match=message):
            services.recommendation_reopen(
                actor=staff, recommendation=rec, note="复查", inspection=inspection
            )
    assert Recommendation.objects.get(pk=rec.pk).status == RS.CLOSED


# --- the standing committee -----------------------------------------------------------------


def test_in_session_totals_are_checked_against_the_committees_voting_members_not_accounts(people):
    staff = people["staff"]
    congress_update(actor=staff, congress=current_congress(), voting_members=30)
    rec, _accepted = history_of_two_years_ago(people)
    evaluation = evaluation_services.evaluation_open(
        actor=staff, topic=rec.topic, recommendation=rec, method=EvaluationMethod.IN_SESSION
    )
    assert evaluation.voters_entitled == 30  # no member has an account here
    with pytest.raises(ValidationError, match="31"):
        evaluation_services.evaluation_record_totals(
            actor=staff,
            evaluation=evaluation,
            satisfied=31,
            basically_satisfied=0,
            unsatisfied=0,
            abstained=0,
        )
    evaluation = evaluation_services.evaluation_record_totals(
        actor=staff, evaluation=evaluation, satisfied=20, basically_satisfied=5, unsatisfied=2, abstained=1
    )
    assert evaluation.result == EvaluationResult.SATISFIED


def test_the_addressee_is_the_committees_government(staff_user):
    assert "莆田市人民政府" in str(transition_label(StatusEvent.Subject.RECOMMENDATION, RS.DRAFT, RS.ISSUED))
    congress_update(actor=staff_user, congress=current_congress(), government_name="仙游县人民政府")
    label = str(transition_label(StatusEvent.Subject.RECOMMENDATION, RS.DRAFT, RS.ISSUED))
    assert "仙游县人民政府" in label and "莆田市人民政府" not in label
