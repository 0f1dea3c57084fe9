"""The one place where statuses change.

Allowed moves are data (the two tables below: the status paths of recommendations and reports).
Each move locks the row, checks the table, writes the new status and a StatusEvent (who, when,
from, to, why) in one transaction, so the timeline and the status can never disagree.

Every move records the moment it really happened (`occurred_at`: a date or a datetime, now by
default), so a committee can enter its history with the real dates. That moment is refused in
the future and before the record's previous event (`event_moment`).
"""

import datetime
from dataclasses import dataclass

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import RecommendationStatus as RS
from .choices import ReportStatus, Verdict
from .models import ProgressReport, Recommendation, StatusEvent

# (from, to): what the move means, shown in the timeline.
RECOMMENDATION_TRANSITIONS = {
    # The addressee is the standing committee's government, named by `transition_label`.
    (RS.DRAFT, RS.ISSUED): _("Referred to %(government)s for consideration and action"),
    (RS.ISSUED, RS.IN_PROGRESS): _("Handling started"),
    (RS.IN_PROGRESS, RS.REPORTED): _("Handling reported"),
    (RS.REPORTED, RS.IN_PROGRESS): _("Returned for further handling"),
    (RS.REPORTED, RS.CLOSED): _("Closed with a verdict"),
    (RS.CLOSED, RS.IN_PROGRESS): _("Reopened"),
}

# Moves that must say why.
RECOMMENDATION_NOTE_REQUIRED = {
    (RS.REPORTED, RS.IN_PROGRESS),
    (RS.REPORTED, RS.CLOSED),
    (RS.CLOSED, RS.IN_PROGRESS),
}

# Moves that may start another handling cycle (重新办理, or reopening after a follow-up visit).
NEW_CYCLE_MOVES = {(RS.REPORTED, RS.IN_PROGRESS), (RS.CLOSED, RS.IN_PROGRESS)}

REPORT_TRANSITIONS = {
    (ReportStatus.DRAFT, ReportStatus.SUBMITTED): _("Report submitted"),
    (ReportStatus.RETURNED, ReportStatus.SUBMITTED): _("Report resubmitted"),
    (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED): _("Report accepted"),
    (ReportStatus.SUBMITTED, ReportStatus.RETURNED): _("Report returned"),
}

REPORT_NOTE_REQUIRED = {(ReportStatus.SUBMITTED, ReportStatus.RETURNED)}


class TransitionNotAllowed(ValidationError):
    """A status move that the transition table does not list, or lacks what it needs."""


