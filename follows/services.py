"""Following: adding and removing a follow, telling followers of a step in a recommendation's
timeline, and emailing those notices to the followers who asked for email."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from notifications.models import Notification
from notifications.services import notify
from oversight import system_texts
from recommendations.choices import RecommendationStatus
from recommendations.models import StatusEvent
from recommendations.transitions import _actor_context

from . import selectors
from .models import Follow

logger = logging.getLogger(__name__)


def follow_add(*, actor, target) -> Follow:
    """`actor` follows `target` (a recommendation, topic or department) from now on. Following
    something already followed changes nothing; something the user may not see is refused."""
    if not selectors.can_follow(actor, target):
        raise PermissionDenied
    field = selectors.target_field(target)
    with transaction.atomic(), _actor_context(actor):
        existing = Follow.objects.filter(user=actor, **{field: target}).first()
        if existing is not None:
            return existing
        follow = Follow(user=actor, **{field: target})
        follow.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                follow.save()
        except IntegrityError:  # a second click that raced the first
            return Follow.objects.get(user=actor, **{field: target})
        return follow


def follow_remove(*, actor, target) -> bool:
    """`actor` stops following `target`. Returns whether they had followed it."""
    field = selectors.target_field(target)
    with transaction.atomic(), _actor_context(actor):
        deleted, _rows = Follow.objects.filter(user=actor, **{field: target}).delete()
    return bool(deleted)


def account_follow_email_set(*, user, follow_email: bool) -> User:
    """The user's own choice: notices of what they follow by email as well, or in-app only."""
    with transaction.atomic(), _actor_context(user):
        user = User.objects.select_for_update().get(pk=user.pk)
        user.follow_email = bool(follow_email)
        user.save(update_fields=["follow_email"])
    return user


def _title(event, context):
    """The notice's title, kept as a system text and read in each reader's language: the
    recommendation and the step, with a report's task and department or a closure's verdict."""
    rec = context.recommendation
    params = {
        "recommendation": f"{rec.code} {rec.title}",
        "step": {"transition": [event.subject, event.from_status, event.to_status]},
    }
    if event.subject == StatusEvent.Subject.REPORT:
        return system_texts.text(
            "follow_report_step",
            **params,
            task=context.report_task_code,
            department=str(context.report_department),
        )
    if event.to_status == RecommendationStatus.CLOSED and rec.verdict:
        return system_texts.text(
            "follow_closed", **params, verdict={"choice": "verdict", "value": rec.verdict}
        )
    return system_texts.text("follow_step", **params)


def _url(user, event, context):
    """The page where the reader sees the step: the office for staff, the public page when the
    step is public, else the portal page of a task the reader may open."""
    from recommendations.permissions import is_committee_staff

    rec = context.recommendation
    if is_committee_staff(user):
        return reverse("office:recommendation", args=[rec.code])
    if context.is_public_event:
        return reverse("public_recommendation_detail", args=[rec.code])
    task_id = context.task_for(user)
    return reverse("portal:task", args=[task_id]) if task_id else ""


def followers_tell(*, event: StatusEvent, told=()) -> list[Notification]:
    """Tell everyone who follows the event's recommendation (itself, its topic, or a department
    concerned) of the step: once each, never the person who took it nor those `told` of it by
    another notice, and only those who may see it. Called in the transaction that records the
    step; a constant number of queries whatever the number of followers. Emails go out after
    the commit, through the worker."""
    context = selectors.EventContext.load(event)
    told_ids = {user.pk for user in told}
    readers = [
        user
        for user in context.followers(exclude=event.actor_id)
        if user.pk not in told_ids and context.visible_to(user)
    ]
    if not readers:
        return []
    title = _title(event, context)
    notifications = []
    by_language = {}
    for user in readers:
        by_language.setdefault(user.reading_language, []).append(user)
    for language, users in by_language.items():
        with translation.override(language):
            # A note the system wrote is read in the reader's language.
            body = event.public_note_text if context.is_public_event else ""
        # One URL per reader: a liaison's link goes to their own task.
        for url, group in _by_url(users, event, context).items():
            notifications += notify(
                recipients=group,
                kind=Notification.Kind.FOLLOWING,
                title=title,
                body=body,
                url=url,
                occurred_at=event.occurred_at,
            )
    emailed = [n.pk for n in notifications if n.recipient.follow_email and n.recipient.email]
    if emailed:
        from reminders.tasks import enqueue

        from .tasks import email_follow_notices

        transaction.on_commit(lambda: enqueue(email_follow_notices, notification_ids=emailed))
    return notifications


def _by_url(users, event, context):
    groups = {}
    for user in users:
        groups.setdefault(_url(user, event, context), []).append(user)
    return groups


def follow_notices_email(*, notification_ids) -> list[int]:
    """Email each notice to its reader, in their language. Returns the ids that could not be
    sent, for a retry to send only those."""
    failed = []
    site = settings.SITE_URL.rstrip("/")
    notices = Notification.objects.filter(
        pk__in=notification_ids, kind=Notification.Kind.FOLLOWING
    ).select_related("recipient")
    for notice in notices:
        user = notice.recipient
        if not (user.is_active and user.follow_email and user.email):
            continue  # they changed their mind since
        with translation.override(user.reading_language):
            subject = notice.title_text
            text = render_to_string(
                "follows/email/notice.txt",
                {
                    "notice": notice,
                    "url": f"{site}{notice.url}" if notice.url else "",
                    "following_url": f"{site}{reverse('follows:list')}",
                    "settings_url": f"{site}{reverse('account_settings')}",
                },
            )
        try:
            send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=False)
        except OSError:
            logger.warning("Could not email follow notice %s", notice.pk, exc_info=True)
            failed.append(notice.pk)
    return failed
