"""The search index: one row per searchable record, written only by database triggers
(migrations/0001_initial.py), so that every write path keeps it current: forms, services, the
admin, imports and COPY bulk loads alike. The application only reads it."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from congresses.scoping import ScopedManager


class Kind(models.TextChoices):
    RECOMMENDATION = "recommendation", _("Recommendation")
    TASK = "task", _("Task")
    FINDING = "finding", _("Finding")
    REMARK = "remark", _("Member's remark")
    INSPECTION = "inspection", _("Inspection")
    REPORT = "report", _("Progress report")
    MEASUREMENT = "measurement", _("Measurement")
    DEPARTMENT = "department", _("Department")


class SearchDocument(models.Model):
    """The character-bigram document of one record, with the links that visibility and the
    filters need. Only accepted progress reports and their measurements (or measurements
    without a report) have a document. Ids are copied, not foreign keys: the rows come and go
    with their records by trigger, and a constraint would only slow bulk loads."""

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    object_id = models.BigIntegerField(_("record id"))
    recommendation = models.ForeignKey(
        "recommendations.Recommendation",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    topic = models.ForeignKey(
        "recommendations.OversightTopic",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    task = models.ForeignKey(
        "recommendations.Task", on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    # The record's congress, so that the candidates a search ranks are its own congress's.
    congress = models.ForeignKey(
        "congresses.Congress", on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    document = SearchVectorField()

    objects = ScopedManager("congress")

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique")]
        indexes = [GinIndex(fields=["document"], name="search_document_gin")]

    def __str__(self):
        return f"{self.kind} {self.object_id}"
