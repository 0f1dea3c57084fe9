"""The working-day calendar at its edges: Spring Festival, make-up Saturdays, deadlines that
land on a holiday, local exceptions, and years the national calendar package does not know."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from reminders.models import WorkingDayException
from reminders.workdays import (
    add_working_days,
    effective_due,
    is_working_day,
    working_days_between,
    working_days_left,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def test_spring_festival_days_are_not_working_days():
    # 2022: 31 January to 6 February off.
    assert not any(is_working_day(D(2022, 1, 31) + datetime.timedelta(n)) for n in range(7))
    assert is_working_day(D(2022, 2, 7))


def test_make_up_weekend_days_before_spring_festival_are_working_days():
    assert D(2022, 1, 29).weekday() == 5 and is_working_day(D(2022, 1, 29))
    assert D(2022, 1, 30).weekday() == 6 and is_working_day(D(2022, 1, 30))
    assert not is_working_day(D(2022, 1, 22))  # an ordinary Saturday


def test_adding_working_days_across_spring_festival_counts_the_make_up_weekend():
    # Friday 28 January + 3 working days: Sat 29, Sun 30 (make-up), then Monday 7 February.
    assert add_working_days(D(2022, 1, 28), 3) == D(2022, 2, 7)
    assert add_working_days(D(2022, 2, 7), -3) == D(2022, 1, 28)
    assert add_working_days(D(2022, 2, 7), 0) == D(2022, 2, 7)


def test_working_days_between_counts_after_start_up_to_end():
    assert working_days_between(D(2022, 1, 28), D(2022, 2, 8)) == 4
    assert working_days_between(D(2022, 2, 8), D(2022, 1, 28)) == -4
    assert working_days_between(D(2022, 3, 1), D(2022, 3, 1)) == 0


def test_deadline_on_a_holiday_moves_to_the_next_working_day():
    assert effective_due(D(2022, 2, 1)) == D(2022, 2, 7)
    # National Day 2022: the next working day after 1 October is the make-up Saturday 8 October.
    assert effective_due(D(2022, 10, 1)) == D(2022, 10, 8)
    assert effective_due(D(2022, 9, 30)) == D(2022, 9, 30)
    # Due "on" 1 February, seen on Friday 28 January: 3 working days left, not 2.
    assert working_days_left(D(2022, 2, 1), today=D(2022, 1, 28)) == 3
    assert working_days_left(D(2022, 2, 1), today=D(2022, 2, 7)) == 0
    assert working_days_left(D(2022, 2, 1), today=D(2022, 2, 9)) == -2


def test_local_exception_overrides_the_national_calendar():
    WorkingDayException.objects.create(date=D(2022, 2, 7), is_working_day=False, reason="台风停工")
    WorkingDayException.objects.create(date=D(2022, 2, 12), is_working_day=True, reason="调休上班")
    assert not is_working_day(D(2022, 2, 7))
    assert is_working_day(D(2022, 2, 12))
    assert add_working_days(D(2022, 1, 30), 1) == D(2022, 2, 8)


def test_years_beyond_the_package_fall_back_to_weekdays_and_local_exceptions():
    far = D(2031, 3, 1)  # a Saturday, in a year chinesecalendar 1.x does not know
    assert not is_working_day(far)
    assert is_working_day(D(2031, 3, 3))
    WorkingDayException.objects.create(date=D(2031, 3, 3), is_working_day=False, reason="假日")
    assert not is_working_day(D(2031, 3, 3))


def test_due_in_filter_says_how_many_working_days_with_one_query(django_assert_num_queries, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: D(2022, 1, 28))
    template = Template(
        "{% load working_days %}{% for d in dates %}{{ d|due_in_working_days }}|{% endfor %}"
        "{{ none|due_in_working_days }}"
    )
    dates = [D(2022, 2, 1), D(2022, 1, 28), D(2022, 1, 27), D(2022, 1, 29)]
    with translation.override("en"), django_assert_num_queries(1):
        text = template.render(Context({"dates": dates, "none": None}))
    assert text == "due in 3 working days|due today|overdue by 1 working day|due in 1 working day|"
    with translation.override("zh-hans"):
        assert "个工作日" in template.render(Context({"dates": dates}))
