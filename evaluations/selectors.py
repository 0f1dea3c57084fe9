"""Reads of the evaluations app: evaluation lists with turnout, the derived "cleared" and
"complete" flags, and the story of a recommendation from inspection to closure."""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oversight import system_texts
from recommendations.choices import (
    EvaluationMethod,
    EvaluationResult,
    RecommendationStatus,
    ReportStatus,
    Verdict,
)
from recommendations.models import (
    Finding,
    OversightTopic,
    ProgressReport,
    StatusEvent,
    Task,
)
from recommendations.selectors import recommendation_timeline
from recommendations.transitions import transition_label

from .models import Closure, Evaluation, VoteCast


def evaluation_list(queryset=None, *, user=None):
    """Evaluations with their target, terms and turnout (`ballots_cast`); with `user`, also
    whether that user has voted (`has_voted`). No one's choice is stored with their name."""
    queryset = queryset if queryset is not None else Evaluation.objects.all()
    queryset = queryset.select_related("topic", "recommendation", "meeting", "terms").annotate(
        ballots_cast=Count("votes_cast", distinct=True)
    )
    if user is not None and user.is_authenticated:
        queryset = queryset.annotate(
            has_voted=Exists(VoteCast.objects.filter(evaluation=OuterRef("pk"), voter=user))
        )
    return queryset.order_by("-opened_at", "-pk")


def votes_awaiting(user):
    """Open online votes in which `user` is entitled to vote and has not voted yet, oldest first."""
    return (
        Evaluation.objects.filter(
            closed_at__isnull=True, method=EvaluationMethod.ONLINE_BALLOT, terms__voters=user
        )
        .exclude(votes_cast__voter=user)
        .select_related("topic", "recommendation")
        .order_by("opened_at", "pk")
    )


def is_open(evaluation):
    return evaluation.opened_at is not None and evaluation.closed_at is None


def has_voted(*, evaluation, voter):
    return VoteCast.objects.filter(evaluation=evaluation, voter=voter).exists()


def is_entitled(*, evaluation, user):
    return evaluation.terms.voters.filter(pk=user.pk).exists()


def cycle_started_at(recommendation):
    """When the recommendation's current handling cycle began: its latest re-handling or
    reopening, or None while it is in its first cycle."""
    return (
        StatusEvent.objects.filter(recommendation=recommendation, subject=StatusEvent.Subject.RECOMMENDATION)
        .filter(_cycle_start_q())
        .aggregate(at=Max("occurred_at"))["at"]
    )


def _cycle_start_q():
    return Q(from_status=RecommendationStatus.CLOSED, to_status=RecommendationStatus.IN_PROGRESS) | Q(
        rehandling__isnull=False
    )


def supporting_reports(recommendation):
    """Accepted reports of the recommendation's current cycle: what a closure may cite."""
    since = cycle_started_at(recommendation)
    reports = ProgressReport.objects.filter(task__recommendation=recommendation, status=ReportStatus.ACCEPTED)
    if since is not None:
        reports = reports.filter(accepted_at__gte=since)
    return reports.select_related("task__recommendation", "department").order_by("accepted_at", "pk")


def finding_list(queryset=None):
    """Findings with `recommendation_count`, `implemented_count` and `cleared` (问题清零: it has
    recommendations and every one is closed as implemented), computed in the database."""
    queryset = queryset if queryset is not None else Finding.objects.all()
    return queryset.select_related("topic").annotate(
        recommendation_count=Count("recommendations", distinct=True),
        implemented_count=Count(
            "recommendations",
            filter=Q(
                recommendations__status=RecommendationStatus.CLOSED,
                recommendations__verdict=Verdict.IMPLEMENTED,
            ),
            distinct=True,
        ),
        cleared=ExpressionWrapper(
            Case(
                When(
                    Q(recommendation_count__gt=0, implemented_count=F("recommendation_count")),
                    then=Value(True),
                ),
                default=Value(False),
            ),
            output_field=BooleanField(),
        ),
    )


