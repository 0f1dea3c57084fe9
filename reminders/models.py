"""Local exceptions to the working-day calendar, and the record of every reminder sent."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congresses.scoping import ScopedManager
from recommendations.models import CongressOwned, congress_field, track


@track()
class WorkingDayException(CongressOwned):
    """A local change to a congress's working-day calendar that its staff enter (the calendar
    page or the admin): a day off the city gives (e.g. a typhoon day) or an extra working day.
    It overrides `chinesecalendar` (or Monday to Friday, on the weekends-only calendar), and it
    is the only source for years that package does not know yet."""

    congress = congress_field("working_day_exceptions")
    date = models.DateField(_("date"))
    is_working_day = models.BooleanField(
        _("working day"), help_text=_("Ticked: people work that day. Unticked: a day off.")
    )
    reason = models.CharField(pgettext_lazy("working-day exception", "reason"), max_length=200)

    objects = ScopedManager("congress")

    class Meta:
        verbose_name = _("working-day exception")
        verbose_name_plural = _("working-day exceptions")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "date"],
                name="working_day_exception_once_per_congress_and_date",
                violation_error_message=_("This date is already in the calendar."),
            ),
        ]

    def __str__(self):
        kind = _("working day") if self.is_working_day else _("day off")
        return f"{self.date} {kind}: {self.reason}"


class SentReminder(CongressOwned):
    """One reminder, notice or digest that went out to one recipient, or one escalation that
    was applied. The unique constraint is what makes each go out exactly once, however often
    the scan or a retried job runs: the row is inserted in the same transaction that sends."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reminder before the deadline")
        OVERDUE = "overdue", _("Overdue notice")
        SUPERVISION = "supervision", _("Escalation notice")
        PRIORITY = "priority", _("Proposed for priority follow-up")
        DIGEST = "digest", _("Weekly digest")

    congress = congress_field("sent_reminders")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    task = models.ForeignKey(
        "recommendations.Task",
        verbose_name=_("task"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sent_reminders",
    )
    recommendation = models.ForeignKey(
        "recommendations.Recommendation",
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sent_reminders",
    )
    threshold = models.PositiveSmallIntegerField(
        _("threshold (working days)"),
        help_text=_("Working days before the deadline for a reminder, after it for an escalation."),
    )
    # The deadline the reminder was about (a revised deadline starts the ladder again), or the
    # Monday of a digest's week.
    due_date = models.DateField(_("deadline"))
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    recipient_email = models.EmailField(
        _("recipient address"), blank=True, help_text=_("For recipients without an account.")
    )
    emailed = models.BooleanField(_("emailed"), default=False)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)

    objects = ScopedManager("congress")

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "kind",
                    "task",
                    "recommendation",
                    "threshold",
                    "due_date",
                    "recipient_user",
                    "recipient_email",
                ],
                nulls_distinct=False,
                name="sent_reminder_once",
            ),
            models.CheckConstraint(
                name="sent_reminder_subject",
                condition=(Q(kind="digest") & Q(task__isnull=True, recommendation__isnull=True))
                | (~Q(kind="digest") & Q(task__isnull=True, recommendation__isnull=False))
                | (~Q(kind="digest") & Q(task__isnull=False, recommendation__isnull=True)),
                violation_error_message=_("A reminder is about one task or one recommendation."),
            ),
            models.CheckConstraint(
                name="sent_reminder_one_recipient",
                condition=~(Q(recipient_user__isnull=False) & ~Q(recipient_email="")),
                violation_error_message=_("A reminder goes to an account or to an address, not both."),
            ),
        ]

    def congress_source(self):
        if self.task_id:
            return self.task.recommendation.congress
        if self.recommendation_id:
            return self.recommendation.congress
        return super().congress_source()

    def __str__(self):
        subject = self.task or self.recommendation or self.due_date
        recipient = self.recipient_user or self.recipient_email or "-"
        return f"{self.get_kind_display()} · {subject} · {recipient}"
