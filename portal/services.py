"""Writes of the department portal and the staff review loop. They wrap the report services
and the transition table of `recommendations` (every status move still goes through
`transitions`), keep a report, its measurements and its files together in one transaction,
and tell the people concerned through in-app notifications."""

import datetime
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from notifications.models import Notification
from notifications.services import happened_before_today, notify
from oversight import system_texts
from recommendations.models import ProgressReport, Task
from recommendations.permissions import (
    DRAFT_REPORT_STATUSES,
    contest_deadline,
    within_contest_window,
)
from recommendations.services import (
    measurement_add,
    report_accept,
    report_create,
    report_return,
    report_submit,
)
from recommendations.transitions import TransitionNotAllowed, _actor_context, event_moment, last_report_event

from .filetypes import validate_evidence_file
from .models import AssignmentContest, DeadlineRevision, Evidence, ExtensionRequest


class EditConflict(ValidationError):
    """The record changed after the editor loaded it; saving would overwrite that change."""


def department_liaisons(department_ids):
    return User.objects.filter(is_department_liaison=True, is_active=True, department_id__in=department_ids)


def committee_staff():
    return User.in_congress.filter(is_committee_staff=True, is_active=True)


def _save(instance):
    instance.full_clean()
    instance.save()
    return instance


def _check_version(report, version):
    """Refuse the write when the report was saved since `version` (its updated_at as loaded)."""
    try:
        expected = datetime.datetime.fromisoformat(version or "")
    except ValueError:
        expected = None
    if expected != report.updated_at:
        raise EditConflict(
            _(
                "Someone else saved this report at %(time)s, after you opened it. Your changes were "
                "not saved, so that theirs are not overwritten: open the report again to see the "
                "current version, then make your changes again."
            ),
            code="edit_conflict",
            params={"time": formats.date_format(timezone.localtime(report.updated_at), "DATETIME_FORMAT")},
        )


# --- evidence ------------------------------------------------------------------------


def evidence_add(*, actor, report, uploaded, is_internal=False):
    """Validate an uploaded file (type from content, size, name) and store it under a
    generated name. Callers in a transaction delete the stored file when it rolls back
    (see `_files_or_nothing`)."""
    name, content_type = validate_evidence_file(uploaded)
    with transaction.atomic(), _actor_context(actor):
        evidence = Evidence(
            report=report,
            original_name=name,
            content_type=content_type,
            size=uploaded.size,
            is_internal=is_internal,
            uploaded_by=actor,
        )
        evidence.full_clean(exclude=["file"])
        evidence.file.save(name, uploaded, save=False)
        try:
            evidence.save()
        except BaseException:
            evidence.file.delete(save=False)
            raise
        return evidence


@contextmanager
def _files_or_nothing(stored):
    """Database rows roll back by themselves; files stored in the block (appended to `stored`)
    are deleted when the block fails."""
    try:
        yield
    except BaseException:
        for evidence in stored:
            evidence.file.storage.delete(evidence.file.name)
        raise


# --- progress reports ------------------------------------------------------------------


def report_draft_create(
    *,
    actor,
    task,
    department,
    narrative,
    is_final=False,
    measurements=(),
    files=(),
    files_internal=False,
    submit=False,
    occurred_at=None,
):
    """A new report with its measurements (dicts of Measurement fields) and evidence files,
    all saved or none; `submit` sends it to staff in the same transaction, as sent on
    `occurred_at` (now by default). A draft keeps `occurred_at` as the date it is to be sent on."""
    stored = []
    with _files_or_nothing(stored), transaction.atomic(), _actor_context(actor):
        sent_on = _draft_sent_on(occurred_at)
        report = report_create(
            actor=actor,
            task=task,
            department=department,
            narrative=narrative,
            is_final=is_final,
            measurements=measurements,
        )
        for uploaded in files:
            stored.append(
                evidence_add(actor=actor, report=report, uploaded=uploaded, is_internal=files_internal)
            )
        if submit:
            report = report_send(actor=actor, report=report, occurred_at=occurred_at)
        elif sent_on is not None:
            report.sent_on = sent_on
            _save(report)
        return report


def _draft_sent_on(occurred_at):
    """The day a draft is to be sent on, checked as a submission would check it (not in the
    future); None for today."""
    if occurred_at is None:
        return None
    return timezone.localdate(_event_time(occurred_at))