def _day_start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def event_moment(occurred=None, *, after=None, now=None):
    """The moment an event is recorded at. `occurred` is a datetime, or a date (a form's "date
    it happened"): today means now, an earlier day means noon that day, or just after `after`
    when the previous event was later that same day, so the timeline keeps its order. Refused
    in the future and before `after`, the record's previous event."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if occurred is None:
        moment = now
    elif isinstance(occurred, datetime.datetime):
        moment = occurred if timezone.is_aware(occurred) else timezone.make_aware(occurred)
    else:
        moment = now if occurred == today else _day_start(occurred) + datetime.timedelta(hours=12)
        if after is not None and timezone.localdate(after) == occurred and moment < after:
            moment = after
    if timezone.localdate(moment) > today or moment > now + FUTURE_TOLERANCE:
        raise TransitionNotAllowed(
            _("The date it happened cannot be in the future."), code="occurred_in_future"
        )
    if after is not None and moment < after:
        raise TransitionNotAllowed(
            _("The date it happened cannot be before the previous step (%(date)s).")
            % {"date": timezone.localdate(after).isoformat()},
            code="occurred_before_previous",
        )
    return moment


def check_event_day(day, *, after=None):
    """The same rules for an event recorded as a day only (assignment, vote held): not after
    today, not before the day of `after` (a date or a datetime)."""
    if day is None:
        return
    if day > timezone.localdate():
        raise TransitionNotAllowed(
            _("The date it happened cannot be in the future."), code="occurred_in_future"
        )
    if isinstance(after, datetime.datetime):
        after = timezone.localdate(after)
    if after is not None and day < after:
        raise TransitionNotAllowed(
            _("The date it happened cannot be before the previous step (%(date)s).")
            % {"date": after.isoformat()},
            code="occurred_before_previous",
        )


# A clock a little ahead of the database's is not "the future".
FUTURE_TOLERANCE = datetime.timedelta(minutes=5)


def last_recommendation_event(recommendation):
    """When the recommendation last changed status (None for a draft never issued)."""
    return (
        StatusEvent.objects.filter(recommendation=recommendation, subject=StatusEvent.Subject.RECOMMENDATION)
        .order_by("-occurred_at", "-pk")
        .values_list("occurred_at", flat=True)
        .first()
    )


def last_report_event(report):
    """When the report last changed status; before its first submission, the day its task
    was assigned."""
    last = (
        StatusEvent.objects.filter(report=report)
        .order_by("-occurred_at", "-pk")
        .values_list("occurred_at", flat=True)
        .first()
    )
    return last or _day_start(report.task.assigned_on)


def check_reopen(*, recommendation, inspection, occurred_at=None):
    """The one reopen rule: a closed recommendation reopens only because of a follow-up
    inspection of its topic that started on or after the day it was closed, and not before
    that inspection."""
    if inspection is None:
        raise TransitionNotAllowed(
            _("Name the follow-up inspection that reopens it."), code="inspection_required"
        )
    if inspection.topic_id != recommendation.topic_id:
        raise TransitionNotAllowed(
            _("The inspection belongs to another topic."), code="inspection_other_topic"
        )
    if recommendation.closed_at is not None and inspection.started_on < timezone.localdate(
        recommendation.closed_at
    ):
        raise TransitionNotAllowed(
            _("Only an inspection after the closure can reopen it."), code="inspection_before_closure"
        )
    if occurred_at is not None:
        day = timezone.localdate(occurred_at) if isinstance(occurred_at, datetime.datetime) else occurred_at
        check_event_day(day, after=inspection.started_on)


@dataclass(frozen=True)
class Move:
    """One step asked for: where to, when it happened (a date, a datetime, or None for now),
    and what the step needs (an internal or a public note, a verdict, whether it starts a new
    handling cycle)."""

    to_status: str
    occurred_at: datetime.date | datetime.datetime | None = None
    note: str = ""
    public_note: str = ""
    verdict: str = ""
    new_cycle: bool = False
    # A note the system writes (oversight.system_texts.SystemText), instead of a person's.
    text: object = None


@dataclass(frozen=True)
class PlannedMove:
    """A step the rules allow, with the moment it is recorded at."""

    from_status: str
    to_status: str
    occurred_at: datetime.datetime
    note: str
    public_note: str
    verdict: str
    new_cycle: bool


def plan_recommendation_moves(status, moves, *, after=None, now=None):
    """Check a sequence of recommendation moves from `status` against the transition table and
    the date rules, without touching the database. `after` is the recommendation's previous
    event. Returns the planned moves; raises TransitionNotAllowed on the first one refused.
    Every entry point (the office, the admin, imports, the generator) goes through here."""
    planned = []
    for move in moves:
        step = (status, move.to_status)
        note = (move.note or "").strip()
        public_note = (move.public_note or "").strip()
        if step not in RECOMMENDATION_TRANSITIONS:
            raise TransitionNotAllowed(
                _("A recommendation cannot move from “%(from)s” to “%(to)s”.")
                % {"from": _label(RS, status), "to": _label(RS, move.to_status)},
                code="transition_not_allowed",
            )
        if step in RECOMMENDATION_NOTE_REQUIRED and not (note or public_note or move.text):
            raise TransitionNotAllowed(_("Give a reason: this step needs a note."), code="note_required")
        if move.to_status == RS.CLOSED:
            if move.verdict not in Verdict.values:
                raise TransitionNotAllowed(
                    _("Closing needs a verdict: implemented, partially or not implemented."),
                    code="verdict_required",
                )
        elif move.verdict:
            raise TransitionNotAllowed(_("A verdict is given only when closing."), code="verdict_not_closing")
        if move.new_cycle and step not in NEW_CYCLE_MOVES:
            raise TransitionNotAllowed(
                _("Only sending back or reopening for handling starts a new cycle."), code="not_a_new_cycle"
            )
        moment = event_moment(move.occurred_at, after=after, now=now)
        planned.append(
            PlannedMove(status, move.to_status, moment, note, public_note, move.verdict, move.new_cycle)
        )
        status, after = move.to_status, moment
    return planned


def plan_report_moves(status, moves, *, after=None, now=None):
    """The same for a progress report's moves (submit, accept, return)."""
    planned = []
    for move in moves:
        step = (status, move.to_status)
        note = (move.note or "").strip()
        public_note = (move.public_note or "").strip()
        if step not in REPORT_TRANSITIONS:
            raise TransitionNotAllowed(
                _("A report cannot move from “%(from)s” to “%(to)s”.")
                % {"from": _label(ReportStatus, status), "to": _label(ReportStatus, move.to_status)},
                code="transition_not_allowed",
            )
        if step in REPORT_NOTE_REQUIRED and not (note or public_note):
            raise TransitionNotAllowed(
                _("Give a reason: returning a report needs a comment."), code="note_required"
            )
        moment = event_moment(move.occurred_at, after=after, now=now)
        planned.append(PlannedMove(status, move.to_status, moment, note, public_note, "", False))
        status, after = move.to_status, moment
    return planned


