"""Who may see and do what: the one module of permission predicates (django-rules), and the
selectors that filter querysets by the same rules.

Roles (accounts.User flags; one person may hold several):

- committee staff (or a superuser): sees and does everything.
- committee member: reads every task and every report that has left its department
  (submitted or accepted); writes nothing in the portal or the review queue.
- department liaison: sees a task only when its department is the task's lead or a
  co-department. Of the reports on such a task it sees its own department's (any status),
  the co-departments' submitted and accepted ones when it is the lead department, and the
  accepted ones otherwise. It never sees another department's drafts. It edits and submits
  only its own department's drafts (status draft or returned).
- anyone else (anonymous, or signed in without a role): nothing.

Use from views, the API and tests:

- objects: ``rules.has_perm(PERM, user, obj)`` with the permission names below, or call a
  predicate directly, e.g. ``can_view_report(user, report)``. ``user.has_perm(PERM, obj)`` works
  too (AUTHENTICATION_BACKENDS includes ``rules.permissions.ObjectPermissionBackend``), but
  Django's ModelBackend answers True to any name for a superuser, state checks included (e.g.
  editing a submitted report), so enforcement code uses ``rules.has_perm``.
- lists: ``tasks_visible_to(user)`` and ``reports_visible_to(user)`` return querysets filtered by
  the same rules; fetch an object for a URL through them (``get_object_or_404(
  reports_visible_to(user), pk=pk)``) so another department gets 404 and learns nothing.

Permission names (object in brackets):

- ``oversight.enter_portal``            use the portal at all
- ``oversight.view_task`` [task]
- ``oversight.add_report`` [task]       file a report on the task
- ``oversight.contest_task`` [task]     send the task back as wrongly assigned (within the window)
- ``oversight.view_report`` [report]    also governs the report's evidence files
- ``oversight.change_report`` [report]  edit or submit a draft/returned report
- ``oversight.review``                  use the staff review queue
- ``oversight.review_report`` [report]  accept or return a submitted report
- ``oversight.resolve_contest``         reassign or confirm a contested task
- ``oversight.request_extension`` [task] ask for a later deadline
- ``oversight.use_office``              the committee staff's workspace (/office/)
"""

import datetime
import operator
from functools import reduce

import rules
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .choices import RecommendationStatus, ReportStatus
from .models import ProgressReport, Task

# Reports still in their department's hands: a returned report is a draft again.
DRAFT_REPORT_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)
# Reports a lead department sees from its co-departments.
SHARED_WITH_LEAD_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


# --- role predicates -------------------------------------------------------------------


@rules.predicate
def is_committee_staff(user):
    return bool(user and user.is_authenticated and user.is_active) and (
        user.is_committee_staff or user.is_superuser
    )


@rules.predicate
def is_committee_member(user):
    return bool(user and user.is_authenticated and user.is_active and user.is_committee_member)


@rules.predicate
def is_department_liaison(user):
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.is_department_liaison
        and user.department_id is not None
    )


# --- object predicates -----------------------------------------------------------------


@rules.predicate
def is_task_department(user, task):
    """The user is a liaison of the task's lead or of one of its co-departments, and the task's
    recommendation has been issued (a draft is never shown to a department)."""
    return (
        task is not None
        and is_department_liaison(user)
        and task.recommendation.status != RecommendationStatus.DRAFT
        and user.department_id in task.department_ids()
    )


@rules.predicate
def is_task_lead_department(user, task):
    return task is not None and is_department_liaison(user) and user.department_id == task.lead_department_id


@rules.predicate
def is_report_department(user, report):
    return report is not None and is_department_liaison(user) and user.department_id == report.department_id


@rules.predicate
def is_report_draft(_user, report):
    return report is not None and report.status in DRAFT_REPORT_STATUSES


@rules.predicate
def is_report_submitted(_user, report):
    return report is not None and report.status == ReportStatus.SUBMITTED


@rules.predicate
def liaison_sees_report(user, report):
    if report is None or not is_department_liaison(user):
        return False
    if report.department_id == user.department_id:
        return True
    task = report.task
    if task.lead_department_id == user.department_id:
        return report.status in SHARED_WITH_LEAD_STATUSES
    return report.status == ReportStatus.ACCEPTED and user.department_id in task.department_ids()


