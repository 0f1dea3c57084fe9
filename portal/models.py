"""Portal records: evidence files attached to progress reports, and departments' contests of
a task's assignment. Both are written only by `portal.services`."""

import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congresses.scoping import ScopedManager
from recommendations.models import Department, ProgressReport, Task, track


def evidence_upload_to(instance, filename):
    """A generated name: nothing the uploader typed reaches the file system. `filename` is
    only used for its (already validated) extension."""
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


@track()
class Evidence(models.Model):
    """A file supporting a progress report (a work plan, statistics, a notice). Its type was
    detected from its content at upload. `is_internal` files are for staff and departments
    only and never published."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("progress report"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("file type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    is_internal = models.BooleanField(
        _("internal (not for publication)"),
        default=False,
        help_text=_("Internal files are never shown on public pages or in open data."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    objects = ScopedManager("report__task__recommendation__congress")

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["report", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


@receiver(post_delete, sender=Evidence, dispatch_uid="evidence_file_leaves_disk")
def _delete_stored_file(sender, instance, **kwargs):
    """The stored file goes with its row, however the row went (a removal, a discarded draft,
    a cascade, the admin), once the deletion is committed: a rollback keeps both. A failure to
    delete is logged, not raised; `manage.py orphan_files` finds what is left."""
    storage, name = instance.file.storage, instance.file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name), robust=True)


@track()
class AssignmentContest(models.Model):
    """A department's claim that a task was wrongly assigned to it, with its reason, and how
    staff resolved it: reassigned to another department, or confirmed as assigned."""

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting staff decision")
        REASSIGNED = "reassigned", _("Reassigned")
        CONFIRMED = "confirmed", _("Assignment confirmed")

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="contests")
    department = models.ForeignKey(
        Department, verbose_name=_("contesting department"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("raised by"), on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    new_department = models.ForeignKey(
        Department,
        verbose_name=_("reassigned to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolution_note = models.TextField(_("decision note"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = ScopedManager("task__recommendation__congress")

    class Meta:
        verbose_name = _("assignment contest")
        verbose_name_plural = _("assignment contests")
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "department"],
                condition=Q(status="open"),
                name="contest_one_open_per_task_department",
                violation_error_message=_("This department already has an open contest on the task."),
            ),
            models.CheckConstraint(
                name="contest_resolved_has_decider",
                condition=Q(status="open", resolved_at__isnull=True)
                | (~Q(status="open") & Q(resolved_at__isnull=False, resolved_by__isnull=False)),
            ),
            models.CheckConstraint(
                name="contest_reassigned_has_department",
                condition=~Q(status="reassigned") | Q(new_department__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.task.code} · {self.department}"

    def get_status_color(self):
        return {"open": "warning", "reassigned": "info", "confirmed": "secondary"}[self.status]


@track()
class ExtensionRequest(models.Model):
    """A department's request for a later deadline on a task (延期申请), with its reason, and
    the staff's decision: approved with the new date (which may differ from the one asked
    for), or refused."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting staff decision")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="extension_requests"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("requesting department"), on_delete=models.PROTECT, related_name="+"
    )
    requested_due = models.DateField(_("deadline asked for"))
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    decision_note = models.TextField(_("decision note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = ScopedManager("task__recommendation__congress")

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"],
                condition=Q(status="pending"),
                name="extension_one_pending_per_task",
                violation_error_message=_("This task already has an extension request awaiting a decision."),
            ),
            models.CheckConstraint(
                name="extension_decided_has_decider",
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False, decided_by__isnull=False)),
            ),
        ]

    def __str__(self):
        return f"{self.task.code} · {self.requested_due:%Y-%m-%d}"

    def get_status_color(self):
        return {"pending": "warning", "approved": "success", "refused": "secondary"}[self.status]


@track()
class DeadlineRevision(models.Model):
    """One revision of a task's deadline, from the date then in force to the new one, with
    who made it, when and why. The task keeps its original deadline; these rows, oldest
    first, are every change since."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="deadline_revisions"
    )
    previous_due = models.DateField(_("previous deadline"))
    new_due = models.DateField(_("new deadline"))
    # What a person wrote; a revision a step makes by itself keeps the step as a system text
    # (oversight.system_texts), read in the reader's language.
    reason = models.TextField(_("reason"), blank=True)
    text_code = models.CharField(_("system reason"), max_length=40, blank=True)
    text_params = models.JSONField(_("system reason parameters"), default=dict, blank=True)
    revised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("revised by"), on_delete=models.PROTECT, related_name="+"
    )
    revised_at = models.DateTimeField(_("revised at"), default=timezone.now)
    extension_request = models.OneToOneField(
        ExtensionRequest,
        verbose_name=_("extension request"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revision",
    )

    objects = ScopedManager("task__recommendation__congress")

    class Meta:
        verbose_name = _("deadline revision")
        verbose_name_plural = _("deadline revisions")
        ordering = ["revised_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="deadline_revision_changes_date", condition=~Q(new_due=models.F("previous_due"))
            ),
        ]

    def __str__(self):
        return f"{self.task.code}: {self.previous_due:%Y-%m-%d} → {self.new_due:%Y-%m-%d}"

    @property
    def reason_text(self):
        """Why the deadline moved: what a person wrote, or the step in the reader's language."""
        from oversight import system_texts

        return self.reason or system_texts.render(self.text_code, self.text_params)
