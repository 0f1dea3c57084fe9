"""List pages do a fixed number of queries however many rows they show."""

import datetime

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.services import evidence_add
from recommendations.choices import ReportStatus
from recommendations.models import ProgressReport
from recommendations.services import measurement_add, task_create

from .conftest import PDF_BYTES, upload
from .helpers import make_report

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    caches["shared"].clear()  # the page's own work, as after a write: not the cached rows
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_tasks(world, n, start):
    today = timezone.localdate()
    for i in range(n):
        task_create(
            actor=world.staff,
            recommendation=world.recommendation,
            number=start + i,
            title=f"任务{start + i}",
            lead_department=world.police,
            co_departments=[world.bank],
            assigned_on=today,
            due_date=today + datetime.timedelta(days=i),
        )


def add_submitted_reports(world, n):
    for _ in range(n):
        report = make_report(world, world.police, ReportStatus.SUBMITTED)
        measurement_add(
            actor=world.police_user, report=report, indicator=world.indicators[0], change_percent=-1
        )
        evidence_add(actor=world.police_user, report=report, uploaded=upload("a.pdf", PDF_BYTES))


@pytest.mark.parametrize("who", ["police_user", "member", "staff"])
def test_portal_task_list_queries_do_not_grow_with_tasks(client, world, who):
    client.force_login(getattr(world, who))
    add_tasks(world, 2, start=10)
    add_submitted_reports(world, 1)
    few = count_queries(client, reverse("portal:home"))
    add_tasks(world, 8, start=20)
    add_submitted_reports(world, 4)
    assert count_queries(client, reverse("portal:home")) == few


def test_review_queue_queries_do_not_grow_with_reports(client, world):
    client.force_login(world.staff)
    add_submitted_reports(world, 2)
    few = count_queries(client, reverse("review:home"))
    add_submitted_reports(world, 8)
    assert count_queries(client, reverse("review:home")) == few


def test_task_page_queries_do_not_grow_with_reports(client, world):
    client.force_login(world.police_user)
    add_submitted_reports(world, 2)
    few = count_queries(client, reverse("portal:task", args=[world.task.pk]))
    add_submitted_reports(world, 6)
    assert count_queries(client, reverse("portal:task", args=[world.task.pk])) == few


def test_review_queue_and_task_list_are_paginated(client, world, monkeypatch):
    monkeypatch.setattr("portal.selectors.PAGE_SIZE", 2)
    add_submitted_reports(world, 3)
    client.force_login(world.staff)
    waiting = ProgressReport.objects.filter(status=ReportStatus.SUBMITTED).order_by("submitted_at", "pk")
    first = client.get(reverse("review:home")).context["page"]
    second = client.get(reverse("review:home"), {"page": 2}).context["page"]
    assert first.paginator.count == waiting.count() >= 3
    assert [r.pk for r in first.object_list] + [r.pk for r in second.object_list] == [
        r.pk for r in waiting[:4]
    ]
    assert len(first.object_list) == 2
    assert first.object_list[0].measurement_count == waiting[0].measurements.count()
    add_tasks(world, 3, start=10)
    client.force_login(world.police_user)
    page = client.get(reverse("portal:home")).context["page"]
    assert len(page.object_list) == 2 and page.paginator.num_pages >= 2
