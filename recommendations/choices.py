"""Every choice set of the domain, with translated labels and a badge colour."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ColoredChoices(models.TextChoices):
    """TextChoices with a colour per value for status badges (NetBox ChoiceSet style)."""

    @classmethod
    def color(cls, value):
        return cls._colors().get(value, "secondary")

    @classmethod
    def _colors(cls):
        return {}


class DepartmentKind(models.TextChoices):
    GOVERNMENT = "government", _("Government department")
    COMMITTEE_OFFICE = "committee_office", _("Committee office")
    CONGRESS = "congress", _("Local people's congress")
    ENTERPRISE = "enterprise", _("Enterprise or financial institution")
    OTHER = "other", _("Other")


class TopicForm(models.TextChoices):
    WORK_REPORT = "work_report", _("Report on a specific area of work")
    ENFORCEMENT_INSPECTION = "enforcement_inspection", _("Law-enforcement inspection")
    INQUIRY = "inquiry", _("Special inquiry")
    FIELD_INVESTIGATION = "field_investigation", _("Inspection visit or fact-finding")
    AUDIT_RECTIFICATION = "audit_rectification", _("Rectification of audit findings")


class InspectionKind(models.TextChoices):
    INSPECTION = "inspection", _("Inspection and investigation")
    RESEARCH = "research", _("Fact-finding study")
    FOLLOW_UP = "follow_up", _("Follow-up visit")


class MeetingKind(models.TextChoices):
    STANDING_COMMITTEE = "standing_committee", _("Standing committee session")
    CHAIRPERSONS = "chairpersons", _("Council of Chairpersons")
    OTHER = "other", _("Other meeting")


class RecommendationStatus(ColoredChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    IN_PROGRESS = "in_progress", _("In progress")
    REPORTED = "reported", _("Reported")
    CLOSED = "closed", _("Closed")

    @classmethod
    def _colors(cls):
        return {
            cls.DRAFT: "secondary",
            cls.ISSUED: "info",
            cls.IN_PROGRESS: "primary",
            cls.REPORTED: "warning",
            cls.CLOSED: "success",
        }


# Statuses in which the government still owes its handling report.
OPEN_STATUSES = (RecommendationStatus.ISSUED, RecommendationStatus.IN_PROGRESS)


class GovernmentResponse(ColoredChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", pgettext_lazy("government response", "Accepted")
    PARTIALLY_ACCEPTED = "partially_accepted", _("Partially accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    # The government answered without saying whether it adopts the recommendation.
    NO_POSITION = "no_position", _("No position stated")

    @classmethod
    def _colors(cls):
        return {
            cls.PENDING: "secondary",
            cls.ACCEPTED: "success",
            cls.PARTIALLY_ACCEPTED: "warning",
            cls.NOT_ACCEPTED: "danger",
            cls.NO_POSITION: "info",
        }


class Verdict(ColoredChoices):
    IMPLEMENTED = "implemented", _("Implemented")
    PARTIALLY_IMPLEMENTED = "partially_implemented", _("Partially implemented")
    NOT_IMPLEMENTED = "not_implemented", _("Not implemented")

    @classmethod
    def _colors(cls):
        return {
            cls.IMPLEMENTED: "success",
            cls.PARTIALLY_IMPLEMENTED: "warning",
            cls.NOT_IMPLEMENTED: "danger",
        }


class ReportStatus(ColoredChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", pgettext_lazy("report status", "Accepted")

    @classmethod
    def _colors(cls):
        return {
            cls.DRAFT: "secondary",
            cls.SUBMITTED: "info",
            cls.RETURNED: "danger",
            cls.ACCEPTED: "success",
        }


class IndicatorDirection(models.TextChoices):
    LOWER_IS_BETTER = "lower", _("Lower is better")
    HIGHER_IS_BETTER = "higher", _("Higher is better")


class EvaluationMethod(models.TextChoices):
    ONLINE_BALLOT = "online", _("Online secret ballot")
    IN_SESSION = "in_session", _("In-session vote (totals entered)")


class EvaluationResult(ColoredChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Largely satisfied")
    UNSATISFIED = "unsatisfied", _("Not satisfied")
    NO_QUORUM = "no_quorum", _("Void (no quorum)")

    @classmethod
    def _colors(cls):
        return {
            cls.SATISFIED: "success",
            cls.BASICALLY_SATISFIED: "info",
            cls.UNSATISFIED: "danger",
            cls.NO_QUORUM: "secondary",
        }