def report_draft_update(
    *,
    actor,
    report,
    version,
    narrative,
    is_final=False,
    measurements=(),
    files=(),
    files_internal=False,
    remove_evidence=(),
    submit=False,
    occurred_at=None,
):
    """Save an edited draft (or returned) report. `version` is the report's `updated_at` as
    the editor loaded it; when someone saved in between, EditConflict is raised and nothing
    changes. Measurements are replaced by the given ones; `remove_evidence` are Evidence ids.
    A draft keeps `occurred_at` as the date it is to be sent on."""
    stored = []
    with _files_or_nothing(stored), transaction.atomic(), _actor_context(actor):
        locked = ProgressReport.objects.select_for_update().select_related("task").get(pk=report.pk)
        if locked.status not in DRAFT_REPORT_STATUSES:
            raise ValidationError(
                _("This report has been submitted and can no longer be edited."), code="not_editable"
            )
        _check_version(locked, version)
        locked.narrative = narrative
        locked.is_final = is_final
        locked.sent_on = _draft_sent_on(occurred_at)
        _save(locked)
        locked.measurements.all().delete()
        for fields in measurements:
            measurement_add(actor=actor, report=locked, **fields)
        # Their files leave the disk once this commits (portal.models).
        Evidence.objects.filter(report=locked, pk__in=list(remove_evidence)).delete()
        for uploaded in files:
            stored.append(
                evidence_add(actor=actor, report=locked, uploaded=uploaded, is_internal=files_internal)
            )
        if submit:
            locked = report_send(actor=actor, report=locked, occurred_at=occurred_at)
        return locked


def report_send(*, actor, report, version=None, occurred_at=None):
    """Submit a draft or returned report to staff and tell them. With `version`, refuse when
    the report changed since the sender looked at it."""
    with transaction.atomic(), _actor_context(actor):
        if version is not None:
            _check_version(ProgressReport.objects.select_for_update().get(pk=report.pk), version)
        # Staff hear of it from this notice, followers of the recommendation among them too.
        staff = list(committee_staff())
        report = report_submit(actor=actor, report=report, occurred_at=occurred_at, told=staff)
        notify(
            occurred_at=report.submitted_at,
            recipients=staff,
            kind=Notification.Kind.REPORT_SUBMITTED,
            title=system_texts.text(
                "report_submitted", task=report.task.code, department=str(report.department)
            ),
            url=reverse("review:report", args=[report.pk]),
        )
        return report


def report_review_return(*, actor, report, note, occurred_at=None):
    """Return a submitted report to its department with a comment; it is a draft again."""
    with transaction.atomic(), _actor_context(actor):
        liaisons = list(department_liaisons([report.department_id]))
        report = report_return(actor=actor, report=report, note=note, occurred_at=occurred_at, told=liaisons)
        notify(
            occurred_at=last_report_event(report),
            recipients=liaisons,
            kind=Notification.Kind.REPORT_RETURNED,
            title=system_texts.text("report_returned", task=report.task.code),
            body=note,
            url=reverse("portal:report", args=[report.pk]),
        )
        return report


def report_review_accept(*, actor, report, note="", public_note="", occurred_at=None):
    """Accept a submitted report (a final one verifies its task; see `report_accept`). `note`
    goes to the department; `public_note` is published with the accepted report."""
    with transaction.atomic(), _actor_context(actor):
        # News of a past acceptance asks nothing of anyone: the department hears of it only
        # as followers do.
        past = happened_before_today(event_moment(occurred_at))
        liaisons = [] if past else list(department_liaisons([report.department_id]))
        report = report_accept(
            actor=actor,
            report=report,
            note=note,
            public_note=public_note,
            occurred_at=occurred_at,
            told=liaisons,
        )
        if past:
            return report
        notify(
            occurred_at=report.accepted_at,
            recipients=liaisons,
            kind=Notification.Kind.REPORT_ACCEPTED,
            title=system_texts.text("report_accepted", task=report.task.code),
            body=note,
            url=reverse("portal:report", args=[report.pk]),
        )
        return report


# --- assignment contests -----------------------------------------------------------------


