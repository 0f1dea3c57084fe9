"""Each congress's working-day calendar and time zone: the same deadline on the same date is
overdue in a weekends-only congress and not in a mainland one; one congress's local exceptions
leave the other's calendar alone; dates shown and "today" follow the congress's time zone, in
requests and in jobs."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from congresses.models import Congress, default_congress, for_each_congress, in_congress
from congresses.services import congress_update
from dashboard.rollup import rollup
from recommendations import services
from recommendations.models import Task
from recommendations.selectors import overdue_task_q
from reminders.models import SentReminder
from reminders.tasks import scan_deadlines, send_weekly_digest
from reminders.workdays import is_working_day, missing_years, working_days_left
from tests.factories import (
    CongressFactory,
    DepartmentFactory,
    RecommendationFactory,
    StaffFactory,
    TopicFactory,
)
from tests.reminders import scenario

pytestmark = pytest.mark.django_db

D = datetime.date
UTC = datetime.UTC
# Monday 12 February 2024: a Spring Festival holiday on the mainland calendar (10–17 February
# off, Sunday 18 February a make-up working day), an ordinary Monday on weekends only.
DUE = D(2024, 2, 12)
NEXT_DAY = D(2024, 2, 13)


@pytest.fixture
def mainland():
    return default_congress()


@pytest.fixture
def weekends():
    county = CongressFactory()
    congress_update(actor=None, congress=county, calendar=Congress.Calendar.WEEKENDS)
    return Congress.objects.get(pk=county.pk)


def task_due(congress, due, title):
    """A task of `congress` due on `due`, entered and assigned in 2023 through the services."""
    with in_congress(congress):
        staff = StaffFactory(congress=congress)
        topic = TopicFactory(congress=congress)
        recommendation = services.recommendation_issue(
            actor=staff,
            recommendation=RecommendationFactory(topic=topic),
            response_due=D(2024, 6, 28),
            occurred_at=D(2023, 12, 1),
        )
        task = services.task_create(
            actor=staff,
            recommendation=recommendation,
            number=1,
            title=title,
            lead_department=DepartmentFactory(congress=congress),
            assigned_on=D(2023, 12, 4),
            due_date=due,
        )
    return staff, task


def overdue_on(congress, task, today):
    with in_congress(congress):
        return Task.objects.filter(overdue_task_q(today), pk=task.pk).exists()


def test_a_spring_festival_deadline_is_overdue_on_weekends_only_and_not_on_the_mainland_calendar(
    mainland, weekends
):
    _staff, mainland_task = task_due(mainland, DUE, "春节假期内到期的任务")
    _staff, weekends_task = task_due(weekends, DUE, "春节假期内到期的任务")
    assert overdue_on(weekends, weekends_task, NEXT_DAY)
    assert not overdue_on(mainland, mainland_task, NEXT_DAY)
    with in_congress(mainland):
        # Moved to the make-up Sunday, 18 February: two days after it, it is overdue there too.
        assert working_days_left(DUE, today=NEXT_DAY) == 1
        assert overdue_on(mainland, mainland_task, D(2024, 2, 19))
    with in_congress(weekends):
        assert working_days_left(DUE, today=NEXT_DAY) == -1
        assert not is_working_day(D(2024, 2, 18))  # the make-up Sunday is a Sunday here


def test_each_congress_staff_see_their_own_calendar_on_the_task_page(mainland, weekends):
    mainland_staff, mainland_task = task_due(mainland, DUE, "春节假期内到期的任务")
    weekends_staff, weekends_task = task_due(weekends, DUE, "春节假期内到期的任务")
    # 10 a.m. in Beijing on 13 February 2024, both congresses' time zone.
    with time_machine.travel(datetime.datetime(2024, 2, 13, 2, 0, tzinfo=UTC), tick=False):
        pages = {}
        for staff, task in ((mainland_staff, mainland_task), (weekends_staff, weekends_task)):
            client = Client()
            client.force_login(staff)
            pages[staff.congress_id] = client.get(reverse("office:task", args=[task.pk])).content.decode()
    assert 'class="overdue"' in pages[weekends.pk]
    assert 'class="overdue"' not in pages[mainland.pk]


def test_the_roll_up_counts_each_congress_overdue_on_its_own_calendar(weekends):
    mainland_county = CongressFactory()
    _staff, _task = task_due(mainland_county, DUE, "春节假期内到期的任务")
    _staff, _task = task_due(weekends, DUE, "春节假期内到期的任务")
    figures = dict(rollup([mainland_county, weekends], today=NEXT_DAY).congresses)
    assert (figures[weekends].tasks_open, figures[weekends].tasks_overdue) == (1, 1)
    assert (figures[mainland_county].tasks_open, figures[mainland_county].tasks_overdue) == (1, 0)


def test_local_exceptions_of_one_congress_leave_the_others_calendar_alone(mainland, weekends):
    """The county's staff enter a typhoon day and a working Saturday on the calendar page."""
    client = Client()
    client.force_login(StaffFactory(congress=weekends))
    arrangement = "2024-03-05 holiday 台风停工\n2024-03-09 workday 补班"
    response = client.post(reverse("calendar"), {"reason": "县政府通知", "arrangement": arrangement})
    assert response.status_code == 302
    with in_congress(weekends):
        assert not is_working_day(D(2024, 3, 5)) and is_working_day(D(2024, 3, 9))
    with in_congress(mainland):
        assert is_working_day(D(2024, 3, 5)) and not is_working_day(D(2024, 3, 9))
    # The mainland congress's page lists none of them.
    other = Client()
    other.force_login(StaffFactory(congress=mainland))
    with time_machine.travel(datetime.datetime(2024, 3, 1, 2, 0, tzinfo=UTC), tick=False):
        assert "台风停工" not in other.get(reverse("calendar")).content.decode()