def plan_recommendation_path(goal, *, issued_at=None, closed_at=None, verdict="", note="", now=None):
    """The moves that bring a new (draft) recommendation to `goal` in one go, as an import
    records its history: the issue and the handling steps at `issued_at`, the closure at
    `closed_at`, `note` where a step needs one."""
    path = path_between(RECOMMENDATION_TRANSITIONS, RS.DRAFT, goal) or []
    if verdict and goal != RS.CLOSED:
        raise TransitionNotAllowed(_("A verdict is given only when closing."), code="verdict_not_closing")
    moves = [
        Move(
            to,
            closed_at if to == RS.CLOSED else issued_at,
            note=note if (frm, to) in RECOMMENDATION_NOTE_REQUIRED else "",
            verdict=verdict if to == RS.CLOSED else "",
        )
        for frm, to in path
    ]
    return plan_recommendation_moves(RS.DRAFT, moves, now=now)


def plan_report_path(goal, *, assigned_on, submitted_at=None, accepted_at=None, note="", now=None):
    """The same for a new report brought to `goal`: submitted at `submitted_at` (not before its
    task was assigned), accepted at `accepted_at`."""
    path = path_between(REPORT_TRANSITIONS, ReportStatus.DRAFT, goal) or []
    moves = [
        Move(
            to,
            accepted_at if to == ReportStatus.ACCEPTED else submitted_at or accepted_at,
            note=note if (frm, to) in REPORT_NOTE_REQUIRED else "",
        )
        for frm, to in path
    ]
    return plan_report_moves(ReportStatus.DRAFT, moves, after=_day_start(assigned_on), now=now)


def path_between(table, start, goal):
    """The shortest sequence of moves in a transition table from `start` to `goal`, or None."""
    paths, frontier = {start: []}, [start]
    while frontier:
        current = frontier.pop(0)
        if current == goal:
            return paths[current]
        for frm, to in table:
            if frm == current and to not in paths:
                paths[to] = [*paths[current], (frm, to)]
                frontier.append(to)
    return None


def allowed_recommendation_targets(status):
    return [to for (frm, to) in RECOMMENDATION_TRANSITIONS if frm == status]


def transition_label(subject, from_status, to_status):
    table = REPORT_TRANSITIONS if subject == StatusEvent.Subject.REPORT else RECOMMENDATION_TRANSITIONS
    label = table.get((from_status, to_status), "")
    if label and "%(government)s" in str(label):
        return str(label) % {"government": government_name()}
    return label


def government_name():
    """The government recommendations are sent to (市人民政府, 县人民政府 ...)."""
    from congresses.models import current_congress

    congress = current_congress()
    return congress.government_name if congress else _("the government")


def _actor_context(actor):
    """History rows written inside carry the acting user, in or out of a request."""
    return pghistory.context(user=actor.pk if actor else None)


