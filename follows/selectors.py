"""Reads of following: what a user may follow, what they follow, and who hears of a step.

A follower hears only of what their pages show them: staff everything; members every step of
a recommendation and the reports that have left their department; a liaison the public steps
of published recommendations and, on a recommendation where their department has a task, what
the portal shows them; anyone else the public steps only."""

from dataclasses import dataclass, field

from django.db.models import Q

from public.selectors import published_recommendations, published_topics
from recommendations.choices import RecommendationStatus, ReportStatus
from recommendations.models import (
    Department,
    OversightTopic,
    ProgressReport,
    Recommendation,
    StatusEvent,
    Task,
)
from recommendations.permissions import (
    SHARED_WITH_LEAD_STATUSES,
    is_committee_member,
    is_committee_staff,
    is_department_liaison,
)

from .models import Follow

_FIELDS = {Recommendation: "recommendation", OversightTopic: "topic", Department: "department"}


def target_field(target):
    try:
        return _FIELDS[type(target)]
    except KeyError:
        raise TypeError(f"cannot follow a {type(target).__name__}") from None


def can_follow(user, target) -> bool:
    """Whether `user` may follow `target`: only what they may see."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if is_committee_staff(user) or is_committee_member(user):
        return True
    if isinstance(target, Department):
        return True
    if isinstance(target, OversightTopic):
        return published_topics().filter(pk=target.pk).exists()
    if published_recommendations().filter(pk=target.pk).exists():
        return True
    return (
        is_department_liaison(user)
        and target.status != RecommendationStatus.DRAFT
        and user.department_id in _department_ids_of(target.pk)
    )


def _department_ids_of(recommendation_id):
    return {department for _task, department in _task_departments(recommendation_id)}


def _task_departments(recommendation_id):
    """(task id, department id) for every lead and co-department of the recommendation's tasks."""
    lead = (
        Task.objects.filter(recommendation_id=recommendation_id)
        .order_by()
        .values_list("pk", "lead_department_id")
    )
    co = (
        Task.co_departments.through.objects.filter(task__recommendation_id=recommendation_id)
        .order_by()
        .values_list("task_id", "department_id")
    )
    return list(lead.union(co, all=True))


def is_following(user, target) -> bool:
    if not (user and user.is_authenticated):
        return False
    return Follow.objects.filter(user=user, **{target_field(target): target}).exists()


def follows_of(user):
    """What the user follows, newest first, with the names the list shows."""
    return Follow.objects.filter(user=user).select_related("recommendation", "topic", "department")


def follows_with_links(user):
    """What the user follows, each with `url`: the page where they see it (the office for
    staff, the public page when published, else none). Three queries whatever the number."""
    from django.urls import reverse

    follows = list(follows_of(user))
    staff = is_committee_staff(user)
    public_recommendations = set(
        published_recommendations()
        .filter(pk__in=[f.recommendation_id for f in follows if f.recommendation_id])
        .values_list("pk", flat=True)
    )
    public_topics = set(
        published_topics()
        .filter(pk__in=[f.topic_id for f in follows if f.topic_id])
        .values_list("pk", flat=True)
    )
    for follow in follows:
        follow.url = ""
        if follow.recommendation_id:
            if staff:
                follow.url = reverse("office:recommendation", args=[follow.recommendation.code])
            elif follow.recommendation_id in public_recommendations:
                follow.url = reverse("public_recommendation_detail", args=[follow.recommendation.code])
        elif follow.topic_id:
            if staff:
                follow.url = reverse("office:topic", args=[follow.topic.code])
            elif follow.topic_id in public_topics:
                follow.url = reverse("public_topic_detail", args=[follow.topic.code])
        else:
            follow.url = reverse("public_department_detail", args=[follow.department.code])
    return follows


@dataclass
class EventContext:
    """What deciding who hears of a step needs, read once per step."""

    event: StatusEvent
    recommendation: Recommendation
    is_public_recommendation: bool
    task_departments: list = field(default_factory=list)
    report: ProgressReport | None = None

    @classmethod
    def load(cls, event):
        recommendation = Recommendation.objects.select_related("topic").get(pk=event.recommendation_id)
        report = None
        if event.report_id is not None:
            report = ProgressReport.objects.select_related("department", "task").get(pk=event.report_id)
        return cls(
            event=event,
            recommendation=recommendation,
            is_public_recommendation=published_recommendations().filter(pk=recommendation.pk).exists(),
            task_departments=_task_departments(recommendation.pk),
            report=report,
        )

    @property
    def is_public_event(self):
        """Shown on the public timeline: a recommendation's steps and a report's acceptance."""
        return self.is_public_recommendation and (
            self.report is None or self.event.to_status == ReportStatus.ACCEPTED
        )

    @property
    def department_ids(self):
        """The departments the step concerns: those of the report's task for a report's step,
        those of every task for the recommendation's."""
        if self.report is not None:
            return {d for task, d in self.task_departments if task == self.report.task_id}
        return {d for _task, d in self.task_departments}

    @property
    def report_task_code(self):
        return f"{self.recommendation.code}-T{self.report.task.number}"

    @property
    def report_department(self):
        return self.report.department

    def task_for(self, user):
        """A task of this recommendation the user's department handles (the step's own task
        first), for the link in their notice."""
        if not is_department_liaison(user) and not is_committee_member(user):
            return None
        if self.report is not None and (
            is_committee_member(user) or user.department_id in self.department_ids
        ):
            return self.report.task_id
        for task, department in sorted(self.task_departments):
            if is_committee_member(user) or department == user.department_id:
                return task
        return None

    def followers(self, *, exclude=None):
        """Active users following the recommendation, its topic or a department concerned,
        each once."""
        rec = self.recommendation
        condition = Q(recommendation=rec) | Q(topic_id=rec.topic_id)
        if self.department_ids:
            condition |= Q(department_id__in=self.department_ids)
        follows = Follow.objects.filter(condition, user__is_active=True).select_related("user")
        if exclude is not None:
            follows = follows.exclude(user_id=exclude)
        return list({follow.user_id: follow.user for follow in follows.order_by("user_id")}.values())

    def visible_to(self, user) -> bool:
        if is_committee_staff(user) or self.is_public_event:
            return True
        event = self.event
        if is_committee_member(user):
            # Members read every record, but a report in its department's hands is not theirs.
            return self.report is None or event.to_status in SHARED_WITH_LEAD_STATUSES
        if not is_department_liaison(user):
            return False
        department = user.department_id
        if department not in {d for _task, d in self.task_departments}:
            return False
        if self.report is None:
            return True
        # What the portal shows a liaison of the report (permissions.liaison_sees_report), as
        # the report stood after this step.
        if self.report.department_id == department:
            return True
        if self.report.task.lead_department_id == department:
            return event.to_status in SHARED_WITH_LEAD_STATUSES
        return event.to_status == ReportStatus.ACCEPTED and department in self.department_ids
