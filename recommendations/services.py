"""Every write of the domain. Each service takes keyword arguments, validates (`full_clean`),
saves inside a transaction, and runs under the acting user's history context. Status moves
are delegated to `transitions`."""

import calendar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oversight import system_texts
from portal.models import DeadlineRevision

from .choices import GovernmentResponse, ReportStatus
from .choices import RecommendationStatus as RS
from .models import (
    Department,
    Finding,
    Indicator,
    Inspection,
    Measurement,
    Meeting,
    OversightTopic,
    ProgressReport,
    Recommendation,
    Remark,
    StatusEvent,
    Task,
)
from .transitions import (
    _actor_context,
    check_event_day,
    check_reopen,
    event_moment,
    recommendation_transition,
    report_transition,
)


def _validated_save(instance):
    # PostgreSQL cannot store NUL in text; forms refuse it, but imports and commands reach
    # the services directly, and a database error would be a 500 instead of a message.
    values = {field.name: getattr(instance, field.attname) for field in instance._meta.concrete_fields}
    nul_fields = {
        name: _("This text contains a NUL character.")
        for name, value in values.items()
        if isinstance(value, str) and "\x00" in value
    }
    if nul_fields:
        raise ValidationError(nul_fields)
    instance.full_clean()
    instance.save()
    return instance


def department_create(*, actor, code, name, short_name="", kind="government", contact_email=""):
    with transaction.atomic(), _actor_context(actor):
        return _validated_save(
            Department(code=code, name=name, short_name=short_name, kind=kind, contact_email=contact_email)
        )


def topic_create(*, actor, code, year, title, form, responsible_office, description="", is_published=False):
    with transaction.atomic(), _actor_context(actor):
        return _validated_save(
            OversightTopic(
                code=code,
                year=year,
                title=title,
                form=form,
                responsible_office=responsible_office,
                description=description,
                is_published=is_published,
            )
        )


def inspection_create(
    *,
    actor,
    topic,
    title,
    started_on,
    kind="inspection",
    ended_on=None,
    summary="",
    departments_visited=(),
    departments_consulted=(),
):
    with transaction.atomic(), _actor_context(actor):
        inspection = _validated_save(
            Inspection(
                topic=topic,
                title=title,
                kind=kind,
                started_on=started_on,
                ended_on=ended_on,
                summary=summary,
            )
        )
        inspection.departments_visited.set(departments_visited)
        inspection.departments_consulted.set(departments_consulted)
        return inspection


def finding_create(
    *, actor, topic, code, number, category, title, description="", inspection=None, departments=()
):
    with transaction.atomic(), _actor_context(actor):
        finding = _validated_save(
            Finding(
                topic=topic,
                inspection=inspection,
                code=code,
                number=number,
                category=category,
                title=title,
                description=description,
            )
        )
        finding.departments.set(departments)
        return finding


def meeting_create(*, actor, title, held_on, kind="standing_committee", topics=()):
    with transaction.atomic(), _actor_context(actor):
        meeting = _validated_save(Meeting(title=title, held_on=held_on, kind=kind))
        meeting.topics.set(topics)
        return meeting


def remark_create(*, actor, meeting, topic, speaker_name, content, order=1, speaker=None):
    with transaction.atomic(), _actor_context(actor):
        return _validated_save(
            Remark(
                meeting=meeting,
                topic=topic,
                speaker_name=speaker_name,
                speaker=speaker,
                content=content,
                order=order,
            )
        )


def recommendation_create(
    *,
    actor,
    topic,
    code,
    number,
    title,
    body,
    findings=(),
    remarks=(),
    is_priority=False,
    is_published=False,
    response_due_original=None,
):
    """A new recommendation starts as a draft."""
    with transaction.atomic(), _actor_context(actor):
        recommendation = _validated_save(
            Recommendation(
                topic=topic,
                code=code,
                number=number,
                title=title,
                body=body,
                is_priority=is_priority,
                is_published=is_published,
                response_due_original=response_due_original,
            )
        )
        recommendation.findings.set(findings)
        recommendation.remarks.set(remarks)
        return recommendation


def recommendation_sources_set(*, actor, recommendation, findings, remarks):
    """Link a recommendation to the findings and remarks it comes from, replacing the links."""
    with transaction.atomic(), _actor_context(actor):
        recommendation.findings.set(findings)
        recommendation.remarks.set(remarks)
        return recommendation


