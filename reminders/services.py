"""Sending reminders, escalating, and the weekly digest. Every send inserts its SentReminder row
and delivers (in-app and email) in one transaction: if delivery fails the row is rolled back and
a retry sends it; if the row already exists nothing is sent again."""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from accounts.models import User
from congresses.models import current_congress
from notifications.services import notify
from oversight import system_texts
from recommendations.choices import OPEN_STATUSES, RecommendationStatus
from recommendations.models import Recommendation
from recommendations.selectors import overdue_recommendation_q, overdue_task_q, recommendation_list, task_list
from recommendations.transitions import _actor_context

from .models import SentReminder, WorkingDayException
from .selectors import NOTIFICATION_KIND, Outgoing, pending_reminders
from .workdays import is_working_day

logger = logging.getLogger(__name__)


class DeliveryFailed(Exception):
    """Some reminders could not be delivered; they were not recorded, so a retry sends them."""


def _absolute(url):
    return f"{settings.SITE_URL.rstrip('/')}{url}" if url else ""


def _subject_url(subject):
    """The task's page in the portal; a recommendation's public page, or its admin page for a
    draft the public cannot see."""
    try:
        if isinstance(subject, Recommendation):
            if subject.is_published:
                return reverse("public_recommendation_detail", args=[subject.code])
            return reverse("admin:recommendations_recommendation_change", args=[subject.pk])
        return reverse("portal:task", args=[subject.pk])
    except NoReverseMatch:  # the page moved: the notice still goes out, without a link
        return ""


