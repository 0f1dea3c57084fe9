"""One search over every kind of record, seen as the pages show it: a visitor finds what is
published, a department liaison also its own department's tasks and their recommendations,
committee staff and members everything. Hits are ranked by `ts_rank` (matches in codes, titles
and names weigh most) and come with their kind, a highlighted snippet and their recommendation.

At most CANDIDATE_LIMIT matching records are ranked: a word found in a large part of a
province's records would otherwise be ranked across all of them on every request. The page
then says that there are more and asks for a narrower search (docs/performance.md)."""

from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchRank
from django.db.models import F, Prefetch, Q
from django.urls import reverse

from recommendations.choices import RecommendationStatus
from recommendations.models import (
    Department,
    Finding,
    Inspection,
    Measurement,
    ProgressReport,
    Recommendation,
    Remark,
    Task,
)
from recommendations.permissions import (
    department_task_ids,
    is_committee_member,
    is_committee_staff,
    is_department_liaison,
)

from .models import Kind, SearchDocument
from .query import TsQuery, snippet, tsquery

CANDIDATE_LIMIT = 1000


def _sees_everything(user):
    return is_committee_staff(user) or is_committee_member(user)


def _department_recommendations(department_id):
    """Ids of the recommendations a department has tasks on: a UNION of two index lookups, as
    `department_task_ids`; a join of the task table to those ids read every task."""
    led = Task.objects.filter(lead_department_id=department_id).order_by().values("recommendation_id")
    co = Task.co_departments.through.objects.filter(department_id=department_id)
    return led.union(co.values("task__recommendation_id"))


def visible_documents_q(user):
    """The documents whose records the user may see on the pages."""
    if _sees_everything(user):
        return Q()
    published = Q(kind=Kind.DEPARTMENT) | (
        Q(topic__is_published=True)
        & (
            Q(recommendation__isnull=True)
            | (Q(recommendation__is_published=True) & ~Q(recommendation__status=RecommendationStatus.DRAFT))
        )
    )
    if not is_department_liaison(user):
        return published
    department_id = user.department_id
    own = (Q(task__in=department_task_ids(department_id)) & ~Q(kind=Kind.RECOMMENDATION)) | Q(
        kind=Kind.RECOMMENDATION, object_id__in=_department_recommendations(department_id)
    )
    return published | (own & ~Q(recommendation__status=RecommendationStatus.DRAFT))


def filters_q(*, kind=None, year=None, department=None, status=None):
    q = Q()
    if kind:
        q &= Q(kind=kind)
    if year:
        q &= Q(topic__year=year)
    if status:
        q &= Q(recommendation__status=status)
    if department is not None:
        through = Inspection.departments_visited.through
        consulted = Inspection.departments_consulted.through
        q &= (
            Q(kind=Kind.DEPARTMENT, object_id=department.pk)
            | (Q(task__in=department_task_ids(department.pk)) & ~Q(kind=Kind.RECOMMENDATION))
            | Q(kind=Kind.RECOMMENDATION, object_id__in=_department_recommendations(department.pk))
            | Q(
                kind=Kind.FINDING,
                object_id__in=Finding.departments.through.objects.filter(department=department).values(
                    "finding_id"
                ),
            )
            | Q(
                kind=Kind.INSPECTION,
                object_id__in=through.objects.filter(department=department)
                .values("inspection_id")
                .union(consulted.objects.filter(department=department).values("inspection_id")),
            )
        )
    return q


def search_documents(user, text, **filters):
    """The documents matching `text` that the user may see (at most CANDIDATE_LIMIT), best
    first, or None when `text` holds nothing searchable. One query: the candidates are ranked
    as they are read (only the ones read, the LIMIT stops the scan) and sorted here, so no
    second pass over the table looks them up again and no COUNT repeats the match."""
    query_text = tsquery(text)
    if query_text is None:
        return None
    query = TsQuery(query_text)
    candidates = (
        SearchDocument.objects.filter(document=query)
        .filter(visible_documents_q(user), filters_q(**filters))
        .annotate(rank=SearchRank(F("document"), query))
        .order_by()
        .values_list("pk", "kind", "object_id", "task_id", "rank", named=True)[:CANDIDATE_LIMIT]
    )
    return sorted(candidates, key=lambda document: (-document.rank, -document.pk))


