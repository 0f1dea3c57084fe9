"""Read-only representations of the published data. Related records are named by their stable
codes (recommendation, topic, department), never by database ids, except where a record has
no code (tasks, reports, indicators, measurements)."""

from rest_framework import serializers

from recommendations.choices import Verdict
from recommendations.models import (
    Department,
    Indicator,
    Measurement,
    OversightTopic,
    ProgressReport,
    Recommendation,
    Task,
)


class CodeField(serializers.SlugRelatedField):
    """A related record named by its code; read-only."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", read_only=True, **kwargs)


class DepartmentSerializer(serializers.ModelSerializer):
    lead_task_count = serializers.IntegerField(
        source="lead_count", read_only=True, help_text="Tasks of published recommendations it leads."
    )
    co_task_count = serializers.IntegerField(
        source="co_count", read_only=True, help_text="Tasks of published recommendations it co-handles."
    )

    class Meta:
        model = Department
        fields = ["code", "name", "short_name", "kind", "lead_task_count", "co_task_count"]


class TopicSerializer(serializers.ModelSerializer):
    responsible_office = CodeField()

    class Meta:
        model = OversightTopic
        fields = ["code", "year", "title", "form", "responsible_office", "description"]


class FindingRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()


class RecommendationSerializer(serializers.ModelSerializer):
    topic = CodeField()
    findings = FindingRefSerializer(many=True, read_only=True, help_text="The findings it addresses.")
    current_due = serializers.DateField(
        read_only=True, help_text="Deadline in force for the handling report (revised, else original)."
    )
    overdue = serializers.BooleanField(read_only=True, help_text="Open and past the deadline in force.")
    task_count = serializers.IntegerField(read_only=True)
    verified_task_count = serializers.IntegerField(read_only=True)
    # Blank until the recommendation is closed; declared so the schema admits "".
    verdict = serializers.ChoiceField(
        choices=Verdict.choices, allow_blank=True, read_only=True, help_text="Blank until closed."
    )

    class Meta:
        model = Recommendation
        fields = [
            "code",
            "topic",
            "number",
            "title",
            "body",
            "findings",
            "is_priority",
            "status",
            "verdict",
            "government_response",
            "cycle",
            "issued_at",
            "closed_at",
            "response_due_original",
            "response_due",
            "current_due",
            "overdue",
            "task_count",
            "verified_task_count",
        ]


class TaskSerializer(serializers.ModelSerializer):
    code = serializers.CharField(read_only=True)
    recommendation = CodeField()
    lead_department = CodeField()
    co_departments = CodeField(many=True)
    overdue = serializers.BooleanField(
        read_only=True, help_text="Past its due date, neither claimed done nor verified."
    )

    class Meta:
        model = Task
        fields = [
            "id",
            "code",
            "recommendation",
            "number",
            "title",
            "description",
            "lead_department",
            "co_departments",
            "assigned_on",
            "due_original",
            "due_date",
            "verified_at",
            "overdue",
        ]


class MeasurementSerializer(serializers.ModelSerializer):
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    unit = serializers.CharField(source="indicator.unit", read_only=True)

    class Meta:
        model = Measurement
        fields = [
            "id",
            "indicator",
            "indicator_name",
            "unit",
            "value",
            "is_lower_bound",
            "baseline",
            "change_percent",
            "period_start",
            "period_end",
            "period_label",
            "note",
        ]


class EvidenceSerializer(serializers.Serializer):
    """Metadata of a published evidence file (never an internal one)."""

    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    uploaded_at = serializers.DateTimeField()


class ReportSerializer(serializers.ModelSerializer):
    task = serializers.IntegerField(source="task_id", read_only=True)
    task_code = serializers.CharField(source="task.code", read_only=True)
    recommendation = serializers.CharField(source="task.recommendation.code", read_only=True)
    department = CodeField()
    measurements = MeasurementSerializer(many=True, read_only=True)
    evidence = EvidenceSerializer(source="published_evidence", many=True, read_only=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "task",
            "task_code",
            "recommendation",
            "department",
            "narrative",
            "is_final",
            "accepted_at",
            "measurements",
            "evidence",
        ]


class IndicatorSerializer(serializers.ModelSerializer):
    topic = CodeField()
    measurements = MeasurementSerializer(
        source="published_measurements",
        many=True,
        read_only=True,
        help_text="Figures from accepted reports, and those staff recorded without a report.",
    )

    class Meta:
        model = Indicator
        fields = ["id", "topic", "name", "unit", "direction", "description", "measurements"]
