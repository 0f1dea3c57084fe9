"""Each congress's working-day calendar, for the congress of the open scope
(`current_congress()`): a request's, or the one a job runs for.

- Mainland China's (the default): public holidays and make-up working days from the
  `chinesecalendar` package, overridden by the congress's local exceptions. Years the package
  does not know yet fall back to Monday to Friday, plus the local exceptions, so staff can
  enter the State Council's holiday arrangement for a new year before the package has it
  (`missing_years` says which years still need it; the form is at /calendar/).
- Weekends only: Monday to Friday, plus the congress's local exceptions.
"""

import datetime
import time

import chinese_calendar
from django.utils import timezone

# Local exceptions are a handful of rows per congress read on every date computation, so each
# process keeps every congress's for a short while (one query); an edit in this process clears
# them at once (signals), others within this many seconds.
EXCEPTIONS_TTL_SECONDS = 60
_cache = {"loaded_at": None, "days": {}}  # days: congress pk → {date: is working day}


def clear_cache():
    _cache["loaded_at"] = None


class _Calendar:
    """One congress's calendar, looked up once per computation rather than once per day."""

    def __init__(self, congress):
        from congresses.models import Congress

        self.mainland = congress is None or congress.calendar == Congress.Calendar.MAINLAND
        self.exceptions = _exceptions(congress)

    def is_working_day(self, day):
        local = self.exceptions.get(day)
        if local is not None:
            return local
        if self.mainland:
            try:
                return chinese_calendar.is_workday(day)
            except NotImplementedError:  # a year the package does not cover
                pass
        return day.weekday() < 5


def _exceptions(congress):
    if congress is None:
        return {}
    now = time.monotonic()
    if _cache["loaded_at"] is None or now - _cache["loaded_at"] > EXCEPTIONS_TTL_SECONDS:
        from .models import WorkingDayException

        days = {}
        rows = WorkingDayException.objects.with_every_congress()
        for congress_id, day, working in rows.values_list("congress_id", "date", "is_working_day"):
            days.setdefault(congress_id, {})[day] = working
        _cache["days"] = days
        _cache["loaded_at"] = now
    return _cache["days"].get(congress.pk, {})


def _calendar():
    from congresses.models import current_congress

    return _Calendar(current_congress())


def is_working_day(day: datetime.date) -> bool:
    return _calendar().is_working_day(day)


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
    """On the mainland calendar, this year and, late in the year, the next, when neither the
    package nor the local exceptions hold its holiday arrangement: their dates are counted
    Monday to Friday. Nothing is missing from a weekends-only calendar."""
    calendar = _calendar()
    if not calendar.mainland:
        return []
    today = today or timezone.localdate()
    years = [today.year] + ([today.year + 1] if today.month >= NEXT_YEAR_FROM_MONTH else [])
    days_off = {}
    for day, working in calendar.exceptions.items():
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
    is_working = _calendar().is_working_day
    day = today or timezone.localdate()
    while not is_working(day):  # the last working day up to today
        day -= datetime.timedelta(days=1)
    day -= datetime.timedelta(days=1)
    while not is_working(day):  # and the one before it
        day -= datetime.timedelta(days=1)
    return day + datetime.timedelta(days=1)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (before it when negative); `start` itself
    does not count. A deadline "in 10 working days" from an assignment is this."""
    is_working = _calendar().is_working_day
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    day = start
    while remaining:
        day += datetime.timedelta(days=step)
        if is_working(day):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier."""
    if end < start:
        return -working_days_between(end, start)
    is_working = _calendar().is_working_day
    days = ((start + datetime.timedelta(offset)) for offset in range(1, (end - start).days + 1))
    return sum(1 for day in days if is_working(day))


def effective_due(due: datetime.date) -> datetime.date:
    """A deadline that lands on a day off moves to the next working day."""
    is_working = _calendar().is_working_day
    while not is_working(due):
        due += datetime.timedelta(days=1)
    return due


def working_days_left(due: datetime.date, today: datetime.date | None = None) -> int:
    """Working days until a deadline: 0 when due today, negative when overdue by that many."""
    today = today or timezone.localdate()
    return working_days_between(today, effective_due(due))