def matching_recommendation_ids(text):
    """Ids of the recommendations a search finds directly or through their tasks, accepted
    reports, figures, source findings and remarks, or the departments handling them; for the
    recommendation list's `q`, which applies the publication rule itself. None when `text`
    holds nothing searchable."""
    query_text = tsquery(text)
    if query_text is None:
        return None
    documents = SearchDocument.objects.filter(document=TsQuery(query_text))
    direct = documents.filter(recommendation__isnull=False).values("recommendation_id")
    by_finding = Recommendation.findings.through.objects.filter(
        finding_id__in=documents.filter(kind=Kind.FINDING).values("object_id")
    ).values("recommendation_id")
    by_remark = Recommendation.remarks.through.objects.filter(
        remark_id__in=documents.filter(kind=Kind.REMARK).values("object_id")
    ).values("recommendation_id")
    departments = documents.filter(kind=Kind.DEPARTMENT).values("object_id")
    by_lead = Task.objects.filter(lead_department__in=departments).values("recommendation_id")
    by_co = Task.co_departments.through.objects.filter(department__in=departments).values(
        "task__recommendation_id"
    )
    return direct.union(by_finding, by_remark, by_lead, by_co)


# --- hits as the page shows them ------------------------------------------------------------


@dataclass
class Hit:
    kind: str
    kind_label: str
    title: str
    text: str
    url: str | None
    recommendation: Recommendation | None = None
    recommendations: list = field(default_factory=list)
    topic: object = None
    title_html: str = ""
    snippet: str = ""


def _rec_url(user, rec):
    if rec is None:
        return None
    if is_committee_staff(user):
        return reverse("office:recommendation", args=[rec.code])
    if rec.is_published and rec.topic.is_published and rec.status != RecommendationStatus.DRAFT:
        return reverse("public_recommendation_detail", args=[rec.code])
    return None


def _task_url(user, task, own_task_ids=frozenset()):
    """Staff go to the office, a liaison to the portal for its own department's tasks, anyone
    else to the published recommendation (a member also to the portal)."""
    if is_committee_staff(user):
        return reverse("office:task", args=[task.pk])
    if task.pk in own_task_ids or (is_committee_member(user) and not is_department_liaison(user)):
        return reverse("portal:task", args=[task.pk])
    return _rec_url(user, task.recommendation)


def _topic_url(user, topic):
    if topic is None:
        return None
    if is_committee_staff(user):
        return reverse("office:topic", args=[topic.code])
    return reverse("public_topic_detail", args=[topic.code]) if topic.is_published else None


def _figures(measurement):
    numbers = []
    if measurement.value is not None:
        numbers.append(f"{measurement.value.normalize():f}{measurement.indicator.unit}")
    if measurement.baseline is not None:
        numbers.append(f"{measurement.baseline.normalize():f}")
    if measurement.change_percent is not None:
        numbers.append(f"{measurement.change_percent.normalize():+f}%")
    return " · ".join([*numbers, measurement.period_label, measurement.note])