def test_only_the_mainland_calendar_asks_for_a_years_holiday_arrangement(mainland, weekends):
    far = D(2031, 3, 2)  # a year chinesecalendar does not know
    with in_congress(mainland):
        assert missing_years(today=far) == [2031]
    with in_congress(weekends):
        assert missing_years(today=far) == []


def test_the_scan_and_the_digest_follow_each_congresss_calendar_and_stay_in_it(
    mainland, weekends
):
    with in_congress(mainland):
        mainland_case = scenario.build(task_due=DUE, response_due=D(2024, 6, 28))
    with in_congress(weekends):
        weekends_case = scenario.build(task_due=DUE, response_due=D(2024, 6, 28))
    # 13 February: a holiday on the mainland (nothing goes out there), the day after the
    # deadline on weekends only (the overdue notice goes out there).
    scan_deadlines(today=NEXT_DAY.isoformat())
    rows = list(SentReminder.objects.all())
    assert rows and {row.congress_id for row in rows} == {weekends.pk}
    assert {(row.kind, row.task_id) for row in rows} == {(SentReminder.Kind.OVERDUE, weekends_case.task.pk)}
    people = {row.recipient_user for row in rows} - {None}
    assert people and {person.congress_id for person in people} == {weekends.pk}

    mail.outbox.clear()
    send_weekly_digest(today=NEXT_DAY.isoformat())
    digests = SentReminder.objects.filter(kind=SentReminder.Kind.DIGEST)
    assert {(row.congress_id, row.recipient_user_id) for row in digests} == {
        (mainland.pk, mainland_case.member.pk),
        (weekends.pk, weekends_case.member.pk),
    }
    # The weekends-only congress's digest lists its overdue task; the mainland one's lists none
    # (its task is not overdue there), and never the other congress's.
    codes = {mainland_case.task.code, weekends_case.task.code}
    named = [{code for code in codes if code in message.body} for message in mail.outbox]
    assert sorted(named, key=len) == [set(), {weekends_case.task.code}]


LATE_EVENING_UTC = datetime.datetime(2024, 3, 5, 22, 30, tzinfo=UTC)  # 6 March, 6:30 in Beijing


def test_pages_show_the_dates_of_the_congresss_time_zone(mainland):
    london = CongressFactory()
    congress_update(actor=None, congress=london, time_zone="Europe/London")
    shown = {}
    for congress in (mainland, london):
        staff = StaffFactory(congress=congress)
        with in_congress(congress):
            topic = TopicFactory(congress=congress)
            recommendation = services.recommendation_issue(
                actor=staff,
                recommendation=RecommendationFactory(topic=topic),
                response_due=D(2024, 6, 28),
                occurred_at=LATE_EVENING_UTC,
            )
        client = Client()
        client.force_login(staff)
        page = client.get(reverse("office:recommendation", args=[recommendation.code])).content.decode()
        shown[congress.code] = {day for day in ("2024-03-05", "2024-03-06") if day in page}
    assert shown == {mainland.code: {"2024-03-06"}, london.code: {"2024-03-05"}}


def test_today_in_jobs_and_requests_is_the_congresss_own(mainland):
    london = congress_update(actor=None, congress=CongressFactory(), time_zone="Europe/London")
    with time_machine.travel(LATE_EVENING_UTC, tick=False):
        days = dict(for_each_congress(lambda congress: (congress.code, timezone.localdate())))
        with in_congress(london):
            in_london = timezone.localdate()
            assert timezone.get_current_timezone() == zoneinfo.ZoneInfo("Europe/London")
    assert days[mainland.code] == D(2024, 3, 6) and days[london.code] == D(2024, 3, 5)
    assert in_london == D(2024, 3, 5)