def recommendation_transition(
    *,
    recommendation: Recommendation,
    to_status: str,
    actor,
    note: str = "",
    public_note: str = "",
    occurred_at=None,
    verdict: str = "",
    inspection=None,
    new_cycle: bool = False,
    text=None,
    told=(),
) -> Recommendation:
    """Move a recommendation along the status path and record the event.

    `note` is internal (staff and the departments concerned); only `public_note` is published.
    A move that needs a reason takes either.
    `verdict` is required when closing and refused otherwise; reopening clears it.
    `inspection` links a reopening to the follow-up visit that caused it.
    `new_cycle` counts another handling cycle (re-handling or reopening); only a move back to
    "in progress" from "reported" or "closed" can start one.
    `text` is a note the system writes (a SystemText), stored as its code and parameters.
    `told` are the users the caller sends a notice of this step itself: followers among them
    hear of it once, from that notice.
    """
    note = (note or "").strip()
    public_note = (public_note or "").strip()
    with transaction.atomic(), _actor_context(actor):
        locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        (planned,) = plan_recommendation_moves(
            locked.status,
            [
                Move(
                    to_status,
                    occurred_at,
                    note=note,
                    public_note=public_note,
                    verdict=verdict,
                    new_cycle=new_cycle,
                    text=text,
                )
            ],
            after=last_recommendation_event(locked),
        )
        move, occurred_at = (planned.from_status, planned.to_status), planned.occurred_at
        locked.status = to_status
        if to_status == RS.ISSUED:
            locked.issued_at = occurred_at
        if to_status == RS.CLOSED:
            locked.verdict = verdict
            locked.closed_at = occurred_at
        if move == (RS.CLOSED, RS.IN_PROGRESS):
            locked.verdict = ""
            locked.closed_at = None
        if new_cycle:
            locked.cycle += 1
        locked.save(update_fields=["status", "verdict", "cycle", "issued_at", "closed_at", "updated_at"])
        event = StatusEvent.objects.create(
            recommendation=locked,
            subject=StatusEvent.Subject.RECOMMENDATION,
            from_status=move[0],
            to_status=to_status,
            actor=actor,
            occurred_at=occurred_at,
            note=note,
            public_note=public_note,
            text_code=text.code if text else "",
            text_params=text.params if text else {},
            inspection=inspection,
        )
        _tell_followers(event, told)
    return locked


def report_transition(
    *,
    report: ProgressReport,
    to_status: str,
    actor,
    note: str = "",
    public_note: str = "",
    occurred_at=None,
    told=(),
) -> ProgressReport:
    """Move a progress report (submit, accept, return) and record the event in the timeline
    of its recommendation. `note` goes to the department; only `public_note` is published.
    `told`: as for `recommendation_transition`."""
    note = (note or "").strip()
    public_note = (public_note or "").strip()
    with transaction.atomic(), _actor_context(actor):
        locked = ProgressReport.objects.select_for_update().select_related("task").get(pk=report.pk)
        (planned,) = plan_report_moves(
            locked.status,
            [Move(to_status, occurred_at, note=note, public_note=public_note)],
            after=last_report_event(locked),
        )
        move, occurred_at = (planned.from_status, planned.to_status), planned.occurred_at
        locked.status = to_status
        if to_status == ReportStatus.SUBMITTED:
            locked.submitted_at = occurred_at
            locked.sent_on = None  # the draft's date is now the submission's
        if to_status == ReportStatus.ACCEPTED:
            locked.accepted_at = occurred_at
        locked.save(update_fields=["status", "submitted_at", "sent_on", "accepted_at", "updated_at"])
        event = StatusEvent.objects.create(
            recommendation_id=locked.task.recommendation_id,
            report=locked,
            subject=StatusEvent.Subject.REPORT,
            from_status=move[0],
            to_status=to_status,
            actor=actor,
            occurred_at=occurred_at,
            note=note,
            public_note=public_note,
        )
        _tell_followers(event, told)
    return locked


def _tell_followers(event, told):
    """Followers hear of each step taken here, in the same transaction, except those `told` of
    it by the caller. Imports record history in bulk and tell no one: what they load happened
    before."""
    from follows.services import followers_tell

    followers_tell(event=event, told=told)


def _label(choices, value):
    try:
        return choices(value).label
    except ValueError:
        return value
