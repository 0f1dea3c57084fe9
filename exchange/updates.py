"""Update imports: an office keeps its ledger in the workbook, exports it, fills in the progress
columns and imports it again. A row whose key is already in the database then changes that
record's progress through the same services staff use in the pages (so every move follows the
transition table and leaves its event and history); other columns of a stored record are left
as they are, and rows with new keys are added as in any import.

Progress columns: a recommendation's government response (and its date), revised deadline and progress (with
the re-check verdict and the issue and close times), a report's status (with its submission
and acceptance times). Moves only go forward: sending back and reopening belong to an
evaluation or a follow-up visit, which the workbook does not carry."""

from django.utils.translation import gettext as _

from evaluations import services as evaluation_services
from recommendations import services
from recommendations.choices import RecommendationStatus as RS
from recommendations.choices import ReportStatus
from recommendations.models import Measurement, ProgressReport
from recommendations.transitions import (
    NEW_CYCLE_MOVES,
    RECOMMENDATION_TRANSITIONS,
    REPORT_TRANSITIONS,
    path_between,
)

FORWARD_MOVES = set(RECOMMENDATION_TRANSITIONS) - NEW_CYCLE_MOVES


def note():
    return _("Updated from a spreadsheet")


def stored_key(sheet, cleaned):
    """(kind, key, scope) of the row's own key, as the import's Index stores it."""
    if sheet == "departments":
        return ("department", cleaned.get("code"), None)
    if sheet in ("topics", "findings", "recommendations"):
        return (
            {"topics": "topic", "findings": "finding", "recommendations": "recommendation"}[sheet],
            cleaned.get("code"),
            None,
        )
    if sheet == "inspections":
        return ("inspection", cleaned.get("title"), cleaned.get("topic"))
    if sheet == "meetings":
        return ("meeting", cleaned.get("title"), None)
    if sheet == "remarks":
        return ("remark_slot", cleaned.get("order"), cleaned.get("meeting"))
    if sheet == "tasks":
        return ("task", cleaned.get("number"), cleaned.get("recommendation"))
    if sheet == "indicators":
        return ("indicator", cleaned.get("name"), cleaned.get("topic"))
    if sheet == "reports":
        return ("report", cleaned.get("key"), None)
    return None


class StoredMeasurements:
    """Figures already recorded, by indicator, report and period: an exported figure imported
    again is the same figure, not a second one."""

    def __init__(self):
        self.keys = set(
            Measurement.objects.values_list(
                "indicator_id",
                "report_id",
                "period_start",
                "period_end",
                "period_label",
                "value",
                "change_percent",
            )
        )

    def holds(self, cleaned):
        indicator, report = cleaned.get("indicator"), cleaned.get("report")
        if indicator is None or indicator.pk is None or (report is not None and report.pk is None):
            return False
        key = (
            indicator.pk,
            report.pk if report else None,
            cleaned.get("period_start"),
            cleaned.get("period_end"),
            cleaned.get("period_label") or "",
            cleaned.get("value"),
            cleaned.get("change_percent"),
        )
        return key in self.keys


def update_recommendation(*, actor, recommendation, cleaned):
    """Returns whether anything changed; raises ValidationError with the service's reason."""
    changed = False
    response = cleaned.get("government_response") or recommendation.government_response
    # A blank date keeps the stored one while the answer stays the same.
    responded_on = cleaned.get("government_response_on") or (
        recommendation.government_response_on if response == recommendation.government_response else None
    )
    if (response, responded_on) != (
        recommendation.government_response,
        recommendation.government_response_on,
    ) and (cleaned.get("government_response") or responded_on):
        recommendation = services.recommendation_set_response(
            actor=actor,
            recommendation=recommendation,
            government_response=response,
            responded_on=responded_on,
        )
        changed = True
    target = cleaned.get("progress")
    if target and target != recommendation.status:
        moves = path_between(FORWARD_MOVES, recommendation.status, target)
        if moves is None:
            raise ValueError(
                _(
                    "Progress cannot go from “%(from)s” back to “%(to)s” by import: sending back and "
                    "reopening are recorded in the evaluation pages."
                )
                % {"from": RS(recommendation.status).label, "to": RS(target).label}
            )
        for _from, to in moves:
            recommendation = _move(actor, recommendation, to, cleaned)
        changed = True
    due = cleaned.get("response_due")
    if due and due != recommendation.response_due and recommendation.response_due_original:
        recommendation = services.recommendation_revise_deadline(
            actor=actor, recommendation=recommendation, response_due=due
        )
        changed = True
    return changed


def _move(actor, recommendation, to, cleaned):
    if to == RS.ISSUED:
        return services.recommendation_issue(
            actor=actor,
            recommendation=recommendation,
            response_due=cleaned.get("response_due_original") or recommendation.response_due_original,
            note=note(),
            occurred_at=cleaned.get("issued_at"),
        )
    # The steps between issue and closure are dated as a new row's are: at the issue time.
    if to == RS.IN_PROGRESS:
        return services.recommendation_start(
            actor=actor, recommendation=recommendation, note=note(), occurred_at=cleaned.get("issued_at")
        )
    if to == RS.REPORTED:
        return services.recommendation_mark_reported(
            actor=actor, recommendation=recommendation, note=note(), occurred_at=cleaned.get("issued_at")
        )
    from evaluations.selectors import cycle_started_at

    since = cycle_started_at(recommendation)
    accepted = ProgressReport.objects.filter(
        task__recommendation=recommendation, status=ReportStatus.ACCEPTED
    )
    if since is not None:
        accepted = accepted.filter(accepted_at__gte=since)
    return evaluation_services.recommendation_close(
        actor=actor,
        recommendation=recommendation,
        verdict=cleaned.get("recheck_verdict") or "",
        note=note(),
        reports=list(accepted),
        occurred_at=cleaned.get("closed_at"),
    )


def update_report(*, actor, report, cleaned):
    target = cleaned.get("status")
    if not target or target == report.status:
        return False
    moves = path_between(REPORT_TRANSITIONS, report.status, target)
    if moves is None:
        raise ValueError(
            _("A report cannot go from “%(from)s” to “%(to)s”.")
            % {"from": ReportStatus(report.status).label, "to": ReportStatus(target).label}
        )
    for _from, to in moves:
        if to == ReportStatus.SUBMITTED:
            report = services.report_submit(
                actor=actor, report=report, occurred_at=cleaned.get("submitted_at")
            )
        elif to == ReportStatus.ACCEPTED:
            report = services.report_accept(
                actor=actor, report=report, note=note(), occurred_at=cleaned.get("accepted_at")
            )
        else:
            report = services.report_return(actor=actor, report=report, note=note())
    return True


UPDATES = {"recommendations": update_recommendation, "reports": update_report}
UPDATED_AS = {"recommendations": "recommendation", "reports": "report"}