def contest_raise(*, actor, task, department, reason):
    """A department sends a task back as wrongly assigned, within the contest window."""
    with transaction.atomic(), _actor_context(actor):
        task = Task.objects.select_for_update().get(pk=task.pk)
        if department.pk not in task.department_ids():
            raise ValidationError(_("Only a department the task is assigned to can contest it."))
        if task.verified_at is not None:
            raise ValidationError(_("The task is already verified as done."))
        if not within_contest_window(task):
            raise ValidationError(
                _("The time to contest this assignment ended on %(date)s."),
                code="contest_window_closed",
                params={"date": formats.date_format(contest_deadline(task))},
            )
        contest = _save(
            AssignmentContest(
                task=task, department=department, reason=(reason or "").strip(), raised_by=actor
            )
        )
        notify(
            recipients=committee_staff(),
            kind=Notification.Kind.OTHER,
            title=system_texts.text("assignment_contested", task=task.code, department=str(department)),
            body=contest.reason,
            url=reverse("review:contest", args=[contest.pk]),
        )
        return contest


def _lock_open_contest(contest):
    contest = (
        AssignmentContest.objects.select_for_update().select_related("task", "department").get(pk=contest.pk)
    )
    if contest.status != AssignmentContest.Status.OPEN:
        raise ValidationError(_("This contest has already been decided."), code="contest_decided")
    return contest


def contest_reassign(*, actor, contest, new_department, note=""):
    """Staff agree: the contesting department's place on the task (lead or co-department) goes
    to `new_department`. Its unsent drafts on the task are discarded; once it has sent a report
    the task can no longer be taken from it."""
    with transaction.atomic(), _actor_context(actor):
        contest = _lock_open_contest(contest)
        task = Task.objects.select_for_update().get(pk=contest.task_id)
        old = contest.department
        if new_department.pk == old.pk:
            raise ValidationError({"new_department": _("Choose a department other than the contesting one.")})
        reports = ProgressReport.objects.filter(task=task, department=old)
        if reports.filter(submitted_at__isnull=False).exists():
            raise ValidationError(
                _("%(department)s has already sent a report on this task; it cannot be reassigned.")
                % {"department": old}
            )
        reports.delete()
        if task.lead_department_id == old.pk:
            task.lead_department = new_department
            _save(task)
            task.co_departments.remove(new_department)
        else:
            task.co_departments.remove(old)
            if new_department.pk != task.lead_department_id:
                task.co_departments.add(new_department)
        contest.status = AssignmentContest.Status.REASSIGNED
        contest.new_department = new_department
        contest.resolution_note = (note or "").strip()
        contest.resolved_by = actor
        contest.resolved_at = timezone.now()
        _save(contest)
        notify(
            recipients=department_liaisons([old.pk]),
            kind=Notification.Kind.OTHER,
            title=system_texts.text("contest_accepted", task=task.code, department=str(new_department)),
            body=contest.resolution_note,
            url=reverse("portal:home"),
        )
        notify(
            recipients=department_liaisons([new_department.pk]),
            kind=Notification.Kind.ASSIGNMENT,
            title=system_texts.text("new_assignment", task=task.code),
            body=task.title,
            url=reverse("portal:task", args=[task.pk]),
        )
        return contest


def contest_confirm(*, actor, contest, note):
    """Staff keep the assignment as it is; the note tells the department why."""
    with transaction.atomic(), _actor_context(actor):
        contest = _lock_open_contest(contest)
        contest.status = AssignmentContest.Status.CONFIRMED
        contest.resolution_note = (note or "").strip()
        if not contest.resolution_note:
            raise ValidationError({"note": _("Say why the assignment stands.")})
        contest.resolved_by = actor
        contest.resolved_at = timezone.now()
        _save(contest)
        notify(
            recipients=department_liaisons([contest.department_id]),
            kind=Notification.Kind.OTHER,
            title=system_texts.text("assignment_confirmed", task=contest.task.code),
            body=contest.resolution_note,
            url=reverse("portal:task", args=[contest.task_id]),
        )
        return contest


# --- deadlines and extension requests ----------------------------------------------------


def _event_time(occurred_at, *, not_before=None):
    """When a step happened, by the lifecycle's one rule: now by default, never in the future
    nor before `not_before`."""
    try:
        return event_moment(occurred_at, after=not_before)
    except TransitionNotAllowed as error:
        raise ValidationError({"occurred_at": error.messages}) from error