def recommendation_issue(*, actor, recommendation, response_due, note="", public_note="", occurred_at=None):
    """Send a draft to the government with the deadline for its handling report, or with none
    (some offices set none): such a recommendation is never overdue and gets no reminders."""
    with transaction.atomic(), _actor_context(actor):
        recommendation = recommendation_transition(
            recommendation=recommendation,
            to_status=RS.ISSUED,
            actor=actor,
            note=note,
            public_note=public_note,
            occurred_at=occurred_at,
        )
        recommendation.response_due_original = response_due
        recommendation.response_due = None
        recommendation.save(update_fields=["response_due_original", "response_due", "updated_at"])
        return recommendation


def recommendation_revise_deadline(*, actor, recommendation, response_due):
    """Extend or move the handling deadline; the original stays for the record."""
    with transaction.atomic(), _actor_context(actor):
        recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if recommendation.response_due_original is None:
            raise ValidationError(_("Only an issued recommendation has a deadline to revise."))
        recommendation.response_due = response_due
        recommendation.save(update_fields=["response_due", "updated_at"])
        return recommendation


def recommendation_set_response(*, actor, recommendation, government_response, responded_on=None):
    """Record the government's answer (accepted, partially, not accepted, or no position
    stated) and the day it was given; back to pending clears the day."""
    if government_response == GovernmentResponse.PENDING:
        responded_on = None
    elif responded_on is not None and responded_on > timezone.localdate():
        raise ValidationError({"government_response_on": _("The response date cannot be in the future.")})
    with transaction.atomic(), _actor_context(actor):
        recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if (
            responded_on
            and recommendation.issued_at
            and responded_on < timezone.localdate(recommendation.issued_at)
        ):
            raise ValidationError(
                {
                    "government_response_on": _(
                        "The government cannot respond before the recommendation was issued."
                    )
                }
            )
        recommendation.government_response = government_response
        recommendation.government_response_on = responded_on
        recommendation.full_clean()
        recommendation.save(update_fields=["government_response", "government_response_on", "updated_at"])
        return recommendation


def recommendation_start(*, actor, recommendation, note="", public_note="", occurred_at=None, text=None):
    return recommendation_transition(
        recommendation=recommendation,
        to_status=RS.IN_PROGRESS,
        actor=actor,
        note=note,
        public_note=public_note,
        occurred_at=occurred_at,
        text=text,
    )


def recommendation_mark_reported(
    *, actor, recommendation, note="", public_note="", occurred_at=None, text=None
):
    return recommendation_transition(
        recommendation=recommendation,
        to_status=RS.REPORTED,
        actor=actor,
        note=note,
        public_note=public_note,
        occurred_at=occurred_at,
        text=text,
    )


def recommendation_return(*, actor, recommendation, note, public_note="", occurred_at=None):
    return recommendation_transition(
        recommendation=recommendation,
        to_status=RS.IN_PROGRESS,
        actor=actor,
        note=note,
        public_note=public_note,
        occurred_at=occurred_at,
    )


def recommendation_reopen(
    *, actor, recommendation, note, inspection, public_note="", response_due=None, occurred_at=None
):
    """Reopen a closed recommendation because a follow-up visit (回头看) of its topic, on or
    after the day it was closed, found it unfinished; the reopening is linked to that visit."""
    recommendation = Recommendation.objects.get(pk=recommendation.pk)
    check_reopen(recommendation=recommendation, inspection=inspection, occurred_at=occurred_at)
    return recommendation_new_cycle(
        actor=actor,
        recommendation=recommendation,
        note=note,
        public_note=public_note,
        inspection=inspection,
        response_due=response_due,
        occurred_at=occurred_at,
    )


