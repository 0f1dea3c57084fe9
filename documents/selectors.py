"""Reads of documents. The public ones start from the publication rule in `public.selectors`:
a file reaches the public only when marked public and its record is published; a task's
files (escalation notices) and a year's reports never do."""

from django.db.models import Q

from public.selectors import published_recommendation_q

from .models import Attachment, Source


def _published_record_q():
    return (
        Q(topic__is_published=True)
        | Q(inspection__topic__is_published=True)
        | Q(meeting__topics__is_published=True)
        | published_recommendation_q("recommendation__")
    )


def public_attachments():
    return Attachment.objects.filter(pk__in=Attachment.objects.filter(_published_record_q(), is_public=True))


def public_sources():
    return Source.objects.filter(pk__in=Source.objects.filter(_published_record_q()))


def _topic_records_q(topic):
    return Q(topic=topic) | Q(inspection__topic=topic) | Q(meeting__topics=topic)


def topic_documents(topic, *, public=False):
    """The files and sources of a topic, its inspections and its meetings."""
    attachments = public_attachments() if public else Attachment.objects.all()
    sources = public_sources() if public else Source.objects.all()
    related = ("topic", "inspection", "meeting", "uploaded_by")
    return (
        list(
            attachments.filter(pk__in=Attachment.objects.filter(_topic_records_q(topic))).select_related(
                *related
            )
        ),
        list(
            sources.filter(pk__in=Source.objects.filter(_topic_records_q(topic))).select_related(
                "topic", "inspection", "meeting"
            )
        ),
    )


def inspection_documents(inspection, *, public=False):
    attachments = public_attachments() if public else Attachment.objects.all()
    sources = public_sources() if public else Source.objects.all()
    return (
        list(attachments.filter(inspection=inspection).select_related("inspection", "uploaded_by")),
        list(sources.filter(inspection=inspection).select_related("inspection")),
    )


def recommendation_documents(recommendation, *, public=False):
    attachments = public_attachments() if public else Attachment.objects.all()
    sources = public_sources() if public else Source.objects.all()
    return (
        list(
            attachments.filter(recommendation=recommendation).select_related("recommendation", "uploaded_by")
        ),
        list(sources.filter(recommendation=recommendation).select_related("recommendation")),
    )


def task_documents(task):
    return list(Attachment.objects.filter(task=task).select_related("uploaded_by"))


def year_documents(year):
    return list(Attachment.objects.filter(year=year).select_related("uploaded_by"))
