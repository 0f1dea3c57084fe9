"""Every choice set of the domain, with translated labels and a badge colour."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
    WORK_REPORT = "work_report", _("Special work report")
    ENFORCEMENT_INSPECTION = "enforcement_inspection", _("Law-enforcement inspection")
    INQUIRY = "inquiry", _("Special inquiry")
    FIELD_INVESTIGATION = "field_investigation", _("Field investigation")
    AUDIT_RECTIFICATION = "audit_rectification", _("Audit rectification")


class InspectionKind(models.TextChoices):
    INSPECTION = "inspection", _("Inspection and investigation")
    RESEARCH = "research", _("Research")
    FOLLOW_UP = "follow_up", _("Follow-up visit")


class MeetingKind(models.TextChoices):
    STANDING_COMMITTEE = "standing_committee", _("Standing committee session")
    CHAIRPERSONS = "chairpersons", _("Chairpersons' meeting")
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
    ACCEPTED = "accepted", _("Accepted")
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
    ACCEPTED = "accepted", _("Accepted")

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
    IN_SESSION = "in_session", _("Totals of an in-session vote")


class EvaluationResult(ColoredChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")
    NO_QUORUM = "no_quorum", _("No quorum")

    @classmethod
    def _colors(cls):
        return {
            cls.SATISFIED: "success",
            cls.BASICALLY_SATISFIED: "info",
            cls.UNSATISFIED: "danger",
            cls.NO_QUORUM: "secondary",
        }
