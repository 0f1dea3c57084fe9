"""The working-day calendar everywhere: overdue and due-soon flags on every page count working
days as the reminders do, staff are warned about a year the calendar package does not know, and
enter that year's holiday arrangement on one page."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from recommendations.services import recommendation_issue, task_create
from reminders.models import WorkingDayException
from reminders.services import CalendarEntry, working_day_exceptions_enter
from reminders.workdays import missing_years, overdue_cutoff, working_days_left
from tests.factories import (
    DepartmentFactory,
    LiaisonFactory,
    MemberFactory,
    RecommendationFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
SHANGHAI = ZoneInfo("Asia/Shanghai")
# An arrangement for 2027 made up for these tests (the package knows nothing after 2026): a
# nine-day Spring Festival break from Saturday 6 to Sunday 14 February, and a make-up Saturday.
ARRANGEMENT = """2027-01-01..2027-01-03 holiday 元旦
2027-02-06..2027-02-14 holiday 春节
2027-02-20 workday
"""
SOURCE = "国务院办公厅关于2027年部分节假日安排的通知(测试用)"
# Monday after the break: the first working day on the arrangement, a week late on Monday to Friday.
AFTER_THE_BREAK = datetime.datetime(2027, 2, 15, 10, 0, tzinfo=SHANGHAI)
DUE_IN_THE_BREAK = D(2027, 2, 8)


def at(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def staff():
    return StaffFactory(username="calendar-staff", is_superuser=False)


def enter_arrangement(staff):
    entries = [
        CalendarEntry(start=D(2027, 1, 1), end=D(2027, 1, 3), is_working_day=False, reason="元旦"),
        CalendarEntry(start=D(2027, 2, 6), end=D(2027, 2, 14), is_working_day=False, reason="春节"),
        CalendarEntry(start=D(2027, 2, 20), end=D(2027, 2, 20), is_working_day=True),
    ]
    return working_day_exceptions_enter(actor=staff, entries=entries, reason=SOURCE)


def test_the_overdue_cutoff_agrees_with_the_reminders_count_on_every_day(staff):
    days = [D(2027, 1, 20) + datetime.timedelta(n) for n in range(45)]

    def disagreements():
        return [
            (due, today)
            for today in days[5:40]
            for due in days
            if (due < overdue_cutoff(today)) != (working_days_left(due, today=today) < 0)
        ]

    assert disagreements() == []  # Monday to Friday, before the arrangement is known
    enter_arrangement(staff)
    assert disagreements() == []
    # The break moved the cutoff: on the Monday after it, nothing due during it is late yet.
    assert overdue_cutoff(D(2027, 2, 15)) == D(2027, 2, 6)


def test_staff_enter_the_arrangement_in_one_form_and_history_names_them(client, staff):
    with at(datetime.datetime(2027, 1, 10, 9, 0, tzinfo=SHANGHAI)):
        client.force_login(staff)
        page = client.get(reverse("calendar"))
        assert page.status_code == 200
        assert page.context["calendar_missing_years"] == [2027]
        response = client.post(reverse("calendar"), {"reason": SOURCE, "arrangement": ARRANGEMENT})
        assert response.status_code == 302
        after = client.get(reverse("calendar"))
    assert after.context["calendar_missing_years"] == []
    assert "calendar-warning" not in after.content.decode()
    rows = {row.date: row for row in WorkingDayException.objects.all()}
    assert len(rows) == 13
    assert [d for d, row in sorted(rows.items()) if row.is_working_day] == [D(2027, 2, 20)]
    assert rows[D(2027, 2, 10)].reason == "春节"
    assert rows[D(2027, 2, 20)].reason == SOURCE  # a line without its own reason
    assert {str(row.date) for row in after.context["exceptions"]} >= {"2027-01-01", "2027-02-20"}
    history = WorkingDayException.pgh_event_model.objects.all()
    assert history.count() == 13
    assert {event.pgh_context.metadata["user"] for event in history} == {staff.pk}


def test_entering_a_day_again_takes_the_new_values(staff):
    enter_arrangement(staff)
    working_day_exceptions_enter(
        actor=staff,
        entries=[CalendarEntry(start=D(2027, 2, 14), end=D(2027, 2, 14), is_working_day=True)],
        reason="调整",
    )
    row = WorkingDayException.objects.get(date=D(2027, 2, 14))
    assert row.is_working_day and row.reason == "调整"
    assert WorkingDayException.objects.count() == 13


@pytest.mark.parametrize(
    "arrangement, messages",
    [
        ("2027-02-30 holiday", ["Line 1: “2027-02-30” is not a date in the form YYYY-MM-DD."]),
        ("2027-02-06..2027-02-01 holiday", ["Line 1: the range ends before it starts."]),
        ("2027-01-01..2027-03-01 holiday", ["Line 1: a range covers at most 31 days."]),
        ("2027-02-06 vacation", ["Line 1: “vacation” is neither “holiday” nor “workday”."]),
        ("2027-02-06", ["Line 1: write the date or dates, then “holiday” or “workday”."]),
        (
            "2027-02-06..2027-02-08 holiday\n\n2027-02-08 workday\n2027-13-01 holiday",
            [
                "Line 3: 2027-02-08 is already on line 1.",
                "Line 4: “2027-13-01” is not a date in the form YYYY-MM-DD.",
            ],
        ),
        ("\n  \n", ["This field is required."]),
    ],
    ids=["no-such-day", "backwards", "too-long", "unknown-kind", "no-kind", "several", "blank"],
)
def test_a_bad_arrangement_is_refused_line_by_line_and_nothing_is_stored(
    client, staff, arrangement, messages
):
    client.force_login(staff)
    response = client.post(
        reverse("calendar"), {"reason": SOURCE, "arrangement": arrangement}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.context["form"].errors["arrangement"] == messages
    assert not WorkingDayException.objects.exists()


def test_the_form_reads_chinese_kinds_and_full_width_ranges(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("calendar"),
        {"reason": SOURCE, "arrangement": "2027-10-01至2027-10-07 休 国庆节\n2027-09-26 班"},
    )
    assert response.status_code == 302
    assert WorkingDayException.objects.filter(is_working_day=False).count() == 7
    assert WorkingDayException.objects.get(date=D(2027, 9, 26)).is_working_day


def test_only_committee_staff_may_enter_the_calendar(client):
    url = reverse("calendar")
    assert client.get(url).status_code == 302  # to the sign-in page
    for user in (MemberFactory(username="m"), LiaisonFactory(username="l")):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"reason": SOURCE, "arrangement": ARRANGEMENT}).status_code == 403
    assert not WorkingDayException.objects.exists()


def test_staff_see_the_warning_on_their_pages_and_in_the_admin_others_do_not(client, staff):
    liaison = LiaisonFactory(username="liaison")
    with at(datetime.datetime(2027, 1, 10, 9, 0, tzinfo=SHANGHAI)):
        client.force_login(staff)
        for url in (reverse("review:home"), reverse("dashboard:index"), reverse("admin:index")):
            page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
            assert page.status_code == 200, url
            text = page.content.decode()
            assert "The working-day calendar has no holiday arrangement for 2027 yet" in text, url
            assert reverse("calendar") in text
        client.force_login(liaison)
        assert "calendar-warning" not in client.get(reverse("portal:home")).content.decode()
        client.logout()
        assert "calendar-warning" not in client.get(reverse("home")).content.decode()


def test_the_next_year_is_asked_for_from_november():
    assert missing_years(D(2026, 6, 1)) == []  # the package knows 2026
    assert missing_years(D(2026, 11, 5)) == [2027]
    assert missing_years(D(2027, 3, 1)) == [2027]
    assert missing_years(D(2027, 11, 5)) == [2027, 2028]


def test_a_typhoon_day_alone_does_not_count_as_the_year_s_arrangement(staff):
    working_day_exceptions_enter(
        actor=staff,
        entries=[CalendarEntry(start=D(2027, 7, 20), end=D(2027, 7, 21), is_working_day=False)],
        reason="台风停工",
    )
    assert missing_years(D(2027, 8, 1)) == [2027]
    enter_arrangement(staff)
    assert missing_years(D(2027, 8, 1)) == []


@pytest.fixture
def due_in_the_break(staff):
    """A published recommendation whose handling report, and a task led by the police, are
    due on Monday 8 February 2027, in the middle of the made-up Spring Festival break."""
    police = DepartmentFactory(code="police", name="市公安局")
    liaison = LiaisonFactory(username="police", department=police)
    with at(datetime.datetime(2027, 1, 5, 9, 0, tzinfo=SHANGHAI)):
        recommendation = recommendation_issue(
            actor=staff,
            recommendation=RecommendationFactory(code="2027-CAL-01"),
            response_due=DUE_IN_THE_BREAK,
        )
        task_create(
            actor=staff,
            recommendation=recommendation,
            number=1,
            title="节后到期的任务",
            lead_department=police,
            assigned_on=D(2027, 1, 5),
            due_date=DUE_IN_THE_BREAK,
        )
    return liaison


def flags_on_every_page(client, staff, liaison):
    """What each surface says about the recommendation and its task on the Monday after the break."""
    code = "2027-CAL-01"
    with at(AFTER_THE_BREAK):
        client.logout()
        detail = client.get(reverse("public_recommendation_detail", args=[code])).content.decode()
        listed = client.get(reverse("public_recommendation_list"), {"overdue": "true"}).content.decode()
        api_recommendation = client.get(f"/api/v1/recommendations/{code}/").json()
        api_tasks = client.get("/api/v1/tasks/", {"overdue": "true"}).json()
        client.force_login(liaison)
        portal = client.get(reverse("portal:home")).content.decode()
        client.force_login(staff)
        dashboard_csv = client.get(reverse("dashboard:table_csv", args=["overdue"])).content.decode(
            "utf-8-sig"
        )
    overdue_column = {row[0]: row[3] for row in csv.reader(io.StringIO(dashboard_csv))}
    return {
        "public detail": 'class="overdue"' in detail,
        "public list filter": code in listed,
        "api recommendation": api_recommendation["overdue"],
        "api task filter": api_tasks["count"] == 1,
        "portal badge": "badge-overdue" in portal,
        "dashboard": overdue_column["市公安局"] == "1",
        "portal due soon": "badge-soon" in portal,
    }


def test_overdue_flags_on_every_page_follow_the_2027_arrangement(
    client, staff, due_in_the_break, django_capture_on_commit_callbacks
):
    # Monday to Friday only: due on a Monday, a week ago.
    before = flags_on_every_page(client, staff, due_in_the_break)
    assert before == {**dict.fromkeys(before, True), "portal due soon": False}
    # With the break entered, the deadline moves to today, its first working day: not late yet.
    # The pages cached before are retired when the entry commits.
    with django_capture_on_commit_callbacks(execute=True):
        enter_arrangement(staff)
    after = flags_on_every_page(client, staff, due_in_the_break)
    assert after == {**dict.fromkeys(after, False), "portal due soon": True}