def topic_list(queryset=None):
    """Topics with `recommendation_count`, `closed_count` and `complete` (every recommendation
    closed, whatever the verdict)."""
    queryset = queryset if queryset is not None else OversightTopic.objects.all()
    return queryset.annotate(
        recommendation_count=Count("recommendations", distinct=True),
        closed_count=Count(
            "recommendations", filter=Q(recommendations__status=RecommendationStatus.CLOSED), distinct=True
        ),
        complete=ExpressionWrapper(
            Case(
                When(
                    Q(recommendation_count__gt=0, closed_count=F("recommendation_count")),
                    then=Value(True),
                ),
                default=Value(False),
            ),
            output_field=BooleanField(),
        ),
    )


class StoryKind:
    INSPECTION = "inspection"
    MEETING = "meeting"
    STATUS = "status"
    TASK = "task"
    REPORT = "report"
    VOTE = "vote"
    REHANDLING = "rehandling"
    CLOSURE = "closure"
    REOPENING = "reopening"


# Among entries at the same moment: a vote before the re-handling it caused, tasks after the
# issue that preceded them.
_RANK = {
    StoryKind.INSPECTION: 0,
    StoryKind.MEETING: 1,
    StoryKind.VOTE: 2,
    StoryKind.STATUS: 3,
    StoryKind.REHANDLING: 3,
    StoryKind.CLOSURE: 3,
    StoryKind.REOPENING: 3,
    StoryKind.REPORT: 3,
    StoryKind.TASK: 4,
}


@dataclass
class StoryEntry:
    """One line of a recommendation's story. `items` are sub-lines (findings, remarks,
    supporting reports); `cycle` is the handling cycle the entry belongs to. A status step's
    `detail` is its internal note, or its public note in the public story; `public_detail`
    (internal story only) is the public note, shown as such."""

    at: datetime.datetime
    kind: str
    title: str
    detail: str = ""
    public_detail: str = ""
    actor: str = ""
    color: str = "secondary"
    items: list = field(default_factory=list)
    cycle: int = 1
    evaluation: Evaluation | None = None
    closure: Closure | None = None
    seq: int = 0

    @property
    def starts_cycle(self):
        return self.kind in (StoryKind.REHANDLING, StoryKind.REOPENING)


def _day_start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def recommendation_story(recommendation, *, public=False):
    """The recommendation's history as one ordered story: the inspections and meetings it came
    from, its issue, tasks, reports, votes with their totals, re-handling cycles, closures and
    reopenings. A constant number of queries, whatever its length.

    With `public`, only what the public may read: no actors, no report drafts or returns, and
    (as everywhere) no totals of a vote still open.
    """
    rec = recommendation
    entries = []

    findings = rec.findings.select_related("inspection").order_by("number")
    by_inspection = {}
    for finding in findings:
        if finding.inspection is not None:
            by_inspection.setdefault(finding.inspection, []).append(str(finding))
    for inspection, items in by_inspection.items():
        entries.append(
            StoryEntry(
                at=_day_start(inspection.started_on),
                kind=StoryKind.INSPECTION,
                title=str(inspection),
                detail=str(inspection.get_kind_display()),
                items=items,
                color="info",
            )
        )

    by_meeting = {}
    for remark in rec.remarks.select_related("meeting").order_by("meeting__held_on", "order"):
        by_meeting.setdefault(remark.meeting, []).append(f"{remark.speaker_name}: {remark.content}")
    for meeting, items in by_meeting.items():
        entries.append(
            StoryEntry(
                at=_day_start(meeting.held_on),
                kind=StoryKind.MEETING,
                title=str(meeting),
                detail=str(_("Members' remarks")),
                items=items,
                color="info",
            )
        )

    events = (
        recommendation_timeline(rec)
        .select_related("report__task__recommendation", "rehandling__evaluation", "closure")
        .prefetch_related(
            Prefetch(
                "closure__reports",
                queryset=ProgressReport.objects.select_related("task__recommendation", "department"),
            )
        )
    )
    issued_at = None
    for event in events:
        entry = _event_entry(event, public=public)
        if entry is not None:
            entries.append(entry)
        if event.to_status == RecommendationStatus.ISSUED and issued_at is None:
            issued_at = event.occurred_at

    for task in (
        Task.objects.filter(recommendation=rec)
        .select_related("recommendation", "lead_department")
        .order_by("number")
    ):
        at = _day_start(task.assigned_on)
        if issued_at is not None and at < issued_at:
            at = issued_at
        entries.append(
            StoryEntry(
                at=at,
                kind=StoryKind.TASK,
                title=str(_("Task assigned: %(task)s") % {"task": task}),
                detail=str(
                    _("Lead department: %(dept)s; due %(due)s")
                    % {"dept": task.lead_department, "due": task.due_original}
                ),
                color="primary",
            )
        )

    evaluations = (
        Evaluation.objects.filter(Q(recommendation=rec) | Q(terms__recommendations=rec))
        .exclude(opened_at__isnull=True)
        .distinct()
    )
    for evaluation in evaluations:
        entries.append(_vote_entry(evaluation))

    entries.sort(key=lambda e: (e.at, _RANK[e.kind], e.seq))
    cycle = 1
    for entry in entries:
        if entry.starts_cycle:
            cycle += 1
        entry.cycle = entry.evaluation.cycle if entry.evaluation is not None else cycle
    return entries