def _email(*, to, title, body, url="", language=None):
    """Send a notice in the recipient's language (the site's for an address without account)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = str(title)
        text = render_to_string(
            "reminders/email/notice.txt", {"title": subject, "body": body, "url": _absolute(url)}
        )
    send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)


def _staff():
    return list(User.in_congress.filter(is_active=True, is_committee_staff=True).order_by("pk"))


def reminder_send(*, item: Outgoing) -> bool:
    """Deliver one reminder unless the record says it already went out. Returns whether it
    was sent now."""
    url = _subject_url(item.subject)
    body = item.subject.description if item.task else item.subject.body
    try:
        with transaction.atomic():
            # Concurrent scans block here on the unique constraint until the first commits.
            row = SentReminder.objects.create(
                kind=item.kind,
                task=item.task,
                recommendation=item.recommendation,
                threshold=item.threshold,
                due_date=item.due_date,
                recipient_user=item.recipient_user,
                recipient_email=item.recipient_email,
            )
            notification_kind = NOTIFICATION_KIND[item.kind]
            if item.kind == SentReminder.Kind.PRIORITY:
                # Only a proposal: whether to flag it (挂牌督办) stays the staff's decision.
                staff = _staff()
                notify(recipients=staff, kind=notification_kind, title=item.title, body=body, url=url)
                for user in staff:
                    if user.email:
                        language = user.reading_language
                        _email(to=user.email, title=item.title, body=body, url=url, language=language)
            elif item.recipient_user:
                notify(
                    recipients=[item.recipient_user],
                    kind=notification_kind,
                    title=item.title,
                    body=body,
                    url=url,
                )
                if item.recipient_user.email:
                    _email(
                        to=item.recipient_user.email,
                        title=item.title,
                        body=body,
                        url=url,
                        language=item.recipient_user.reading_language,
                    )
                    row.emailed = True
            else:
                _email(to=item.recipient_email, title=item.title, body=body, url=url)
                row.emailed = True
            if row.emailed:
                row.save(update_fields=["emailed"])
    except IntegrityError as error:
        if _violates(error, "sent_reminder_once"):
            return False  # already sent, by an earlier scan or a concurrent one
        raise
    return True


def _violates(error, constraint):
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None) == constraint


def reminders_scan(*, today=None, recommendation_ids=None) -> int:
    """Send everything the escalation ladder calls for by `today`. Nothing goes out on a day
    off: the first working day after it catches up. Raises DeliveryFailed (after trying every
    reminder) when some could not be delivered, so the job is retried."""
    today = today or timezone.localdate()
    if not is_working_day(today):
        return 0
    sent, failures = 0, []
    with translation.override(settings.LANGUAGE_CODE):
        for item in pending_reminders(today=today, recommendation_ids=recommendation_ids):
            try:
                sent += reminder_send(item=item)
            except Exception as error:  # one bad address or SMTP hiccup must not stop the rest
                logger.warning(
                    "Reminder not delivered (%s to %s)", item.title, item.recipient_label, exc_info=True
                )
                failures.append(error)
    if failures:
        raise DeliveryFailed(f"{len(failures)} reminder(s) not delivered") from failures[0]
    return sent


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def digest_context(*, today):
    """What the weekly digest tells members: what is open and what is overdue."""
    recommendations = list(
        recommendation_list().filter(status__in=(*OPEN_STATUSES, RecommendationStatus.REPORTED))
    )
    late = set(Recommendation.objects.filter(overdue_recommendation_q(today)).values_list("pk", flat=True))
    overdue_recommendations = [r for r in recommendations if r.pk in late]
    overdue_tasks = list(
        task_list()
        .filter(overdue_task_q(today), recommendation__status__in=OPEN_STATUSES)
        .order_by("due_date", "pk")
    )
    return {
        "today": today,
        "open_recommendations": recommendations,
        "overdue_recommendations": overdue_recommendations,
        "priority_recommendations": [r for r in recommendations if r.is_priority],
        "overdue_tasks": overdue_tasks,
    }


def digest_send(*, today=None) -> int:
    """Send the weekly digest to each committee member once per week."""
    today = today or timezone.localdate()
    monday = week_start(today)
    members = User.in_congress.filter(is_active=True, is_committee_member=True).order_by("pk")
    already = set(
        SentReminder.objects.filter(kind=SentReminder.Kind.DIGEST, due_date=monday).values_list(
            "recipient_user_id", flat=True
        )
    )
    sent, failures = 0, []
    with translation.override(settings.LANGUAGE_CODE):
        context = digest_context(today=today)
        title = system_texts.text(
            "weekly_digest",
            open=len(context["open_recommendations"]),
            overdue=len(context["overdue_recommendations"]),
            tasks=len(context["overdue_tasks"]),
        )
        for member in members:
            if member.pk in already:
                continue
            try:
                with transaction.atomic():
                    SentReminder.objects.create(
                        kind=SentReminder.Kind.DIGEST,
                        threshold=0,
                        due_date=monday,
                        recipient_user=member,
                        emailed=bool(member.email),
                    )
                    notify(recipients=[member], kind=NOTIFICATION_KIND[SentReminder.Kind.DIGEST], title=title)
                    if member.email:
                        with translation.override(member.reading_language):
                            subject = str(title)
                            body = render_to_string("reminders/email/digest.txt", context)
                        send_mail(
                            subject, body, settings.DEFAULT_FROM_EMAIL, [member.email], fail_silently=False
                        )
                sent += 1
            except IntegrityError as error:
                if not _violates(error, "sent_reminder_once"):
                    failures.append(error)
            except Exception as error:
                logger.warning("Digest not delivered to %s", member, exc_info=True)
                failures.append(error)
    if failures:
        raise DeliveryFailed(f"{len(failures)} digest(s) not delivered") from failures[0]
    return sent


@dataclass(frozen=True)
class CalendarEntry:
    """One line of a holiday arrangement: a day or a range of days, off or working."""

    start: datetime.date
    end: datetime.date
    is_working_day: bool
    reason: str = ""

    def days(self):
        day = self.start
        while day <= self.end:
            yield day
            day += datetime.timedelta(days=1)


def working_day_exceptions_enter(*, actor, entries, reason):
    """Store a holiday arrangement (holidays and make-up working days) as the current
    congress's local exceptions, one row per day, each with its line's reason or else `reason`
    (the notice it comes from). A day already entered takes the new values. All or nothing;
    history names the actor."""
    rows = []
    congress = current_congress()
    with transaction.atomic(), _actor_context(actor):
        for entry in entries:
            for day in entry.days():
                row = WorkingDayException.objects.filter(congress=congress, date=day).first()
                row = row or WorkingDayException(congress=congress, date=day)
                row.is_working_day = entry.is_working_day
                row.reason = entry.reason or reason
                row.full_clean()
                row.save()
                rows.append(row)
    return rows
