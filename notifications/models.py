from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """An in-app message to one user: a new assignment, a returned or accepted report, a
    reminder. Email delivery, where there is any, is recorded by the sender, not here."""

    class Kind(models.TextChoices):
        ASSIGNMENT = "assignment", _("New assignment")
        REPORT_RETURNED = "report_returned", _("Report returned")
        REPORT_ACCEPTED = "report_accepted", _("Report accepted")
        REPORT_SUBMITTED = "report_submitted", _("Report submitted")
        REMINDER = "reminder", _("Deadline reminder")
        OVERDUE = "overdue", _("Overdue notice")
        ESCALATION = "escalation", _("Escalation notice")
        EVALUATION = "evaluation", _("Evaluation")
        FOLLOWING = "following", _("Following")
        OTHER = "other", _("Other")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    # A title the system writes is kept as a code and parameters (oversight.system_texts) and
    # rendered in the reader's language; `title` holds only text written by a person.
    title = models.CharField(_("title"), max_length=300, blank=True)
    text_code = models.CharField(_("title code"), max_length=40, blank=True)
    text_params = models.JSONField(_("title parameters"), default=dict, blank=True)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # When the event it tells of happened: a step entered with an earlier date keeps it.
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["recipient", "created_at"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread_idx",
            )
        ]

    def __str__(self):
        return self.title_text

    @property
    def title_text(self):
        from oversight import system_texts

        return self.title or system_texts.render(self.text_code, self.text_params)