@rules.predicate
def is_within_contest_window(_user, task):
    return task is not None and within_contest_window(task)


@rules.predicate
def is_task_verified(_user, task):
    return task is not None and task.verified_at is not None


def contest_deadline(task):
    """The last day a department may contest the task's assignment."""
    return task.assigned_on + datetime.timedelta(days=settings.CONTEST_WINDOW_DAYS)


def within_contest_window(task, today=None):
    return (today or timezone.localdate()) <= contest_deadline(task)


# --- composed rules --------------------------------------------------------------------

can_enter_portal = is_committee_staff | is_committee_member | is_department_liaison
can_view_task = is_committee_staff | is_committee_member | is_task_department
can_add_report = is_committee_staff | is_task_department
can_contest_task = is_task_department & is_within_contest_window & ~is_task_verified
can_view_report = is_committee_staff | (is_committee_member & ~is_report_draft) | liaison_sees_report
can_change_report = (is_committee_staff | is_report_department) & is_report_draft
can_review = is_committee_staff
can_review_report = is_committee_staff & is_report_submitted
can_resolve_contest = is_committee_staff
can_request_extension = is_task_department & ~is_task_verified
can_use_office = is_committee_staff
can_enter_calendar = is_committee_staff
can_view_documents = is_committee_staff | is_committee_member

for _name, _predicate in {
    "oversight.enter_portal": can_enter_portal,
    "oversight.view_task": can_view_task,
    "oversight.add_report": can_add_report,
    "oversight.contest_task": can_contest_task,
    "oversight.view_report": can_view_report,
    "oversight.change_report": can_change_report,
    "oversight.review": can_review,
    "oversight.review_report": can_review_report,
    "oversight.resolve_contest": can_resolve_contest,
    "oversight.request_extension": can_request_extension,
    "oversight.use_office": can_use_office,
    "oversight.enter_calendar": can_enter_calendar,
    "oversight.view_documents": can_view_documents,
}.items():
    rules.set_perm(_name, _predicate)


# --- selectors: the same rules as querysets ----------------------------------------------


def department_task_ids(department_id):
    """Ids of the tasks a department leads or co-handles, for `pk__in`: a UNION of two index
    lookups. One OR of the lead column and the co-department table makes PostgreSQL read every
    task (335 ms for a liaison's list at 100,000 recommendations)."""
    led = Task.objects.filter(lead_department_id=department_id).order_by().values("pk")
    co = Task.co_departments.through.objects.filter(department_id=department_id).values("task_id")
    return led.union(co)


def tasks_visible_to(user, queryset=None):
    """Tasks the user may see (`can_view_task`), as a queryset without duplicates."""
    queryset = queryset if queryset is not None else Task.objects.all()
    if is_committee_staff(user) or is_committee_member(user):
        return queryset
    if is_department_liaison(user):
        # Tasks are refused on drafts; this also hides any assigned before that rule existed.
        return queryset.filter(pk__in=department_task_ids(user.department_id)).exclude(
            recommendation__status=RecommendationStatus.DRAFT
        )
    return queryset.none()


def reports_visible_to(user, queryset=None):
    """Progress reports the user may see (`can_view_report`), as a queryset."""
    queryset = queryset if queryset is not None else ProgressReport.objects.all()
    if is_committee_staff(user):
        return queryset
    conditions = []
    if is_committee_member(user):
        conditions.append(~Q(status__in=DRAFT_REPORT_STATUSES))
    if is_department_liaison(user):
        department_id = user.department_id
        # Task ids by subquery, not a join to the task table: OR-ed with the other conditions, a
        # join made PostgreSQL read every task (55 ms of a liaison's list at 100,000).
        led = Task.objects.filter(lead_department_id=department_id).order_by().values("pk")
        conditions.append(
            Q(department_id=department_id)
            | Q(task_id__in=led, status__in=SHARED_WITH_LEAD_STATUSES)
            | Q(task_id__in=department_task_ids(department_id), status=ReportStatus.ACCEPTED)
        )
    if not conditions:
        return queryset.none()
    return queryset.filter(reduce(operator.or_, conditions))
