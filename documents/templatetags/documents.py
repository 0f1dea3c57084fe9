"""The documents section of a record page: `{% office_documents topic %}` in the office (a
topic, an inspection or a recommendation),
`{% public_documents topic %}` on the public site (public files of published records only)."""

from django import template

from recommendations.models import Inspection, OversightTopic

from .. import selectors

register = template.Library()


def _documents(record, *, public):
    if isinstance(record, OversightTopic):
        return selectors.topic_documents(record, public=public)
    if isinstance(record, Inspection):
        return selectors.inspection_documents(record, public=public)
    return selectors.recommendation_documents(record, public=public)


@register.inclusion_tag("documents/_office_documents.html")
def office_documents(record):
    attachments, sources = _documents(record, public=False)
    if isinstance(record, Inspection):
        # An inspection has no code of its own: its address names it by id.
        kind, code = "inspection", record.pk
    else:
        kind, code = ("topic" if isinstance(record, OversightTopic) else "recommendation"), record.code
    return {"record": record, "kind": kind, "code": code, "attachments": attachments, "sources": sources}


@register.inclusion_tag("documents/_public_documents.html")
def public_documents(record):
    attachments, sources = _documents(record, public=True)
    return {"attachments": attachments, "sources": sources}


@register.inclusion_tag("documents/_task_documents.html")
def task_documents(task):
    return {"task": task, "attachments": selectors.task_documents(task)}
