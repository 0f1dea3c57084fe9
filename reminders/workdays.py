"""The mainland China working-day calendar: public holidays and make-up working days from the
`chinesecalendar` package, overridden by the local exceptions staff keep.

Years the package does not know yet fall back to Monday to Friday, plus the local exceptions,
so staff can enter the State Council's holiday arrangement for a new year before the package
has it (`missing_years` says which years still need it; the form is at /calendar/).
"""

import datetime
import time

import chinese_calendar
from django.utils import timezone

# Local exceptions are a handful of rows read on every date computation, so each process keeps
# them for a short while; an edit in this process clears them at once (signals), others
# within this many seconds.
EXCEPTIONS_TTL_SECONDS = 60
_cache = {"loaded_at": None, "days": {}}


def clear_cache():
    _cache["loaded_at"] = None


def _exceptions():
    now = time.monotonic()
    if _cache["loaded_at"] is None or now - _cache["loaded_at"] > EXCEPTIONS_TTL_SECONDS:
        from .models import WorkingDayException

        _cache["days"] = dict(WorkingDayException.objects.values_list("date", "is_working_day"))
        _cache["loaded_at"] = now
    return _cache["days"]


def is_working_day(day: datetime.date) -> bool:
    local = _exceptions().get(day)
    if local is not None:
        return local
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the package does not cover
        return day.weekday() < 5


def _known_to_package(year: int) -> bool:
    try:
        chinese_calendar.is_workday(datetime.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


# An official arrangement gives more days off than this (13 statutory holidays, most within
# longer breaks); a typhoon day or two entered by hand is not a year's arrangement.
ARRANGEMENT_MIN_DAYS_OFF = 10
# The State Council publishes the next year's arrangement late in the year, usually in November:
# from this month on, the next year is needed too.
NEXT_YEAR_FROM_MONTH = 11


def missing_years(today: datetime.date | None = None) -> list[int]:
    """This year and, late in the year, the next, when neither the package nor the local
    exceptions hold its holiday arrangement: their dates are counted Monday to Friday."""
    today = today or timezone.localdate()
    years = [today.year] + ([today.year + 1] if today.month >= NEXT_YEAR_FROM_MONTH else [])
    days_off = {}
    for day, working in _exceptions().items():
        if not working:
            days_off[day.year] = days_off.get(day.year, 0) + 1
    return [
        year
        for year in years
        if not _known_to_package(year) and days_off.get(year, 0) < ARRANGEMENT_MIN_DAYS_OFF
    ]


def overdue_cutoff(today: datetime.date | None = None) -> datetime.date:
    """Deadlines before this date are overdue on `today`, as `working_days_left` counts: a
    deadline on a day off moves to the next working day, and it is missed once a later working
    day has begun (a Friday deadline is still "due today" on Saturday). Being one date, it lets
    the database compare deadlines as they are stored."""
    day = today or timezone.localdate()
    while not is_working_day(day):  # the last working day up to today
        day -= datetime.timedelta(days=1)
    day -= datetime.timedelta(days=1)
    while not is_working_day(day):  # and the one before it
        day -= datetime.timedelta(days=1)
    return day + datetime.timedelta(days=1)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (before it when negative); `start` itself
    does not count. A deadline "in 10 working days" from an assignment is this."""
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    day = start
    while remaining:
        day += datetime.timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier."""
    if end < start:
        return -working_days_between(end, start)
    return sum(
        1 for offset in range(1, (end - start).days + 1) if is_working_day(start + datetime.timedelta(offset))
    )


def effective_due(due: datetime.date) -> datetime.date:
    """A deadline that lands on a day off moves to the next working day."""
    while not is_working_day(due):
        due += datetime.timedelta(days=1)
    return due


def working_days_left(due: datetime.date, today: datetime.date | None = None) -> int:
    """Working days until a deadline: 0 when due today, negative when overdue by that many."""
    today = today or timezone.localdate()
    return working_days_between(today, effective_due(due))
