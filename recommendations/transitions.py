"""The one place where statuses change.

Allowed moves are data (the two tables below: the status paths of recommendations and reports).
Each move locks the row, checks the table, writes the new status and a StatusEvent (who, when,
from, to, why) in one transaction, so the timeline and the status can never disagree.
"""

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
    (RS.DRAFT, RS.ISSUED): _("Issued to the government for study and handling"),
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


def allowed_recommendation_targets(status):
    return [to for (frm, to) in RECOMMENDATION_TRANSITIONS if frm == status]


def transition_label(subject, from_status, to_status):
    table = REPORT_TRANSITIONS if subject == StatusEvent.Subject.REPORT else RECOMMENDATION_TRANSITIONS
    return table.get((from_status, to_status), "")


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
) -> Recommendation:
    """Move a recommendation along the status path and record the event.

    `note` is internal (staff and the departments concerned); only `public_note` is published.
    A move that needs a reason takes either.
    `verdict` is required when closing and refused otherwise; reopening clears it.
    `inspection` links a reopening to the follow-up visit that caused it.
    `new_cycle` counts another handling cycle (re-handling or reopening); only a move back to
    "in progress" from "reported" or "closed" can start one.
    """
    note = (note or "").strip()
    public_note = (public_note or "").strip()
    with transaction.atomic(), _actor_context(actor):
        locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        move = (locked.status, to_status)
        if move not in RECOMMENDATION_TRANSITIONS:
            raise TransitionNotAllowed(
                _("A recommendation cannot move from “%(from)s” to “%(to)s”.")
                % {"from": RS(locked.status).label, "to": _label(RS, to_status)},
                code="transition_not_allowed",
            )
        if move in RECOMMENDATION_NOTE_REQUIRED and not (note or public_note):
            raise TransitionNotAllowed(_("Say why: this step needs a note."), code="note_required")
        if to_status == RS.CLOSED:
            if verdict not in Verdict.values:
                raise TransitionNotAllowed(
                    _("Closing needs a verdict: implemented, partially or not implemented."),
                    code="verdict_required",
                )
        elif verdict:
            raise TransitionNotAllowed(_("A verdict is given only when closing."), code="verdict_not_closing")
        if new_cycle and move not in NEW_CYCLE_MOVES:
            raise TransitionNotAllowed(
                _("Only sending back or reopening for handling starts a new cycle."), code="not_a_new_cycle"
            )

        occurred_at = occurred_at or timezone.now()
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
        StatusEvent.objects.create(
            recommendation=locked,
            subject=StatusEvent.Subject.RECOMMENDATION,
            from_status=move[0],
            to_status=to_status,
            actor=actor,
            occurred_at=occurred_at,
            note=note,
            public_note=public_note,
            inspection=inspection,
        )
    return locked


def report_transition(
    *,
    report: ProgressReport,
    to_status: str,
    actor,
    note: str = "",
    public_note: str = "",
    occurred_at=None,
) -> ProgressReport:
    """Move a progress report (submit, accept, return) and record the event in the timeline
    of its recommendation. `note` goes to the department; only `public_note` is published."""
    note = (note or "").strip()
    public_note = (public_note or "").strip()
    with transaction.atomic(), _actor_context(actor):
        locked = ProgressReport.objects.select_for_update().select_related("task").get(pk=report.pk)
        move = (locked.status, to_status)
        if move not in REPORT_TRANSITIONS:
            raise TransitionNotAllowed(
                _("A report cannot move from “%(from)s” to “%(to)s”.")
                % {"from": ReportStatus(locked.status).label, "to": _label(ReportStatus, to_status)},
                code="transition_not_allowed",
            )
        if move in REPORT_NOTE_REQUIRED and not (note or public_note):
            raise TransitionNotAllowed(
                _("Say why: returning a report needs a comment."), code="note_required"
            )
        occurred_at = occurred_at or timezone.now()
        locked.status = to_status
        if to_status == ReportStatus.SUBMITTED:
            locked.submitted_at = occurred_at
        if to_status == ReportStatus.ACCEPTED:
            locked.accepted_at = occurred_at
        locked.save(update_fields=["status", "submitted_at", "accepted_at", "updated_at"])
        StatusEvent.objects.create(
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
    return locked


def _label(choices, value):
    try:
        return choices(value).label
    except ValueError:
        return value