def _build(kind, obj, user, own_task_ids, sources):
    label = Kind(kind).label
    if kind == Kind.RECOMMENDATION:
        url = _rec_url(user, obj)
        return Hit(kind, label, f"{obj.code} {obj.title}", obj.body, url, obj, topic=obj.topic)
    if kind == Kind.TASK:
        title = f"{obj.code} {obj.title} · {obj.lead_department.name}"
        url = _task_url(user, obj, own_task_ids)
        return Hit(kind, label, title, obj.description, url, obj.recommendation)
    if kind == Kind.FINDING:
        recs = sources.keep(obj.recommendations.all())
        url = _rec_url(user, recs[0]) if recs else _topic_url(user, obj.topic)
        text = f"{obj.category} · {obj.description}"
        return Hit(kind, label, f"{obj.code} {obj.title}", text, url, None, recs, obj.topic)
    if kind == Kind.REMARK:
        recs = sources.keep(obj.recommendations.all())
        url = _rec_url(user, recs[0]) if recs else _topic_url(user, obj.topic)
        title = f"{obj.speaker_name} · {obj.meeting.title}"
        return Hit(kind, label, title, obj.content, url, None, recs, obj.topic)
    if kind == Kind.INSPECTION:
        return Hit(kind, label, obj.title, obj.summary, _topic_url(user, obj.topic), topic=obj.topic)
    if kind == Kind.REPORT:
        title = f"{obj.task.code} · {obj.department.name}"
        url = _task_url(user, obj.task, own_task_ids)
        return Hit(kind, label, title, obj.narrative, url, obj.task.recommendation)
    if kind == Kind.MEASUREMENT:
        task = obj.report.task if obj.report_id else None
        rec = task.recommendation if task else None
        url = _task_url(user, task, own_task_ids) if task else _topic_url(user, obj.indicator.topic)
        return Hit(kind, label, obj.indicator.name, _figures(obj), url, rec, topic=obj.indicator.topic)
    title = f"{obj.name} ({obj.short_name})" if obj.short_name else obj.name
    url = reverse("public_department_detail", args=[obj.code])
    return Hit(kind, label, title, obj.code, url)


class _Sources:
    """The recommendations a finding or remark led to, kept only when the user may see them.
    They are read whole (a handful per page) and tested here, by the pages' rule (staff and
    members see all; others what is published, a liaison also its department's, never a draft):
    in SQL, that rule's OR across the topic join made PostgreSQL read every topic of a province
    for a few rows."""

    def __init__(self, user):
        self.user = user
        self.own = None
        self.prefetch = Prefetch("recommendations", queryset=Recommendation.objects.select_related("topic"))

    def keep(self, recommendations):
        if _sees_everything(self.user):
            return list(recommendations)
        if self.own is None:
            liaison = is_department_liaison(self.user)
            own = _department_recommendations(self.user.department_id) if liaison else []
            self.own = {row["recommendation_id"] for row in own}
        return [
            rec
            for rec in recommendations
            if rec.status != RecommendationStatus.DRAFT
            and ((rec.is_published and rec.topic.is_published) or rec.pk in self.own)
        ]


def _querysets(sources):
    return {
        Kind.RECOMMENDATION: Recommendation.objects.select_related("topic"),
        Kind.TASK: Task.objects.select_related("recommendation__topic", "lead_department"),
        Kind.FINDING: Finding.objects.select_related("topic").prefetch_related(sources.prefetch),
        Kind.REMARK: Remark.objects.select_related("topic", "meeting").prefetch_related(sources.prefetch),
        Kind.INSPECTION: Inspection.objects.select_related("topic"),
        Kind.REPORT: ProgressReport.objects.select_related("task__recommendation__topic", "department"),
        Kind.MEASUREMENT: Measurement.objects.select_related(
            "indicator__topic", "report__task__recommendation__topic"
        ),
        Kind.DEPARTMENT: Department.objects.all(),
    }


def hits(user, documents, text):
    """The page's documents as hits, in their order: one query per kind on the page."""
    by_kind = {}
    for document in documents:
        by_kind.setdefault(document.kind, []).append(document.object_id)
    sources = _Sources(user)
    querysets = _querysets(sources)
    objects = {}
    for kind, ids in by_kind.items():
        for obj in querysets[kind].filter(pk__in=ids):
            objects[kind, obj.pk] = obj
    own_task_ids = frozenset()
    task_ids = {d.task_id for d in documents if d.task_id}
    if task_ids and is_department_liaison(user):
        own_task_ids = frozenset(
            Task.objects.filter(pk__in=task_ids)
            .filter(pk__in=department_task_ids(user.department_id))
            .values_list("pk", flat=True)
        )
    result = []
    for document in documents:
        obj = objects.get((document.kind, document.object_id))
        if obj is None:  # removed since the page was counted
            continue
        hit = _build(document.kind, obj, user, own_task_ids, sources)
        hit.title_html = snippet(hit.title, text, width=300)
        hit.snippet = snippet(hit.text, text)
        result.append(hit)
    return result