def _event_entry(event, *, public):
    actor = "" if public or event.actor is None else str(event.actor)
    label = str(transition_label(event.subject, event.from_status, event.to_status))
    if event.subject == StatusEvent.Subject.REPORT:
        if public and event.to_status != ReportStatus.ACCEPTED:
            return None
        return StoryEntry(
            at=event.occurred_at,
            kind=StoryKind.REPORT,
            title=f"{label} · {event.report.task.code} · {event.report.department}",
            detail=event.public_note_text if public else event.note_text,
            public_detail="" if public else event.public_note_text,
            actor=actor,
            color=ReportStatus.color(event.to_status),
            seq=event.pk,
        )
    entry = StoryEntry(
        at=event.occurred_at,
        kind=StoryKind.STATUS,
        title=label,
        detail=event.public_note_text if public else event.note_text,
        public_detail="" if public else event.public_note_text,
        actor=actor,
        color=RecommendationStatus.color(event.to_status),
        seq=event.pk,
    )
    rehandling = getattr(event, "rehandling", None)
    closure = getattr(event, "closure", None)
    if rehandling is not None:
        entry.kind = StoryKind.REHANDLING
        entry.title = str(
            _("Sent back for re-handling: cycle %(cycle)s, new deadline %(due)s")
            % {"cycle": rehandling.cycle, "due": rehandling.response_due}
        )
        entry.color = "danger"
    elif event.from_status == RecommendationStatus.CLOSED:
        entry.kind = StoryKind.REOPENING
        if event.inspection is not None:
            entry.title = str(_("Reopened after %(inspection)s") % {"inspection": event.inspection})
        entry.color = "danger"
    elif closure is not None:
        entry.kind = StoryKind.CLOSURE
        entry.closure = closure
        entry.title = str(_("Closed: %(verdict)s") % {"verdict": closure.get_verdict_display()})
        entry.color = Verdict.color(closure.verdict)
        entry.items = [f"{r.task.code} · {r.department}" for r in closure.reports.all()]
    return entry


def _vote_entry(evaluation):
    if evaluation.closed_at is None:
        return StoryEntry(
            at=evaluation.opened_at,
            kind=StoryKind.VOTE,
            title=str(_("Satisfaction vote open")),
            detail=str(evaluation.get_method_display()),
            evaluation=evaluation,
            color="secondary",
        )
    return StoryEntry(
        at=evaluation.closed_at,
        kind=StoryKind.VOTE,
        title=str(_("Satisfaction vote: %(result)s") % {"result": evaluation.get_result_display()}),
        detail=str(vote_totals_text(evaluation)),
        evaluation=evaluation,
        color=EvaluationResult.color(evaluation.result),
    )


def vote_totals_system_text(evaluation):
    return system_texts.text(
        "vote_totals",
        method={"choice": "evaluation_method", "value": evaluation.method},
        s=evaluation.satisfied,
        b=evaluation.basically_satisfied,
        u=evaluation.unsatisfied,
        a=evaluation.abstained,
        n=evaluation.voters_entitled,
    )


def vote_totals_text(evaluation):
    return str(vote_totals_system_text(evaluation))