def task_deadline_revise(*, actor, task, new_due, reason, extension_request=None, occurred_at=None):
    """Move a task's deadline and keep the revision (from, to, who, when, why); the original
    deadline stays on the task."""
    reason = (reason or "").strip()
    with transaction.atomic(), _actor_context(actor):
        task = Task.objects.select_for_update().get(pk=task.pk)
        if task.verified_at is not None:
            raise ValidationError(_("The task is already verified as done; its deadline no longer changes."))
        if new_due == task.due_date:
            raise ValidationError({"new_due": _("This is already the deadline in force.")})
        if not reason:
            raise ValidationError({"reason": _("Say why the deadline changes.")})
        revision = _save(
            DeadlineRevision(
                task=task,
                previous_due=task.due_date,
                new_due=new_due,
                reason=reason,
                revised_by=actor,
                revised_at=_event_time(occurred_at),
                extension_request=extension_request,
            )
        )
        task.due_date = new_due
        _save(task)
        return revision


def extension_request_create(*, actor, task, department, requested_due, reason, occurred_at=None):
    """A department asks for a later deadline on one of its tasks, saying why."""
    reason = (reason or "").strip()
    with transaction.atomic(), _actor_context(actor):
        task = Task.objects.select_for_update().get(pk=task.pk)
        if department.pk not in task.department_ids():
            raise ValidationError(_("Only a department the task is assigned to can ask for more time."))
        if task.verified_at is not None:
            raise ValidationError(_("The task is already verified as done."))
        if requested_due is None or requested_due <= task.due_date:
            raise ValidationError(
                {"requested_due": _("Ask for a date after the deadline in force, %(date)s.")},
                params={"date": formats.date_format(task.due_date)},
            )
        request = _save(
            ExtensionRequest(
                task=task,
                department=department,
                requested_due=requested_due,
                reason=reason,
                requested_by=actor,
                requested_at=_event_time(occurred_at),
            )
        )
        notify(
            recipients=committee_staff(),
            kind=Notification.Kind.OTHER,
            title=system_texts.text("extension_requested", task=task.code, department=str(department)),
            body=request.reason,
            url=reverse("office:extension", args=[request.pk]),
        )
        return request


def _lock_pending_extension(request):
    request = ExtensionRequest.objects.select_for_update().select_related("task").get(pk=request.pk)
    if request.status != ExtensionRequest.Status.PENDING:
        raise ValidationError(_("This request has already been decided."), code="extension_decided")
    return request


def extension_approve(*, actor, request, new_due, note="", occurred_at=None):
    """Staff grant more time: the task's deadline moves to `new_due` (the date asked for, or
    another) and the revision records the request it answers."""
    with transaction.atomic(), _actor_context(actor):
        request = _lock_pending_extension(request)
        decided_at = _event_time(occurred_at, not_before=request.requested_at)
        request.status = ExtensionRequest.Status.APPROVED
        request.decision_note = (note or "").strip()
        request.decided_by = actor
        request.decided_at = decided_at
        _save(request)
        task_deadline_revise(
            actor=actor,
            task=request.task,
            new_due=new_due,
            reason=request.decision_note or request.reason,
            extension_request=request,
            occurred_at=decided_at,
        )
        notify(
            recipients=department_liaisons([request.department_id]),
            kind=Notification.Kind.OTHER,
            title=system_texts.text(
                "extension_approved", task=request.task.code, date=system_texts.date_param(new_due)
            ),
            body=request.decision_note,
            url=reverse("portal:task", args=[request.task_id]),
        )
        return request


def extension_refuse(*, actor, request, note, occurred_at=None):
    """Staff keep the deadline; the note tells the department why."""
    with transaction.atomic(), _actor_context(actor):
        request = _lock_pending_extension(request)
        request.decision_note = (note or "").strip()
        if not request.decision_note:
            raise ValidationError({"note": _("Say why the deadline stays.")})
        request.status = ExtensionRequest.Status.REFUSED
        request.decided_by = actor
        request.decided_at = _event_time(occurred_at, not_before=request.requested_at)
        _save(request)
        notify(
            recipients=department_liaisons([request.department_id]),
            kind=Notification.Kind.OTHER,
            title=system_texts.text("extension_refused", task=request.task.code),
            body=request.decision_note,
            url=reverse("portal:task", args=[request.task_id]),
        )
        return request
