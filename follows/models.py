"""What a signed-in user follows: a recommendation, a topic or a department. Every step in the
timeline of a recommendation they follow (directly, through its topic, or through a department
with a task on it) reaches them once, in-app and by email if they chose it (follows.services)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from recommendations.models import Department, OversightTopic, Recommendation, track

TARGETS = ("recommendation", "topic", "department")


@track()
class Follow(models.Model):
    """One user following one recommendation, topic or department (exactly one of the three)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="follows"
    )
    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
    )
    topic = models.ForeignKey(
        OversightTopic,
        verbose_name=_("topic"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
    )
    created_at = models.DateTimeField(_("followed since"), default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="follow_one_target",
                condition=Q(recommendation__isnull=False, topic__isnull=True, department__isnull=True)
                | Q(recommendation__isnull=True, topic__isnull=False, department__isnull=True)
                | Q(recommendation__isnull=True, topic__isnull=True, department__isnull=False),
                violation_error_message=_("Follow one recommendation, topic or department."),
            ),
            *(
                models.UniqueConstraint(
                    fields=["user", name],
                    condition=Q(**{f"{name}__isnull": False}),
                    name=f"follow_{name}_once",
                )
                for name in TARGETS
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.target}"

    @property
    def target(self):
        return self.recommendation or self.topic or self.department

    @property
    def kind(self):
        return next(name for name in TARGETS if getattr(self, f"{name}_id") is not None)