def recommendation_new_cycle(
    *,
    actor,
    recommendation,
    note,
    public_note="",
    inspection=None,
    response_due=None,
    occurred_at=None,
    text=None,
    told=(),
):
    """Start another handling cycle: re-handling (重新办理) of a reported recommendation after an
    unsatisfied evaluation, or reopening a closed one. It goes back to "in progress", its cycle
    counts up, the government gets a new deadline (EVALUATION_REHANDLING_MONTHS from that day
    unless given) and its tasks are reopened for new reports. `told`: the users the caller
    tells of the step itself (see `recommendation_transition`)."""
    with transaction.atomic(), _actor_context(actor):
        recommendation = recommendation_transition(
            recommendation=recommendation,
            to_status=RS.IN_PROGRESS,
            actor=actor,
            note=note,
            public_note=public_note,
            inspection=inspection,
            occurred_at=occurred_at,
            new_cycle=True,
            text=text,
            told=told,
        )
        event = recommendation.events.filter(subject=StatusEvent.Subject.RECOMMENDATION).latest(
            "occurred_at", "pk"
        )
        due = response_due or _months_later(
            timezone.localdate(event.occurred_at), settings.EVALUATION_REHANDLING_MONTHS
        )
        recommendation.response_due = due
        recommendation.save(update_fields=["response_due", "updated_at"])
        # A task deadline this moves is revised like any other; its reason is published with
        # the revision, so it is the public note or the step (read in the reader's language),
        # never the internal note.
        reason = public_note.strip() or system_texts.text(NEW_CYCLE_TEXTS[event.from_status])
        for task in recommendation.tasks.all():
            task_reopen(actor=actor, task=task, due_date=due, reason=reason, revised_at=event.occurred_at)
        return recommendation


# The step that starts a new cycle, by the status it leaves, as the reason of the deadline
# revisions it makes.
NEW_CYCLE_TEXTS = {RS.REPORTED: "returned_for_further_handling", RS.CLOSED: "reopened"}


def task_reopen(*, actor, task, due_date=None, reason="", revised_at=None):
    """Clear a task's claim and verification so its departments report again; a due date
    before `due_date` moves to it, recorded as a deadline revision (`reason`: text or a
    SystemText, at `revised_at`)."""
    with transaction.atomic(), _actor_context(actor):
        task = Task.objects.select_for_update().get(pk=task.pk)
        task.claimed_done_at = None
        task.verified_at = None
        task.verified_by = None
        if due_date is not None and task.due_date < due_date:
            _validated_save(
                DeadlineRevision(
                    task=task,
                    previous_due=task.due_date,
                    new_due=due_date,
                    **_reason_fields(reason),
                    revised_by=actor,
                    revised_at=revised_at or timezone.now(),
                )
            )
            task.due_date = due_date
        task.save(update_fields=["claimed_done_at", "verified_at", "verified_by", "due_date", "updated_at"])
        return task


def _reason_fields(reason):
    if isinstance(reason, system_texts.SystemText):
        return {"text_code": reason.code, "text_params": reason.params}
    return {"reason": reason}


