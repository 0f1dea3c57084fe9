"""What should have gone out by a given day: the escalation ladder applied to every open task
and every recommendation awaiting the government's handling report, minus what the record
says already went out. Reads only; `services` sends. A fixed number of queries per scan."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext as _

from accounts.models import User
from notifications.models import Notification
from oversight import system_texts
from recommendations.choices import OPEN_STATUSES
from recommendations.models import Recommendation, Task

from .models import SentReminder
from .texts import due_in_system_text
from .workdays import add_working_days, effective_due, working_days_between

Kind = SentReminder.Kind

NOTIFICATION_KIND = {
    Kind.REMINDER: Notification.Kind.REMINDER,
    Kind.OVERDUE: Notification.Kind.OVERDUE,
    Kind.SUPERVISION: Notification.Kind.ESCALATION,
    Kind.PRIORITY: Notification.Kind.ESCALATION,
    Kind.DIGEST: Notification.Kind.OTHER,
}


@dataclass(frozen=True)
class Outgoing:
    """One reminder to one recipient (or, for a priority flag, to the staff as a whole)."""

    kind: str
    threshold: int
    due_date: datetime.date
    title: object  # a SystemText, read in each recipient's language
    task: Task | None = None
    recommendation: Recommendation | None = None
    recipient_user: User | None = None
    recipient_email: str = ""

    def key(self):
        return (
            self.kind,
            self.task.pk if self.task else None,
            self.recommendation.pk if self.recommendation else None,
            self.threshold,
            self.due_date,
            self.recipient_user.pk if self.recipient_user else None,
            self.recipient_email.lower(),
        )

    @property
    def subject(self):
        return self.task or self.recommendation

    @property
    def recipient_label(self):
        if self.recipient_user:
            return f"{self.recipient_user} <{self.recipient_user.email or '-'}>"
        return self.recipient_email or _("committee staff")


def open_tasks():
    """Tasks neither claimed done nor verified, of recommendations still being handled, whose
    deadline had not passed when the task was entered (history entered later calls for no
    reminder, notice or 督办)."""
    return (
        Task.objects.filter(
            claimed_done_at__isnull=True,
            verified_at__isnull=True,
            recommendation__status__in=OPEN_STATUSES,
            due_date__gte=TruncDate("created_at"),
        )
        .select_related("recommendation", "lead_department")
        .prefetch_related("co_departments")
        .order_by("due_date", "pk")
    )


def awaiting_response():
    """Recommendations whose handling report the government still owes, with a deadline that
    had not passed when the recommendation was entered."""
    return (
        Recommendation.objects.filter(status__in=OPEN_STATUSES)
        .alias(deadline=Coalesce(F("response_due"), F("response_due_original")))
        .filter(deadline__isnull=False, deadline__gte=TruncDate("created_at"))
        .prefetch_related("tasks__lead_department")
        .order_by("pk")
    )


def _sent_keys(planned):
    task_ids = {item.task.pk for item in planned if item.task}
    recommendation_ids = {item.recommendation.pk for item in planned if item.recommendation}
    if not planned:
        return set()
    rows = SentReminder.objects.filter(
        Q(task__in=task_ids) | Q(recommendation__in=recommendation_ids)
    ).values_list(
        "kind",
        "task_id",
        "recommendation_id",
        "threshold",
        "due_date",
        "recipient_user_id",
        "recipient_email",
    )
    return {(*row[:6], row[6].lower()) for row in rows}


class _Directory:
    """Who is reached for a department, loaded once per scan."""

    def __init__(self):
        self.staff = list(User.in_congress.filter(is_active=True, is_committee_staff=True).order_by("pk"))
        self.liaisons = defaultdict(list)
        for user in User.in_congress.filter(is_active=True, is_department_liaison=True).order_by("pk"):
            self.liaisons[user.department_id].append(user)

    def department_contacts(self, departments):
        """Liaison accounts of the departments, plus a department's own address when no
        liaison already uses it."""
        users, addresses = [], []
        for department in departments:
            liaisons = self.liaisons.get(department.pk, [])
            users.extend(liaisons)
            known = {u.email.lower() for u in liaisons if u.email}
            if department.contact_email and department.contact_email.lower() not in known:
                addresses.append(department.contact_email)
        return _unique(users), _unique_addresses(addresses)

    @staticmethod
    def heads(departments):
        return _unique_addresses([d.head_email for d in departments if d.head_email])


def _unique(users):
    return list({u.pk: u for u in users}.values())


def _unique_addresses(addresses):
    return list({a.lower(): a for a in addresses}.values())


def _subject_label(task=None, recommendation=None):
    if task is not None:
        return f"{task.code} {task.title}"
    return system_texts.as_param(system_texts.text("handling_report_on", recommendation=str(recommendation)))


def _due_in(days_left):
    return system_texts.as_param(due_in_system_text(days_left))


def _ladder(*, today, due, departments, lead_departments, directory, task=None, recommendation=None):
    """The rungs reached by `today` for one deadline, each expanded to its recipients."""
    due = effective_due(due)
    left = working_days_between(today, due)
    label = _subject_label(task, recommendation)
    common = {"due_date": due, "task": task, "recommendation": recommendation}
    rungs = []  # (kind, threshold, title, users, addresses)
    thresholds = sorted(settings.REMINDERS_DAYS_BEFORE)
    if 0 <= left <= thresholds[-1]:
        # Only the nearest threshold: a task assigned 3 days before its deadline gets the
        # 5-day reminder now, and the 1-day one later, never two at once.
        threshold = next(t for t in thresholds if t >= left)
        title = system_texts.text("reminder", subject=label, due_in=_due_in(left), date=due.isoformat())
        rungs.append((Kind.REMINDER, threshold, title, *departments))
    if today > due:
        title = system_texts.text("overdue", subject=label, date=due.isoformat())
        rungs.append((Kind.OVERDUE, 0, title, *departments))
        late = -left
        supervision_after = settings.REMINDERS_SUPERVISION_AFTER
        if late >= supervision_after:
            title = system_texts.text("escalation", subject=label, due_in=_due_in(left))
            heads = directory.heads(lead_departments)
            rungs.append((Kind.SUPERVISION, supervision_after, title, directory.staff, heads))
        priority_after = settings.REMINDERS_PRIORITY_AFTER
        if late >= priority_after:
            title = system_texts.text("priority_proposed", subject=label, due_in=_due_in(left))
            rungs.append((Kind.PRIORITY, priority_after, title, None, None))
    outgoing = []
    for kind, threshold, title, users, addresses in rungs:
        if kind == Kind.PRIORITY:
            outgoing.append(Outgoing(kind=kind, threshold=threshold, title=title, **common))
            continue
        outgoing.extend(
            Outgoing(kind=kind, threshold=threshold, title=title, recipient_user=u, **common) for u in users
        )
        outgoing.extend(
            Outgoing(kind=kind, threshold=threshold, title=title, recipient_email=a, **common)
            for a in addresses
        )
    return outgoing


def pending_reminders(*, today, recommendation_ids=None):
    """Everything the ladder calls for by `today` that has not gone out yet, in send order."""
    # Deadlines further off than the earliest reminder cannot call for anything yet.
    horizon = add_working_days(today, max(settings.REMINDERS_DAYS_BEFORE))
    tasks = open_tasks().filter(due_date__lte=horizon)
    recommendations = awaiting_response().filter(
        Q(response_due__lte=horizon) | Q(response_due__isnull=True, response_due_original__lte=horizon)
    )
    if recommendation_ids is not None:
        tasks = tasks.filter(recommendation_id__in=recommendation_ids)
        recommendations = recommendations.filter(pk__in=recommendation_ids)
    tasks, recommendations = list(tasks), list(recommendations)
    directory = _Directory()
    planned = []
    for task in tasks:
        departments = [task.lead_department, *task.co_departments.all()]
        planned += _ladder(
            today=today,
            due=task.due_date,
            departments=directory.department_contacts(departments),
            lead_departments=[task.lead_department],
            directory=directory,
            task=task,
        )
    for recommendation in recommendations:
        leads = list({t.lead_department_id: t.lead_department for t in recommendation.tasks.all()}.values())
        users, addresses = directory.department_contacts(leads)
        planned += _ladder(
            today=today,
            due=recommendation.due_date,
            departments=(_unique([*directory.staff, *users]), addresses),
            lead_departments=leads,
            directory=directory,
            recommendation=recommendation,
        )
    sent = _sent_keys(planned)
    return [item for item in planned if item.key() not in sent]