def _months_later(day, months):
    """The same day `months` later, or the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def task_create(
    *,
    actor,
    recommendation,
    number,
    title,
    lead_department,
    assigned_on,
    due_date,
    description="",
    co_departments=(),
    occurred_at=None,
):
    """Assign a task (交办) on an issued recommendation, never a draft (its liaisons would see
    it), on the day it was assigned. The first task of an issued recommendation starts its
    handling, on that day unless `occurred_at` says when."""
    with transaction.atomic(), _actor_context(actor):
        # Locked and fresh: the caller's object may predate the issue, and issuing waits.
        recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        check_event_day(assigned_on, after=recommendation.issued_at)
        task = _validated_save(
            Task(
                recommendation=recommendation,
                number=number,
                title=title,
                description=description,
                lead_department=lead_department,
                assigned_on=assigned_on,
                due_original=due_date,
                due_date=due_date,
            )
        )
        task.co_departments.set([d for d in co_departments if d.pk != lead_department.pk])
        if recommendation.status == RS.ISSUED:
            recommendation_start(
                actor=actor,
                recommendation=recommendation,
                text=system_texts.text("tasks_assigned"),
                occurred_at=occurred_at or assigned_on,
            )
        _notify_assignment(task)
        return task


def _notify_assignment(task):
    """Tell the liaisons of the task's departments about their new assignment (in-app), dated
    the day it was assigned; nothing for a task entered after its deadline had passed."""
    from django.urls import reverse

    from accounts.models import User
    from notifications.models import Notification
    from notifications.services import happened_before_today, notify

    assigned_at = event_moment(task.assigned_on)
    if happened_before_today(assigned_at) and task.due_date < timezone.localdate():
        return
    notify(
        occurred_at=assigned_at,
        recipients=User.objects.filter(
            is_department_liaison=True, is_active=True, department_id__in=task.department_ids()
        ),
        kind=Notification.Kind.ASSIGNMENT,
        title=system_texts.text("new_assignment", task=task.code),
        body=task.title,
        url=reverse("portal:task", args=[task.pk]),
    )


def indicator_create(*, actor, topic, name, direction, unit="", description=""):
    with transaction.atomic(), _actor_context(actor):
        return _validated_save(
            Indicator(topic=topic, name=name, unit=unit, direction=direction, description=description)
        )


def report_create(*, actor, task, department, narrative, is_final=False, measurements=()):
    """A draft progress report with its measurements (dicts of Measurement fields)."""
    with transaction.atomic(), _actor_context(actor):
        report = _validated_save(
            ProgressReport(
                task=task,
                department=department,
                narrative=narrative,
                is_final=is_final,
                author=actor,
            )
        )
        for fields in measurements:
            measurement_add(actor=actor, report=report, **fields)
        return report


def measurement_add(*, actor, report, indicator, **fields):
    with transaction.atomic(), _actor_context(actor):
        if report is not None and indicator.topic_id != report.task.recommendation.topic_id:
            raise ValidationError({"indicator": _("The indicator belongs to another topic.")})
        return _validated_save(Measurement(report=report, indicator=indicator, **fields))


def report_submit(*, actor, report, occurred_at=None, told=()):
    """Send a draft or returned report to staff; a final report claims its task done. `told`:
    the users the caller tells of the step itself (see `recommendation_transition`)."""
    with transaction.atomic(), _actor_context(actor):
        report = report_transition(
            report=report, to_status=ReportStatus.SUBMITTED, actor=actor, occurred_at=occurred_at, told=told
        )
        if report.is_final:
            Task.objects.filter(pk=report.task_id).update(claimed_done_at=report.submitted_at)
        return report


def report_return(*, actor, report, note, public_note="", occurred_at=None, told=()):
    """Send a report back to its department with a comment; a final report's claim lapses."""
    with transaction.atomic(), _actor_context(actor):
        report = report_transition(
            report=report,
            to_status=ReportStatus.RETURNED,
            actor=actor,
            note=note,
            public_note=public_note,
            occurred_at=occurred_at,
            told=told,
        )
        if report.is_final:
            Task.objects.filter(pk=report.task_id).update(claimed_done_at=None)
        return report


def report_accept(*, actor, report, note="", public_note="", occurred_at=None, told=()):
    """Accept a report. An accepted final report verifies its task; when every task of the
    recommendation is verified, the recommendation moves to "reported"."""
    with transaction.atomic(), _actor_context(actor):
        report = report_transition(
            report=report,
            to_status=ReportStatus.ACCEPTED,
            actor=actor,
            note=note,
            public_note=public_note,
            occurred_at=occurred_at,
            told=told,
        )
        if not report.is_final:
            return report
        occurred_at = report.accepted_at
        task = Task.objects.select_for_update().get(pk=report.task_id)
        task.verified_at = occurred_at
        task.verified_by = actor
        task.save(update_fields=["verified_at", "verified_by", "updated_at"])
        recommendation = task.recommendation
        all_verified = not recommendation.tasks.filter(verified_at__isnull=True).exists()
        if all_verified and recommendation.status == RS.IN_PROGRESS:
            recommendation_mark_reported(
                actor=actor,
                recommendation=recommendation,
                text=system_texts.text("every_task_verified"),
                occurred_at=occurred_at,
            )
        return report


def record_save(*, actor, instance, many=None):
    """Save a record edited in a staff form (the office, the admin): validate, then save with
    history attributed to the actor, with its many-to-many links (`many`: field → objects) when
    given. Status fields are not editable there, so this cannot move one."""
    with transaction.atomic(), _actor_context(actor):
        instance = _validated_save(instance)
        for name, objects in (many or {}).items():
            getattr(instance, name).set(objects)
        return instance


def record_delete(*, actor, instance):
    with transaction.atomic(), _actor_context(actor):
        instance.delete()
